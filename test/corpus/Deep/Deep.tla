---- MODULE Deep ----
\* A long counterexample: the invariant fails 250 steps from the initial state.
EXTENDS Naturals
VARIABLES x, y

Init == x = 0 /\ y = 0
Next == /\ x < 300
        /\ x' = x + 1
        /\ \/ y' = (y + 1) % 3
           \/ y' = (y * 2) % 3
Below250 == x < 250
====
