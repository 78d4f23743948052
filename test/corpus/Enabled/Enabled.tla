---- MODULE Enabled ----
\* ENABLED inside actions and invariants: a state predicate, true when the action has a
\* successor from the current state (TLC's Tool.enabled).
EXTENDS Integers
VARIABLES x, y

Inc == x < 3 /\ x' = x + 1 /\ UNCHANGED y
Move(d) == \E k \in 1..2 : y + d * k \in 0..4 /\ y' = y + d * k /\ UNCHANGED x
Reset == x' = 0 /\ y' = 0

Init == x = 0 /\ y = 0
Next == \/ Inc
        \/ ~ENABLED Inc /\ Move(1)
        \/ ENABLED Move(-1) /\ ~ENABLED Move(1) /\ Reset

Inv == /\ (x < 3) = ENABLED Inc
       /\ ENABLED Next
       /\ (ENABLED (y' = y + 5 /\ y' < 5 /\ UNCHANGED x)) = FALSE
====
