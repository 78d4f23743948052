---- MODULE Shadow ----
\* A bound variable may not reuse the name of a definition in scope.
EXTENDS Naturals
VARIABLE x
Zero == 0
Init == x = 0
Next == \E Zero \in {0, 1} : x' = Zero
====
