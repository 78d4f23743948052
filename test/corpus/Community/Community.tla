---- MODULE Community ----
\* Community modules implemented natively (as TLC's overrides do): the most used operators of
\* SequencesExt, FiniteSetsExt, Functions, Bitwise, TLCExt, Json, IOUtils and UndirectedGraphs.
\* TLC needs the CommunityModules jar on its class path (COMMUNITY_MODULES_JAR).
EXTENDS Integers, Sequences, SequencesExt, FiniteSetsExt, Functions, Bitwise, TLCExt, Json, IOUtils, UndirectedGraphs
VARIABLE s

G == [node |-> {1, 2, 3, 4}, edge |-> {{1, 2}, {2, 3}}]

ASSUME /\ ToSet(<<1, 2, 2>>) = {1, 2}
       /\ SetToSeq({3, 1, 2}) = <<1, 2, 3>>
       /\ Reverse(<<1, 2, 3>>) = <<3, 2, 1>>
       /\ Cons(0, <<1>>) = <<0, 1>> /\ Front(<<1, 2>>) = <<1>> /\ Last(<<1, 2>>) = 2
       /\ IsPrefix(<<1>>, <<1, 2>>) /\ ~IsPrefix(<<2>>, <<1, 2>>) /\ IsSuffix(<<2>>, <<1, 2>>)
       /\ Contains(<<1, 2>>, 2) /\ Remove(<<1, 2, 1>>, 1) = <<2>>
       /\ ReplaceAll(<<1, 2, 1>>, 1, 5) = <<5, 2, 5>>
       /\ InsertAt(<<1, 3>>, 2, 2) = <<1, 2, 3>> /\ RemoveAt(<<1, 2, 3>>, 2) = <<1, 3>>
       /\ ReplaceAt(<<1, 2>>, 1, 7) = <<7, 2>>
       /\ FoldLeft(-, 10, <<1, 2, 3>>) = 4 /\ FoldRight(-, <<1, 2, 3>>, 10) = -8
       /\ FlattenSeq(<<<<1>>, <<2, 3>>, <<>>>>) = <<1, 2, 3>>
       /\ Zip(<<1, 2>>, <<"a", "b">>) = <<<<1, "a">>, <<2, "b">>>>
       /\ SelectInSeq(<<5, 6, 7>>, LAMBDA x : x > 5) = 2
       /\ FoldSet(+, 0, 1..4) = 10 /\ SumSet({1, 2, 3}) = 6 /\ ProductSet({2, 3}) = 6
       /\ Max({3, 9, 2}) = 9 /\ Min({3, 9, 2}) = 2 /\ Quantify(1..10, LAMBDA x : x % 2 = 0) = 5
       /\ kSubset(2, {1, 2, 3}) = {{1, 2}, {1, 3}, {2, 3}}
       /\ SymDiff({1, 2}, {2, 3}) = {1, 3}
       /\ MapThenSumSet(LAMBDA x : 2 * x, {1, 2}) = 6
       /\ Range([x \in 1..3 |-> x % 2]) = {0, 1}
       /\ Restrict([x \in 1..3 |-> x], {1, 2}) = <<1, 2>>
       /\ IsInjective(<<1, 2>>) /\ ~IsInjective(<<1, 1>>)
       /\ Inverse(<<2, 1>>, 1..2, 1..2) = <<2, 1>>
       /\ FoldFunction(+, 0, <<1, 2, 3>>) = 6
       /\ (5 & 3) = 1 /\ (5 | 3) = 7 /\ (5 ^^ 3) = 6 /\ shiftR(8, 2) = 2
       /\ AssertEq(1 + 1, 2)
       /\ ToJson(<<1, "a">>) = "[1,\"a\"]"
       /\ ToJson([a |-> 1]) = "{\"a\":1}"
       /\ atoi("42") = 42
       /\ IsUndirectedGraph(G) /\ AreConnectedIn(1, 3, G) /\ ~AreConnectedIn(1, 4, G)
       /\ ConnectedComponents(G) = {{1, 2, 3}, {4}} /\ ~IsStronglyConnected(G)

Init == s = <<>>
Next == /\ Len(s) < 3
        /\ \E x \in 1..2 : s' = Cons(x, s)
Inv == /\ SumSet(ToSet(s)) <= 3
       /\ FoldLeft(LAMBDA a, b : a + b, 0, s) = FoldRight(LAMBDA a, b : a + b, s, 0)
       /\ Len(Reverse(s)) = Len(s)
====
