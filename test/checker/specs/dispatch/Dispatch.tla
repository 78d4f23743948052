---------------------------- MODULE Dispatch ----------------------------
(* Disjunctions whose disjuncts start with `e.action = "s"`, which the action compiler        *)
(* dispatches on (evaluating e.action once, running only the disjuncts of its value and those *)
(* that test no string), and Plain, the same disjunction behind leading TRUEs (no dispatch):  *)
(* action-dispatch.test.ts checks both give the same successors in the same order, or fail    *)
(* alike.                                                                                      *)
EXTENDS Naturals
VARIABLES ev, x

Init == ev = [action |-> "A"] /\ x = 0

Step(e) ==
    \/ e.action = "A" /\ x' = x + 1
    \/ /\ "B" = e.action
       /\ x' = x + 2
    \/ x' = x + 10
    \/ (e.action = "C") /\ x' \in {x + 3, x + 4}
    \/ e.kind = "A" /\ x' = x + 7
    \/ e.action = "A" /\ x' = x + 5
    \/ e.action = "D" /\ e.n > 1 /\ x' = x + e.n

PlainStep(e) ==
    \/ TRUE /\ e.action = "A" /\ x' = x + 1
    \/ /\ TRUE
       /\ "B" = e.action
       /\ x' = x + 2
    \/ x' = x + 10
    \/ TRUE /\ (e.action = "C") /\ x' \in {x + 3, x + 4}
    \/ e.kind = "A" /\ x' = x + 7
    \/ TRUE /\ e.action = "A" /\ x' = x + 5
    \/ TRUE /\ e.action = "D" /\ e.n > 1 /\ x' = x + e.n

Dispatched == Step(ev) /\ UNCHANGED ev
Plain == PlainStep(ev) /\ UNCHANGED ev
=============================================================================
