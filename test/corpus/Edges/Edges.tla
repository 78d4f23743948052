---- MODULE Edges ----
\* Corner cases of TLC's values, pinned by assumptions, and what CONSTRAINT and
\* ACTION_CONSTRAINT do to deadlock checking.
EXTENDS Integers, Sequences, FiniteSets, TLC
CONSTANT p1
VARIABLE x

\* EXCEPT on an argument outside the domain leaves the function as it is.
ASSUME [[a |-> 1] EXCEPT !.b = 2] = [a |-> 1]
ASSUME [[y \in 1..2 |-> y] EXCEPT ![5] = 0] = <<1, 2>>
\* TLC's integers are 32-bit; -2147483648 itself cannot be written.
ASSUME 2147483647 - 1 = 2147483646 /\ -2147483647 + 1 = -2147483646 /\ 2^30 = 1073741824
\* An untyped model value differs from every integer, string and set.
ASSUME p1 # 1 /\ p1 # "p1" /\ p1 # {} /\ p1 = p1
ASSUME Cardinality((1..2) \X {"a"} \X BOOLEAN) = 4 /\ <<1, "a", TRUE>> \in (1..2) \X {"a"} \X BOOLEAN
ASSUME <<1, 1, 1, 1, 1>> \in Seq({1}) /\ <<>> \in Seq({}) /\ <<2>> \notin Seq({1})
ASSUME [y \in 1..3 |-> y] \in [1..3 -> Nat] /\ <<1, -1>> \notin [1..2 -> Nat]
ASSUME DOMAIN <<"a", "b">> = 1..2 /\ <<"a", "b">>[2] = "b"
ASSUME <<>> = [y \in {} |-> 0] /\ [a |-> 1, b |-> 2] = [b |-> 2, a |-> 1]
ASSUME {1, 2, 3} = 1..3 /\ {} = 1..0 /\ (1..3) \cap (2..5) = 2..3

Init == x = 0
\* Moves up or down within 0..3.
Next == x' \in {x - 1, x + 1} \cap 0..3
\* Pruning every successor of x = 3 is not a deadlock: x = 3 has successors before pruning.
Up == x' > x
Below3 == x < 3
Inv == x \in 0..3
Stop == x < 3 /\ x' = x + 1
====
