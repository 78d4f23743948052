---- MODULE Unsupported ----
\* A standard module outside the embedded checker's scope (Randomization): TLC runs it; the
\* embedded checker must say clearly that the module is unsupported.
EXTENDS Naturals, FiniteSets, Randomization
VARIABLE x

Init == x = 0
Next == x' = (x + 1) % 3
Inv == x \in 0..2 /\ Cardinality(RandomSubset(2, 1..5)) = 2
====
