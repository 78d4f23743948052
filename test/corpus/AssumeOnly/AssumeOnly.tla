---- MODULE AssumeOnly ----
\* A .cfg that names no INIT, NEXT or SPECIFICATION: TLC evaluates the assumptions and reports
\* no states. An unbounded CHOOSE and an unbounded quantifier are errors only when evaluated.
EXTENDS Naturals
CONSTANTS a, b
NoValue == CHOOSE v : v \notin {a, b}
Everything == \A v : v = v
ASSUME a # b
ASSUME \A n \in 1..5 : n * n >= n
====
