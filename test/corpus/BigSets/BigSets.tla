---- MODULE BigSets ----
\* Sets too big to enumerate cheaply, which TLC never enumerates here: the cardinality of
\* SUBSET and of a function set, and membership in them.
EXTENDS Naturals, FiniteSets
VARIABLE x

ASSUME Cardinality(SUBSET (1..20)) = 1048576
ASSUME Cardinality([1..5 -> 1..10]) = 100000
ASSUME {1, 99} \in SUBSET (1..100) /\ {0} \notin SUBSET (1..100)
ASSUME [i \in 1..40 |-> i] \in [1..40 -> 1..40]

Init == x \in SUBSET (1..3)
Next == \E e \in 1..3 : x' = x \cup {e}
Inv == x \in SUBSET (1..3)
====
