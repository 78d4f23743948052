---- MODULE Enumeration ----
\* The order in which \E enumerates each kind of set decides which violating successor is
\* found first, and so the counts at the stop. One configuration per kind of set.
EXTENDS Naturals, FiniteSets
VARIABLE x
Init == x = <<>>
NSubset == \E s \in SUBSET (1..3) : x' = <<s>>
NFcn == \E f \in [1..2 -> 1..3] : x' = <<f>>
NRec == \E r \in [a : 1..3, b : 1..2] : x' = <<r>>
NProd == \E p \in (1..3) \X (1..3) : x' = <<p>>
NImage == \E v \in {10 - k : k \in 1..5} : x' = <<v>>
NUnion == \E v \in UNION {{5, 6}, {1, 2}, {4}} : x' = <<v>>
NSubsetK == \E s \in {t \in SUBSET (1..4) : Cardinality(t) = 2} : x' = <<s>>
InvSubset == x = <<>> \/ Cardinality(x[1]) # 2
InvFcn == x = <<>> \/ x[1][1] # 2
InvRec == x = <<>> \/ x[1].a # 2
InvProd == x = <<>> \/ x[1][1] # 2
InvImage == x = <<>> \/ x[1] # 7
InvUnion == x = <<>> \/ x[1] # 4
InvSubsetK == x = <<>> \/ 3 \notin x[1]
====
