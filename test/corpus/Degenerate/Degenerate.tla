---- MODULE Degenerate ----
\* Degenerate specifications: no initial state, a constant next-state relation, and a
\* SPECIFICATION without a next-state part.
EXTENDS Naturals
VARIABLE x

Init == x = 0
NoInit == x \in {}
Next == x' = (x + 1) % 3
Never == FALSE
OnlyInit == Init
Spec == Init /\ [][Next]_x
====
