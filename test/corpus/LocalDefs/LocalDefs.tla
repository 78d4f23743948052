---- MODULE LocalDefs ----
\* Redefines names that Base keeps LOCAL, which is only legal because they are LOCAL.
EXTENDS Base, Integers
VARIABLE x
Secret == -1
Double(x1) == 3 * x1

ASSUME Limit = 42 /\ Secret = -1 /\ Double(2) = 6
ASSUME Window(<<7, 8, 9>>) = <<7, 8>>

Init == x = 0
Next == x' = (x + Double(5)) % Limit \/ x' = (x * 2) % Limit
Inv == x \in 0..Limit - 1 /\ x # Secret
====
