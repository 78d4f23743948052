---- MODULE Arity ----
\* Inc takes one argument and is applied to two: an arity error for SANY.
EXTENDS Naturals
VARIABLE x
Inc(n) == n + 1
Init == x = 0
Next == x' = Inc(x, 1) % 3
====
