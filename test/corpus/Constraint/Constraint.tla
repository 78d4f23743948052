---- MODULE Constraint ----
\* Unbounded counters bounded by a state CONSTRAINT. A state that fails the constraint is
\* still checked against the invariants, but not explored further.
EXTENDS Naturals
VARIABLES x, y

Init == x = 0 /\ y = 0
Next == \/ x' = x + 1 /\ UNCHANGED y
        \/ y' = y + 1 /\ UNCHANGED x
        \/ x > y /\ y' = x /\ x' = y

Bound == x + y <= 4
SumAtMost5 == x + y <= 5
SumAtMost4 == x + y <= 4
\* Fails only on steps into states outside the constraint.
StepsStayInside == [][x' + y' <= 4]_<<x, y>>
====
