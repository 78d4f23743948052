---- MODULE Filtered ----
\* Membership in a filter of an infinite set, {n \in Nat : P(n)}, tests P at one value and
\* never enumerates the set.
EXTENDS Integers
VARIABLE x

Even == {n \in Nat : n % 2 = 0}
Negative == {n \in Int : n < 0}
ASSUME 4 \in Even /\ 3 \notin Even /\ {2, 4} \subseteq Even /\ -3 \in Negative

Init == x = 0
Next == x' = (x + 2) % 10
TypeOK == x \in Even /\ x \notin Negative
====
