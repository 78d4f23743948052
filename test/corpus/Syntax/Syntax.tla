This text before the module header is ignored.
--------------------------- MODULE Syntax ---------------------------
(* A block comment (* with a nested one *) still inside the outer comment. *)
EXTENDS Naturals, Sequences
VARIABLES x, y \* a line comment
-----------------------------------------------------------------------
Init == /\ x = 0   \* comments between conjuncts
        (* and block comments *)
        /\ y = "a\\*b"
\* Operators defined with prefix, infix and postfix user symbols.
a ++ b == a + b + 1
a ** b == a * b
a ^^ b == a - b
Op1 == 3 ++ 4
-----------------------------------------------------------------------
Next == \/ /\ x < 5
           /\ x' = x ++ 0
           /\ UNCHANGED y
        \/ /\ x = 5
           /\ x' = 0
           /\ y' = IF y = "a\\*b" THEN "c" ELSE "a\\*b"
ASSUME Op1 = 8 /\ 2 ** 3 = 6 /\ 5 ^^ 2 = 3
ASSUME Len("a\\*b") = 4
\* Numbers in binary, octal and hexadecimal, and with leading zeros.
ASSUME \b1010 = 10 /\ \o17 = 15 /\ \h1F = 31 /\ \H1f = 31 /\ 007 = 7
Inv == x \in 0..5 /\ y \in {"a\\*b", "c"}
=======================================================================
Text after the end is ignored too.
