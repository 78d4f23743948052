---- MODULE BagsOps ----
\* A multiset of items with at most two copies each.
EXTENDS Naturals, FiniteSets, Bags
CONSTANT Items
VARIABLE bag

ASSUME BagToSet(SetToBag({1, 2})) = {1, 2}
ASSUME CopiesIn(1, SetToBag({1}) (+) SetToBag({1, 2})) = 2
ASSUME (SetToBag({1, 2}) (-) SetToBag({1})) = SetToBag({2})
ASSUME BagCardinality(SetToBag({1}) (+) SetToBag({1, 2})) = 3
ASSUME BagUnion({SetToBag({1}), SetToBag({1, 2})}) = (1 :> 2 @@ 2 :> 1)
ASSUME SetToBag({1}) \sqsubseteq SetToBag({1, 2}) /\ IsABag(EmptyBag)
ASSUME Cardinality(SubBag(SetToBag({1, 2}))) = 4
ASSUME BagOfAll(LAMBDA e : e % 2, SetToBag({1, 2, 3})) = (1 :> 2 @@ 0 :> 1)

Init == bag = EmptyBag
Add(i) == CopiesIn(i, bag) < 2 /\ bag' = bag (+) SetToBag({i})
Remove(i) == BagIn(i, bag) /\ bag' = bag (-) SetToBag({i})
Next == \E i \in Items : Add(i) \/ Remove(i)

Inv == /\ IsABag(bag)
       /\ BagCardinality(bag) <= 2 * Cardinality(Items)
       /\ BagToSet(bag) \subseteq Items
       /\ \A i \in BagToSet(bag) : CopiesIn(i, bag) \in 1..2
====
