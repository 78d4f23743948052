---- MODULE Degenerate ----
\* Degenerate specifications: no initial state, an initial predicate that leaves a variable
\* unassigned, a constant next-state relation, a SPECIFICATION without a next-state part, and
\* invariants and constraints that are constants.
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
\* Constant-level invariants: TLC evaluates them once, before the search; one that is not TRUE
\* is an error ("The invariant of ... is equal to FALSE"), not a violation by an initial state.
ConstFalseInv == 1 > 2
ConstTrueInv == 1 < 2
====
