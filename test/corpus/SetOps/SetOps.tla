---- MODULE SetOps ----
\* Set constructs: intervals, SUBSET, UNION, comprehension, filter, function sets, record sets, \X.
EXTENDS Naturals, FiniteSets
CONSTANT N
S == 1..N
VARIABLES s, f

ASSUME Cardinality(SUBSET (1..3)) = 8 /\ Cardinality([1..2 -> 1..3]) = 9
ASSUME Cardinality((1..3) \X {"a", "b"}) = 6 /\ 5..3 = {}
ASSUME {1, 2} \cap {2, 3} = {2} /\ {1, 2} \cup {3} = 1..3 /\ {1, 2, 3} \ {2} = {1, 3}
ASSUME UNION {{1, 2}, {2, 3}, {}} = 1..3 /\ SUBSET {} = {{}}
ASSUME {x * x : x \in 0..2} = {0, 1, 4} /\ {x \in 1..10 : x % 4 = 0} = {4, 8}
ASSUME [a : {1}, b : {"x", "y"}] = {[a |-> 1, b |-> "x"], [b |-> "y", a |-> 1]}
ASSUME {<<x, y>> \in (1..2) \X (1..2) : x < y} = {<<1, 2>>}
ASSUME \A <<x, y>> \in (1..2) \X (3..4) : x < y
ASSUME {1, 2} \subseteq 1..2 /\ ~({1, 3} \subseteq 1..2) /\ {} \in SUBSET S
ASSUME Cardinality({{1, 2}, {2, 1}, {1, 1, 2}}) = 1

Init == s = {} /\ f \in [S -> {0, 1}]
Next == \/ \E x \in S \ s : s' = s \cup {x} /\ f' = [f EXCEPT ![x] = 1 - @]
        \/ Cardinality(s) = N /\ s' = {} /\ f' = [y \in S |-> 0]

Inv == /\ s \in SUBSET S
       /\ UNION {{x, x + 1} : x \in s} \subseteq 1..N + 1
       /\ <<Cardinality(s), f[1]>> \in (0..N) \X {0, 1}
       /\ [a |-> Cardinality(s)] \in [a : 0..N]
       /\ {x \in S : f[x] = 1} \in SUBSET S
       /\ f \in [S -> {0, 1}]
       /\ IsFiniteSet(s)
====
