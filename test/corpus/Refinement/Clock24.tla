---- MODULE Clock24 ----
\* A 24-hour clock refines the hour clock under a mapping that is an expression, so the
\* refinement property primes an expression: (IF h % 12 = 0 THEN 12 ELSE h % 12)'.
EXTENDS Naturals
VARIABLE h

Init == h \in 0..23
Next == h' = (h + 1) % 24
Skip == h' = (h + 2) % 24
Spec == Init /\ [][Next]_h
SkipSpec == Init /\ [][Next \/ Skip]_h

Abs == INSTANCE HourClock WITH hr <- IF h % 12 = 0 THEN 12 ELSE h % 12
Refines == [][Abs!HCnxt]_(IF h % 12 = 0 THEN 12 ELSE h % 12)
RefinesSpec == Abs!HC
NeverBackwards == [][(h % 12)' # (h % 12) - 1]_h
====
