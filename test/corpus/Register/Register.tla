---- MODULE Register ----
\* A write-once register replicated on acceptors, in the style of single-decree Paxos, as in
\* WormSpace. Ballots are pairs <<round, clientId>> ordered lexicographically, round first;
\* <<0, 0>> is below every ballot a client can use. Messages are records in one set.
EXTENDS Naturals, FiniteSets
CONSTANTS Acceptors, Clients, Values, MaxRound
VARIABLES promised, acceptedBallot, acceptedValue, msgs
vars == <<promised, acceptedBallot, acceptedValue, msgs>>

None == 0
Zero == <<0, 0>>
Ballots == (1..MaxRound) \X Clients
Less(a, b) == a[1] < b[1] \/ (a[1] = b[1] /\ a[2] < b[2])
Quorums == {Q \in SUBSET Acceptors : 2 * Cardinality(Q) > Cardinality(Acceptors)}
Send(m) == msgs' = msgs \cup {m}

Init == /\ promised = [a \in Acceptors |-> Zero]
        /\ acceptedBallot = [a \in Acceptors |-> Zero]
        /\ acceptedValue = [a \in Acceptors |-> None]
        /\ msgs = {}

Prepare(b) == /\ ~\E m \in msgs : m.type = "prepare" /\ m.bal = b
              /\ Send([type |-> "prepare", bal |-> b])
              /\ UNCHANGED <<promised, acceptedBallot, acceptedValue>>
Promise(a) == \E m \in msgs :
                /\ m.type = "prepare"
                /\ Less(promised[a], m.bal)
                /\ promised' = [promised EXCEPT ![a] = m.bal]
                /\ Send([type |-> "promise", acc |-> a, bal |-> m.bal,
                         accBal |-> acceptedBallot[a], accVal |-> acceptedValue[a]])
                /\ UNCHANGED <<acceptedBallot, acceptedValue>>
\* The value of the highest-ballot acceptance reported by a quorum's promises, or any value.
SafeValue(b, Q, v) ==
  LET ps == {m \in msgs : m.type = "promise" /\ m.bal = b /\ m.acc \in Q}
      voted == {m \in ps : m.accBal # Zero}
  IN \/ voted = {}
     \/ \E m \in voted : m.accVal = v /\ \A m2 \in voted : ~Less(m.accBal, m2.accBal)
Accept(b, v) == /\ ~\E m \in msgs : m.type = "accept" /\ m.bal = b
                /\ \E Q \in Quorums :
                     /\ \A a \in Q : \E m \in msgs : m.type = "promise" /\ m.bal = b /\ m.acc = a
                     /\ SafeValue(b, Q, v)
                /\ Send([type |-> "accept", bal |-> b, val |-> v])
                /\ UNCHANGED <<promised, acceptedBallot, acceptedValue>>
\* A broken client that ignores what the promises report.
AcceptAnyway(b, v) == /\ ~\E m \in msgs : m.type = "accept" /\ m.bal = b
                      /\ \E Q \in Quorums :
                           \A a \in Q : \E m \in msgs : m.type = "promise" /\ m.bal = b /\ m.acc = a
                      /\ Send([type |-> "accept", bal |-> b, val |-> v])
                      /\ UNCHANGED <<promised, acceptedBallot, acceptedValue>>
Accepted(a) == \E m \in msgs :
                 /\ m.type = "accept"
                 /\ ~Less(m.bal, promised[a])
                 /\ m.bal # acceptedBallot[a]
                 /\ promised' = [promised EXCEPT ![a] = m.bal]
                 /\ acceptedBallot' = [acceptedBallot EXCEPT ![a] = m.bal]
                 /\ acceptedValue' = [acceptedValue EXCEPT ![a] = m.val]
                 /\ Send([type |-> "accepted", acc |-> a, bal |-> m.bal, val |-> m.val])

Next == \/ \E b \in Ballots : Prepare(b) \/ \E v \in Values : Accept(b, v)
        \/ \E a \in Acceptors : Promise(a) \/ Accepted(a)
BuggyNext == \/ \E b \in Ballots : Prepare(b) \/ \E v \in Values : AcceptAnyway(b, v)
             \/ \E a \in Acceptors : Promise(a) \/ Accepted(a)

Chosen(v) == \E b \in Ballots : \E Q \in Quorums : \A a \in Q :
               [type |-> "accepted", acc |-> a, bal |-> b, val |-> v] \in msgs
TypeOK == /\ promised \in [Acceptors -> Ballots \cup {Zero}]
          /\ acceptedBallot \in [Acceptors -> Ballots \cup {Zero}]
          /\ acceptedValue \in [Acceptors -> Values \cup {None}]
Agreement == \A v, w \in Values : Chosen(v) /\ Chosen(w) => v = w
AcceptedBelowPromised == \A a \in Acceptors : ~Less(promised[a], acceptedBallot[a])
====
