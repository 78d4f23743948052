---- MODULE SlowLiveness ----
\* A small state space whose temporal property is costly to check: the search takes
\* milliseconds, checking Prop on the behaviour graph (SlowLiveness.cfg) takes tens of seconds,
\* so a stop lands in the liveness phase (test/cli/check-stop.test.ts, test/checker/*.test.ts).
EXTENDS Naturals
CONSTANTS N, Work
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % N
Heavy(v) == \A i \in 1..Work : i + v # 0
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Prop == []<>Heavy(x)
\* Violated: x never reaches N (the counterexample is the cycle through every state).
PropViolated == []<>(Heavy(x) /\ x = N)
====
