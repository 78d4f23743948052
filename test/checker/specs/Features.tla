---- MODULE Features ----
EXTENDS Naturals, Integers, Sequences, FiniteSets, TLC, Bags
CONSTANTS A, B, Procs
RECURSIVE Fact(_), SumSeq(_)
Fact(n) == IF n = 0 THEN 1 ELSE n * Fact(n - 1)
SumSeq(s) == IF s = <<>> THEN 0 ELSE Head(s) + SumSeq(Tail(s))
Twice(F(_), x) == F(F(x))
Inc1(x) == x + 1
Max(S) == CHOOSE m \in S : \A n \in S : n <= m
a ++ b == a + b
fib[n \in 0..10] == IF n < 2 THEN n ELSE fib[n - 1] + fib[n - 2]
Rec == [a |-> 1, b |-> "x"]
ASSUME Fact(5) = 120
ASSUME SumSeq(<<1, 2, 3>>) = 6
ASSUME Twice(Inc1, 3) = 5
ASSUME Twice(LAMBDA x : x * 2, 3) = 12
ASSUME Max({3, 1, 2}) = 3
ASSUME fib[10] = 55
ASSUME 7 \div 2 = 3 /\ (-7) \div 2 = -4 /\ (-7) % 2 = 1 /\ 2^10 = 1024
ASSUME {1, 2} \cup {3} = 1..3 /\ {1, 2, 3} \cap {2} = {2} /\ {1, 2} \ {1} = {2}
ASSUME SUBSET {1, 2} = {{}, {1}, {2}, {1, 2}}
ASSUME UNION {{1}, {2, 3}} = {1, 2, 3}
ASSUME Cardinality([{1, 2} -> {3, 4, 5}]) = 9
ASSUME Cardinality([a : {1, 2}, b : {3}]) = 2
ASSUME {1, 2} \X {3} = {<<1, 3>>, <<2, 3>>}
ASSUME {x \in 1..10 : x % 3 = 0} = {3, 6, 9}
ASSUME {x * 2 : x \in 1..3} = {2, 4, 6}
ASSUME {<<x, y>> : x \in 1..2, y \in {"a"}} = {<<1, "a">>, <<2, "a">>}
ASSUME [x \in 1..3 |-> x * x] = <<1, 4, 9>>
ASSUME DOMAIN [x \in {"a", "b"} |-> 1] = {"a", "b"}
ASSUME Rec.a = 1 /\ [Rec EXCEPT !.a = @ + 1].a = 2
ASSUME [[x \in 1..2 |-> <<0, 0>>] EXCEPT ![1][2] = 7] = <<<<0, 7>>, <<0, 0>>>>
ASSUME LET y == 3 z(w) == w + y IN z(1) = 4
ASSUME CASE 1 = 2 -> FALSE [] 2 = 2 -> TRUE [] OTHER -> FALSE
ASSUME Append(<<1>>, 2) = <<1, 2>> /\ <<1>> \o <<2, 3>> = <<1, 2, 3>> /\ Len(<<>>) = 0
ASSUME SubSeq(<<1, 2, 3, 4>>, 2, 3) = <<2, 3>> /\ SelectSeq(<<1, 2, 3, 4>>, LAMBDA x : x % 2 = 0) = <<2, 4>>
ASSUME <<1, 2>> \in Seq({1, 2}) /\ <<3>> \notin Seq({1, 2})
ASSUME (1 :> "a" @@ 2 :> "b") = <<"a", "b">>
ASSUME (1 :> "a" @@ 1 :> "b")[1] = "a"
ASSUME Cardinality(Permutations({1, 2, 3})) = 6
ASSUME SortSeq(<<3, 1, 2>>, <) = <<1, 2, 3>>
ASSUME ToString(<<1, "a">>) = "<<1, \"a\">>"
ASSUME 3 ++ 4 = 7
ASSUME \A x \in {1, 2} : \E y \in {2, 3} : y > x
ASSUME (CHOOSE x \in {"zeta", "alpha", "mid"} : TRUE) = "zeta"
ASSUME (CHOOSE x \in {{1, 2}, {3}, {0}} : TRUE) = {0}
ASSUME (CHOOSE x \in {<<1, 2>>, <<3>>, <<0, 5>>} : TRUE) = <<3>>
ASSUME A = 3 /\ B = "s" /\ Cardinality(Procs) = 2
ASSUME BagToSet(SetToBag({1, 2})) = {1, 2} /\ CopiesIn(1, SetToBag({1}) (+) SetToBag({1})) = 2
ASSUME {} \subseteq {1} /\ {1} \subseteq 1..2 /\ ~({3} \subseteq 1..2)
ASSUME Nat \cap {-1, 0, 1} = {0, 1} /\ -1 \in Int /\ -1 \notin Nat
ASSUME BOOLEAN = {FALSE, TRUE} /\ "abc" \in STRING
ASSUME [a |-> 1, b |-> 2] = [b |-> 2, a |-> 1]
ASSUME [x \in {"a", "b"} |-> 0] = [a |-> 0, b |-> 0]
ASSUME <<1, 2>> = [i \in 1..2 |-> i]
ASSUME IsFiniteSet({1}) /\ Cardinality({}) = 0
ASSUME Head(<<5, 6>>) = 5 /\ Tail(<<5, 6>>) = <<6>>
ASSUME (TRUE => FALSE) = FALSE /\ (FALSE <=> FALSE) /\ (TRUE \/ FALSE) /\ ~(TRUE /\ FALSE)
ASSUME IF 1 < 2 THEN TRUE ELSE FALSE

VARIABLES x, y, s
Init == x \in 0..2 /\ y = [p \in Procs |-> 0] /\ s = {}
Bump(p) == /\ y[p] < A
           /\ y' = [y EXCEPT ![p] = @ + 1]
           /\ x' = (x + 1) % 3
           /\ s' = s \cup {p}
Shuffle == \E v \in 0..2 : x' = v /\ UNCHANGED <<y, s>>
Next == \/ \E p \in Procs : Bump(p)
        \/ Shuffle
Inv == \A p \in Procs : y[p] <= A
====
