---- MODULE ParseError ----
\* A syntax error: an IF without its ELSE.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = IF x < 3 THEN x + 1
Inv == x < 4
====
