---- MODULE Branching ----
\* TLC counts one generated state per way an action can be satisfied: a conjunct without
\* primes still branches on each witness of \E, each true disjunct, each combination under
\* \A, also inside an operator's body, a LET or an IF. Distinct counts do not show this;
\* generated counts do. One configuration per construct. Once every variable has a value,
\* TLC evaluates the remaining conjuncts as plain booleans: they no longer branch.
EXTENDS Naturals
VARIABLE x

Witnesses(y) == \E q \in {1, 2, 3} : q > y
Step == x' = (x + 1) % 3

Init == x = 0
ViaExists == (\E q \in {1, 2, 3} : q > x) /\ Step
ViaOperator == Witnesses(0) /\ Step
ViaForallExists == (\A a \in {1, 2} : \E q \in {1, 2, 3} : q > a) /\ Step
ViaOr == (x = 0 \/ x # 2 \/ x = 2) /\ Step
ViaLet == (LET S == {1, 2} IN \E q \in S : q >= x) /\ Step
ViaIf == (IF x = 0 THEN \E q \in {1, 2} : q > 0 ELSE TRUE) /\ Step
ViaImplies == (\E q \in {1, 2} : q > 0) => Step
AfterAssigned == Step /\ (\E q \in {1, 2, 3} : q > x)
PartlyAssigned == \E y \in {0, 1} : /\ x' = (x + y) % 3
                                      /\ \E q \in {1, 2} : q > y
InitTwice == x = 0 /\ \E q \in {1, 2} : q > 0
ViaTwoBinders == \E q \in {1, 2}, r \in {0, 1} : x' = (x + q * r) % 3
\* CASE takes the first true guard only; a tuple pattern binds two values per element; an
\* x' \in S followed by x' = e keeps the one matching branch.
CaseFirst == CASE x = 0 -> x' = 1 [] x < 2 -> x' = 2 [] OTHER -> x' = 0
TuplePattern == \E <<a, b>> \in {0, 1} \X {0, 1} : x' = (x + a + b) % 3
InThenEq == x' \in {(x + 1) % 3, (x + 2) % 3} /\ x' = (x + 1) % 3
====
