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
(* the observed values pinned, except a few unobserved steps that the      *)
(* spec needs and the implementation does not report (see Glue); each of   *)
(* them is enabled only by the event that needs it, so the search stays    *)
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
(*  Capture           Capture(c)           paxos-op.ts newBallot           *)
(*  CaptureDone       CaptureDone(c)       paxos-op.ts afterPhase1         *)
(*  Write             Write(c, v)          paxos-op.ts afterPhase1, WriteOp*)
(*  WriteDone         WriteDone(c)         paxos-op.ts afterPhase2, WriteOp*)
(*  CapturePreempted, WritePreempted, RepairPreempted, Timeout: base-op.ts *)
(*                    finish                                               *)
(*  Read              Read(c)              read-op.ts start                *)
(*  ReadDone          ReadDone(c)          read-op.ts decide               *)
(*  Repair            ReadDone(c), repair  read-op.ts decide               *)
(*  RepairDone        RepairDone(c)        read-op.ts handle               *)
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

\* The step sent exactly m.  This resolves the spec's choice of a message
\* (\E m \in msgs) to the one the implementation answered.
Sent(m) == msgs' = msgs \cup {m}

\* The caller's answer, as far as the implementation reports it: an `ok` of a
\* write carries no value in the code, so there a None val is not compared.
\* Every other answer's value is compared, None included (a read answering
\* `ok` without its value is a wrong answer).
Answered(c, e) ==
    /\ result'[c].code = e.result.code
    /\ (e.result.val # None \/ e.action # "WriteDone") => result'[c].val = e.result.val
    /\ e.result.id # NoId => result'[c].id = e.result.id

\* The replies to c's current read that the code did not decide on (it takes
\* each acceptor's first reply of a quorum; the spec's ReadDone reads every
\* reply in flight).  They are lost before the decision: a loss the network
\* may cause, and these replies are of no use to anyone else.
UnusedReplies(e) ==
    LET c == e.client IN
    {m \in msgs : /\ m.type = "ReadReply" /\ m.client = c /\ m.n = cs[c].n
                  /\ [from |-> m.from, acceptedBallot |-> m.acceptedBallot,
                      acceptedValue |-> m.acceptedValue] \notin e.replies}

\* The promises for e.ballot from acceptors outside the quorum the code used
\* (CaptureDone takes the highest value among ALL promises in flight).
UnusedPromises(b, e) ==
    IF "quorum" \in DOMAIN e
    THEN {m \in msgs : m.type = "Promise" /\ m.bal = b /\ m.from \notin e.quorum}
    ELSE {}

\* The reply an acceptor event sent (for Promise, Accepted and ReadReply).
ReplyOf(e) ==
    CASE e.action = "Promise" ->
            [type |-> "Promise", from |-> e.acceptor, bal |-> e.ballot,
             acceptedBallot |-> e.acceptedBallot, acceptedValue |-> e.acceptedValue]
      [] e.action = "Accepted" -> [type |-> "Accepted", from |-> e.acceptor, bal |-> e.ballot, val |-> e.acceptedValue]
      [] e.action = "ReadReply" ->
            [type |-> "ReadReply", from |-> e.acceptor, client |-> e.client, n |-> e.n,
             acceptedBallot |-> e.acceptedBallot, acceptedValue |-> e.acceptedValue]

\* Earlier, different answers of the same acceptor to the same read query.
\* WORPaxos answers a query once per acceptor; the code answers every
\* delivery (a duplicate, or a resend after the first answer was lost) with
\* its state at that time.  The earlier answer is then one the network lost.
OlderReplies(e) ==
    {r \in msgs : /\ r.type = "ReadReply" /\ r.from = e.acceptor
                  /\ r.client = e.client /\ r.n = e.n /\ r # ReplyOf(e)}

\* A request delivered again (network duplication, or a client's resend after
\* a timeout) that the acceptor grants again, changing nothing and answering
\* what it answered before: for the spec, nothing happened (a stuttering
\* step), because the state and the reply are already there.  The code
\* re-grants a promise at an equal ballot (acceptor.ts onPrepare: b >= promised).
Regranted(e) ==
    /\ e.action \in {"Promise", "Accepted", "ReadReply"}
    /\ up[e.acceptor]
    /\ promised[e.acceptor] = e.promised
    /\ acceptedBallot[e.acceptor] = e.acceptedBallot
    /\ acceptedValue[e.acceptor] = e.acceptedValue
    /\ \/ ReplyOf(e) \in msgs
       \* A promise re-granted after the acceptor accepted at that very ballot
       \* reports the accepted value, so it differs from the first; WORPaxos
       \* grants a ballot once (Promise: promised < b).  Its proposer is past
       \* phase 1 of that ballot, so nobody can use the new reply.
       \/ /\ e.action = "Promise"
          \* a re-grant is at the promise itself: a Promise below the promise, or
          \* one above it that changed nothing, is a bug, not a repeat.
          /\ e.ballot = e.promised
          /\ ~(cs[e.ballot[2]].phase = "capturing" /\ cs[e.ballot[2]].b = e.ballot)
    /\ UNCHANGED vars

\* The replies read (c, n) decides on, from its ReadDone or Repair event later
\* in the log (looking ahead is fine: the log is a constant).
DecidedOn(c, n) ==
    UNION {TraceLog[j].replies :
           j \in {j \in l..Len(TraceLog) : /\ TraceLog[j].action \in {"ReadDone", "Repair"}
                                          /\ TraceLog[j].client = c /\ TraceLog[j].n = n}}

\* A second, different answer to a query that the read never decides on: the
\* spec's acceptor answers once, so for the spec this answer was never sent
\* (a stuttering step); the client ignored it, as it takes each acceptor's
\* first answer.
IgnoredAnswer(e) ==
    /\ e.action = "ReadReply"
    /\ up[e.acceptor]
    /\ OlderReplies(e) # {}
    /\ [from |-> e.acceptor, acceptedBallot |-> e.acceptedBallot, acceptedValue |-> e.acceptedValue]
           \notin DecidedOn(e.client, e.n)
    /\ promised[e.acceptor] = e.promised
    /\ acceptedBallot[e.acceptor] = e.acceptedBallot
    /\ acceptedValue[e.acceptor] = e.acceptedValue
    /\ UNCHANGED vars

AcceptorStep(e) ==
    LET a == e.acceptor IN
    \/ Regranted(e)
    \/ IgnoredAnswer(e)
    \/ /\ e.action = "Promise"
       /\ Promise(a)
       /\ AcceptorIs(e)
       /\ Sent([type |-> "Promise", from |-> a, bal |-> e.ballot,
                acceptedBallot |-> e.acceptedBallot, acceptedValue |-> e.acceptedValue])
    \/ /\ e.action = "RejectPrepare"
       /\ RejectPrepare(a)
       /\ AcceptorIs(e)
       /\ Sent([type |-> "Nack", from |-> a, bal |-> e.ballot, promised |-> e.promised,
                acceptedBallot |-> e.acceptedBallot, acceptedValue |-> e.acceptedValue])
    \/ /\ e.action = "Accepted"
       /\ Accepted(a)
       /\ AcceptorIs(e)
       /\ acceptedBallot'[a] = e.ballot
       /\ Sent([type |-> "Accepted", from |-> a, bal |-> e.ballot, val |-> e.acceptedValue])
    \/ /\ e.action = "RejectAccept"
       /\ RejectAccept(a)
       /\ AcceptorIs(e)
       /\ Sent([type |-> "Nack", from |-> a, bal |-> e.ballot, promised |-> e.promised,
                acceptedBallot |-> e.acceptedBallot, acceptedValue |-> e.acceptedValue])
    \/ /\ e.action = "ReadReply"
       /\ ReplyOf(e) \notin msgs
       /\ OlderReplies(e) = {}
       /\ ReadReply(a)
       /\ AcceptorIs(e)
       /\ Sent([type |-> "ReadReply", from |-> a, client |-> e.client, n |-> e.n,
                acceptedBallot |-> e.acceptedBallot, acceptedValue |-> e.acceptedValue])
    \/ e.action = "CrashAcceptor" /\ CrashAcceptor(a)
    \/ e.action = "RecoverAcceptor" /\ RecoverAcceptor(a)

\* The caller's value of a write: a read's fallback writes what it found.
CallerValue(e) == IF e.callerValue = None THEN e.value ELSE e.callerValue

ClientStep(e) ==
    LET c == e.client IN
    \/ /\ e.action = "Capture"
       /\ Capture(c)
       /\ cs'[c].b = e.ballot
    \/ /\ e.action = "CaptureDone"
       /\ UnusedPromises(cs[c].b, e) = {}
       /\ CaptureDone(c)
       /\ Answered(c, e)
    \/ /\ e.action = "CapturePreempted"
       /\ CapturePreempted(c)
    \/ /\ e.action = "Write"
       /\ cs[c].b = e.ballot
       /\ Write(c, CallerValue(e))
       /\ cs'[c].w = e.value
    \/ /\ e.action = "WriteDone"
       /\ WriteDone(c)
       /\ Answered(c, e)
    \/ /\ e.action = "WritePreempted"
       \* A propose op is preempted in phase 1 or in phase 2; the code names both WritePreempted.
       /\ \/ cs[c].phase = "writing" /\ WritePreempted(c)
          \/ cs[c].phase = "capturing" /\ CapturePreempted(c)
    \/ /\ e.action = "Timeout"
       /\ Timeout(c)
    \/ /\ e.action = "Read"
       /\ Read(c)
       /\ cs'[c].n = e.n
    \/ /\ e.action = "ReadDone"
       /\ UnusedReplies(e) = {}
       /\ ReadDone(c)
       /\ cs'[c].phase = "idle"
       /\ Answered(c, e)
    \/ /\ e.action = "Repair"
       /\ UnusedReplies(e) = {}
       /\ ReadDone(c)
       /\ cs'[c].phase = "repairing"
       /\ cs'[c].b = e.ballot
       /\ cs'[c].w = e.value
    \/ /\ e.action = "RepairDone"
       /\ RepairDone(c)
       /\ Answered(c, e)
    (* A read whose repair was refused runs Paxos at a fresh ballot (read-op.ts  *)
    (* fallback, a PaxosOp in repair mode): for WORPaxos the read timed out and  *)
    (* the client then captures and writes the value it found.  The run's answer *)
    (* is traced as RepairDone (or RepairPreempted, Timeout), then relayed by the *)
    (* read as a second RepairDone with the same result.                         *)
    \/ /\ e.action = "RepairDone"
       /\ cs[c].phase = "writing"
       /\ e.result.code = "ok"
       /\ WriteDone(c)
       /\ result'[c].val = e.result.val
    \/ /\ e.action = "RepairDone"
       /\ cs[c].phase = "capturing"
       /\ e.result.code = "unwritten"   \* phase 1 found no value: nothing to write
       /\ Timeout(c)
    \/ /\ e.action = "RepairPreempted"
       /\ \/ cs[c].phase = "writing" /\ WritePreempted(c)
          \/ cs[c].phase = "capturing" /\ CapturePreempted(c)
    \/ /\ e.action = "RepairDone"
       /\ cs[c].phase = "idle"
       /\ l > 1
       /\ TraceLog[l - 1].action \in {"RepairDone", "RepairPreempted", "Timeout"}
       /\ TraceLog[l - 1].client = c
       /\ TraceLog[l - 1].result = e.result
       /\ UNCHANGED vars

(***************************************************************************)
(* Glue: the unobserved spec steps the implementation takes without an     *)
(* event.  Each is enabled only by the next event and the client's phase,  *)
(* and each moves the client towards that event, so at most a bounded      *)
(* number happen before it.                                                *)
(*  - A propose op (capture+write, alloc) reports no CaptureDone: its      *)
(*    Write event implies it.                                              *)
(*  - A propose op that a quorum refused retries at a fresh ballot without *)
(*    answering: its next Capture implies CapturePreempted/WritePreempted  *)
(*    (or Timeout when the refusals have not arrived in the spec's view).  *)
(*  - A client's RoundCounter is shared by all registers and jumps above   *)
(*    the promises it saw, so its next round here may skip rounds.  A      *)
(*    skipped round is a capture the client started and gave up on        *)
(*    (Capture then Timeout); its Prepare is never answered here.          *)
(*  - A read whose repair was refused falls back to a full Paxos run at a  *)
(*    fresh ballot; WORPaxos ends such a read in Timeout, and the fallback *)
(*    is then a capture+write of the value found.                          *)
(*  - The code decides phase 1 and reads on the first quorum of replies;   *)
(*    the replies it did not use are lost first (UnusedPromises,           *)
(*    UnusedReplies), and an older answer to a query is lost when a newer  *)
(*    one is the one the read used (OlderReplies).                         *)
(* Unobserved steps of the spec that need no glue: message duplication and *)
(* reordering (msgs is a set, delivery does not consume), and the loss of  *)
(* messages nobody uses (they stay in msgs, unread).                       *)
(***************************************************************************)
\* Lose one message of S (any: the order of losses does not matter).
LoseOneOf(S) ==
    /\ S # {}
    /\ LoseMessage
    /\ msgs' = msgs \ {CHOOSE m \in S : TRUE}

GiveUp(c) ==
    IF Nacked(cs[c].b)
    THEN IF cs[c].phase = "capturing" THEN CapturePreempted(c) ELSE WritePreempted(c)
    ELSE Timeout(c)

Glue(e) ==
    LET c == e.client IN
    \/ /\ e.action = "ReadReply"
       /\ [from |-> e.acceptor, acceptedBallot |-> e.acceptedBallot, acceptedValue |-> e.acceptedValue]
              \in DecidedOn(e.client, e.n)
       /\ LoseOneOf(OlderReplies(e))
    \/ /\ e.action = "Write"
       /\ cs[c].phase = "capturing"
       /\ cs[c].b = e.ballot
       /\ IF UnusedPromises(e.ballot, e) # {} THEN LoseOneOf(UnusedPromises(e.ballot, e)) ELSE CaptureDone(c)
    \/ /\ e.action = "CaptureDone"
       /\ cs[c].phase = "capturing"
       /\ LoseOneOf(UnusedPromises(cs[c].b, e))
    \/ /\ e.action \in {"ReadDone", "Repair"}
       /\ cs[c].phase = "reading"
       /\ LoseOneOf(UnusedReplies(e))
    \/ /\ e.action = "Capture"
       /\ \/ cs[c].phase \in {"capturing", "writing"} /\ cs[c].b # e.ballot /\ GiveUp(c)
          \/ cs[c].phase = "repairing" /\ Timeout(c)
          \/ cs[c].phase = "idle" /\ round[c] + 1 < e.ballot[1] /\ Capture(c)

IsAcceptorEvent(e) == e.action \in {"Promise", "RejectPrepare", "Accepted", "RejectAccept",
                                    "ReadReply", "CrashAcceptor", "RecoverAcceptor"}

TraceNext ==
    /\ l <= Len(TraceLog)
    /\ LET e == TraceLog[l] IN
        \/ /\ IF IsAcceptorEvent(e) THEN AcceptorStep(e) ELSE ClientStep(e)
           /\ l' = l + 1
        \/ /\ Glue(e)
           /\ UNCHANGED l

TraceSpec == TraceInit /\ [][TraceNext]_TraceVars

\* Violated exactly when the whole log was consumed: the trace is accepted.
TraceNotFinished == l <= Len(TraceLog)
=============================================================================
