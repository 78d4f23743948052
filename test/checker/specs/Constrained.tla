---- MODULE Constrained ----
EXTENDS Naturals, Sequences, TLC
CONSTANTS Procs, MaxLen
VARIABLES queue, sent, who
Init == queue = <<>> /\ sent = 0 /\ who = CHOOSE p \in Procs : TRUE
Send(p) == /\ queue' = Append(queue, [from |-> p, n |-> sent])
           /\ sent' = sent + 1
           /\ who' = p
Recv == /\ queue # <<>>
        /\ queue' = Tail(queue)
        /\ UNCHANGED <<sent, who>>
Next == (\E p \in Procs : Send(p)) \/ Recv
Bound == Len(queue) <= MaxLen /\ sent <= 4
NoSelfRepeat == who' # who \/ queue' = Tail(queue)
SentBelow == sent < 4
NoSelfRepeat2 == who' # who \/ (queue # <<>> /\ queue' = Tail(queue))
Sym == Permutations(Procs)
ViewQ == <<queue, who>>
====
