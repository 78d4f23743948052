---- MODULE AlternatingBit ----
\* The alternating-bit protocol over two lossy FIFO channels, as sequences of tuples.
EXTENDS Naturals, Sequences
CONSTANTS Data, MaxLen
VARIABLES sent, sBit, rcvd, rBit, msgQ, ackQ
vars == <<sent, sBit, rcvd, rBit, msgQ, ackQ>>

Remove(q, i) == [j \in 1..Len(q) - 1 |-> IF j < i THEN q[j] ELSE q[j + 1]]

Init == /\ sent \in Data
        /\ rcvd = sent
        /\ sBit = 0 /\ rBit = 0
        /\ msgQ = <<>> /\ ackQ = <<>>
SendMsg == /\ Len(msgQ) < MaxLen
           /\ msgQ' = Append(msgQ, <<sBit, sent>>)
           /\ UNCHANGED <<sent, sBit, rcvd, rBit, ackQ>>
RcvMsg == /\ msgQ # <<>>
          /\ msgQ' = Tail(msgQ)
          /\ rBit' = Head(msgQ)[1]
          /\ rcvd' = Head(msgQ)[2]
          /\ UNCHANGED <<sent, sBit, ackQ>>
SendAck == /\ Len(ackQ) < MaxLen
           /\ ackQ' = Append(ackQ, rBit)
           /\ UNCHANGED <<sent, sBit, rcvd, rBit, msgQ>>
RcvAck == /\ ackQ # <<>>
          /\ ackQ' = Tail(ackQ)
          /\ IF Head(ackQ) = sBit
               THEN sBit' = 1 - sBit /\ sent' \in Data
               ELSE UNCHANGED <<sBit, sent>>
          /\ UNCHANGED <<rcvd, rBit, msgQ>>
LoseMsg == /\ \E i \in 1..Len(msgQ) : msgQ' = Remove(msgQ, i)
           /\ UNCHANGED <<sent, sBit, rcvd, rBit, ackQ>>
LoseAck == /\ \E i \in 1..Len(ackQ) : ackQ' = Remove(ackQ, i)
           /\ UNCHANGED <<sent, sBit, rcvd, rBit, msgQ>>
Next == SendMsg \/ RcvMsg \/ SendAck \/ RcvAck \/ LoseMsg \/ LoseAck
Spec == Init /\ [][Next]_vars
\* A sender that takes any acknowledgement as one for its current bit.
RcvAnyAck == /\ ackQ # <<>>
             /\ ackQ' = Tail(ackQ)
             /\ sBit' = 1 - sBit /\ sent' \in Data
             /\ UNCHANGED <<rcvd, rBit, msgQ>>
BuggySpec == Init /\ [][Next \/ RcvAnyAck]_vars

TypeOK == /\ sent \in Data /\ rcvd \in Data
          /\ sBit \in {0, 1} /\ rBit \in {0, 1}
          /\ msgQ \in Seq({0, 1} \X Data) /\ ackQ \in Seq({0, 1})
          /\ Len(msgQ) <= MaxLen /\ Len(ackQ) <= MaxLen
\* When the receiver's bit matches the sender's, it holds the data being sent.
Delivered == rBit = sBit => rcvd = sent
\* Every message carrying the current bit carries the current data.
FreshMessages == \A i \in 1..Len(msgQ) : msgQ[i][1] = sBit => msgQ[i][2] = sent
====
