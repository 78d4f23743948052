---- MODULE MinuteClock ----
\* Refines HourClock through INSTANCE; a named instance and an unnamed one.
EXTENDS Naturals
CONSTANT Bad
VARIABLES h, m
H == INSTANCE HourClock WITH hr <- h
Init == h \in 1..12 /\ m \in 0..59
Tick == /\ m' = (m + 1) % 60
        /\ h' = IF m = 59 THEN (IF h = 12 THEN 1 ELSE h + 1) ELSE h
BadTick == Bad /\ m = 30 /\ h' = 12 /\ m' = 31
Next == Tick \/ BadTick
Spec == Init /\ [][Next]_<<h, m>>
Refines == H!HC
TypeOK == h \in 1..12 /\ m \in 0..59
Fair == WF_<<h, m>>(Next)
Live == <>(m = 0)
====
