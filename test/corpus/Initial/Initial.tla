---- MODULE Initial ----
\* Violations and special cases that happen in the initial states themselves.
EXTENDS Naturals
VARIABLE x

Init == x \in 0..3
Next == x < 3 /\ x' = x + 1
Small == x < 2
AlwaysSmall == [](x < 2)
Positive == x > 0
Bounded == x <= 3
====
