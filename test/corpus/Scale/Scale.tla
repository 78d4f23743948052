---- MODULE Scale ----
\* Ten million small states: a test of the fingerprint table and of memory, not of evaluation.
EXTENDS Naturals
CONSTANTS A, B, C
VARIABLES a, b, c

Init == a = 0 /\ b = 0 /\ c = 0
Next == \/ a' = (a + 1) % A /\ UNCHANGED <<b, c>>
        \/ b' = (b + 1) % B /\ UNCHANGED <<a, c>>
        \/ c' = (c + 1) % C /\ UNCHANGED <<a, b>>
TypeOK == a \in 0..A - 1 /\ b \in 0..B - 1 /\ c \in 0..C - 1
====
