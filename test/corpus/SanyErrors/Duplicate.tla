---- MODULE Duplicate ----
\* Zero is defined twice: a multiply-defined symbol for SANY.
EXTENDS Naturals
VARIABLE x
Zero == 0
Zero == 1
Init == x = Zero
Next == x' = 1 - x
====
