---- MODULE Counter ----
\* A bounded counter that logs which process incremented it, then wraps to zero.
EXTENDS Naturals, Sequences
CONSTANTS Max, Procs
VARIABLES count, history
vars == <<count, history>>

Init == count = 0 /\ history = <<>>
Step(p) == count < Max /\ count' = count + 1 /\ history' = Append(history, p)
Wrap == count = Max /\ count' = 0 /\ history' = <<>>
Next == Wrap \/ \E p \in Procs : Step(p)
Spec == Init /\ [][Next]_vars /\ WF_vars(Next)

TypeOK == count \in 0..Max /\ history \in Seq(Procs) /\ Len(history) = count
BelowThree == count < 3
UnderThree == count <= 2
BelowTwo == count < 2
Started == count > 0
NeverStepToTwo == [][count' # 2]_count
Monotone == [][count' > count]_count
AlwaysBounded == [](count <= Max)
AlwaysBelowThree == [](count < 3)
EventuallyFull == <>(count = Max)
====
