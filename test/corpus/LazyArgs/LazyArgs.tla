---- MODULE LazyArgs ----
\* TLC evaluates an operator's argument only where the body uses it, so an argument that
\* cannot be evaluated in some states is harmless when a guard in the body protects it.
EXTENDS Naturals, Sequences
VARIABLES q, last

When(cond, val) == cond /\ last' = val
FirstOr(s, default) == IF s = <<>> THEN default ELSE s[1]

Init == q = <<>> /\ last = 0
Put == Len(q) < 3 /\ q' = Append(q, Len(q) + 1) /\ UNCHANGED last
\* Head(q) is an error when q is empty; When evaluates it only once q # <<>> holds.
Take == When(q # <<>>, Head(q)) /\ q' = Tail(q)
Peek == When(Len(q) > 1, q[2]) /\ UNCHANGED q
Next == Put \/ Take \/ Peek
Inv == last \in 0..3 /\ FirstOr(q, 0) \in 0..3
====
