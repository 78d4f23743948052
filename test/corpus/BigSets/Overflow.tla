---- MODULE Overflow ----
\* A set with more than 2^31 - 1 elements: TLC's Cardinality fails with an overflow.
EXTENDS Naturals, FiniteSets
VARIABLE x

Init == x = 0
Next == x' = Cardinality([1..31 -> 1..2])
====
