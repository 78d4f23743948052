---- MODULE LazyFunctions ----
\* TLC builds [x \in S |-> e] lazily: applying it at one point evaluates e there only, so a
\* function whose body fails at some unused point is harmless (until it is compared,
\* printed or stored in a state).
EXTENDS Integers, Sequences
VARIABLE i

Share == [k \in 0..4 |-> 12 \div k]
Ratio[n \in 0..4] == IF n = 0 THEN 1 \div 0 ELSE 12 \div n
ASSUME Share[3] = 4 /\ [k \in 0..2 |-> 10 \div k][2] = 5
ASSUME LET g[n \in 0..3] == IF n = 0 THEN Head(<<>>) ELSE n IN g[2] = 2

Init == i = 1
Next == i' = (i % 4) + 1
Inv == Share[i] + Ratio[i] = 2 * (12 \div i)
====
