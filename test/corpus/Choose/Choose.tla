---- MODULE Choose ----
\* CHOOSE picks the first witness in TLC's order of the set: the ASSUMEs pin that order for
\* integers, records, tuples (shorter first), sets of sets (smaller first) and model values
\* (first appearance in the .cfg), and the invariant violation depends on it. Strings are left
\* out on purpose: TLC orders them by when its parser first interned them, not alphabetically.
EXTENDS Naturals, Sequences, FiniteSets
CONSTANTS Procs, FirstProc
VARIABLES todo, order

ASSUME (CHOOSE x \in {3, 1, 2} : TRUE) = 1
ASSUME (CHOOSE x \in 1..10 : x % 3 = 0) = 3
ASSUME (CHOOSE s \in {"b", "a", "c"} : s \notin {"a", "c"}) = "b"
ASSUME (CHOOSE r \in [a : {2, 1}, b : BOOLEAN] : TRUE) = [a |-> 1, b |-> FALSE]
ASSUME (CHOOSE t \in {<<1, 3>>, <<2>>, <<1, 2, 0>>} : TRUE) = <<2>>
ASSUME (CHOOSE t \in {<<2, 1>>, <<1, 2>>} : TRUE) = <<1, 2>>
ASSUME (CHOOSE t \in SUBSET {1, 2} : t # {}) = {1}
ASSUME (CHOOSE p \in Procs : TRUE) = FirstProc

Init == todo = {30, 10, 40, 20} /\ order = <<>>
Pick == /\ todo # {}
        /\ LET x == CHOOSE y \in todo : TRUE
           IN /\ todo' = todo \ {x}
              /\ order' = Append(order, x)
Done == todo = {} /\ UNCHANGED <<todo, order>>
Next == Pick \/ Done
NotAscending == order # <<10, 20, 30>>
====
