---- MODULE ForwardRef ----
\* Zero is used before it is defined: SANY requires definitions to come first.
EXTENDS Naturals
VARIABLE x
Init == x = Zero
Zero == 0
Next == x' = 1 - x
====
