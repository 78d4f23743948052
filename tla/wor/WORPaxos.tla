------------------------------ MODULE WORPaxos ------------------------------
(***************************************************************************)
(* One WormSpace register implemented as single-decree Paxos over the      *)
(* global layer (../global/Network.tla).                                   *)
(*                                                                         *)
(* Acceptors are the servers of the register's partition.  Each keeps, on  *)
(* disk, promised, acceptedBallot and acceptedValue (src/core/acceptor.ts). *)
(* Clients are proposers and learners:                                     *)
(*   capture = phase 1: Prepare(b) -> Promise | Nack from a quorum;        *)
(*   write   = phase 2: Accept(b, v) -> Accepted | Nack from a quorum,     *)
(*             where v is the value of the highest accepted ballot that    *)
(*             phase 1 revealed, if any (the caller then learns            *)
(*             alreadyWritten);                                            *)
(*   read    = a ballot-less ReadQuery to all; with a quorum of replies:   *)
(*             nothing accepted -> unwritten; the highest accepted ballot  *)
(*             held by the whole quorum -> that value; otherwise the       *)
(*             register is half-written and the reader repairs it by       *)
(*             re-sending Accept(b, v) for the highest (b, v) it saw, and  *)
(*             answers v once a quorum accepted it.                        *)
(* A capture id IS the ballot <<round, clientId>> of the capture.          *)
(*                                                                         *)
(* A capture id may be handed to other clients, several at once (HandOver):*)
(* then acceptors can hold different values at one ballot.  Each acceptor  *)
(* refuses a second value at a ballot it accepted, so at most one value is *)
(* chosen per ballot, and every decision compares values as well as        *)
(* ballots: a read answers only a value a quorum holds at one ballot, a    *)
(* write learns alreadyWritten(x) only from a quorum holding x at one      *)
(* ballot, and a phase 1 that sees two values at its top ballot takes the  *)
(* one that may still be chosen there (waiting, while both may).           *)
(*                                                                         *)
(* Bug switches (models that must fail): AcceptBelowPromise,               *)
(* WriteIgnoresAccepted, ReadWithoutRepair, BallotsOnly (decisions compare *)
(* ballots only, the code before issue 12).  Fault switches: WithCrashes   *)
(* (acceptors crash and recover, clients crash), WithLoss (the network     *)
(* loses messages), WithTimeouts (clients give up on calls);               *)
(* duplication and reordering are always on (see Network.tla).             *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    Acceptor, Client, Value, None, MaxRound,
    MaxReads,             \* reads per client, to keep read nonces finite
    Wants,                \* Wants[c]: the values client c may ask to write
    AcceptBelowPromise,   \* bug: an acceptor accepts any ballot
    WriteIgnoresAccepted, \* bug: phase 2 sends the caller's value regardless
    ReadWithoutRepair,    \* bug: a read answers the highest value it saw
    BallotsOnly,          \* bug: reads, write refusals and phase 1 compare ballots, not values
    WithCrashes, WithLoss,\* faults of the global layer to include
    WithTimeouts,         \* whether clients give up on pending calls
    WithHandOver          \* whether clients hand capture ids to each other

Ballot == (1..MaxRound) \X Client
NoId == <<0, 0>>
Less(b1, b2) == \/ b1[1] < b2[1]
                \/ b1[1] = b2[1] /\ b1[2] < b2[2]
LessEq(b1, b2) == b1 = b2 \/ Less(b1, b2)
Quorum == {Q \in SUBSET Acceptor : 2 * Cardinality(Q) > Cardinality(Acceptor)}
QuorumSize == Cardinality(Acceptor) \div 2 + 1

\* The messages, named as in src/core/messages.ts.
Message ==
         [type : {"Prepare"}, bal : Ballot]
    \cup [type : {"Promise"}, from : Acceptor, bal : Ballot,
          acceptedBallot : Ballot \cup {NoId}, acceptedValue : Value \cup {None}]
    \cup [type : {"Accept"}, bal : Ballot, val : Value]
    \cup [type : {"Accepted"}, from : Acceptor, bal : Ballot, val : Value]
    \cup [type : {"Nack"}, from : Acceptor, bal : Ballot, promised : Ballot \cup {NoId},
          acceptedBallot : Ballot \cup {NoId}, acceptedValue : Value \cup {None}]
    \cup [type : {"ReadQuery"}, client : Client, n : 1..MaxReads]
    \cup [type : {"ReadReply"}, from : Acceptor, client : Client, n : 1..MaxReads,
          acceptedBallot : Ballot \cup {NoId}, acceptedValue : Value \cup {None}]

\* A client's local state.  phase: idle; capturing (Prepare sent with
\* ballot b); captured (holds capture id b, w = the value phase 1 revealed or
\* None); writing (Accept(b, w) sent for the caller's value v); reading (query
\* n sent); repairing (re-sent Accept(b, w) for query n).  unw is a history
\* field, never read by an action: whether the register was unwritten when
\* the read began, used only by the refinement mapping.
ClientState == [phase : {"idle", "capturing", "captured", "writing", "reading", "repairing"},
                b : Ballot \cup {NoId}, v : Value \cup {None}, w : Value \cup {None},
                n : 0..MaxReads, unw : BOOLEAN]
IdleState == [phase |-> "idle", b |-> NoId, v |-> None, w |-> None, n |-> 0, unw |-> FALSE]

Result == [code : {"none", "ok", "alreadyWritten", "preempted", "unwritten", "timeout"},
           val : Value \cup {None}, id : Ballot \cup {NoId}]
Answer(code, val, id) == [code |-> code, val |-> val, id |-> id]

VARIABLES
    msgs,           \* the network: messages in flight (Network)
    up,             \* up[a]: acceptor a is running (Network)
    promised,       \* promised[a]: the highest ballot a promised; durable
    acceptedBallot, \* acceptedBallot[a]: the ballot of a's accepted value, or NoId; durable
    acceptedValue,  \* acceptedValue[a]: a's accepted value, or None; durable
    round,          \* round[c]: the last round c used; durable at the client,
                    \* so a restarted client never reuses a ballot
    reads,          \* reads[c]: the number of reads c started (query nonces)
    cs,             \* cs[c]: c's local state, a ClientState
    result,         \* result[c]: the last answer c returned to its caller
    votes,          \* history: votes[a] = every <<ballot, value>> a ever accepted
    proposed        \* history: the values write calls carried

vars == <<msgs, up, promised, acceptedBallot, acceptedValue, round, reads, cs, result, votes, proposed>>

Net == INSTANCE Network WITH Server <- Acceptor

TypeOK ==
    /\ msgs \subseteq Message
    /\ up \in [Acceptor -> BOOLEAN]
    /\ promised \in [Acceptor -> Ballot \cup {NoId}]
    /\ acceptedBallot \in [Acceptor -> Ballot \cup {NoId}]
    /\ acceptedValue \in [Acceptor -> Value \cup {None}]
    /\ round \in [Client -> 0..MaxRound]
    /\ reads \in [Client -> 0..MaxReads]
    /\ cs \in [Client -> ClientState]
    /\ result \in [Client -> Result]
    /\ votes \in [Acceptor -> SUBSET (Ballot \X Value)]
    /\ proposed \subseteq Value

Init ==
    /\ Net!NetInit
    /\ promised = [a \in Acceptor |-> NoId]
    /\ acceptedBallot = [a \in Acceptor |-> NoId]
    /\ acceptedValue = [a \in Acceptor |-> None]
    /\ round = [c \in Client |-> 0]
    /\ reads = [c \in Client |-> 0]
    /\ cs = [c \in Client |-> IdleState]
    /\ result = [c \in Client |-> Answer("none", None, NoId)]
    /\ votes = [a \in Acceptor |-> {}]
    /\ proposed = {}

\* A value is chosen when a quorum accepted it in one ballot.
ChosenAt(b, v) == \E Q \in Quorum : \A a \in Q : <<b, v>> \in votes[a]
Chosen(v) == \E b \in Ballot : ChosenAt(b, v)
ChosenValues == {v \in Value : Chosen(v)}

AcceptorVars == <<promised, acceptedBallot, acceptedValue, votes>>
ClientVars == <<round, reads, cs, result, proposed>>

-----------------------------------------------------------------------------
(* Clients (the proposer and learner state machines of the client library) *)

\* capture(): start phase 1 with the client's next ballot.
Capture(c) ==
    /\ cs[c].phase = "idle"
    /\ Wants[c] # {}      \* a client that never writes has no use for a capture
    /\ round[c] < MaxRound
    /\ LET b == <<round[c] + 1, c>> IN
        /\ round' = [round EXCEPT ![c] = b[1]]
        /\ cs' = [cs EXCEPT ![c] = [IdleState EXCEPT !.phase = "capturing", !.b = b]]
        /\ Net!Send([type |-> "Prepare", bal |-> b])
    /\ UNCHANGED <<up, AcceptorVars, reads, result, proposed>>

\* The promises for ballot b that have arrived.
Promises(b) == {m \in msgs : m.type = "Promise" /\ m.bal = b}

\* The highest accepted <<ballot, value>> among a set of promises or replies
\* (<<NoId, None>> when none carries a value).
Highest(S) ==
    IF \A m \in S : m.acceptedBallot = NoId THEN <<NoId, None>>
    ELSE LET m == CHOOSE m \in S : /\ m.acceptedBallot # NoId
                                   /\ \A o \in S : LessEq(o.acceptedBallot, m.acceptedBallot)
         IN <<m.acceptedBallot, m.acceptedValue>>

\* The values that the promises P (from the acceptors Q) report at the top
\* ballot k, and those of them that may be chosen at k: held by enough of Q
\* that, with every acceptor outside Q, they could make a quorum.
TopValues(P) == LET k == Highest(P)[1] IN
    {m.acceptedValue : m \in {m \in P : m.acceptedBallot = k /\ k # NoId}}
MaybeChosenAtTop(P, Q) == LET k == Highest(P)[1] IN
    {v \in TopValues(P) :
        Cardinality({a \in Q : \E m \in P : m.from = a /\ m.acceptedBallot = k /\ m.acceptedValue = v})
            + Cardinality(Acceptor \ Q) >= QuorumSize}
\* What phase 1 may carry forward: the one value at the top ballot; of two or
\* more, the one that may be chosen there, or any of them when none may be
\* (src/core/proposer/op.ts decidePhase1).  Empty while two may be chosen:
\* the proposer waits for more promises.  With BallotsOnly, any top value.
Phase1Values(P, Q) ==
    IF TopValues(P) = {} THEN {None}
    ELSE IF BallotsOnly \/ Cardinality(TopValues(P)) = 1 THEN TopValues(P)
    ELSE IF MaybeChosenAtTop(P, Q) = {} THEN TopValues(P)
    ELSE IF Cardinality(MaybeChosenAtTop(P, Q)) = 1 THEN MaybeChosenAtTop(P, Q)
    ELSE {}

\* Phase 1 done: a quorum promised b.  The capture answers ok(b); the value
\* phase 1 revealed (if any) is kept for the write.
CaptureDone(c) ==
    /\ cs[c].phase = "capturing"
    /\ \E Q \in Quorum :
        LET P == {m \in Promises(cs[c].b) : m.from \in Q} IN
        /\ \A a \in Q : \E m \in P : m.from = a
        /\ \E w \in Phase1Values(P, Q) :
            cs' = [cs EXCEPT ![c].phase = "captured", ![c].w = w]
    /\ result' = [result EXCEPT ![c] = Answer("ok", None, cs[c].b)]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, proposed>>

\* Client c hands the capture id it holds to idle client d, and keeps it:
\* both may write with it.  (Together with the value phase 1 revealed: the
\* code's capture completes a revealed value above the id before it answers,
\* so that a write with the id, whoever makes it, learns that value.)
HandOver(c, d) ==
    /\ WithHandOver
    /\ cs[c].phase = "captured" /\ c # d
    /\ cs[d].phase = "idle" /\ Wants[d] # {}
    /\ cs' = [cs EXCEPT ![d] = cs[c]]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, result, proposed>>

Nacked(b) == \E m \in msgs : m.type = "Nack" /\ m.bal = b
\* A refusal from an acceptor that promised above b (a larger capture id).
Overtaken(b) == \E m \in msgs : m.type = "Nack" /\ m.bal = b /\ Less(b, m.promised)

\* An acceptor had promised a larger ballot: the capture is preempted.
CapturePreempted(c) ==
    /\ cs[c].phase = "capturing"
    /\ Nacked(cs[c].b)
    /\ cs' = [cs EXCEPT ![c] = IdleState]
    /\ result' = [result EXCEPT ![c] = Answer("preempted", None, cs[c].b)]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, proposed>>

\* write(v, b): phase 2 with the held capture id.  The value sent is the one
\* phase 1 revealed, if any, else v.
Write(c, v) ==
    /\ cs[c].phase = "captured"
    /\ LET w == IF cs[c].w # None /\ ~WriteIgnoresAccepted THEN cs[c].w ELSE v IN
        /\ cs' = [cs EXCEPT ![c].phase = "writing", ![c].v = v, ![c].w = w]
        /\ Net!Send([type |-> "Accept", bal |-> cs[c].b, val |-> w])
    /\ proposed' = proposed \cup {v}
    /\ UNCHANGED <<up, AcceptorVars, round, reads, result>>

\* The acceptors that accepted (b, v).  (The code's Accepted reply names no
\* value: it goes back, by rid, to the call that sent that very Accept.)
AcceptedBy(b, v) == {m.from : m \in {m \in msgs : m.type = "Accepted" /\ m.bal = b /\ m.val = v}}

\* Phase 2 done: a quorum accepted.  ok if the caller's own value went out,
\* else alreadyWritten with the value that was there.
WriteDone(c) ==
    /\ cs[c].phase = "writing"
    /\ \E Q \in Quorum : Q \subseteq AcceptedBy(cs[c].b, cs[c].w)
    /\ result' = [result EXCEPT ![c] =
                    IF cs[c].w = cs[c].v THEN Answer("ok", cs[c].w, cs[c].b)
                    ELSE Answer("alreadyWritten", cs[c].w, cs[c].b)]
    /\ cs' = [cs EXCEPT ![c] = IdleState]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, proposed>>

\* preempted: an acceptor promised a larger ballot.  (Refusals that only
\* hold other values at b, from writers sharing the id, are no preemption.)
WritePreempted(c) ==
    /\ cs[c].phase = "writing"
    /\ Overtaken(cs[c].b)
    /\ cs' = [cs EXCEPT ![c] = IdleState]
    /\ result' = [result EXCEPT ![c] = Answer("preempted", None, cs[c].b)]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, proposed>>

\* The refusals of a quorum hold one value x at one ballot k: x is chosen,
\* and the write answers alreadyWritten(x) (paxos-op.ts WriteOp, chosenAmong).
WriteAlreadyWritten(c) ==
    /\ cs[c].phase = "writing"
    /\ LET N == {m \in msgs : m.type = "Nack" /\ m.bal = cs[c].b} IN
       \E r \in N :
        /\ r.acceptedBallot # NoId
        /\ 2 * Cardinality({m.from : m \in {m \in N : /\ m.acceptedBallot = r.acceptedBallot
                                                   /\ (BallotsOnly \/ m.acceptedValue = r.acceptedValue)}})
               > Cardinality(Acceptor)
        /\ result' = [result EXCEPT ![c] = Answer("alreadyWritten", r.acceptedValue, cs[c].b)]
    /\ cs' = [cs EXCEPT ![c] = IdleState]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, proposed>>

\* read(): query every acceptor, without a ballot.
Read(c) ==
    /\ cs[c].phase = "idle"
    /\ reads[c] < MaxReads
    /\ reads' = [reads EXCEPT ![c] = @ + 1]
    /\ cs' = [cs EXCEPT ![c] = [IdleState EXCEPT !.phase = "reading", !.n = reads[c] + 1,
                                                 !.unw = (ChosenValues = {})]]
    /\ Net!Send([type |-> "ReadQuery", client |-> c, n |-> reads[c] + 1])
    /\ UNCHANGED <<up, AcceptorVars, round, result, proposed>>

Replies(c, n, Q) == {m \in msgs : m.type = "ReadReply" /\ m.client = c /\ m.n = n /\ m.from \in Q}

\* A quorum Q replied to the read.  Nothing accepted: unwritten.  The top
\* ballot and one value held by all of Q: that value is chosen, answer it.
\* Otherwise repair: re-send Accept(top) for a value the replies hold at the
\* top ballot (with one capture id shared by several writers there may be
\* several; the code then runs Paxos at a fresh ballot instead).
ReadDone(c) ==
    /\ cs[c].phase = "reading"
    /\ \E Q \in Quorum :
        LET RQ == Replies(c, cs[c].n, Q)
            top == Highest(RQ) IN
        /\ \A a \in Q : \E m \in RQ : m.from = a
        /\ IF top[1] = NoId
           THEN /\ result' = [result EXCEPT ![c] = Answer("unwritten", None, NoId)]
                /\ cs' = [cs EXCEPT ![c] = IdleState]
                /\ UNCHANGED msgs
           ELSE IF ReadWithoutRepair
                   \/ \A a \in Q : \E m \in RQ : /\ m.from = a /\ m.acceptedBallot = top[1]
                                              /\ (BallotsOnly \/ m.acceptedValue = top[2])
           THEN /\ result' = [result EXCEPT ![c] = Answer("ok", top[2], NoId)]
                /\ cs' = [cs EXCEPT ![c] = IdleState]
                /\ UNCHANGED msgs
           ELSE \E v \in TopValues(RQ) :
                /\ cs' = [cs EXCEPT ![c].phase = "repairing", ![c].b = top[1], ![c].w = v]
                /\ Net!Send([type |-> "Accept", bal |-> top[1], val |-> v])
                /\ UNCHANGED result
    /\ UNCHANGED <<up, AcceptorVars, round, reads, proposed>>

\* The repair reached a quorum: the value is now chosen; answer it.
RepairDone(c) ==
    /\ cs[c].phase = "repairing"
    /\ \E Q \in Quorum : Q \subseteq AcceptedBy(cs[c].b, cs[c].w)
    /\ result' = [result EXCEPT ![c] = Answer("ok", cs[c].w, NoId)]
    /\ cs' = [cs EXCEPT ![c] = IdleState]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, proposed>>

\* The client gives up on a pending call (a capture, write or read, or a
\* repair that met a larger promise).  A held capture id is not a call.
Timeout(c) ==
    /\ WithTimeouts
    /\ cs[c].phase \in {"capturing", "writing", "reading", "repairing"}
    /\ result' = [result EXCEPT ![c] = Answer("timeout", None,
                    IF cs[c].phase \in {"reading", "repairing"} THEN NoId ELSE cs[c].b)]
    /\ cs' = [cs EXCEPT ![c] = IdleState]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, proposed>>

\* The client crashes and restarts (with WithCrashes): it forgets its call
\* and a held capture id.  round is durable, so it never reuses a ballot;
\* result is what its caller last saw.
ClientCrash(c) ==
    /\ WithCrashes
    /\ cs[c].phase # "idle"
    /\ cs' = [cs EXCEPT ![c] = IdleState]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, result, proposed>>

-----------------------------------------------------------------------------
(* Acceptors (src/core/acceptor.ts).  A down acceptor takes no step.      *)

\* Phase 1: promise b if b is larger than the current promise, and report
\* the accepted ballot and value.  A Prepare of the ballot already promised
\* is a duplicate: the network already delivers the first Promise again.
\* (src/core/acceptor.ts answers it anew.  While the promise is still b the
\* acceptor can only have accepted ballot b itself since, which happens after
\* b's capture completed; so the new answer either repeats the first one or
\* comes too late for any capture to use it.)
Promise(a) ==
    /\ up[a]
    /\ \E m \in msgs :
        /\ m.type = "Prepare"
        /\ Less(promised[a], m.bal)
        /\ promised' = [promised EXCEPT ![a] = m.bal]
        /\ Net!Send([type |-> "Promise", from |-> a, bal |-> m.bal,
                     acceptedBallot |-> acceptedBallot[a], acceptedValue |-> acceptedValue[a]])
    /\ UNCHANGED <<up, acceptedBallot, acceptedValue, votes, ClientVars>>

\* A refusal reports the acceptor's state (messages.ts Nack).
NackOf(a, b) == [type |-> "Nack", from |-> a, bal |-> b, promised |-> promised[a],
                 acceptedBallot |-> acceptedBallot[a], acceptedValue |-> acceptedValue[a]]

RejectPrepare(a) ==
    /\ up[a]
    /\ \E m \in msgs :
        /\ m.type = "Prepare"
        /\ Less(m.bal, promised[a])
        /\ Net!Send(NackOf(a, m.bal))
    /\ UNCHANGED <<up, AcceptorVars, ClientVars>>

\* Accept(b, v) carries a second value for a ballot a already accepted
\* (writers sharing one capture id): refused, so that each acceptor holds at
\* most one value per ballot, and at most one value is chosen per ballot.
OtherValueAt(a, m) == acceptedBallot[a] = m.bal /\ acceptedValue[a] # m.val

\* Phase 2 is taken only at the ballot the acceptor promised: some phase 1 of b
\* reached it.  (Paxos also lets an acceptor take a ballot above its promise,
\* since only b's proposer sends Accept(b), after its phase 1; a write with a
\* made-up capture id has had no phase 1 at all, and would overwrite a chosen
\* value from above.  src/core/acceptor.ts promisedHere.)
PromisedHere(a, m) == promised[a] = m.bal

\* Phase 2: accept (b, v) at the promised ballot (durably, then reply).
Accepted(a) ==
    /\ up[a]
    /\ \E m \in msgs :
        /\ m.type = "Accept"
        /\ AcceptBelowPromise \/ PromisedHere(a, m)
        /\ ~OtherValueAt(a, m)
        /\ promised' = [promised EXCEPT ![a] = IF Less(@, m.bal) THEN m.bal ELSE @]
        /\ acceptedBallot' = [acceptedBallot EXCEPT ![a] = m.bal]
        /\ acceptedValue' = [acceptedValue EXCEPT ![a] = m.val]
        /\ votes' = [votes EXCEPT ![a] = @ \cup {<<m.bal, m.val>>}]
        /\ Net!Send([type |-> "Accepted", from |-> a, bal |-> m.bal, val |-> m.val])
    /\ UNCHANGED <<up, ClientVars>>

RejectAccept(a) ==
    /\ up[a]
    /\ \E m \in msgs :
        /\ m.type = "Accept"
        /\ (~AcceptBelowPromise /\ ~PromisedHere(a, m)) \/ OtherValueAt(a, m)
        /\ Net!Send(NackOf(a, m.bal))
    /\ UNCHANGED <<up, AcceptorVars, ClientVars>>

\* Answer a read query with the accepted ballot and value; no state change.
ReadReply(a) ==
    /\ up[a]
    /\ \E m \in msgs :
        /\ m.type = "ReadQuery"
        \* One answer per query and acceptor: a duplicate query is answered
        \* by the network duplicating the answer (keeps the model small).
        /\ ~\E r \in msgs : r.type = "ReadReply" /\ r.from = a /\ r.client = m.client /\ r.n = m.n
        /\ Net!Send([type |-> "ReadReply", from |-> a, client |-> m.client, n |-> m.n,
                     acceptedBallot |-> acceptedBallot[a], acceptedValue |-> acceptedValue[a]])
    /\ UNCHANGED <<up, AcceptorVars, ClientVars>>

\* An acceptor crashes or restarts.  All its Paxos state is durable, so a
\* crash only makes it silent until it recovers.
CrashAcceptor(a) ==
    /\ WithCrashes
    /\ Net!Crash(a)
    /\ UNCHANGED <<msgs, AcceptorVars, ClientVars>>

RecoverAcceptor(a) ==
    /\ Net!Recover(a)
    /\ UNCHANGED <<msgs, AcceptorVars, ClientVars>>

LoseMessage ==
    /\ WithLoss
    /\ \E m \in msgs : Net!Lose(m)
    /\ UNCHANGED <<up, AcceptorVars, ClientVars>>

Next ==
    \/ \E c \in Client :
        \/ Capture(c) \/ CaptureDone(c) \/ CapturePreempted(c)
        \/ \E v \in Wants[c] : Write(c, v)
        \/ WriteDone(c) \/ WritePreempted(c) \/ WriteAlreadyWritten(c)
        \/ \E d \in Client : HandOver(c, d)
        \/ Read(c) \/ ReadDone(c) \/ RepairDone(c)
        \/ Timeout(c) \/ ClientCrash(c)
    \/ \E a \in Acceptor :
        \/ Promise(a) \/ RejectPrepare(a) \/ Accepted(a) \/ RejectAccept(a) \/ ReadReply(a)
        \/ CrashAcceptor(a) \/ RecoverAcceptor(a)
    \/ LoseMessage

Spec == Init /\ [][Next]_vars

\* Fairness, for liveness checking: every enabled step of a
\* client eventually happens, a crashed acceptor eventually recovers, and an
\* acceptor that is up again and again eventually handles every message (strong
\* fairness: crashes may interrupt it, but not forever).  Timeouts, crashes
\* and loss get no fairness: they may happen, but need not.
Fairness ==
    /\ \A c \in Client : /\ WF_vars(CaptureDone(c)) /\ WF_vars(CapturePreempted(c))
                       /\ WF_vars(WriteDone(c)) /\ WF_vars(WritePreempted(c))
                       /\ WF_vars(WriteAlreadyWritten(c))
                       /\ WF_vars(ReadDone(c)) /\ WF_vars(RepairDone(c))
    /\ \A a \in Acceptor : /\ SF_vars(Promise(a)) /\ SF_vars(RejectPrepare(a))
                         /\ SF_vars(Accepted(a)) /\ SF_vars(RejectAccept(a))
                         /\ SF_vars(ReadReply(a)) /\ WF_vars(RecoverAcceptor(a))
FairSpec == Spec /\ Fairness

-----------------------------------------------------------------------------
(* Properties *)

\* Liveness (under FairSpec): every call that is under way gets an answer.
\* It fails when a read's repair meets a larger promise (the read then waits
\* for Timeout), so its models have one writing client.
CallsAnswered == \A c \in Client :
    cs[c].phase \in {"capturing", "writing", "reading", "repairing"} ~> cs[c].phase \in {"idle", "captured"}

\* At most one value is ever chosen.
Agreement == Cardinality(ChosenValues) <= 1

\* A chosen value stays chosen (and, with Agreement, never changes).
ChosenStable == [][\A v \in Value : Chosen(v) => Chosen(v)']_vars

\* Every ok / alreadyWritten answer names the chosen value.
AnswersChosen ==
    \A c \in Client :
        result[c].code \in {"ok", "alreadyWritten"} /\ result[c].val # None
            => Chosen(result[c].val)

(***************************************************************************)
(* Refinement mapping WORPaxos => WOR:                                     *)
(*   value    <- the chosen value, or None while none is chosen;           *)
(*   issued   <- the ballots clients have started: <<r, c>>, r <= round[c];*)
(*   proposed <- proposed;                                                 *)
(*   pending  <- capturing: a capture of b; writing: a write of the        *)
(*               caller's v with b; reading or repairing: a read, with the *)
(*               history field unw; otherwise no call;                     *)
(*   held     <- b while the client is in phase captured, else NoId (a     *)
(*               HandOver is WOR's HandOver);                              *)
(*   result   <- result.                                                   *)
(* So Decide happens at the Accepted step that completes a quorum, and a   *)
(* read's repair and every message step are stuttering steps of WOR.       *)
(***************************************************************************)
absValue == IF ChosenValues = {} THEN None ELSE CHOOSE v \in ChosenValues : TRUE
absIssued == {b \in Ballot : b[1] <= round[b[2]]}
absPending == [c \in Client |->
    CASE cs[c].phase = "capturing" -> [op |-> "capture", id |-> cs[c].b, val |-> None, unw |-> FALSE]
      [] cs[c].phase = "writing" -> [op |-> "write", id |-> cs[c].b, val |-> cs[c].v, unw |-> FALSE]
      [] cs[c].phase \in {"reading", "repairing"} -> [op |-> "read", id |-> NoId, val |-> None, unw |-> cs[c].unw]
      [] OTHER -> [op |-> "none", id |-> NoId, val |-> None, unw |-> FALSE]]
absHeld == [c \in Client |-> IF cs[c].phase = "captured" THEN cs[c].b ELSE NoId]

WOR == INSTANCE WOR WITH value <- absValue, issued <- absIssued, proposed <- proposed,
                         pending <- absPending, held <- absHeld, result <- result

absVars == <<absValue, absIssued, proposed, absPending, absHeld, result>>

\* Every step of WORPaxos is a step of WOR or leaves WOR's variables alone.
\* (Written "UNCHANGED first" only so that checkers, which evaluate the
\* disjuncts in order, settle the many stuttering steps cheaply.)
WORRefinement == [][UNCHANGED absVars \/ WOR!Next]_absVars
=============================================================================
