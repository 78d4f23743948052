---- MODULE ModelValues ----
\* Model values: a set of them, a single one used as a sentinel, and one shared by two
\* constants. An untyped model value is never equal to a string of the same name.
EXTENDS Naturals, FiniteSets
CONSTANTS Procs, Nil, Leader
VARIABLES holder, grants

ASSUME Nil \notin Procs /\ Leader \in Procs
ASSUME Nil # "Nil" /\ Leader # "a"
ASSUME Cardinality(Procs) = 3 /\ Procs \cup {Nil} # Procs

Init == holder = Nil /\ grants = [p \in Procs |-> 0]
Acquire(p) == holder = Nil /\ grants[p] < 2 /\ holder' = p /\ grants' = [grants EXCEPT ![p] = @ + 1]
Release == holder # Nil /\ holder' = Nil /\ UNCHANGED grants
Next == Release \/ \E p \in Procs : Acquire(p)

TypeOK == holder \in Procs \cup {Nil} /\ grants \in [Procs -> 0..2]
LeaderFirst == holder # Nil /\ holder # Leader => grants[Leader] > 0
====
