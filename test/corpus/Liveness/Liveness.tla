---- MODULE Liveness ----
\* Liveness properties (<>, ~>, []<>, <>[], WF, SF): both engines check them, on the
\* behaviour graph, after the safety part of the configuration.
EXTENDS Naturals
CONSTANT N
VARIABLE x
vars == <<x>>

Init == x = 0
Next == x < N /\ x' = x + 1
Spec == Init /\ [][Next]_vars
FairSpec == Spec /\ WF_vars(Next)
StrongSpec == Spec /\ SF_vars(Next)

TypeOK == x \in 0..N
ReachesN == <>(x = N)
ZeroLeadsToN == (x = 0) ~> (x = N)
StaysBounded == [](x <= N)
InfinitelyOften == []<>(x = N)
EventuallyAlways == <>[](x = N)
\* Safety and liveness in one property: the first is checked as an invariant, the second as liveness.
SafeAndLive == [](x <= N) /\ <>(x = N)
====
