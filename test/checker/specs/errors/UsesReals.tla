---- MODULE UsesReals ----
EXTENDS Reals
VARIABLE x
Init == x = 0
Next == x' = x
====
