---- MODULE Symmetry ----
\* Mutual exclusion with a waiting queue; the processes are interchangeable, so SYMMETRY
\* over Permutations(Procs) explores one state per orbit.
EXTENDS Naturals, Sequences, FiniteSets, TLC
CONSTANT Procs
VARIABLES pc, queue

Perms == Permutations(Procs)
\* A view that forgets the order of the waiting queue.
Waiting == <<pc, {queue[i] : i \in DOMAIN queue}>>

Init == pc = [p \in Procs |-> "idle"] /\ queue = <<>>
Request(p) == /\ pc[p] = "idle"
              /\ pc' = [pc EXCEPT ![p] = "wait"]
              /\ queue' = Append(queue, p)
Enter(p) == /\ pc[p] = "wait"
            /\ queue # <<>> /\ Head(queue) = p
            /\ \A q \in Procs : pc[q] # "crit"
            /\ pc' = [pc EXCEPT ![p] = "crit"]
            /\ queue' = Tail(queue)
Exit(p) == pc[p] = "crit" /\ pc' = [pc EXCEPT ![p] = "idle"] /\ UNCHANGED queue
Next == \E p \in Procs : Request(p) \/ Enter(p) \/ Exit(p)

MutualExclusion == \A p, q \in Procs : pc[p] = "crit" /\ pc[q] = "crit" => p = q
AtMostOneWaiting == Cardinality({p \in Procs : pc[p] = "wait"}) <= 1
\* Quantified safety properties: one []P and one [][A]_v per process.
EachExclusive == \A p \in Procs : [](pc[p] = "crit" => \A q \in Procs \ {p} : pc[q] # "crit")
EachLeavesToIdle == \A p \in Procs : [][pc[p] = "crit" => pc'[p] \in {"crit", "idle"}]_pc
EachStaysIdle == \A p \in Procs : [][pc[p] = "idle" => pc'[p] = "idle"]_pc
QueueOK == Len(queue) = Cardinality({p \in Procs : pc[p] = "wait"})
====
