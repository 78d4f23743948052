---- MODULE MinuteClock ----
\* A clock with minutes refines the hour clock under the mapping hr <- h; the refinement
\* is checked as the action property [][Abs!HCnxt]_h and as the whole spec Abs!HC.
EXTENDS Naturals
CONSTANT MinPerHour
VARIABLES h, m
vars == <<h, m>>

Init == h \in 1..12 /\ m = 0
Tick == IF m < MinPerHour - 1
        THEN m' = m + 1 /\ h' = h
        ELSE m' = 0 /\ h' = IF h # 12 THEN h + 1 ELSE 1
\* A faulty clock that skips from 11 to 1.
BadTick == IF m < MinPerHour - 1
           THEN m' = m + 1 /\ h' = h
           ELSE m' = 0 /\ h' = IF h < 11 THEN h + 1 ELSE 1
Spec == Init /\ [][Tick]_vars
\* Starts at hour 0, which the hour clock does not have.
ZeroSpec == h \in 0..12 /\ m = 0 /\ [][Tick]_vars
BadSpec == Init /\ [][BadTick]_vars

Abs == INSTANCE HourClock WITH hr <- h
RefinesNext == [][Abs!HCnxt]_h
RefinesSpec == Abs!HC
TypeOK == h \in 1..12 /\ m \in 0..MinPerHour - 1
====
