---- MODULE AssumeEval ----
\* An assumption whose evaluation fails (a string added to a number).
EXTENDS Naturals
CONSTANT Label
VARIABLE x
ASSUME Label + 1 > 0
Init == x = 0
Next == x' = 1 - x
====
