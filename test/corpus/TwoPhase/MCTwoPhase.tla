---- MODULE MCTwoPhase ----
\* A model in the shape the TLA+ Toolbox generates: model values declared as constants of an
\* extending module, the constant set and the symmetry set defined here and bound with <-.
EXTENDS TwoPhase, TLC

CONSTANTS r1, r2, r3

const_RM == {r1, r2, r3}
symm_RM == Permutations(const_RM)
inv_TypeOK == TypeOK
inv_Consistent == Consistent
prop_Refines == ImplementsTCNext
====
