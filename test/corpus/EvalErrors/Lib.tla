---- MODULE Lib ----
\* A library operator that fails when given no large element.
EXTENDS Naturals
Pick(S) == CHOOSE s \in S : s > 10
====
