--------------------------- MODULE TraceWormLog ---------------------------
(***************************************************************************)
(* Trace validation of the TypeScript WormLog (src/apps/wormlog) against   *)
(* WormLog.tla, in the style of TraceWORPaxos.tla.                         *)
(*                                                                         *)
(* TraceLog is one simulated run, recorded by src/apps/wormlog/trace.ts:   *)
(* a sequence of records, each naming the WormLog action it took with the  *)
(* values the implementation observed.  l is the index of the next event.  *)
(*                                                                         *)
(* Linearization.  A WOS call takes effect at one point between its        *)
(* invocation and its answer, and the application sees only the answer.    *)
(* So an event that reports a call carries `inv`, and its step may be      *)
(* taken at any time from there on, before the event itself is consumed:   *)
(* each such event says how many events before it its call was invoked     *)
(* (`back`), so Early is the set of offsets d >= 1 of the later events     *)
(* whose call was invoked before event l; lin holds the offsets of the     *)
(* events whose step was taken early.  Everything is relative to l (the    *)
(* streaming validator slides TraceLog and renumbers l; absolute indexes   *)
(* would point outside its window).  The search tries the orders; the      *)
(* trace is accepted iff some order consumes the whole log                 *)
(* (TraceNotFinished is violated).                                         *)
(*                                                                         *)
(* Capture ids.  The code's ids are ballots (a string "round.client" in    *)
(* the log); the spec's are naturals handed out in order.  idmap binds     *)
(* each ballot to the spec id its capture got when its step was taken.     *)
(*                                                                         *)
(*  event          spec step                 code                          *)
(*  SeqAlloc       SeqAlloc(s)               node.ts SequencerNode.alloc   *)
(*  SeqAllocLost   (a failed alloc: the      alloc answered alreadyWritten *)
(*                 segment is allocated)                                   *)
(*  SeqCapture     SeqCapture(s)             SequencerNode.capture         *)
(*  Grant          Grant(s, c)               SequencerNode.handle, taken   *)
(*  GrantLost      GrantLost(s)              ... and never taken           *)
(*  ClientWrite    ClientWrite(c)            ClientNode.write              *)
(*  Read           ReaderRead(r)             ReaderNode.read (a value)     *)
(*  ReaderCapture  ReaderCapture(r)          ReaderNode.capture            *)
(*  ReaderFill     ReaderFill(r)             ReaderNode.fill               *)
(*  Stray          StrayWrite, StrayCapture, a call that timed out, or     *)
(*                 StrayCaptureSegment,      whose node crashed: it may    *)
(*                 StrayAlloc, or nothing    take effect, or not           *)
(*                                                                         *)
(* Not recorded: reads that found a position unwritten or unallocated, and *)
(* check calls (they change nothing; leaving them out checks less).        *)
(* Late landings (LandLate) are the one unobserved spec step: taken        *)
(* where a register has a pending value.                                   *)
(***************************************************************************)
EXTENDS WormLog

CONSTANTS TraceLog,
    Upto,   \* check the first Upto events (Len(TraceLog) for the whole trace);
            \* later events may still take their steps early, in their windows
    MaxBack \* the largest `back` of the log: Early looks no further ahead

VARIABLES l,
    lin,    \* offsets d >= 1: event l + d took its step early
    idmap,
    dep     \* offsets d >= 0: write event l + d deposited its value early (see Deposit)

TraceVars == <<vars, l, lin, idmap, dep>>

\* (idmap starts with a key no ballot has: its domain is a set of strings from the start.)
TraceInit == Init /\ l = 1 /\ lin = {} /\ idmap = [b \in {"none"} |-> -1] /\ dep = {}

\* The spec id of a ballot; -1 (no id at all) if its capture took no step yet.
IdOf(b) == IF b \in DOMAIN idmap THEN idmap[b] ELSE -1

\* The capture that just took its step handed out W!NewId: bind ballot b to it.
Bind(b) ==
    /\ b \notin DOMAIN idmap
    /\ idmap' = [x \in DOMAIN idmap \cup {b} |-> IF x = b THEN W!NewId ELSE idmap[x]]

\* The answer of a write step, and the value an alreadyWritten answer showed.
Answered(a, v, id, e) ==
    /\ W!WriteAnswer(a, v, id) = e.code
    /\ e.code = "alreadyWritten" => val'[a] = e.value

\* A fill's answer.  Junk is one value in the spec and many writes in the code:
\* when another reader's preempted junk is pending and this fill's capture
\* completed it, the code answers alreadyWritten (the junk landed is not this
\* write's), while for the spec the same value landed, "ok".  ReaderFill drops
\* its id whatever the answer, so both are the same step.
FillAnswered(a, id, e) ==
    \/ Answered(a, Junk, id, e)
    \/ /\ e.code = "alreadyWritten" /\ e.value = Junk /\ Junk \in pending[a]
       /\ W!WriteAnswer(a, Junk, id) = "ok"

Step(e) ==
    \/ /\ e.action = "SeqAlloc"
       /\ SeqAlloc(e.s)
       /\ seq'[e.s].seg = e.seg
       /\ UNCHANGED idmap
    \/ /\ e.action = "SeqAllocLost"
       /\ W!Allocated(e.seg)
       /\ UNCHANGED <<vars, idmap>>
    \/ /\ e.action = "SeqCapture"
       /\ seq[e.s].seg = e.seg
       /\ SeqCapture(e.s)
       /\ Bind(e.id)
    \/ /\ e.action = "Grant"
       /\ Grant(e.s, e.c)
       /\ cl'[e.c].slot = e.slot
       /\ cl'[e.c].id = IdOf(e.id)
       /\ UNCHANGED idmap
    \/ /\ e.action = "GrantLost"
       /\ seq[e.s].id # W!NoId
       /\ W!AddrOf(seq[e.s].seg, seq[e.s].next) = e.slot
       /\ GrantLost(e.s)
       /\ UNCHANGED idmap
    \/ /\ e.action = "ClientWrite"
       /\ cl[e.c].st = "granted" /\ cl[e.c].slot = e.slot /\ cl[e.c].id = IdOf(e.id)
       /\ ClientWrite(e.c)
       /\ Answered(e.slot, e.c, cl[e.c].id, e)
       /\ (cl'[e.c].st = "done") = e.acked
       /\ UNCHANGED idmap
    \/ /\ e.action = "Read"
       /\ Next_(e.r) = e.pos
       /\ ReaderRead(e.r)
       /\ W!Read(e.pos) = e.value
       /\ UNCHANGED idmap
    \/ /\ e.action = "ReaderCapture"
       /\ Next_(e.r) = e.pos
       /\ ReaderCapture(e.r)
       /\ Bind(e.id)
    \/ /\ e.action = "ReaderFill"
       /\ Next_(e.r) = e.pos /\ rdFill[e.r] = IdOf(e.id)
       /\ ReaderFill(e.r)
       /\ FillAnswered(e.pos, IdOf(e.id), e)
       /\ UNCHANGED idmap
    \/ /\ e.action = "Stray"
       /\ \/ e.call = "write" /\ StrayWrite(e.pos, e.value, IdOf(e.id))
          \/ e.call = "capture" /\ StrayCapture(e.pos)
          \/ e.call = "captureSegment" /\ StrayCaptureSegment(e.seg)
          \/ e.call = "alloc" /\ StrayAlloc(e.seg, e.s)
       /\ UNCHANGED idmap

\* A write that answered alreadyWritten may have had two effects: on its way it
\* reached some acceptors before another capture preempted it (its value became
\* pending: the spec's StrayWrite with its id, answered preempted), and when it
\* answered, the register held a value (maybe its own, landed through the other
\* capture).  Deposit takes that first effect, once per such event, before its
\* step.
Deposit(d) ==
    LET e == TraceLog[l + d] IN
    /\ d \notin dep /\ d \notin lin
    /\ e.action \in {"ClientWrite", "ReaderFill"} /\ e.code = "alreadyWritten"
    /\ IF e.action = "ClientWrite" THEN StrayWrite(e.slot, e.c, IdOf(e.id))
                                   ELSE StrayWrite(e.pos, Junk, IdOf(e.id))
    /\ W!WriteAnswer(IF e.action = "ClientWrite" THEN e.slot ELSE e.pos,
                     IF e.action = "ClientWrite" THEN e.c ELSE Junk, IdOf(e.id)) = "preempted"
    /\ dep' = dep \cup {d}

\* The offsets d >= 1 of events whose call was invoked before event l (and
\* that TraceLog holds): their steps may be taken now.  No event is invoked
\* more than MaxBack events before it, so looking further finds nothing.
Early == {d \in 1 .. (IF Len(TraceLog) - l < MaxBack THEN Len(TraceLog) - l ELSE MaxBack) :
            "back" \in DOMAIN TraceLog[l + d] /\ TraceLog[l + d].back >= d}

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
    \/ /\ \E a \in Pos : pending[a] # {} /\ LandLate(a)
       /\ UNCHANGED <<l, lin, idmap, dep>>

TraceSpec == TraceInit /\ [][TraceNext]_TraceVars

\* Violated exactly when the first Upto events were consumed: accepted.
TraceNotFinished == l <= Upto
=============================================================================
