--------------------------- MODULE TraceWORPaxos ---------------------------
(***************************************************************************)
(* Trace validation of one register of the TypeScript implementation       *)
(* against WORPaxos (after CCF's Traceccfraft.tla).                        *)
(*                                                                         *)
(* TraceLog is the recorded execution of ONE register: a sequence of       *)
(* records, one per event of src/core (see docs/traces.md and              *)
(* src/trace/record.ts), each naming the spec action it took and the       *)
(* values of the variables the action touched.  l is the index of the next *)
(* event.  Every step consumes one event by taking the named action with   *)
(* the observed values pinned (the message an acceptor handled, the        *)
(* replies a decision used, the round a ballot jumped to), except a few    *)
(* unobserved steps that the implementation takes without an event (see    *)
(* Glue) and the forgetting of messages nobody will use (see Horizon);     *)
(* each is enabled only when the next event needs it, so the search stays  *)
(* a line.  The log is accepted iff some behavior consumes all of it,      *)
(* i.e. iff TraceNotFinished is violated.                                  *)
(*                                                                         *)
(*  event (JSON)      spec                 code                            *)
(*  Promise           Promise(a)           acceptor.ts onPrepare           *)
(*  RejectPrepare     RejectPrepare(a)     acceptor.ts onPrepare           *)
(*  Accepted          Accepted(a)          acceptor.ts onAccept            *)
(*  RejectAccept      RejectAccept(a)      acceptor.ts onAccept            *)
(*  ReadReply         ReadReply(a)         acceptor.ts onReadQuery         *)
(*  CrashAcceptor     CrashAcceptor(a)     sim/server.ts crash             *)
(*  RecoverAcceptor   RecoverAcceptor(a)   sim/server.ts restart           *)
(*  Capture           CaptureAt(c, r),     paxos-op.ts newBallot           *)
(*                    RepairRefused(c, r), FallbackRetry(c, r), or a       *)
(*                    ReadDecision that falls back (a read's fallback)     *)
(*  CaptureDone       CaptureDone(c)       paxos-op.ts afterPhase1         *)
(*  Write             Write(c, v), or      paxos-op.ts afterPhase1, WriteOp*)
(*                    FallbackPromisedIn   (a read's fallback), or         *)
(*                    UnsafeWrite(c, v)    (ballot NoId: capture id 0)     *)
(*  WriteDone         WriteDone(c)         paxos-op.ts afterPhase2, WriteOp*)
(*  CapturePreempted, WritePreempted, Timeout: base-op.ts finish           *)
(*  RepairPreempted   FallbackPreempted(c) paxos-op.ts (repair mode)       *)
(*  Read              Read(c)              read-op.ts start                *)
(*  ReadDone          ReadDecision(c, R)   read-op.ts decide               *)
(*  Repair            ReadDecision(c, R),  read-op.ts decide               *)
(*                    repairing                                            *)
(*  RepairDone        RepairDone(c),       read-op.ts handle, relay        *)
(*                    FallbackDone(c), FallbackPromisedIn (unwritten)      *)
(*  HandOver          HandOver(c, to)      a capture call's id answered to *)
(*                                         its caller (paxos-op.ts), then  *)
(*                                         drawn by a writer (WriteOp)     *)
(*  Release           Release(c)           the capturing client goes on    *)
(*                                         with other calls                *)
(*  ForgetRevealed    ForgetRevealed(c)    a capture call's completion of  *)
(*                                         its revealed value is done      *)
(*  ForgedWrite       ForgedWrite(c, v, b) WriteOp with a capture id its   *)
(*                                         writer does not hold: no proof  *)
(*                                         (record.ts: `keyed` is false)   *)
(*                                                                         *)
(* Event fields: acceptor (a string), client (a number), ballot,           *)
(* promised, acceptedBallot (<<round, clientId>>, NoId for none), value,   *)
(* callerValue, acceptedValue (a string, None for none), n (the read's     *)
(* nonce: the client's k-th read of this register), result                 *)
(* ([code, val, id] as the spec's Answer).                                 *)
(***************************************************************************)
EXTENDS WORPaxos, Sequences

CONSTANT TraceLog

VARIABLE l

TraceVars == <<vars, l>>

TraceInit == Init /\ l = 1

\* The observed durable state of acceptor e.acceptor after its step.
AcceptorIs(e) ==
    /\ promised'[e.acceptor] = e.promised
    /\ acceptedBallot'[e.acceptor] = e.acceptedBallot
    /\ acceptedValue'[e.acceptor] = e.acceptedValue

\* The caller's answer, as far as the implementation reports it: an `ok` of a
\* write carries no value in the code, so there a None val is not compared.
\* Every other answer's value is compared, None included (a read answering
\* `ok` without its value is a wrong answer).
Answered(c, e) ==
    /\ result'[c].code = e.result.code
    /\ (e.result.val # None \/ e.action # "WriteDone") => result'[c].val = e.result.val
    /\ e.result.id # NoId => result'[c].id = e.result.id

\* The request an acceptor event handled: the message the step is pinned to.
PrepareOf(e) == [type |-> "Prepare", bal |-> e.ballot]
AcceptOf(e, v) == [type |-> "Accept", bal |-> e.ballot, val |-> v]
\* An Accepted event names no kind: a forged write's Accept too, which only
\* the spec's AcceptedOn refuses (unless ForgedTaken).
AcceptsOf(e, v) == {AcceptOf(e, v), [AcceptOf(e, v) EXCEPT !.type = "ForgedAccept"]}
QueryOf(e) == [type |-> "ReadQuery", client |-> e.client, n |-> e.n]
\* (A forged write's Accept too: the refusal does not say whether it had a proof.)
AcceptsAt(b) == {m \in msgs : m.type \in {"Accept", "ForgedAccept"} /\ m.bal = b}

AcceptorStep(e) ==
    LET a == e.acceptor IN
    \/ e.action = "Promise" /\ PromiseOn(a, PrepareOf(e)) /\ AcceptorIs(e)
    \/ e.action = "RejectPrepare" /\ RejectPrepareOn(a, PrepareOf(e)) /\ AcceptorIs(e)
    \/ e.action = "Accepted" /\ \E m \in AcceptsOf(e, e.acceptedValue) : AcceptedOn(a, m) /\ AcceptorIs(e)
    \* The refusal does not say which value the refused Accept carried: one of
    \* those in flight at its ballot.
    \* A refusal that says whether it refused a forged write (`forged`) takes
    \* only a message of that kind.
    \/ e.action = "RejectAccept" /\ \E m \in AcceptsAt(e.ballot) :
           /\ "forged" \in DOMAIN e => ((m.type = "ForgedAccept") = e.forged)
           /\ RejectAcceptOn(a, m) /\ AcceptorIs(e)
    \/ e.action = "ReadReply" /\ ReadReplyOn(a, QueryOf(e)) /\ AcceptorIs(e)
    \/ e.action = "CrashAcceptor" /\ CrashAcceptor(a)
    \/ e.action = "RecoverAcceptor" /\ RecoverAcceptor(a)

\* The promises a phase 1 decided on: those for ballot b from the acceptors
\* of the event's quorum (each acceptor promises a ballot once while its
\* proposer waits, so this is one promise per acceptor; OnePerAcceptor checks).
PromisesFrom(b, e) == {m \in Promises(b) : m.from \in e.quorum}

\* The replies a read decided on, as the spec's ReadReply messages.
RepliesOf(e) == {[type |-> "ReadReply", from |-> r.from, client |-> e.client, n |-> e.n,
                  acceptedBallot |-> r.acceptedBallot, acceptedValue |-> r.acceptedValue] : r \in e.replies}

\* The caller's value of a write.
CallerValue(e) == IF e.callerValue = None THEN e.value ELSE e.callerValue

\* A read relays the answer of its fallback (a PaxosOp that traces its own
\* answer first) as a second RepairDone with the same result: one answer.
Relayed(e) ==
    /\ l > 1
    /\ TraceLog[l - 1].action \in {"RepairDone", "RepairPreempted", "Timeout"}
    /\ TraceLog[l - 1].client = e.client
    /\ TraceLog[l - 1].result = e.result

ClientStep(e) ==
    LET c == e.client IN
    \/ /\ e.action = "Capture"
       /\ e.ballot[2] = c
       /\ LET r == e.ballot[1] IN
          \/ CaptureAt(c, r)
          \/ RepairRefused(c, r)
          \/ FallbackRetry(c, r)
          \* Two values at the top ballot: the read falls back without a Repair
          \* event, so the replies it decided on are not traced.
          \/ /\ cs[c].phase = "reading"
             /\ \E R \in SUBSET Replies(c, cs[c].n) : ReadDecision(c, R, r)
             /\ cs'[c].phase = "fallback1"
    \/ /\ e.action = "CaptureDone"
       /\ IF "quorum" \in DOMAIN e THEN CaptureDoneIn(c, PromisesFrom(cs[c].b, e)) ELSE CaptureDone(c)
       /\ Answered(c, e)
    \/ /\ e.action = "CapturePreempted"
       /\ CapturePreempted(c)
    \/ /\ e.action = "Write"
       /\ cs[c].b = e.ballot
       /\ \/ Write(c, CallerValue(e))
          \/ "quorum" \in DOMAIN e /\ FallbackPromisedIn(c, PromisesFrom(cs[c].b, e))
          \/ e.ballot = NoId /\ UnsafeWrite(c, CallerValue(e))
       /\ cs'[c].w = e.value
    \/ /\ e.action = "WriteDone"
       \* alreadyWritten from a quorum of refusals (a write with a handed-over
       \* id meeting a chosen value), or phase 2 done.
       /\ \/ WriteDone(c)
          \/ e.result.code = "alreadyWritten" /\ WriteAlreadyWritten(c)
          \/ e.result.code = "alreadyWritten" /\ ForgedWriteAlreadyWritten(c)
       /\ Answered(c, e)
    \* A write with a capture id its writer does not hold (made up, guessed):
    \* its Accept carries no proof.  The ballot need not be one of the model's.
    \/ /\ e.action = "ForgedWrite"
       /\ ForgedWrite(c, e.value, e.ballot)
    \* A capture call's id goes to its holder (the code's caller), and from
    \* it to each client that writes with it (record.ts).
    \/ /\ e.action = "HandOver"
       /\ HandOver(c, e.to)
    \/ /\ e.action = "Release"
       /\ Release(c)
    \/ /\ e.action = "ForgetRevealed"
       /\ ForgetRevealed(c)
    \/ /\ e.action = "WritePreempted"
       \* A propose op is preempted in phase 1 or in phase 2; the code names both WritePreempted.
       /\ \/ cs[c].phase = "writing" /\ WritePreempted(c)
          \/ cs[c].phase = "forging" /\ ForgedWritePreempted(c)
          \/ cs[c].phase = "capturing" /\ CapturePreempted(c)
    \/ /\ e.action = "Timeout"
       /\ Timeout(c)
    \/ /\ e.action = "Read"
       /\ Read(c)
       /\ cs'[c].n = e.n
    \/ /\ e.action = "ReadDone"
       /\ ReadDecision(c, RepliesOf(e), 0)
       /\ Answered(c, e)
    \/ /\ e.action = "Repair"
       /\ ReadDecision(c, RepliesOf(e), 0)
       /\ cs'[c].phase = "repairing"
       /\ cs'[c].b = e.ballot
       /\ cs'[c].w = e.value
    \/ /\ e.action = "RepairDone"
       /\ \/ RepairDone(c)
          \/ FallbackDone(c)
          \* The fallback's phase 1 found nothing: the code traces no quorum then.
          \/ e.result.code = "unwritten" /\ FallbackPromised(c)
       /\ Answered(c, e)
    \/ /\ e.action = "RepairPreempted"
       /\ FallbackPreempted(c)
    \/ /\ e.action = "RepairDone"
       /\ cs[c].phase = "idle"
       /\ Relayed(e)
       /\ UNCHANGED vars

(***************************************************************************)
(* Glue: the unobserved spec steps the implementation takes without an     *)
(* event.  Each is enabled only by the next event and the client's phase,  *)
(* and each moves the client towards that event, so at most a bounded      *)
(* number happen before it.                                                *)
(*  - A propose op (capture+write, alloc) reports no CaptureDone: its      *)
(*    Write event implies it (on the promises of the Write's quorum).      *)
(*  - A propose op that a quorum refused retries at a fresh ballot without *)
(*    answering: for WORPaxos, whose capture and write are two calls, its  *)
(*    call was preempted (or timed out, when the refusals have not arrived *)
(*    in the spec's view), and the next Capture is a new call.             *)
(* Unobserved steps of the spec that need no glue: message duplication and *)
(* reordering (msgs is a set, delivery does not consume), re-granted       *)
(* promises and repeated answers (steps of the spec, pinned by the event), *)
(* and the loss of messages nobody uses (they stay in msgs, unread, until  *)
(* the Horizon forgets them).                                              *)
(***************************************************************************)
GiveUp(c) ==
    IF Nacked(cs[c].b)
    THEN IF cs[c].phase = "capturing" THEN CapturePreempted(c) ELSE WritePreempted(c)
    ELSE Timeout(c)

Glue(e) ==
    LET c == e.client IN
    \/ /\ e.action = "Write"
       /\ "quorum" \in DOMAIN e
       /\ cs[c].phase = "capturing"
       /\ cs[c].b = e.ballot
       /\ CaptureDoneIn(c, PromisesFrom(e.ballot, e))
    \/ /\ e.action = "Capture"
       /\ cs[c].phase \in {"capturing", "writing"}
       /\ cs[c].b # e.ballot
       /\ GiveUp(c)

(***************************************************************************)
(* Horizon: msgs only grows in WORPaxos (delivery does not consume), so a  *)
(* long trace would drag every message it ever saw along.  When msgs holds *)
(* more than MsgLimit messages, the wrapper first loses (LoseMessage, a    *)
(* spec step: the trace model has WithLoss) every message no later event   *)
(* can use:                                                                *)
(*  - a reply (Promise, Accepted, Nack, ReadReply) that no client waits    *)
(*    for: decisions count only the replies of the call under way, and    *)
(*    ballots and read nonces are never reused, so a later call that needs *)
(*    such a reply gets it again, in an acceptor event of its own;         *)
(*  - a request (Prepare, Accept, ReadQuery) of a call that is over and    *)
(*    that no acceptor event of the next Horizon events handles (a         *)
(*    duplicate delivered later than that is not expected), except an      *)
(*    Accept some acceptor took (Replayable: it may be sent again).        *)
(* Several losses are one step here: they commute, and nothing reads msgs  *)
(* between them.  While a forgetting is due no event step is enabled, so   *)
(* the search stays a line.                                                *)
(***************************************************************************)
MsgLimit == 96
Horizon == 128

WaitingAt(b) == \E c \in Client : cs[c].b = b /\ cs[c].phase \in {"capturing", "writing", "forging", "repairing", "fallback1", "fallback2"}

Awaited(m) ==
    CASE m.type \in {"Promise", "Accepted", "Nack", "Prepare", "Accept", "ForgedAccept", "ForgedNack"} -> WaitingAt(m.bal)
      [] m.type \in {"ReadReply", "ReadQuery"} -> cs[m.client].phase = "reading" /\ cs[m.client].n = m.n

\* The requests the acceptor events of the next Horizon events handle.
RequestKey(m) == CASE m.type = "ReadQuery" -> <<m.type, <<m.client, m.n>>>>
                   [] m.type = "ForgedAccept" -> <<"Accept", m.bal>>
                   [] OTHER -> <<m.type, m.bal>>
HandledKey(ev) ==
    CASE ev.action \in {"Promise", "RejectPrepare"} -> <<"Prepare", ev.ballot>>
      [] ev.action \in {"Accepted", "RejectAccept"} -> <<"Accept", ev.ballot>>
      [] ev.action = "ReadReply" -> <<"ReadQuery", <<ev.client, ev.n>>>>
\* (One set map over the events that handle a request, rather than a UNION
\* of Horizon small sets: it runs at every forgetting.)
SoonHandled ==
    LET last == IF l + Horizon > Len(TraceLog) THEN Len(TraceLog) ELSE l + Horizon IN
    {HandledKey(TraceLog[j]) :
        j \in {j \in l..last : TraceLog[j].action \in {"Promise", "RejectPrepare", "Accepted",
                                                       "RejectAccept", "ReadReply"}}}

IsRequest(m) == m.type \in {"Prepare", "Accept", "ForgedAccept", "ReadQuery"}

\* An Accept whose ballot and value some acceptor holds now: whoever reads
\* that acceptor may send it again, verbatim and much later (a read's repair,
\* a hostile client's replay), and an acceptor's step on it needs the message.
\* At most one such Accept per acceptor, so they are kept.  (Every pair an
\* acceptor ever took, votes, grows with the trace: keeping those made a
\* 94,549-event trace quadratic.)
Replayable(m) == m.type = "Accept" /\ \E a \in Acceptor : acceptedBallot[a] = m.bal /\ acceptedValue[a] = m.val

Forgettable ==
    LET soon == SoonHandled IN
    {m \in msgs : ~Awaited(m) /\ ~Replayable(m) /\ ~(IsRequest(m) /\ RequestKey(m) \in soon)}

\* F is Forgettable, computed once per step by the caller (it walks the next
\* Horizon events and every message: the costliest part of a step).
ForgetDue(F) == Cardinality(msgs) > MsgLimit /\ F # {}

Forget(F) ==
    /\ WithLoss
    /\ msgs' = msgs \ F
    /\ UNCHANGED <<up, AcceptorVars, ClientVars>>

IsAcceptorEvent(e) == e.action \in {"Promise", "RejectPrepare", "Accepted", "RejectAccept",
                                    "ReadReply", "CrashAcceptor", "RecoverAcceptor"}

TraceNext ==
    /\ l <= Len(TraceLog)
    /\ LET e == TraceLog[l]
           F == IF Cardinality(msgs) > MsgLimit THEN Forgettable ELSE {} IN
        IF ForgetDue(F)
        THEN Forget(F) /\ UNCHANGED l
        ELSE \/ /\ IF IsAcceptorEvent(e) THEN AcceptorStep(e) ELSE ClientStep(e)
                /\ l' = l + 1
             \/ /\ Glue(e)
                /\ UNCHANGED l

TraceSpec == TraceInit /\ [][TraceNext]_TraceVars

\* Violated exactly when the whole log was consumed: the trace is accepted.
TraceNotFinished == l <= Len(TraceLog)
=============================================================================
