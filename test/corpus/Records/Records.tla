---- MODULE Records ----
\* A message pool of records: processes send numbered requests, which get acknowledged.
EXTENDS Naturals
CONSTANTS Procs, MaxBal
VARIABLES msgs, bal

Messages == [type : {"req", "ack"}, from : Procs, bal : 1..MaxBal]

Init == msgs = {} /\ bal = [p \in Procs |-> 0]
Send(p) == /\ bal[p] < MaxBal
           /\ bal' = [bal EXCEPT ![p] = @ + 1]
           /\ msgs' = msgs \cup {[type |-> "req", from |-> p, bal |-> bal[p] + 1]}
Ack(m) == /\ m.type = "req"
          /\ msgs' = (msgs \ {m}) \cup {[m EXCEPT !.type = "ack"]}
          /\ UNCHANGED bal
Next == \/ \E p \in Procs : Send(p)
        \/ \E m \in msgs : Ack(m)

TypeOK == msgs \subseteq Messages /\ bal \in [Procs -> 0..MaxBal]
OneMessagePerBallot == \A m1, m2 \in msgs : m1.from = m2.from /\ m1.bal = m2.bal => m1 = m2
\* Fails once some process has two acknowledged requests.
AtMostOneAckEach == \A p \in Procs : \A m1, m2 \in {m \in msgs : m.type = "ack" /\ m.from = p} : m1 = m2
====
