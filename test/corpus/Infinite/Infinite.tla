---- MODULE Infinite ----
\* Infinite sets that TLC never enumerates: membership in Nat, Int, STRING, Seq(Nat),
\* SUBSET Nat, [S -> Nat] and [a : Nat], and a function over Nat applied at single points.
EXTENDS Integers, Sequences, FiniteSets
CONSTANT Procs
VARIABLES counts, log

Double == [n \in Nat |-> 2 * n]
Neg == [n \in Int |-> -n]

ASSUME Double[21] = 42 /\ Neg[-3] = 3 /\ DOMAIN Double = Nat
ASSUME {1, 2} \in SUBSET Nat /\ {-1} \notin SUBSET Nat /\ [a |-> 1] \in [a : Nat]
ASSUME <<1, 2>> \in Seq(Nat) /\ [z \in {0} |-> 0] \in [{0} -> Nat] /\ "abc" \in STRING

Init == counts = [p \in Procs |-> 0] /\ log = <<>>
Next == \E p \in Procs :
          /\ counts[p] < 2
          /\ counts' = [counts EXCEPT ![p] = Double[@] + 1]
          /\ log' = Append(log, counts[p])

TypeOK == /\ counts \in [Procs -> Nat]
          /\ log \in Seq(Nat)
          /\ {counts[p] : p \in Procs} \in SUBSET Nat
          /\ [c |-> counts] \in [c : [Procs -> Int]]
====
