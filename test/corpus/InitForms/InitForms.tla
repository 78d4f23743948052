---- MODULE InitForms ----
\* Initial predicates of several shapes: a SUBSET of initial values, a filter after all
\* variables are set, a disjunction whose branches overlap (the same initial state twice),
\* \E in Init, and IF in Init.
EXTENDS Naturals, FiniteSets
VARIABLES s, t, u

Init == \/ /\ s \in SUBSET (1..5)
           /\ t = Cardinality(s)
           /\ u \in {x \in 1..4 : x % 2 = 0}
           /\ t <= 3
        \/ \E k \in 1..2 : s = {k} /\ t = 1 /\ u = IF k = 1 THEN 2 ELSE 0
Next == \/ /\ s # {}
           /\ \E e \in s : s' = s \ {e}
           /\ t' = t - 1
           /\ UNCHANGED u
        \/ s = {} /\ u > 0 /\ u' = u - 1 /\ UNCHANGED <<s, t>>

TypeOK == s \subseteq 1..5 /\ t = Cardinality(s) /\ u \in 0..4
====
