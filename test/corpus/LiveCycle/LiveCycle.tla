---- MODULE LiveCycle ----
\* Liveness with cycles: x counts 0..3 and wraps, y toggles. Properties hold or fail depending on
\* weak or strong fairness; violations end in a cycle ("Back to state N") or in stuttering.
EXTENDS Naturals
VARIABLES x, y
vars == <<x, y>>

Init == x = 0 /\ y = 0
IncX == x < 3 /\ x' = x + 1 /\ UNCHANGED y
Wrap == x = 3 /\ x' = 0 /\ UNCHANGED y
WrapWhenY0 == x = 3 /\ y = 0 /\ x' = 0 /\ UNCHANGED y
ToggleY == y' = 1 - y /\ UNCHANGED x
Next == IncX \/ Wrap \/ ToggleY
Next2 == IncX \/ WrapWhenY0 \/ ToggleY

Spec == Init /\ [][Next]_vars
WFSpec == Spec /\ WF_vars(IncX \/ Wrap)
SFSpec == Spec /\ SF_vars(Wrap) /\ WF_vars(IncX)
\* Wrapping is enabled only while y = 0: toggling y forever defeats WF but not SF.
Weak2 == Init /\ [][Next2]_vars /\ WF_vars(IncX) /\ WF_vars(WrapWhenY0) /\ WF_vars(ToggleY)
Strong2 == Init /\ [][Next2]_vars /\ WF_vars(IncX) /\ SF_vars(WrapWhenY0) /\ WF_vars(ToggleY)

EventuallyX3 == <>(x = 3)
InfOftenX0 == []<>(x = 0)
EventuallyAlwaysY0 == <>[](y = 0)
XLeadsTo == (x = 1) ~> (x = 2)
YInfOften == []<>(y = 1)
YOneLeadsToZero == (y = 1) ~> (y = 0)
SafeAndLive == [](x <= 3) /\ <>(x = 3)
SafeButNotLive == [](x <= 3) /\ []<>(y = 1)
ToggleAlwaysEnabled == []<>(ENABLED ToggleY)
WrapsInfinitelyOften == []<><<Wrap>>_vars
====
