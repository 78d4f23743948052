-------------------------- MODULE TraceWormPaxos --------------------------
(***************************************************************************)
(* Trace validation of the TypeScript WormPaxos (src/apps/wormpaxos)       *)
(* against WormPaxos.tla, in the style of TraceWormLog.tla.                *)
(*                                                                         *)
(* TraceLog is one simulated run, recorded by src/apps/wormpaxos/trace.ts: *)
(* a sequence of records, each naming the WormPaxos action it took with    *)
(* the values the implementation observed.  l is the index of the next     *)
(* event.                                                                  *)
(*                                                                         *)
(* Linearization.  A WOS call takes effect at one point between its        *)
(* invocation and its answer, and the replica sees only the answer.  So an *)
(* event that reports a call carries `back`: its call was invoked before   *)
(* the event `back` places before it (the generator's `inv`, made         *)
(* relative), and its step may be taken at any time from there on, before  *)
(* the event itself is consumed.  lin holds the events whose step was      *)
(* taken early, as offsets from l (so that the streaming validator, which *)
(* slides TraceLog and renumbers l, needs nothing else renumbered); each   *)
(* consumed event shifts them down by one.  The search tries the orders;  *)
(* the trace is accepted iff some order consumes the whole log            *)
(* (TraceNotFinished is violated).                                         *)
(*                                                                         *)
(* Capture ids.  The code's ids are ballots ("round.client@s<seg>" for a   *)
(* leader's batch capture, "...@s<seg>.<lo>" for a seal); the spec's are   *)
(* naturals handed out in order.  idmap binds each to the spec id its      *)
(* capture got when its step was taken.                                    *)
(*                                                                         *)
(*  event        spec step             code (node.ts)                      *)
(*  Submit       Submit(r, c)          onRequest, a put queued             *)
(*  Drop         Drop(r, c)            dropProposalsIfFollower (notLeader) *)
(*  Ack          Ack(r, c)             applyKnown / onRequest (seen)       *)
(*  Learn        Learn(r)              applyKnown (one event per entry of  *)
(*                                     a batch: the recorder splits it)    *)
(*  Alloc        AllocNext(r, g)       onAlloc, ok                         *)
(*  AllocLost    (no step: the segment onAlloc, alreadyWritten            *)
(*               is someone else's)                                        *)
(*  Capture      LeaderCapture(r, s)   onCapture, ok (s: its `stale`)      *)
(*  Issue        LeaderIssue(r, b)     propose, a slot handed to a batch   *)
(*  Skip         LeaderSkip(r)         propose, a slot known taken         *)
(*  Write        LeaderWrite(r, w)     onWrite, any answer but timeout     *)
(*  WriteLost    WriteLost(r, w)       onWrite, timeout                    *)
(*  StepDown     StepDown(r)           depose, or whole segment learned    *)
(*  SealCapture  SealCapture(r, ...)   onSealCapture, ok                   *)
(*  SealWrite    SealWrite(r)          onSealWrite, any answer but timeout *)
(*  SealLost     SealLost(r)           onSealWrite, timeout                *)
(*  ReadEmpty    ReadRepair(a), or     a read answered unwritten (its      *)
(*               nothing               repair may have preempted)          *)
(*  Stray        StrayWrite, StrayAccept, StrayCaptureSegment,             *)
(*               StrayWriteSegment, StrayAlloc, or nothing: a call that    *)
(*               timed out or whose                                        *)
(*               replica crashed may take effect, or not                   *)
(*                                                                         *)
(* Not recorded: reads that found a value (checked when it is learned),    *)
(* gets (answered from applied                                             *)
(* state; their linearizability is checked by the simulation).  Late       *)
(* landings (LandLate) are the one unobserved spec step: taken where a     *)
(* register has a pending value.                                           *)
(***************************************************************************)
EXTENDS WormPaxos

CONSTANTS TraceLog,
    Upto    \* check the first Upto events (Len(TraceLog) for the whole trace);
            \* later events may still take their steps early, in their windows

VARIABLES l,
    lin,    \* offsets d >= 1: event l + d took its step early
    idmap,
    dep     \* offsets d >= 0: write event l + d deposited its value early (see Deposit)

TraceVars == <<vars, l, lin, idmap, dep>>

\* (idmap starts with a key no ballot has: its domain is a set of strings from the start.)
TraceInit == Init /\ l = 1 /\ lin = {} /\ idmap = [b \in {"none"} |-> -1] /\ dep = {}

\* The offsets a capture's repairs left without its id (its result's
\* `unrepaired`; none in traces recorded before it was reported).  A stray
\* capture's result is unknown: taken with none.
StaleOf(e) == IF "stale" \in DOMAIN e THEN e.stale ELSE {}

\* The spec id of a ballot; -1 (no id at all) if its capture took no step yet.
IdOf(b) == IF b \in DOMAIN idmap THEN idmap[b] ELSE -1

\* The capture that just took its step handed out W!NewId: bind ballot b to it.
Bind(b) ==
    /\ b \notin DOMAIN idmap
    /\ idmap' = [x \in DOMAIN idmap \cup {b} |-> IF x = b THEN W!NewId ELSE idmap[x]]

\* The leader's write the event reports.
WriteOf(e) == [pos |-> e.pos, cmd |-> e.c, id |-> IdOf(e.id)]

Step(e) ==
    \/ /\ e.action = "Submit"
       /\ Submit(e.r, e.c)
       /\ UNCHANGED idmap
    \/ /\ e.action = "Drop"
       /\ Drop(e.r, e.c)
       /\ UNCHANGED idmap
    \/ /\ e.action = "Ack"
       /\ Ack(e.r, e.c)
       /\ UNCHANGED idmap
    \/ /\ e.action = "Learn"
       /\ Next_(e.r) = e.pos
       /\ Learn(e.r)
       /\ applied'[e.r][Len(applied'[e.r])] = e.value
       /\ UNCHANGED idmap
    \/ /\ e.action = "Alloc"
       /\ AllocNext(e.r, e.seg)
       /\ UNCHANGED idmap
    \/ /\ e.action = "AllocLost"
       /\ W!Allocated(e.seg) /\ W!Check(e.seg) # e.r
       /\ UNCHANGED <<vars, idmap>>
    \/ /\ e.action = "Capture"
       /\ lead[e.r].seg = e.seg
       /\ LeaderCapture(e.r, StaleOf(e))
       /\ Bind(e.id)
    \/ /\ e.action = "Issue"
       /\ Slot(e.r) = e.pos
       /\ LeaderIssue(e.r, e.c)
       /\ UNCHANGED idmap
    \/ /\ e.action = "Skip"
       /\ Slot(e.r) = e.pos
       /\ LeaderSkip(e.r)
       /\ UNCHANGED idmap
    \/ /\ e.action = "Write"
       /\ LeaderWrite(e.r, WriteOf(e))
       /\ \/ /\ W!WriteAnswer(e.pos, e.c, IdOf(e.id)) = e.code
             /\ e.code = "alreadyWritten" => val'[e.pos] = e.value
             /\ queue'[e.r] = IF e.code # "ok"
                              THEN queue[e.r] \cup (Elems(e.c) \cap props[e.r]) ELSE queue[e.r]
          \/ \* landed, answered alreadyWritten with its own command
             /\ e.code = "alreadyWritten" /\ e.value = e.c
             /\ W!WriteAnswer(e.pos, e.c, IdOf(e.id)) = "ok"
             /\ queue'[e.r] = queue[e.r] \cup (Elems(e.c) \cap props[e.r])
       /\ UNCHANGED idmap
    \/ /\ e.action = "WriteLost"
       /\ WriteLost(e.r, WriteOf(e))
       /\ UNCHANGED idmap
    \/ /\ e.action = "StepDown"
       /\ lead[e.r].seg = e.seg
       /\ StepDown(e.r)
       /\ UNCHANGED idmap
    \/ /\ e.action = "SealCapture"
       /\ SealCapture(e.r, e.seg, e.lo, e.hi, StaleOf(e))
       /\ (seal'[e.r] = NoSeal) = e.full
       /\ Bind(e.id)
    \/ /\ e.action = "SealWrite"
       /\ seal[e.r] # NoSeal
       /\ {o \in seal[e.r].lo .. seal[e.r].hi :
             W!WriteCode(W!AddrOf(seal[e.r].seg, o), seal[e.r].id) = "ok"} = e.landed
       /\ SealWrite(e.r)
       /\ UNCHANGED idmap
    \/ /\ e.action = "SealLost"
       /\ SealLost(e.r)
       /\ UNCHANGED idmap
    \/ /\ e.action = "ReadEmpty"
       /\ W!Live(e.pos) /\ W!Read(e.pos) = Unwritten
       /\ \/ UNCHANGED vars
          \/ ReadRepair(e.pos)
       /\ UNCHANGED idmap
    \/ /\ e.action = "Stray"
       /\ \/ e.call = "write" /\ (StrayWrite(e.pos, e.value, IdOf(e.id)) \/ StrayAccept(e.pos, e.value, IdOf(e.id)))
          \/ e.call = "captureSegment" /\ StrayCaptureSegment(e.seg, e.lo, e.hi, {})
          \/ e.call = "writeSegment" /\ StrayWriteSegment(e.seg, e.lo, e.hi, IdOf(e.id))
          \/ e.call = "alloc" /\ StrayAlloc(e.seg, e.r)
       /\ UNCHANGED idmap

\* A write that answered alreadyWritten may have had two effects: on its way it
\* reached some acceptors before another capture preempted it (its value became
\* pending: the spec's StrayWrite with its id, answered preempted), and when it
\* answered, the register held a value (maybe its own, landed through the
\* other capture).  Deposit takes that first effect, once per such event,
\* before its step.
Deposit(d) ==
    LET e == TraceLog[l + d] IN
    /\ d \notin dep /\ d \notin lin
    /\ e.action = "Write" /\ e.code = "alreadyWritten"
    /\ StrayWrite(e.pos, e.c, IdOf(e.id))
    /\ W!WriteAnswer(e.pos, e.c, IdOf(e.id)) = "preempted"
    /\ dep' = dep \cup {d}

\* The offsets d >= 1 of events whose call was invoked before event l (and
\* that TraceLog holds): their steps may be taken now.
Early == {d \in 1 .. Len(TraceLog) - l : "back" \in DOMAIN TraceLog[l + d] /\ TraceLog[l + d].back >= d}

\* Does event e's step read address a's value?  (A Learn, a write's answer, a
\* read that found it empty, the leader's slot choice, a capture's or a seal's
\* range, a stray call's target.)
Observes(e, a) ==
    LET InRange == e.seg = W!SegOf(a) /\ e.lo <= W!OffOf(a) /\ W!OffOf(a) <= e.hi IN
    \/ e.action \in {"Learn", "Write", "WriteLost", "ReadEmpty", "Issue", "Skip"} /\ e.pos = a
    \/ e.action = "Stray" /\ e.call = "write" /\ e.pos = a
    \/ e.action \in {"Capture", "Alloc", "AllocLost"} /\ e.seg = W!SegOf(a)
    \/ e.action = "SealCapture" /\ InRange
    \/ e.action = "Stray" /\ e.call \in {"captureSegment", "writeSegment"} /\ InRange
    \/ e.action \in {"SealWrite", "SealLost"} /\ seal[e.r] # NoSeal /\ seal[e.r].seg = W!SegOf(a)

\* A pending value lands (LandLate) only right before an event that reads its
\* address takes its step, now or early.  Landing later never takes a behaviour
\* away, since until an event reads the address nothing tells the two apart;
\* landing at any moment would let the candidate states hold every subset of
\* the landed addresses (a seal's range of Noops: 2^8 of them).
ObservedSoon(a) ==
    \E d \in ({0} \cup Early) \ lin : l + d <= Len(TraceLog) /\ Observes(TraceLog[l + d], a)

\* A seal's writeSegment answered later may likewise have reached a minority
\* of some register's acceptors while its capture id was still current there,
\* and been preempted on the rest (a read's repair or another replica's seal
\* capture took the register): its Noop sits there, not chosen, and a later
\* capture may complete it (LandLate) before the writeSegment answers without
\* that offset in `landed`.  DepositSeal takes that first effect
\* once per event, on every register of the range where the seal's id is still
\* current (more pending values only allow more landings, each optional):
\* StrayAccept for an answered writeSegment.  (Found by WormPaxos seed 10 x 60 steps, every
\* fault: replica r2 learned a no-op at an offset that r3's writeSegment did
\* not report landed, completed there by r2's own seal capture.)
\* Only where the trace shows a Noop at that address (learned, or the value
\* a write found there) before the writeSegment answered, and only right
\* before an event that reads the address: a deposit nobody sees changes no
\* answer, and a pending Noop lets every later write land it instead of its
\* own value, so each deposit tried would multiply the candidate states
\* (seed 1 x 60: 47,315 states instead of about 900).
NoopSeenLater(a, last) ==
    \E k \in l .. last :
        /\ TraceLog[k].action \in {"Learn", "Write"}
        /\ TraceLog[k].pos = a
        /\ TraceLog[k].value = Noop

DepositSeal(d) ==
    LET e == TraceLog[l + d]
        AddrsOf(sl) == {W!AddrOf(sl.seg, o) : o \in (sl.lo .. sl.hi) \ e.landed}
    IN /\ d \notin dep /\ d \notin lin
       /\ e.action = "SealWrite"
       /\ seal[e.r] # NoSeal
       /\ LET S == {a \in AddrsOf(seal[e.r]) :
                      W!WriteCode(a, seal[e.r].id) = "ok" /\ NoopSeenLater(a, l + d - 1) /\ ObservedSoon(a)}
          IN /\ S # {}
             /\ pending' = [a \in DOMAIN pending |-> IF a \in S THEN pending[a] \cup {Noop} ELSE pending[a]]
       /\ dep' = dep \cup {d}
       /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId>>
       /\ UNCHANGED appVars

\* Offsets after event l is consumed.
Shift(S) == {d - 1 : d \in S \ {0}}

TraceNext ==
    \/ /\ l <= Upto /\ l <= Len(TraceLog)
       /\ LET e == TraceLog[l] IN
          \/ \* its call took effect earlier: the answer arrives now
             /\ 0 \in lin
             /\ UNCHANGED <<vars, idmap>>
          \/ /\ 0 \notin lin
             /\ Step(e)
          \/ \* a stray call that never took effect
             /\ 0 \notin lin /\ e.action = "Stray"
             /\ UNCHANGED <<vars, idmap>>
       /\ l' = l + 1 /\ lin' = Shift(lin) /\ dep' = Shift(dep)
    \/ /\ l <= Upto /\ l <= Len(TraceLog)
       /\ \E d \in Early \ lin :
            /\ Step(TraceLog[l + d])
            /\ lin' = lin \cup {d}
            /\ UNCHANGED <<l, dep>>
    \/ /\ l <= Upto /\ l <= Len(TraceLog)
       /\ \E d \in Early \cup {0} : Deposit(d)
       /\ UNCHANGED <<l, lin, idmap>>
    \/ /\ l <= Upto /\ l <= Len(TraceLog)
       /\ \E d \in Early \cup {0} : DepositSeal(d)
       /\ UNCHANGED <<l, lin, idmap>>
    \/ /\ \E a \in Pos : pending[a] # {} /\ ObservedSoon(a) /\ LandLate(a)
       /\ UNCHANGED <<l, lin, idmap, dep>>

TraceSpec == TraceInit /\ [][TraceNext]_TraceVars

\* Violated exactly when the first Upto events were consumed: accepted.
TraceNotFinished == l <= Upto
=============================================================================
