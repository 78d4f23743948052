---- MODULE LazySets ----
\* Membership in sets that cannot be enumerated, tested lazily as TLC does (Nat \ {0},
\* Int \union {NULL}, UNION {[D -> Int]}, \cap), a recursive function over Nat, and tuple
\* binders in function definitions (f[<<a, b>> \in S \X T]). Ends in a deadlock at x = 4.
EXTENDS Integers, Sequences
CONSTANT NULL
VARIABLES x, y
D == {"a", "b"}
Pos == Nat \ {0}
MaybeInt == Int \union {NULL}
Fns == UNION {[D -> Int]}
Sum[n \in Nat] == IF n = 0 THEN 0 ELSE n + Sum[n - 1]
Add[<<a, b>> \in (0..2) \X (0..2)] == a + b
Pair[a \in 0..1, <<b, c>> \in {<<0, 1>>, <<1, 0>>}] == a + b * c
Init == x = 1 /\ y = NULL
Next == /\ x < 4
        /\ x' = x + 1
        /\ y' = IF x % 2 = 0 THEN x ELSE NULL
Inv == /\ x \in Pos
       /\ x \in Nat \ {0, 7}
       /\ y \in MaybeInt
       /\ [d \in D |-> x] \in Fns
       /\ Sum[x] >= x
       /\ Add[<<1, 1>>] = 2
       /\ Pair[1, <<1, 0>>] = 1
       /\ x \in Pos \cap (0..10)
       /\ y \in (Int \union {NULL}) \ {-1}
====
