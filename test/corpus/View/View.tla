---- MODULE View ----
\* A counter with a step clock; VIEW makes states that differ only in the clock the same.
EXTENDS Naturals
VARIABLES x, clock

Init == x = 0 /\ clock = 0
Next == \/ x' = (x + 1) % 5 /\ clock' = (clock + 1) % 7
        \/ x' = (x * 2) % 5 /\ clock' = (clock + 3) % 7
Abstract == x
Inv == x < 5 /\ clock < 7
ClockSmall == clock < 3
====
