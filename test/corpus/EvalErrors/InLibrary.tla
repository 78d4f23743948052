---- MODULE InLibrary ----
\* An evaluation error inside an instantiated module: the message must name Lib.tla.
EXTENDS Naturals
VARIABLE x
L == INSTANCE Lib
Init == x = 0
Next == x' = IF x < 2 THEN x + 1 ELSE L!Pick({x, x + 1})
====
