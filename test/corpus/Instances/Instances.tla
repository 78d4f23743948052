---- MODULE Instances ----
\* Two channels in series through a relay: named instances with WITH substitutions, A!Op,
\* a parameterised instance, and the instances' specs checked as properties.
EXTENDS Naturals
CONSTANT Data
VARIABLES left, right
vars == <<left, right>>

In == INSTANCE Channel WITH chan <- left
Out == INSTANCE Channel WITH chan <- right
\* The relay can forward the value plus one, so the outgoing channel carries more data.
Wide == INSTANCE Channel WITH chan <- right, Data <- {d + 1 : d \in Data} \cup Data
Chan(c) == INSTANCE Channel WITH chan <- c

Init == In!Init /\ Out!Init
Produce == \E d \in Data : In!Send(d) /\ UNCHANGED right
Relay == In!Rcv /\ Out!Send(left.val)
RelayInc == Chan(left)!Rcv /\ Wide!Send(left.val + 1)
Consume == Out!Rcv /\ UNCHANGED left
Next == Produce \/ Relay \/ Consume
NextInc == Produce \/ Relay \/ RelayInc \/ Consume
Spec == Init /\ [][Next]_vars
SpecInc == Init /\ [][NextInc]_vars

TypeOK == In!TypeInvariant /\ Chan(right)!TypeInvariant
WideTypeOK == In!TypeInvariant /\ Wide!TypeInvariant
OutIsChannel == [][Out!Next]_right
OutIsWideChannel == [][Wide!Next]_right
LeftIsChannel == In!Spec
\* A conjunction of safety properties in one name.
BothChannels == [][Out!Next]_right /\ In!Spec /\ []TypeOK
====
