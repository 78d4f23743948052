---- MODULE Unicode ----
\* The Unicode forms of the operators (≜ ∧ ∈ ∀ ≤ ≥), which SANY accepts.
EXTENDS Naturals
VARIABLE x
Init ≜ x = 0
Next ≜ ∧ x < 3
       ∧ x' ∈ {x + 1}
Inv ≜ ∀ k ∈ {x} : k ≤ 3 ∧ k ≥ 0
====
