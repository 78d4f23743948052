---- MODULE LetShadow ----
\* A LET definition named like a variable in scope: SANY refuses it ("Operator x already
\* defined or declared"), although the LET would shadow it harmlessly in most languages.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = 1 - x
Inv == LET x == 1 IN x = 1
====
