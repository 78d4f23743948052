---------------------------- MODULE Filter ----------------------------
(* Set filters whose first conjunct is `m.f = "s"`, which the compiler guards (skipping the *)
(* records whose f is another string without evaluating the filter), and Plain, the same    *)
(* filter that no guard applies to (PlainFlipped for GuardedFlipped, whose error messages   *)
(* name the sides the other way round): filter-guard.test.ts checks they always agree.      *)
EXTENDS Naturals
VARIABLE msgs

Init == msgs = {}
Next == UNCHANGED msgs

Guarded == {m \in msgs : m.type = "A" /\ m.n > 1}
GuardedList == {m \in msgs : /\ m.type = "A"
                             /\ m.n > 1}
GuardedFlipped == {m \in msgs : ("A" = m.type) /\ (m.n > 1)}
Plain == {m \in msgs : TRUE /\ m.type = "A" /\ m.n > 1}
PlainFlipped == {m \in msgs : TRUE /\ ("A" = m.type) /\ (m.n > 1)}
=============================================================================
