---- MODULE Unsupported ----
\* Randomization: RandomSubset draws at random, so only its cardinality may decide anything. The
\* embedded checker once refused the module; it now implements it natively.
EXTENDS Naturals, FiniteSets, Randomization
VARIABLE x

Init == x = 0
Next == x' = (x + 1) % 3
Inv == x \in 0..2 /\ Cardinality(RandomSubset(2, 1..5)) = 2
====
