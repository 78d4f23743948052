---- MODULE TLCOps ----
\* The TLC module: :>, @@, Print, PrintT, Assert, Permutations, SortSeq, ToString.
EXTENDS Naturals, Sequences, FiniteSets, TLC
CONSTANT Procs
VARIABLES owner, log

ASSUME PrintT(<<"TLCOps starts", Cardinality(Procs)>>)
ASSUME Print("print returns its second argument", TRUE)
ASSUME PrintT([a |-> {2, 1}, c |-> (1 :> 2 @@ 3 :> 4)])
ASSUME PrintT(<<Procs, <<"x", FALSE>>, {}, <<>>>>)
ASSUME ToString(42) = "42" /\ ToString(<<1, "a">>) = "<<1, \"a\">>"
ASSUME SortSeq(<<3, 1, 2>>, LAMBDA x, y : x < y) = <<1, 2, 3>>
ASSUME (1 :> "a" @@ 2 :> "b") = <<"a", "b">>
ASSUME (1 :> "a" @@ 1 :> "b")[1] = "a"
ASSUME Cardinality(Permutations({1, 2, 3})) = 6
ASSUME Assert(TRUE, "never shown")

Init == /\ owner = [p \in Procs |-> 0]
        /\ log = <<>>
Next == \E p \in Procs :
          /\ owner[p] < 2
          /\ owner' = (p :> owner[p] + 1) @@ owner
          /\ log' = SortSeq(Append(log, owner[p]), LAMBDA x, y : x > y)
          /\ Assert(Len(log) < 2 * Cardinality(Procs), "log longer than expected")

Inv == /\ DOMAIN owner = Procs
       /\ ToString(Len(log)) \in {ToString(i) : i \in 0..6}
       /\ \A i \in 1..Len(log) - 1 : log[i] >= log[i + 1]
       /\ \A pi \in Permutations(Procs) : DOMAIN pi = Procs
====
