---- MODULE Degenerate ----
\* Degenerate specifications: no initial state, an initial predicate that leaves a variable
\* unassigned, a constant next-state relation, and a SPECIFICATION without a next-state part.
EXTENDS Naturals
VARIABLES x, y

Init == x = 0 /\ y = 0
\* Leaves y without a value.
HalfInit == x = 0
NoInit == x \in {} /\ y = 0
Next == x' = (x + 1) % 3 /\ UNCHANGED y
Never == FALSE
OnlyInit == Init
Spec == Init /\ [][Next]_<<x, y>>
====
