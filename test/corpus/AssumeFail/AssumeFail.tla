---- MODULE AssumeFail ----
\* The second assumption is false for the configured constants.
EXTENDS Naturals, FiniteSets
CONSTANTS N, Procs
VARIABLE x
ASSUME N \in Nat
ASSUME Cardinality(Procs) > N
Init == x = 0
Next == x' = (x + 1) % N
====
