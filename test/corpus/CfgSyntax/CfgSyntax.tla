---- MODULE CfgSyntax ----
\* A plain spec for a configuration file written in every legal style.
EXTENDS Naturals
CONSTANTS N, M, Names, Default
VARIABLES x, y

Init == x = 0 /\ y = Default
Next == \/ x < N /\ x' = x + 1 /\ UNCHANGED y
        \/ \E n \in Names : y' = n /\ UNCHANGED x
        \/ x = N /\ x' = 0 /\ y' = Default
Small == x <= N
Named == y \in Names \cup {Default}
Bounded == x + M > 0
MDef == 2
====
