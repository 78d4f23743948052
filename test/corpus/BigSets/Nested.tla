---- MODULE Nested ----
\* Cardinality of sets of a billion elements and more, built from parts: TLC computes them from
\* the sizes of the parts, never enumerating (nor does the embedded checker).
EXTENDS Naturals, FiniteSets
VARIABLE x

ASSUME Cardinality(SUBSET (1..30)) = 1073741824
ASSUME Cardinality([1..3 -> SUBSET (1..10)]) = 1073741824
ASSUME Cardinality([SUBSET (1..4) -> 1..3]) = 43046721
ASSUME Cardinality([a : SUBSET (1..12), b : 1..100]) = 409600
ASSUME Cardinality((SUBSET (1..15)) \X (1..1000) \X {"a", "b"}) = 65536000
ASSUME Cardinality([1..0 -> 1..5]) = 1 /\ Cardinality([1..5 -> {}]) = 0
ASSUME Cardinality(SUBSET {}) = 1 /\ Cardinality({} \X (1..5)) = 0

Init == x \in 1..Cardinality(SUBSET (1..2))
Next == x' = (x % 4) + 1
Inv == x \in 1..4
====
