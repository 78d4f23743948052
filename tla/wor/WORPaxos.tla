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
(*             answers v once a quorum accepted it.  If a quorum refuses   *)
(*             the repair (a larger promise exists), or the replies hold   *)
(*             two values at the top ballot, the read falls back to Paxos  *)
(*             at a fresh ballot of its own (phases fallback1, fallback2): *)
(*             phase 1 reveals the value to complete, or that there is     *)
(*             none (unwritten).                                           *)
(* A capture id IS the ballot <<round, clientId>> of the capture.          *)
(*                                                                         *)
(* As the code (src/core/proposer/*.ts, src/core/acceptor.ts) does:        *)
(*  - every decision is taken on the FIRST quorum of replies, one reply    *)
(*    per acceptor (op.ts Tally), not on every reply in flight: the        *)
(*    decisions are parameterized by the set of replies they use;          *)
(*  - an acceptor grants a Prepare of a ballot EQUAL to its promise again  *)
(*    (a duplicate or a resend), answering with its current state, and     *)
(*    answers every delivery of a read query;                              *)
(*  - a client's round counter is shared by all registers and jumps above  *)
(*    the promises it saw, so a client's next round here is ANY larger     *)
(*    round, not just the next one.                                        *)
(* Each acceptor action is written for one given message (XOn(a, m)), so a *)
(* trace can pin the message the implementation handled.                   *)
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
(* The unsafe write (WithUnsafeWrite): write(v) with capture id 0, i.e.   *)
(* phase 2 alone at ballot NoId = <<0,0>>, below every ballot (WriteOp     *)
(* with UNSAFE_BALLOT).  An acceptor takes Accept(NoId, v) only where it   *)
(* promised nothing (acceptor.ts promisedHere), and then holds             *)
(* acceptedBallot = NoId with acceptedValue = v: "nothing accepted" is     *)
(* acceptedValue = None, not acceptedBallot = NoId (HasValue), and every   *)
(* decision reads it so.                                                   *)
(*                                                                         *)
(* A forged write (WithForgedWrites): a client writes with a capture id    *)
(* it does not hold (made up, guessed, read off a Nack).  It has no       *)
(* capture key, so its Accept carries no proof (paxos-op.ts WriteOp with a *)
(* plain ballot): a ForgedAccept.  Every phase 1 carries a fresh key that  *)
(* the acceptor keeps with its promise (src/core/capture-key.ts), and an   *)
(* Accept without a proof by that key is refused even at the promised      *)
(* ballot (acceptor.ts signedHere).  So an acceptor never takes a          *)
(* ForgedAccept, and the forged value is never in `proposed`: the          *)
(* refinement checks that no forged value is ever chosen.  This holds when *)
(* every proposer uses capture keys; ForgedTaken is the system without    *)
(* them (a key-less promise takes any Accept at its ballot), which fails.  *)
(*                                                                         *)
(* Bug switches (models that must fail): AcceptBelowPromise,               *)
(* WriteIgnoresAccepted, ReadWithoutRepair, BallotsOnly (decisions compare *)
(* ballots only, the code before issue 12), UnsafeUnseen (decisions take   *)
(* a value accepted at NoId for nothing, as the test acceptedBallot = NoId *)
(* did before the unsafe write was modelled).  Fault switches: WithCrashes *)
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
    WithHandOver,         \* whether clients hand capture ids to each other
    WithUnsafeWrite,      \* whether clients write with capture id 0 (ballot NoId)
    UnsafeUnseen,         \* bug: a value accepted at NoId counts as nothing accepted
    WithForgedWrites,     \* whether clients write with capture ids they do not hold
    ForgedTaken           \* bug: no capture keys, a forged Accept is taken at the promised ballot

Ballot == (1..MaxRound) \X Client
NoId == <<0, 0>>
Less(b1, b2) == \/ b1[1] < b2[1]
                \/ b1[1] = b2[1] /\ b1[2] < b2[2]
LessEq(b1, b2) == b1 = b2 \/ Less(b1, b2)
Quorum == {Q \in SUBSET Acceptor : 2 * Cardinality(Q) > Cardinality(Acceptor)}
QuorumSize == Cardinality(Acceptor) \div 2 + 1
\* The ballots an Accept may carry: a capture's, or the unsafe write's NoId.
AcceptBallot == Ballot \cup {NoId}

\* The messages, named as in src/core/messages.ts.
Message ==
         [type : {"Prepare"}, bal : Ballot]
    \cup [type : {"Promise"}, from : Acceptor, bal : Ballot,
          acceptedBallot : Ballot \cup {NoId}, acceptedValue : Value \cup {None}]
    \cup [type : {"Accept"}, bal : AcceptBallot, val : Value]
    \cup [type : {"ForgedAccept"}, bal : Ballot, val : Value]
    \cup [type : {"ForgedNack"}, from : Acceptor, bal : Ballot, promised : Ballot \cup {NoId},
          acceptedBallot : Ballot \cup {NoId}, acceptedValue : Value \cup {None}]
    \cup [type : {"Accepted"}, from : Acceptor, bal : AcceptBallot, val : Value]
    \cup [type : {"Nack"}, from : Acceptor, bal : AcceptBallot, promised : Ballot \cup {NoId},
          acceptedBallot : Ballot \cup {NoId}, acceptedValue : Value \cup {None}]
    \cup [type : {"ReadQuery"}, client : Client, n : 1..MaxReads]
    \cup [type : {"ReadReply"}, from : Acceptor, client : Client, n : 1..MaxReads,
          acceptedBallot : Ballot \cup {NoId}, acceptedValue : Value \cup {None}]

\* A client's local state.  phase: idle; capturing (Prepare sent with
\* ballot b); captured (holds capture id b, w = the value phase 1 revealed or
\* None); writing (Accept(b, w) sent for the caller's value v); reading (query
\* n sent); repairing (re-sent Accept(b, w) for query n); fallback1 (the read
\* sent Prepare(b) of its own); fallback2 (it sent Accept(b, w) for the value
\* w its phase 1 revealed); forging (a forged write: ForgedAccept(b, v) sent
\* with a capture id b it does not hold).  unw is a history
\* field, never read by an action: whether the register was unwritten when
\* the read began, used only by the refinement mapping.
ClientState == [phase : {"idle", "capturing", "captured", "writing", "forging", "reading",
                          "repairing", "fallback1", "fallback2"},
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
    /\ votes \in [Acceptor -> SUBSET (AcceptBallot \X Value)]
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

\* A value is chosen when a quorum accepted it in one ballot.  Only the votes
\* cast are looked at, not every ballot and quorum: a trace's MaxRound and
\* Value are large, its votes few per ballot.
ChosenAt(b, v) == 2 * Cardinality({q \in Acceptor : <<b, v>> \in votes[q]}) > Cardinality(Acceptor)
Chosen(v) == \E a \in Acceptor : \E bv \in votes[a] : bv[2] = v /\ ChosenAt(bv[1], v)
ChosenValues == {bv[2] : bv \in {bv \in UNION {votes[a] : a \in Acceptor} : ChosenAt(bv[1], bv[2])}}
NothingChosen == \A a \in Acceptor : \A bv \in votes[a] : ~ChosenAt(bv[1], bv[2])

AcceptorVars == <<promised, acceptedBallot, acceptedValue, votes>>
ClientVars == <<round, reads, cs, result, proposed>>

-----------------------------------------------------------------------------
(* Clients (the proposer and learner state machines of the client library) *)

\* The rounds client c may use next: any round above its last one (its round
\* counter jumps above the promises it saw, on any register).
NextRounds(c) == round[c] + 1 .. MaxRound

\* capture(): start phase 1 with a fresh ballot <<r, c>>.
CaptureAt(c, r) ==
    /\ cs[c].phase = "idle"
    /\ Wants[c] # {}      \* a client that never writes has no use for a capture
    /\ r \in NextRounds(c)
    /\ round' = [round EXCEPT ![c] = r]
    /\ cs' = [cs EXCEPT ![c] = [IdleState EXCEPT !.phase = "capturing", !.b = <<r, c>>]]
    /\ Net!Send([type |-> "Prepare", bal |-> <<r, c>>])
    /\ UNCHANGED <<up, AcceptorVars, reads, result, proposed>>

Capture(c) == \E r \in NextRounds(c) : CaptureAt(c, r)

\* The promises for ballot b that have arrived.
Promises(b) == {m \in msgs : m.type = "Promise" /\ m.bal = b}

\* What a client decides on: a set S of replies, exactly one from each
\* acceptor of a quorum (the first reply of each, op.ts Tally; a phase 1
\* that waits for more promises may use more than a bare quorum).
OnePerAcceptor(S) == LET Q == {m.from : m \in S} IN Q \in Quorum /\ Cardinality(S) = Cardinality(Q)

\* A promise or reply reports an accepted value: its value, since an unsafe
\* write's is accepted at NoId (with UnsafeUnseen: its ballot, the bug).
HasValue(m) == IF UnsafeUnseen THEN m.acceptedBallot # NoId ELSE m.acceptedValue # None

\* The highest accepted <<ballot, value>> among a set of promises or replies
\* (<<NoId, None>> when none carries a value).
Highest(S) ==
    IF \A m \in S : ~HasValue(m) THEN <<NoId, None>>
    ELSE LET m == CHOOSE m \in S : /\ HasValue(m)
                                   /\ \A o \in S : HasValue(o) => LessEq(o.acceptedBallot, m.acceptedBallot)
         IN <<m.acceptedBallot, m.acceptedValue>>

\* The values that the promises P (from the acceptors Q) report at the top
\* ballot k, and those of them that may be chosen at k: held by enough of Q
\* that, with every acceptor outside Q, they could make a quorum.
TopValues(P) == LET k == Highest(P)[1] IN
    {m.acceptedValue : m \in {m \in P : m.acceptedBallot = k /\ HasValue(m)}}
MaybeChosenAtTop(P, Q) == LET k == Highest(P)[1] IN
    {v \in TopValues(P) :
        Cardinality({a \in Q : \E m \in P : m.from = a /\ m.acceptedBallot = k /\ m.acceptedValue = v /\ HasValue(m)})
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

\* Phase 1 done on the promises P (one per acceptor of a quorum).  The
\* capture answers ok(b); the value phase 1 revealed (if any) is kept for
\* the write.
CaptureDoneIn(c, P) ==
    /\ cs[c].phase = "capturing"
    /\ P \subseteq Promises(cs[c].b)
    /\ OnePerAcceptor(P)
    /\ \E w \in Phase1Values(P, {m.from : m \in P}) :
        cs' = [cs EXCEPT ![c].phase = "captured", ![c].w = w]
    /\ result' = [result EXCEPT ![c] = Answer("ok", None, cs[c].b)]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, proposed>>

CaptureDone(c) == \E P \in SUBSET Promises(cs[c].b) : CaptureDoneIn(c, P)

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

\* Client c forgets the capture id it holds and is idle again (WithHandOver).
\* The code's capture call answers the id to its caller and the client goes
\* on with other calls, while whoever got the id writes with it later: in
\* the spec, c hands the id over (HandOver) and then releases it.  For WOR
\* the held id is lost, as in its ClientCrash(c) with no call pending.
Release(c) ==
    /\ WithHandOver
    /\ cs[c].phase = "captured"
    /\ cs' = [cs EXCEPT ![c] = IdleState]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, result, proposed>>

\* The capture id c holds came with a value its phase 1 revealed (w), and
\* the code's capture call has since run its completion (paxos-op.ts
\* `completion`, range-ops.ts repairs): Paxos at a ballot above the id.  A
\* write with the id then carries the caller's value, so c may forget w
\* (WithHandOver) once that is safe, i.e. once no value but the caller's
\* can be chosen at or below the id any more, for either outcome:
\*  - the completion chose w above the id: every later phase 1 sees w (or a
\*    value chosen above) above anything accepted at the id;
\*  - its phase 1 found nothing accepted (it answers unwritten there): a
\*    quorum promised above the id without a vote at or below it, so no
\*    ballot at or below the id can gather a quorum again.
\* (A quorum promised above the id is not enough by itself: with three
\* acceptors, w chosen below the id by {a1, a2} that also promised above
\* it, a third that still promised the id takes the caller's value there,
\* and a phase 1 of {a2, a3} carries that value forward.)
ForgetRevealed(c) ==
    /\ WithHandOver
    /\ cs[c].phase = "captured" /\ cs[c].w # None
    /\ \/ \E a \in Acceptor : \E bv \in votes[a] :
             bv[2] = cs[c].w /\ Less(cs[c].b, bv[1]) /\ ChosenAt(bv[1], bv[2])
       \/ \E Q \in Quorum : \A a \in Q :
             /\ Less(cs[c].b, promised[a])
             /\ \A bv \in votes[a] : Less(cs[c].b, bv[1])
    /\ cs' = [cs EXCEPT ![c].w = None]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, result, proposed>>

Nacked(b) == \E m \in msgs : m.type = "Nack" /\ m.bal = b
\* So many acceptors refused ballot b that no quorum can grant it (op.ts
\* Tally.impossible).
RefusedByMany(b) ==
    Cardinality({m.from : m \in {m \in msgs : m.type = "Nack" /\ m.bal = b}})
        > Cardinality(Acceptor) - QuorumSize
\* A refusal from an acceptor that promised above b (a larger capture id).
Overtaken(b) == \E m \in msgs : m.type = "Nack" /\ m.bal = b /\ Less(b, m.promised)

\* An acceptor had promised a larger ballot: the capture is preempted.
CapturePreempted(c) ==
    /\ cs[c].phase = "capturing"
    /\ Nacked(cs[c].b)
    /\ cs' = [cs EXCEPT ![c] = IdleState]
    /\ result' = [result EXCEPT ![c] = Answer("preempted", None, cs[c].b)]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, proposed>>

\* write(v, 0), the unsafe write (WithUnsafeWrite): phase 2 alone, at the
\* ballot NoId, with no capture id held (paxos-op.ts WriteOp with
\* UNSAFE_BALLOT).  It is answered as any write: WriteDone,
\* WriteAlreadyWritten, WritePreempted (an acceptor promised a ballot), or
\* Timeout.
UnsafeWrite(c, v) ==
    /\ WithUnsafeWrite
    /\ cs[c].phase = "idle"
    /\ cs' = [cs EXCEPT ![c] = [IdleState EXCEPT !.phase = "writing", !.v = v, !.w = v]]
    /\ Net!Send([type |-> "Accept", bal |-> NoId, val |-> v])
    /\ proposed' = proposed \cup {v}
    /\ UNCHANGED <<up, AcceptorVars, round, reads, result>>

\* write(v, b): phase 2 with the held capture id.  The value sent is the one
\* phase 1 revealed, if any, else v.
Write(c, v) ==
    /\ cs[c].phase = "captured"
    /\ LET w == IF cs[c].w # None /\ ~WriteIgnoresAccepted THEN cs[c].w ELSE v IN
        /\ cs' = [cs EXCEPT ![c].phase = "writing", ![c].v = v, ![c].w = w]
        /\ Net!Send([type |-> "Accept", bal |-> cs[c].b, val |-> w])
    /\ proposed' = proposed \cup {v}
    /\ UNCHANGED <<up, AcceptorVars, round, reads, result>>

\* write(v, b) with a capture id b that c does not hold (WithForgedWrites):
\* phase 2 alone, with no proof (paxos-op.ts WriteOp with a plain ballot,
\* no key).  The caller's value is not `proposed`: it must never be chosen.
\* b is any ballot: made up far above every round, or next to those in use,
\* the ballot of a capture under way included.  Its refusals are its own
\* (ForgedNack): a reply goes back to the request it answers (by rid), so
\* the capture or write of b's proposer never counts them.
ForgedWrite(c, v, b) ==
    /\ WithForgedWrites
    /\ cs[c].phase = "idle"
    /\ cs' = [cs EXCEPT ![c] = [IdleState EXCEPT !.phase = "forging", !.b = b, !.v = v, !.w = v]]
    /\ Net!Send([type |-> "ForgedAccept", bal |-> b, val |-> v])
    /\ UNCHANGED <<up, AcceptorVars, round, reads, result, proposed>>

\* The forged write's answer, from the refusals it got, as any write's
\* (WriteOp): preempted if one shows a larger promise, alreadyWritten(x) if
\* a quorum of them hold x at one ballot; else it ends in Timeout (the code
\* answers timeout once a quorum refused).  No acceptor takes a forged
\* Accept, so it never answers ok.
ForgedNacks(b) == {m \in msgs : m.type = "ForgedNack" /\ m.bal = b}

ForgedWritePreempted(c) ==
    /\ cs[c].phase = "forging"
    /\ \E m \in ForgedNacks(cs[c].b) : Less(cs[c].b, m.promised)
    /\ cs' = [cs EXCEPT ![c] = IdleState]
    /\ result' = [result EXCEPT ![c] = Answer("preempted", None, cs[c].b)]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, proposed>>

ForgedWriteAlreadyWritten(c) ==
    /\ cs[c].phase = "forging"
    /\ LET N == ForgedNacks(cs[c].b) IN
       \E r \in N :
        /\ HasValue(r)
        /\ 2 * Cardinality({m.from : m \in {m \in N : /\ m.acceptedBallot = r.acceptedBallot
                                                   /\ (BallotsOnly \/ m.acceptedValue = r.acceptedValue)}})
               > Cardinality(Acceptor)
        /\ result' = [result EXCEPT ![c] = Answer("alreadyWritten", r.acceptedValue, cs[c].b)]
    /\ cs' = [cs EXCEPT ![c] = IdleState]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, proposed>>

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
        /\ HasValue(r)
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
                                                 !.unw = NothingChosen]]
    /\ Net!Send([type |-> "ReadQuery", client |-> c, n |-> reads[c] + 1])
    /\ UNCHANGED <<up, AcceptorVars, round, result, proposed>>

Replies(c, n) == {m \in msgs : m.type = "ReadReply" /\ m.client = c /\ m.n = n}

\* The read's fallback: Paxos at a fresh ballot <<r, c>> of its own
\* (read-op.ts: a `repair` PaxosOp above every round the read saw).
StartFallback(c, r) ==
    /\ r \in NextRounds(c)
    /\ round' = [round EXCEPT ![c] = r]
    /\ cs' = [cs EXCEPT ![c].phase = "fallback1", ![c].b = <<r, c>>, ![c].w = None]
    /\ Net!Send([type |-> "Prepare", bal |-> <<r, c>>])

\* The read decides on the replies R (one per acceptor of a quorum).
\* Nothing accepted: unwritten.  The top ballot and one value held by all
\* of R: that value is chosen, answer it.  Otherwise repair: re-send
\* Accept(top) for the one value R holds at the top ballot; with two values
\* there (one capture id shared by several writers) fall back to Paxos at a
\* fresh ballot of round r instead.
ReadDecision(c, R, r) ==
    /\ cs[c].phase = "reading"
    /\ R \subseteq Replies(c, cs[c].n)
    /\ OnePerAcceptor(R)
    /\ LET top == Highest(R) IN
       IF top[2] = None
       THEN /\ result' = [result EXCEPT ![c] = Answer("unwritten", None, NoId)]
            /\ cs' = [cs EXCEPT ![c] = IdleState]
            /\ UNCHANGED <<msgs, round>>
       ELSE IF ReadWithoutRepair
               \/ \A m \in R : m.acceptedBallot = top[1] /\ (BallotsOnly \/ m.acceptedValue = top[2])
       THEN /\ result' = [result EXCEPT ![c] = Answer("ok", top[2], NoId)]
            /\ cs' = [cs EXCEPT ![c] = IdleState]
            /\ UNCHANGED <<msgs, round>>
       ELSE IF Cardinality(TopValues(R)) = 1
       THEN /\ cs' = [cs EXCEPT ![c].phase = "repairing", ![c].b = top[1], ![c].w = top[2]]
            /\ Net!Send([type |-> "Accept", bal |-> top[1], val |-> top[2]])
            /\ UNCHANGED <<result, round>>
       ELSE /\ StartFallback(c, r)
            /\ UNCHANGED result
    /\ UNCHANGED <<up, AcceptorVars, reads, proposed>>

ReadDone(c) == \E R \in SUBSET Replies(c, cs[c].n), r \in NextRounds(c) \cup {0} :
                  ReadDecision(c, R, r)

\* The repair reached a quorum: the value is now chosen; answer it.
RepairDone(c) ==
    /\ cs[c].phase = "repairing"
    /\ \E Q \in Quorum : Q \subseteq AcceptedBy(cs[c].b, cs[c].w)
    /\ result' = [result EXCEPT ![c] = Answer("ok", cs[c].w, NoId)]
    /\ cs' = [cs EXCEPT ![c] = IdleState]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, proposed>>

\* So many acceptors refused the repair that it cannot succeed: a larger
\* promise exists.  Fall back to Paxos at a fresh ballot of round r.
RepairRefused(c, r) ==
    /\ cs[c].phase = "repairing"
    /\ RefusedByMany(cs[c].b)
    /\ StartFallback(c, r)
    /\ UNCHANGED <<up, AcceptorVars, reads, result, proposed>>

\* The fallback's phase 1 is done on the promises P.  Nothing accepted below
\* its ballot: no value is chosen, and none can be below it any more, so the
\* register was unwritten when the read began: answer unwritten.  Else send
\* Accept(b, w) for the value w phase 1 revealed.
FallbackPromisedIn(c, P) ==
    /\ cs[c].phase = "fallback1"
    /\ P \subseteq Promises(cs[c].b)
    /\ OnePerAcceptor(P)
    /\ \E w \in Phase1Values(P, {m.from : m \in P}) :
        IF w = None
        THEN /\ result' = [result EXCEPT ![c] = Answer("unwritten", None, NoId)]
             /\ cs' = [cs EXCEPT ![c] = IdleState]
             /\ UNCHANGED msgs
        ELSE /\ cs' = [cs EXCEPT ![c].phase = "fallback2", ![c].w = w]
             /\ Net!Send([type |-> "Accept", bal |-> cs[c].b, val |-> w])
             /\ UNCHANGED result
    /\ UNCHANGED <<up, AcceptorVars, round, reads, proposed>>

FallbackPromised(c) == \E P \in SUBSET Promises(cs[c].b) : FallbackPromisedIn(c, P)

\* The fallback's phase 2 reached a quorum: w is chosen; answer it.
FallbackDone(c) ==
    /\ cs[c].phase = "fallback2"
    /\ \E Q \in Quorum : Q \subseteq AcceptedBy(cs[c].b, cs[c].w)
    /\ result' = [result EXCEPT ![c] = Answer("ok", cs[c].w, NoId)]
    /\ cs' = [cs EXCEPT ![c] = IdleState]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, proposed>>

\* A phase of the fallback was refused by too many acceptors: try again at a
\* fresh ballot (paxos-op.ts newBallot) ...
FallbackRetry(c, r) ==
    /\ cs[c].phase \in {"fallback1", "fallback2"}
    /\ RefusedByMany(cs[c].b)
    /\ StartFallback(c, r)
    /\ UNCHANGED <<up, AcceptorVars, reads, result, proposed>>

\* ... or, out of ballots, answer preempted: the read learned nothing.
FallbackPreempted(c) ==
    /\ cs[c].phase \in {"fallback1", "fallback2"}
    /\ RefusedByMany(cs[c].b)
    /\ result' = [result EXCEPT ![c] = Answer("preempted", None, NoId)]
    /\ cs' = [cs EXCEPT ![c] = IdleState]
    /\ UNCHANGED <<msgs, up, AcceptorVars, round, reads, proposed>>

ReadPhases == {"reading", "repairing", "fallback1", "fallback2"}

\* The client gives up on a pending call (a capture, write or read).  A
\* held capture id is not a call.
Timeout(c) ==
    /\ WithTimeouts
    /\ cs[c].phase \in {"capturing", "writing", "forging"} \cup ReadPhases
    /\ result' = [result EXCEPT ![c] = Answer("timeout", None,
                    IF cs[c].phase \in ReadPhases THEN NoId ELSE cs[c].b)]
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

\* Phase 1: promise m.bal if it is at least the current promise, and report
\* the accepted ballot and value (acceptor.ts onPrepare).  A Prepare of the
\* ballot already promised (a duplicate, or a resend) is granted again and
\* answered with the acceptor's state now.  When the acceptor has accepted
\* at that very ballot since, the new reply can reach no one: only the
\* ballot's own proposer reads promises of it, and only before it sends
\* Accept(b) (ballots are never reused; a capture id handed over is not
\* captured again).  A message nobody reads changes no step's outcome, so
\* the spec does not keep it: that re-grant changes nothing.
PromiseOn(a, m) ==
    /\ up[a]
    /\ m \in msgs /\ m.type = "Prepare"
    /\ LessEq(promised[a], m.bal)
    /\ IF acceptedBallot[a] = m.bal
       THEN UNCHANGED <<msgs, promised>>
       ELSE /\ promised' = [promised EXCEPT ![a] = m.bal]
            /\ Net!Send([type |-> "Promise", from |-> a, bal |-> m.bal,
                         acceptedBallot |-> acceptedBallot[a], acceptedValue |-> acceptedValue[a]])
    /\ UNCHANGED <<up, acceptedBallot, acceptedValue, votes, ClientVars>>

\* A refusal reports the acceptor's state (messages.ts Nack).
NackOf(a, b) == [type |-> "Nack", from |-> a, bal |-> b, promised |-> promised[a],
                 acceptedBallot |-> acceptedBallot[a], acceptedValue |-> acceptedValue[a]]

RejectPrepareOn(a, m) ==
    /\ up[a]
    /\ m \in msgs /\ m.type = "Prepare"
    /\ Less(m.bal, promised[a])
    /\ Net!Send(NackOf(a, m.bal))
    /\ UNCHANGED <<up, AcceptorVars, ClientVars>>

\* Accept(b, v) carries a second value for a ballot a already accepted
\* (writers sharing one capture id): refused, so that each acceptor holds at
\* most one value per ballot, and at most one value is chosen per ballot.
\* acceptedValue[a] # None: NoId is also "nothing accepted", so an Accept at
\* the unsafe ballot NoId (capture id <<0,0>>, sent by no client of this
\* spec but by the open environment of TraceWORAcceptor.tla) meets a second
\* value only where one was accepted at NoId.  For any ballot of Ballot the
\* conjunct is implied (acceptedBallot[a] # NoId), so no model changes.
OtherValueAt(a, m) == acceptedBallot[a] = m.bal /\ acceptedValue[a] # None /\ acceptedValue[a] # m.val

\* Phase 2 is taken only at the ballot the acceptor promised: some phase 1 of b
\* reached it.  (Paxos also lets an acceptor take a ballot above its promise,
\* since only b's proposer sends Accept(b), after its phase 1; a write with a
\* made-up capture id has had no phase 1 at all, and would overwrite a chosen
\* value from above.  src/core/acceptor.ts promisedHere.)
PromisedHere(a, m) == promised[a] = m.bal

\* Phase 2: accept (b, v) at the promised ballot (durably, then reply).
\* A duplicate Accept is accepted again: nothing changes.
AcceptedOn(a, m) ==
    /\ up[a]
    /\ m \in msgs /\ (m.type = "Accept" \/ (ForgedTaken /\ m.type = "ForgedAccept"))
    /\ AcceptBelowPromise \/ PromisedHere(a, m)
    /\ ~OtherValueAt(a, m)
    /\ promised' = [promised EXCEPT ![a] = IF Less(@, m.bal) THEN m.bal ELSE @]
    /\ acceptedBallot' = [acceptedBallot EXCEPT ![a] = m.bal]
    /\ acceptedValue' = [acceptedValue EXCEPT ![a] = m.val]
    /\ votes' = [votes EXCEPT ![a] = @ \cup {<<m.bal, m.val>>}]
    /\ Net!Send([type |-> "Accepted", from |-> a, bal |-> m.bal, val |-> m.val])
    /\ UNCHANGED <<up, ClientVars>>

\* Phase 2 refused: not the promised ballot, or another value at it.  An
\* Accept without a proof (a forged write's) is refused wherever it lands:
\* at the promised ballot for want of the key (acceptor.ts signedHere).
RefusedHere(a, m) == (~AcceptBelowPromise /\ ~PromisedHere(a, m)) \/ OtherValueAt(a, m)

RejectAcceptOn(a, m) ==
    /\ up[a]
    /\ m \in msgs
    /\ \/ m.type = "Accept" /\ RefusedHere(a, m)
       \/ m.type = "ForgedAccept" /\ (~ForgedTaken \/ RefusedHere(a, m))
    /\ Net!Send(IF m.type = "Accept" THEN NackOf(a, m.bal) ELSE [NackOf(a, m.bal) EXCEPT !.type = "ForgedNack"])
    /\ UNCHANGED <<up, AcceptorVars, ClientVars>>

\* Answer a read query with the accepted ballot and value; no state change.
\* Every delivery is answered, with the acceptor's state at that time.  A
\* reply to a read that is over can reach no one (read nonces are never
\* reused), so, as for a late re-grant, the spec does not keep it.
ReadReplyOn(a, m) ==
    /\ up[a]
    /\ m \in msgs /\ m.type = "ReadQuery"
    /\ IF cs[m.client].phase = "reading" /\ cs[m.client].n = m.n
       THEN Net!Send([type |-> "ReadReply", from |-> a, client |-> m.client, n |-> m.n,
                     acceptedBallot |-> acceptedBallot[a], acceptedValue |-> acceptedValue[a]])
       ELSE UNCHANGED msgs
    /\ UNCHANGED <<up, AcceptorVars, ClientVars>>

Promise(a) == \E m \in msgs : PromiseOn(a, m)
RejectPrepare(a) == \E m \in msgs : RejectPrepareOn(a, m)
Accepted(a) == \E m \in msgs : AcceptedOn(a, m)
RejectAccept(a) == \E m \in msgs : RejectAcceptOn(a, m)
ReadReply(a) == \E m \in msgs : ReadReplyOn(a, m)

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
        \/ \E v \in Wants[c] : Write(c, v) \/ UnsafeWrite(c, v)
        \/ \E v \in Wants[c], b \in Ballot : ForgedWrite(c, v, b)
        \/ ForgedWritePreempted(c) \/ ForgedWriteAlreadyWritten(c)
        \/ WriteDone(c) \/ WritePreempted(c) \/ WriteAlreadyWritten(c)
        \/ \E d \in Client : HandOver(c, d)
        \/ Release(c) \/ ForgetRevealed(c)
        \/ Read(c) \/ ReadDone(c) \/ RepairDone(c)
        \/ \E r \in NextRounds(c) : RepairRefused(c, r) \/ FallbackRetry(c, r)
        \/ FallbackPromised(c) \/ FallbackDone(c) \/ FallbackPreempted(c)
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
                       /\ WF_vars(FallbackPromised(c)) /\ WF_vars(FallbackDone(c))
    /\ \A a \in Acceptor : /\ SF_vars(Promise(a)) /\ SF_vars(RejectPrepare(a))
                         /\ SF_vars(Accepted(a)) /\ SF_vars(RejectAccept(a))
                         /\ SF_vars(ReadReply(a)) /\ WF_vars(RecoverAcceptor(a))
FairSpec == Spec /\ Fairness

-----------------------------------------------------------------------------
(* Properties *)

\* Liveness (under FairSpec): every call that is under way gets an answer.
\* It fails when a read's repair meets a larger promise and no round is left
\* for the fallback (the read then waits for Timeout), so its models have
\* one writing client.
CallsAnswered == \A c \in Client :
    cs[c].phase \in {"capturing", "writing"} \cup ReadPhases ~> cs[c].phase \in {"idle", "captured"}

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
(*   issued   <- the ballots clients have started or skipped: <<r, c>>,    *)
(*               r <= round[c] (a round jump retires the rounds between);  *)
(*   proposed <- proposed;                                                 *)
(*   pending  <- capturing: a capture of b; writing or forging: a write of *)
(*               the caller's v with b (a ForgedWrite is WOR's            *)
(*               InvokeForgedWrite); reading or repairing: a read, with the*)
(*               history field unw; otherwise no call;                     *)
(*   held     <- b while the client is in phase captured, else NoId (a     *)
(*               HandOver is WOR's HandOver, a Release WOR's ClientCrash   *)
(*               of a client with no call pending);                        *)
(*   result   <- result.                                                   *)
(* So Decide happens at the Accepted step that completes a quorum, a read's *)
(* fallback ballot is WOR's ReadIssues, and a read's repair and every      *)
(* message step are stuttering steps of WOR.                               *)
(***************************************************************************)
absValue == IF ChosenValues = {} THEN None ELSE CHOOSE v \in ChosenValues : TRUE
absIssued == {b \in Ballot : b[1] <= round[b[2]]}
absPending == [c \in Client |->
    CASE cs[c].phase = "capturing" -> [op |-> "capture", id |-> cs[c].b, val |-> None, unw |-> FALSE]
      [] cs[c].phase \in {"writing", "forging"} -> [op |-> "write", id |-> cs[c].b, val |-> cs[c].v, unw |-> FALSE]
      [] cs[c].phase \in ReadPhases -> [op |-> "read", id |-> NoId, val |-> None, unw |-> cs[c].unw]
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
