---- MODULE Deadlock ----
\* Two processes each take one of two forks, in either order: they can deadlock. A variant
\* where a finished process stutters shows that a stuttering step counts as a successor.
EXTENDS Naturals
VARIABLES forks, done

Procs == {1, 2}
Init == forks = [f \in 1..2 |-> 0] /\ done = {}
Take(p, f) == p \notin done /\ forks[f] = 0 /\ forks' = [forks EXCEPT ![f] = p] /\ UNCHANGED done
Eat(p) == /\ p \notin done
          /\ \A f \in 1..2 : forks[f] = p
          /\ forks' = [f \in 1..2 |-> 0]
          /\ done' = done \cup {p}
Next == \E p \in Procs : Eat(p) \/ \E f \in 1..2 : Take(p, f)
Finished == done = Procs /\ UNCHANGED <<forks, done>>
NextOrFinished == Next \/ Finished
Stall == forks \in [1..2 -> {1, 2}] /\ forks[1] # forks[2] /\ UNCHANGED <<forks, done>>
NextOrStall == Next \/ Finished \/ Stall
====
