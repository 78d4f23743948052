---- MODULE Partitions ----
\* The partitions of 1..N into blocks: states are sets of sets, merged and split.
EXTENDS Naturals, FiniteSets
CONSTANT N
VARIABLE part

Init == part = {{i} : i \in 1..N}
Merge == \E A, B \in part : A # B /\ part' = (part \ {A, B}) \cup {A \cup B}
Split == \E A \in part : \E e \in A : Cardinality(A) > 1 /\ part' = (part \ {A}) \cup {A \ {e}, {e}}
Next == Merge \/ Split

IsPartition == /\ UNION part = 1..N
               /\ \A A, B \in part : A = B \/ A \cap B = {}
               /\ {} \notin part
NoBigBlock == \A A \in part : Cardinality(A) < N - 1
====
