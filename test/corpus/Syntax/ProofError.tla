---- MODULE ProofError ----
\* A proof that names an operator defined nowhere (PTL comes from the TLAPS module): SANY
\* rejects the module even though the model checker never reads proofs.
EXTENDS Naturals
CONSTANT N
VARIABLE x

ASSUME NPositive == N > 0

Init == x = 0
Next == x' = (x + 1) % N
Spec == Init /\ [][Next]_x
TypeOK == x \in 0..N - 1

THEOREM TypeCorrect == Spec => []TypeOK
<1>1. Init => TypeOK
  BY NPositive DEF Init, TypeOK
<1>2. TypeOK /\ [Next]_x => TypeOK'
  BY NPositive DEF TypeOK, Next
<1>. QED
  BY <1>1, <1>2, PTL DEF Spec

LEMMA Trivial == N = N
  OBVIOUS
====
