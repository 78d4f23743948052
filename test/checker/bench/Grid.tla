---- MODULE Grid ----
\* A scale test for memory: (N+1)^2 states on a grid, reached by steps right or up. With
\* N = 3162 that is 10,004,569 distinct states in 6,325 levels.
EXTENDS Naturals
CONSTANT N
VARIABLES x, y
Init == x = 0 /\ y = 0
Next == \/ x < N /\ x' = x + 1 /\ UNCHANGED y
        \/ y < N /\ y' = y + 1 /\ UNCHANGED x
====
