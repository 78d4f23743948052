---- MODULE Middle ----
\* A module that instantiates another one: Nested reaches Channel through it.
EXTENDS Naturals
CONSTANT Limit
VARIABLE m
Ch == INSTANCE Channel WITH chan <- m, Data <- 1..Limit
Twice(x) == 2 * x
Add(a, b) == a + b
====
