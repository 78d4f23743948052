---- MODULE Unchecked ----
\* A temporal property the embedded checker cannot check (a quantifier over Nat in a temporal
\* formula): `wormspace check` must not pass it silently.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x < 2 /\ x' = x + 1
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Reaches == <>(x = 2)
EveryN == \A n \in Nat : <>(x >= n)
====
