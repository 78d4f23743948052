---- MODULE Functions ----
\* Functions: constructors, EXCEPT with @ and several paths, DOMAIN, functions of two
\* arguments, function sets, CASE, and equality of functions with tuples and records.
EXTENDS Naturals, FiniteSets, TLC
CONSTANTS Nodes, MaxVal
VARIABLES val, edge

ASSUME [x \in {1, 2} |-> x * 10] = <<10, 20>>
ASSUME [x \in {} |-> 1] = <<>>
ASSUME [[a |-> 1, b |-> 2] EXCEPT !.a = @ + 5] = [b |-> 2, a |-> 6]
ASSUME [<<1, 2>> EXCEPT ![2] = 7, ![1] = @ * 3] = <<3, 7>>
ASSUME [[x \in 1..2 |-> <<0, 0>>] EXCEPT ![2][1] = 9] = <<<<0, 0>>, <<9, 0>>>>
ASSUME LET g[x \in 1..3, y \in 1..2] == x * y IN g[3, 2] = 6 /\ DOMAIN g = (1..3) \X (1..2)
ASSUME [a |-> 1] = [x \in {"a"} |-> 1]
ASSUME DOMAIN [a |-> 1, b |-> 2] = {"a", "b"}
ASSUME LET sum[n \in 0..5] == IF n = 0 THEN 0 ELSE n + sum[n - 1] IN sum[5] = 15
ASSUME [[s \in SUBSET {1, 2} |-> Cardinality(s)] EXCEPT ![{1}] = 9][{1}] = 9
ASSUME [<<<<1, 2, 3>>>> EXCEPT ![1][2] = @ + 1, ![1][3] = @ * 2] = <<<<1, 3, 6>>>>
ASSUME ([a |-> 1] @@ ("b" :> 2)) = [a |-> 1, b |-> 2]
ASSUME Cardinality({[a |-> 1], [b |-> 1], [a |-> 1, b |-> 1]}) = 3
ASSUME [<<[v |-> 1], [v |-> 2]>> EXCEPT ![2].v = 7] = <<[v |-> 1], [v |-> 7]>>
ASSUME [<<1, 2>> EXCEPT ![1] = 5, ![1] = @ + 1] = <<6, 2>>

Init == /\ val = [n \in Nodes |-> 0]
        /\ edge \in [Nodes \X Nodes -> BOOLEAN]
Bump(n) == val[n] < MaxVal /\ val' = [val EXCEPT ![n] = @ + 1] /\ UNCHANGED edge
Flip(a, b) == /\ edge[a, b]
              /\ edge' = [edge EXCEPT ![a, b] = FALSE, ![b, a] = TRUE]
              /\ val' = [val EXCEPT ![a] = CASE @ = 0 -> 0
                                           [] @ = MaxVal -> @ - 1
                                           [] OTHER -> @]
Next == \E n \in Nodes : Bump(n) \/ \E m \in Nodes : Flip(n, m)

Inv == /\ DOMAIN val = Nodes
       /\ DOMAIN edge = Nodes \X Nodes
       /\ val \in [Nodes -> 0..MaxVal]
       /\ \A n \in Nodes : edge[n, n] \in BOOLEAN
====
