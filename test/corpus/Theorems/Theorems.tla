---- MODULE Theorems ----
\* Names from EXTENDS and INSTANCE in ASSUME, named ASSUME and THEOREM/LEMMA (SANY resolves
\* them; TLC evaluates the assumptions), and theorems with proofs, which TLC skips.
EXTENDS ThmBase, FiniteSets
VARIABLE x
S == INSTANCE ThmBase
ASSUME NamedOk == Double(N) = N + N
ASSUME S!Double(1) = 2
THEOREM Simple == Double(N) >= N
  BY DEF Double
THEOREM WithSteps == \A n \in Nat : Double(n) = n + n
  <1>1. TAKE n \in Nat
  <1>2. QED BY <1>1 DEF Double
LEMMA L1 == Cardinality({}) = 0
  OBVIOUS
Init == x = 0
Next == x' = IF x < N THEN Double(x) + 1 ELSE 0
Inv == x <= Double(N)
Spec == Init /\ [][Next]_x
THEOREM Spec => []Inv
  PROOF OMITTED
====
