---- MODULE UnknownOp ----
\* Well-formed syntax, but Len is used without EXTENDS Sequences: a semantic error.
EXTENDS Naturals
VARIABLE s
Init == s = <<>>
Next == Len(s) < 2 /\ s' = <<1>>
====
