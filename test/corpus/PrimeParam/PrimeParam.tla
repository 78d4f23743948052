---- MODULE PrimeParam ----
\* Priming an operator parameter: Lose(q) == q' = Tail(q) called as Lose(msgQ) assigns msgQ'
\* (TLC looks through the argument to the variable); q' in an expression is the argument primed.
EXTENDS Naturals, Sequences
VARIABLES msgQ, ackQ, n
vars == <<msgQ, ackQ, n>>

Empty(q) == q = <<>>
Send(q, m) == q' = Append(q, m)
Lose(q) == /\ q # <<>>
           /\ q' = Tail(q)
Keep(q) == UNCHANGED q
Grew(q) == Len(q') = Len(q) + 1
Pick(q, S) == q' \in S

Init == Empty(msgQ) /\ Empty(ackQ) /\ n = 0

Next == \/ /\ n < 3
           /\ Send(msgQ, n)
           /\ Grew(msgQ)
           /\ n' = n + 1
           /\ Keep(ackQ)
        \/ /\ Lose(msgQ)
           /\ UNCHANGED <<ackQ, n>>
        \/ /\ msgQ # <<>>
           /\ Send(ackQ, Head(msgQ))
           /\ Lose(msgQ)
           /\ Keep(n)
        \/ /\ Lose(ackQ)
           /\ Keep(msgQ) /\ Keep(n)
        \/ /\ n = 3 /\ ackQ = <<>> /\ msgQ = <<>>
           /\ Pick(n, {0, 1})
           /\ UNCHANGED <<msgQ, ackQ>>

Inv == Len(msgQ) + Len(ackQ) <= 3
====
