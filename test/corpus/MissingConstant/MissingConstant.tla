---- MODULE MissingConstant ----
EXTENDS Naturals
CONSTANTS N, M
VARIABLE x
Init == x = 0
Next == x < N + M /\ x' = x + 1
====
