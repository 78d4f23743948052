---- MODULE Liveness ----
\* Liveness properties (<>, ~>, WF): TLC checks them; the embedded checker reports them as
\* skipped and still checks the safety part of the configuration.
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
\* Safety and liveness in one property: the embedded checker can only skip it whole.
SafeAndLive == [](x <= N) /\ <>(x = N)
====
