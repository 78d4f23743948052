---- MODULE OvBase ----
\* Extended by Overrides.tla: every definition here is used here, and the .cfg overrides some of
\* them; TLC applies an override to every use of the definition, in this module too.
EXTENDS Naturals, Sequences
VARIABLES x, q, last

NoValue == CHOOSE v : v \notin Nat    \* unbounded CHOOSE: the .cfg replaces it by a model value
Limit == 100
Helper(n) == n + 10

TypeOK == /\ x \in Nat
          /\ x <= Limit
          /\ q \in Seq({1, 2})
          /\ last \in Nat \cup {NoValue}

BaseInit == x = 0 /\ q = <<>> /\ last = NoValue
BaseNext == \/ \E k \in Nat : k < Limit /\ x' = k /\ UNCHANGED <<q, last>>
            \/ \E s \in Seq({1, 2}) : q' = s /\ last' = Helper(x) /\ UNCHANGED x
====
