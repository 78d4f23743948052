---- MODULE Level ----
\* TLCGet("level"): the depth of the current state in the breadth-first search (the initial
\* states are at level 1), used to bound an unbounded spec and in an invariant; and the run
\* statistics TLCGet("distinct") and TLCGet("generated").
EXTENDS Naturals, TLC
VARIABLES x, y

Init == x = 0 /\ y = 0
Next == \/ x' = x + 1 /\ UNCHANGED y
        \/ y' = y + 2 /\ UNCHANGED x
        \/ x > 0 /\ x' = x - 1 /\ y' = y + 1
DepthBound == TLCGet("level") < 5
ShallowEnough == x + y < 2 * TLCGet("level")
SumBelow6 == x + y < 6
\* Run statistics: stop exploring once 20 distinct states are known.
FewStates == TLCGet("distinct") < 20
GeneratedSoFar == TLCGet("generated") >= TLCGet("distinct")
====
