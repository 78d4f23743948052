---- MODULE Choose ----
\* CHOOSE picks the first witness in TLC's order of the set: the ASSUMEs pin that order for
\* integers, booleans, records (fewer fields first), tuples (shorter first), sets of sets
\* (smaller first), function sets, SUBSET, products, images and unions, and model values
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
ASSUME (CHOOSE f \in [{1, 2} -> {1, 2, 3}] : f[1] > 1) = <<2, 1>>
ASSUME (CHOOSE s \in SUBSET {1, 2, 3} : Cardinality(s) = 2) = {1, 2}
ASSUME (CHOOSE s \in SUBSET {1, 2, 3} : 3 \in s) = {3}
ASSUME (CHOOSE r \in [a : {1, 2}, b : {1, 2}] : r.a # r.b) = [a |-> 1, b |-> 2]
ASSUME (CHOOSE x \in {y * 2 : y \in {3, 1, 2}} : TRUE) = 2
ASSUME (CHOOSE x \in (1..3) \X (1..2) : x[1] > x[2]) = <<2, 1>>
ASSUME (CHOOSE x \in UNION {{3}, {1, 2}} : TRUE) = 1
ASSUME (CHOOSE b \in BOOLEAN : TRUE) = FALSE
ASSUME (CHOOSE s \in {{2, 3}, {1, 4}, {5}} : Cardinality(s) = 2) = {1, 4}
ASSUME (CHOOSE r \in {[a |-> 2], [a |-> 1, b |-> 1]} : TRUE) = [a |-> 2]

Init == todo = {30, 10, 40, 20} /\ order = <<>>
Pick == /\ todo # {}
        /\ LET x == CHOOSE y \in todo : TRUE
           IN /\ todo' = todo \ {x}
              /\ order' = Append(order, x)
Done == todo = {} /\ UNCHANGED <<todo, order>>
Next == Pick \/ Done
NotAscending == order # <<10, 20, 30>>
====
