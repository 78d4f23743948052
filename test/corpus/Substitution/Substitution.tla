---- MODULE Substitution ----
\* Configuration substitutions with <-: a constant replaced by an operator of the spec, an
\* operator-valued constant, and a defined operator overridden by another definition.
EXTENDS Naturals, FiniteSets
CONSTANTS Limit, Servers, Combine(_, _)
VARIABLES n, up

Step == 1
Init == n = 0 /\ up = {}
Next == \/ n < Limit /\ n' = Combine(n, Step) /\ UNCHANGED up
        \/ \E s \in Servers \ up : up' = up \cup {s} /\ UNCHANGED n
        \/ up # {} /\ up' = {} /\ n' = 0

Inv == n <= Limit + 1 /\ up \subseteq Servers

MCLimit == 2 * Cardinality(Servers)
MCCombine(a, b) == a + b
DoubleStep == 2
====
