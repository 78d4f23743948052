---- MODULE IntArith ----
\* Integer arithmetic with negative numbers: \div floors, % is never negative.
EXTENDS Integers
VARIABLES a, b

ASSUME (-7) \div 2 = -4 /\ -7 \div 2 = -3  \* unary minus binds looser than \div
ASSUME (-7) % 2 = 1 /\ -7 % 2 = 1  \* but tighter than %
ASSUME 2^10 = 1024 /\ (-2)^3 = -8
ASSUME -3 \in Int /\ -3 \notin Nat /\ 0 \in Nat
ASSUME -(-3) = 3 /\ -4..-2 = {-4, -3, -2}
ASSUME 3 - 5 = -2 /\ -2 * (-3) = 6 /\ -2 < 1 /\ -2 >= -2

Init == a \in -2..2 /\ b = 0
Mix == a' = ((a * 3 + b) % 7) - 3 /\ b' = (b + a) % 5
Flip == a' = -a /\ b' = b \div 2
Down == a > -4 /\ a' = a - 1 /\ UNCHANGED b
Next == Mix \/ Flip \/ Down

Inv == a \in -4..4 /\ b \in 0..4
====
