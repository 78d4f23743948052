---- MODULE Incomparable ----
\* TLC refuses to compare values of different kinds (an integer with a string, a tuple with
\* a record whose fields are strings): the comparison is an evaluation error, not FALSE.
EXTENDS Naturals
VARIABLE x

Init == x = 0
Grow == x < 4 /\ x' = x + 1
IntVsString == Grow \/ (x = 2 /\ x' = IF x = "two" THEN 0 ELSE 1)
TupleVsRecord == Grow \/ (x = 2 /\ x' = IF <<1>> = [a |-> 1] THEN 0 ELSE 1)
====
