---- MODULE EvalErrors ----
\* Evaluation errors that TLC reports after a few steps, one configuration each:
\* adding a string to a number, applying a function outside its domain, CHOOSE without a
\* witness, a failed Assert, integer overflow, a set TLC cannot order, division by zero, Head of
\* the empty sequence, and an invariant that cannot be evaluated.
EXTENDS Naturals, Sequences, FiniteSets, TLC
VARIABLES x, f

Init == x = 0 /\ f = [i \in 1..3 |-> i * i]
\* Leaves f unassigned.
GrowOnlyX == x' = x + 1
Grow == x < 5 /\ x' = x + 1 /\ UNCHANGED f

AddString == \/ Grow
             \/ x = 2 /\ x' = x + "a" /\ UNCHANGED f
OutsideDomain == \/ Grow
                 \/ x = 3 /\ x' = f[x + 1] /\ UNCHANGED f
NoWitness == \/ Grow
             \/ x = 4 /\ x' = (CHOOSE y \in 1..x : y > 10) /\ UNCHANGED f
AssertFails == \/ Grow
               \/ x = 3 /\ Assert(x < 3, "x reached 3") /\ x' = 0 /\ UNCHANGED f
Overflow == \/ Grow
            \/ x = 2 /\ x' = 2147483647 * x /\ UNCHANGED f

\* TLC cannot order 2 against "two", so it cannot build this set.
MixedSet == \/ Grow
            \/ x = 2 /\ x' = Cardinality({x, "two"}) /\ UNCHANGED f
DivideByZero == \/ Grow
                \/ x = 2 /\ x' = 10 \div (x - 2) /\ UNCHANGED f
HeadOfEmpty == \/ Grow
               \/ x = 1 /\ x' = Head(<<>>) /\ UNCHANGED f
\* f has domain 1..3: the invariant fails to evaluate once x = 3.
InDomain == f[x + 1] > 0

NoWitnessInit == x = (CHOOSE y \in {1, 2} : y > 2) /\ f = <<>>
====
