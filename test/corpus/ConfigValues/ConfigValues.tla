---- MODULE ConfigValues ----
\* Constant values of every kind a .cfg file can give: integers (TLC's .cfg has no negative
\* literals, hence -Offset), strings, booleans, sets of integers, of strings and of model
\* values, nested sets, and a lone model value.
EXTENDS Integers, FiniteSets
CONSTANTS Count, Offset, Name, Verbose, Weights, Labels, Roles, Groups, Unset
VARIABLE i

ASSUME Count = 3 /\ Offset = 2 /\ Name = "node" /\ Verbose = FALSE
ASSUME Weights = {1, 2, 3} /\ Labels = {"x", "y"} /\ Cardinality(Roles) = 2
ASSUME Groups = {{1}, {2, 3}} /\ Unset \notin Roles

Init == i = -Offset
Next == i < Count /\ \E w \in Weights : i' = i + w
Inv == i \in -Offset..(Count + CHOOSE w \in Weights : \A v \in Weights : w >= v) /\ (Verbose => Name = "node")
====
