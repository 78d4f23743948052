---- MODULE PrimedInit ----
\* An initial predicate that primes a variable.
EXTENDS Naturals
VARIABLE x
Init == x' = 0
Next == x' = 1 - x
====
