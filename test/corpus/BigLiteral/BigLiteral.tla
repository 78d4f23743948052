---- MODULE BigLiteral ----
\* An integer literal outside TLC's 32-bit range.
EXTENDS Integers
VARIABLE x
Init == x = 0
Next == x' = IF x = 0 THEN 2147483648 ELSE 0
====
