---- MODULE PlusCalStyle ----
\* Peterson's mutual exclusion written the way the PlusCal translator writes TLA+: pc and a
\* call stack per process, ProcSet, self, a procedure, a Terminating step, quantified weak
\* fairness in the specification and a Termination property (liveness).
EXTENDS Naturals, Sequences
CONSTANT Rounds
VARIABLES flag, turn, pc, stack, rounds
vars == <<flag, turn, pc, stack, rounds>>

ProcSet == {0, 1}
Other(p) == 1 - p

Init == /\ flag = [i \in ProcSet |-> FALSE]
        /\ turn = 0
        /\ pc = [self \in ProcSet |-> "a1"]
        /\ stack = [self \in ProcSet |-> << >>]
        /\ rounds = [self \in ProcSet |-> 0]

\* procedure Crit(): cs: skip; return
cs(self) == /\ pc[self] = "cs"
            /\ pc' = [pc EXCEPT ![self] = Head(stack[self]).pc]
            /\ stack' = [stack EXCEPT ![self] = Tail(stack[self])]
            /\ UNCHANGED <<flag, turn, rounds>>
Crit(self) == cs(self)

a1(self) == /\ pc[self] = "a1"
            /\ IF rounds[self] < Rounds
                  THEN /\ flag' = [flag EXCEPT ![self] = TRUE]
                       /\ pc' = [pc EXCEPT ![self] = "a2"]
                  ELSE /\ pc' = [pc EXCEPT ![self] = "Done"]
                       /\ flag' = flag
            /\ UNCHANGED <<turn, stack, rounds>>
a2(self) == /\ pc[self] = "a2"
            /\ turn' = Other(self)
            /\ pc' = [pc EXCEPT ![self] = "a3"]
            /\ UNCHANGED <<flag, stack, rounds>>
a3(self) == /\ pc[self] = "a3"
            /\ ~flag[Other(self)] \/ turn = self
            /\ stack' = [stack EXCEPT ![self] = << [procedure |-> "Crit", pc |-> "a4"] >> \o stack[self]]
            /\ pc' = [pc EXCEPT ![self] = "cs"]
            /\ UNCHANGED <<flag, turn, rounds>>
a4(self) == /\ pc[self] = "a4"
            /\ flag' = [flag EXCEPT ![self] = FALSE]
            /\ rounds' = [rounds EXCEPT ![self] = @ + 1]
            /\ pc' = [pc EXCEPT ![self] = "a1"]
            /\ UNCHANGED <<turn, stack>>
proc(self) == a1(self) \/ a2(self) \/ a3(self) \/ a4(self)

Terminating == /\ \A self \in ProcSet : pc[self] = "Done"
               /\ UNCHANGED vars
Next == (\E self \in ProcSet : Crit(self) \/ proc(self)) \/ Terminating
Spec == /\ Init /\ [][Next]_vars
        /\ \A self \in ProcSet : WF_vars(proc(self)) /\ WF_vars(Crit(self))
Termination == <>(\A self \in ProcSet : pc[self] = "Done")

MutualExclusion == ~(pc[0] = "cs" /\ pc[1] = "cs")

\* A wrong guard (turn = Other(self)) lets both processes in.
a3Bad(self) == /\ pc[self] = "a3"
               /\ ~flag[Other(self)] \/ turn = Other(self)
               /\ stack' = [stack EXCEPT ![self] = << [procedure |-> "Crit", pc |-> "a4"] >> \o stack[self]]
               /\ pc' = [pc EXCEPT ![self] = "cs"]
               /\ UNCHANGED <<flag, turn, rounds>>
procBad(self) == a1(self) \/ a2(self) \/ a3Bad(self) \/ a4(self)
BadNext == (\E self \in ProcSet : Crit(self) \/ procBad(self)) \/ Terminating
BadSpec == Init /\ [][BadNext]_vars /\ \A self \in ProcSet : WF_vars(procBad(self))
====
