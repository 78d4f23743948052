---------------------------- MODULE TraceWOSImpl ----------------------------
(***************************************************************************)
(* Trace validation of a whole WormSpace run against the protocol-level    *)
(* spec WOSImpl.tla: the WOS calls as the client library builds them from  *)
(* write-once registers (src/trace/wosimpl.ts records them from the core's *)
(* trace events, in the simulator or the real client library).             *)
(*                                                                         *)
(* The WOR-level steps of each call, in WOSImpl's actions:                 *)
(*   alloc      AllocCapture, AllocWrite (the metadata WOR's capture+write)*)
(*   check      Check (a read of the metadata WOR)                         *)
(*   trim       Check, TrimDecide (the trim WOR), TrimApply (the servers   *)
(*              drop the segment; the call's quorum of Trimmed acks)       *)
(*   register   Check (the allocation check; skipped when the client has   *)
(*   calls      cached it), then the data WOR calls of TraceWOS.tla        *)
(*                                                                         *)
(* Events, in the order the run took them:                                 *)
(*   Call        a call starts; it carries the call, its answer, and the   *)
(*               answer of its metadata read (meta, mvalue); status        *)
(*               "unknown" (no telling answer): an orphan, whose steps may *)
(*               be taken at any later time, or never;                     *)
(*   MetaChecked the metadata read answered and the call goes on: its      *)
(*               Check has been taken, nothing after it yet;               *)
(*   TrimDecided the trim WOR's decision answered: TrimDecide has been     *)
(*               taken, TrimApply not yet;                                 *)
(*   Apply       one server dropped the segment (its acceptor's Trim): the *)
(*               trim must be decided by then;                             *)
(*   Return      the answer arrives: every step of the call is taken.      *)
(* Each step sits anywhere between the events that bound it (glue, Lin),   *)
(* at the latest at the event itself, with its answer pinned (Match).      *)
(* Data WOR calls as in TraceWOS.tla: capture+write is a capture then the  *)
(* write(s); writeSegment one Write per register; an unrepaired capture a  *)
(* second capture.  Answers WOSImpl does not have are mapped as there.     *)
(***************************************************************************)
EXTENDS WOSImpl, Sequences

CONSTANTS
    TraceLog,   \* the events
    Ballot      \* the capture ids (ballots <<round, client>>) the trace's data captures answered

VARIABLES
    l,          \* the index of the next event
    idOf,       \* idOf[b]: the data WOR id of the capture that answered ballot b (0: none yet)
    pc,         \* pc[c]: "idle", "called", "checked", "captured" (alloc), "decided" (trim),
                \*        "write", "repair", "done"
    cur,        \* cur[c]: the Call event of c's call in progress
    bar,        \* bar[c]: the MetaChecked/TrimDecided events seen in c's call
    wid,        \* wid[c]: the data WOR id c's write(s) use
    todo,       \* todo[c]: the registers c's writeSegment has still to write
    orph,       \* calls without a telling answer that may still take effect
    ncap        \* the captures of the run's capture order (Call field nc) taken so far

traceVars == <<l, idOf, pc, cur, bar, wid, todo, orph, ncap>>
TraceVars == <<vars, traceVars>>

Unsafe == <<0, 0>>
Rng(e) == {o \in Off : e.lo <= o /\ o <= e.hi}
IdOf(b) == IF b = Unsafe THEN 0 ELSE IF b \in Ballot THEN idOf[b] ELSE -1

TraceInit ==
    /\ Init
    /\ l = 1
    /\ idOf = [b \in Ballot |-> 0]
    /\ pc = [c \in Client |-> "idle"]
    /\ cur = [c \in Client |-> None]
    /\ bar = [c \in Client |-> 0]
    /\ wid = [c \in Client |-> 0]
    /\ todo = [c \in Client |-> {}]
    /\ orph = {}
    /\ ncap = 0

(* Can call e have taken effect although its answer says it did not?  An  *)
(* alloc, a write with a capture id, or a capture whose quorum the run's    *)
(* capture order saw (nc): a capture+write whose capture reached no quorum  *)
(* wrote nothing.                                                           *)
MayHaveWritten(e) == e.kind = "alloc" \/ e.id # None \/ e.nc # None

(* Does WOSImpl's answer a (resp'[c]) say what the code answered in call e? *)
Match(e, a) ==
    CASE e.status = "ok" -> a.code = "ok" /\ (e.kind \in {"read", "check"} => a.val = e.rvalue)
      \* a write answered alreadyWritten with its own value: a retry found its
      \* earlier attempt's accept decided, so the write itself may have been it
      [] e.status = "alreadyWritten" /\ e.kind = "write" /\ e.rvalue = e.value ->
            a.code \in {"ok", "alreadyWritten"} /\ a.val = e.rvalue
      [] e.status = "alreadyWritten" -> a.code = "alreadyWritten" /\ a.val = e.rvalue
      \* a write or alloc answered preempted: refused, landing later, or (its own accepts
      \* reached a quorum but the answers it counted were refusals from acceptors that had
      \* promised a later capture since) taken effect: the code does not know
      [] e.status = "preempted" /\ e.kind \in {"write", "writeSegment", "alloc"} /\ MayHaveWritten(e) ->
            a.code \in {"preempted", "alreadyWritten", "ok"}
      [] e.status = "preempted" -> a.code \in {"preempted", "alreadyWritten"}
      \* a capture or write answered trimmed: an attempt met the trimmed segment, and an
      \* earlier attempt whose answer was lost may have taken effect before the trim, or
      \* not (ReturnEv checks the trim came before the answer)
      [] e.status = "trimmed" /\ e.kind \in {"capture", "write", "writeSegment"} /\ MayHaveWritten(e) ->
            a.code \in {"trimmed", "ok", "alreadyWritten", "preempted"}
      [] e.status = "trimmed" /\ e.kind = "trim" -> a.code = "ok"
      \* an alloc answered trimmed: refused on the trimmed segment, or an earlier attempt
      \* whose answers were lost allocated it before the trim (ReturnEv checks the trim)
      [] e.status = "trimmed" /\ e.kind = "alloc" -> \/ a.code = "alreadyWritten" /\ applied[e.seg]
                                                     \/ a.code = "ok"
      [] OTHER -> a.code = e.status

(* The answer of the call's metadata read: ok(mvalue), unwritten, trimmed, *)
(* or "other" (preempted, timeout: says nothing).                          *)
MatchMeta(e, a) ==
    CASE e.meta = "ok" -> a.code = "ok" /\ a.val = e.mvalue
      [] e.meta = "unwritten" -> a.code = "notAllocated"
      [] e.meta = "trimmed" -> a.code = "trimmed"
      [] OTHER -> TRUE

MatchAt(e, o, a) ==
    IF e.status \in {"ok", "preempted"} /\ e.kind = "writeSegment"
    THEN CASE o \in {w.off : w \in e.written} ->
                  /\ \E w \in e.written : w.off = o /\ a.val = w.value
                  /\ a.code = "alreadyWritten" \/ (a.code = "ok" /\ a.val = e.value)
           \* a register the code gave up on: refused, or still undecided when its patience ran
           \* out, whose accept may have reached a quorum all the same
           [] o \in e.refused /\ MayHaveWritten(e) -> a.code \in {"preempted", "alreadyWritten", "ok"}
           [] o \in e.refused -> a.code \in {"preempted", "alreadyWritten"}
           [] e.status = "preempted" -> a.code \in {"preempted", "alreadyWritten", "ok"}
           [] OTHER -> a.code = "ok"
    ELSE Match(e, a)

\* The call goes on after its metadata read (else the read's answer is the call's).
GoesOn(e) == IF e.kind = "trim" THEN e.meta \in {"ok", "trimmed"} ELSE e.meta = "ok"
\* The barrier events a step must follow: MetaChecked before the steps after Check,
\* TrimDecided before TrimApply.
Need1(e) == IF e.mc THEN 1 ELSE 0
Need2(e) == Need1(e) + (IF e.td THEN 1 ELSE 0)

\* (Lin steps leave bar to their caller: a barrier event counts itself.)
Unchanged == UNCHANGED <<idOf, cur, wid, todo, orph, ncap>>
SetPc(c, p) == pc' = [pc EXCEPT ![c] = p]

(* A data capture draws its id in the order the run's captures took effect *)
(* when the recorder knows it (e.nc), as in TraceWOS.tla.                  *)
PinCapture(e) ==
    IF e.nc = None \/ lastId' = lastId THEN UNCHANGED ncap
    ELSE /\ ncap + 1 = e.nc
         /\ ncap' = e.nc

(* The first step of c's call.  fin is the pc it leaves when the call is   *)
(* over: "done" as glue, "idle" when the Return takes it.                  *)
StepCalled(c, fin) ==
    LET e == cur[c] IN
    /\ pc[c] = "called"
    /\ CASE e.kind = "alloc" ->
              /\ fin = "done"                \* (the Return takes the write, never the capture)
              /\ AllocCapture(c, e.seg, e.value)
              /\ SetPc(c, "captured") /\ Unchanged
         [] e.kind = "check" ->
              Check(c, e.seg) /\ Match(e, resp'[c]) /\ SetPc(c, fin) /\ Unchanged
         [] OTHER ->
              \* the metadata read (the allocation check) of trim and register calls
              /\ Check(c, e.seg)
              /\ MatchMeta(e, resp'[c])
              \* (when the call ends here, a telling read's answer is the call's)
              /\ IF GoesOn(e) THEN fin = "done" /\ SetPc(c, "checked")
                 ELSE /\ e.meta \in {"unwritten", "trimmed"} => Match(e, resp'[c])
                      /\ SetPc(c, fin)
              /\ Unchanged

(* The data WOR calls of a register call whose allocation check passed     *)
(* (or was cached): TraceWOS.tla's LinStart.                               *)
StepData(c, fin) ==
    LET e == cur[c] IN
    /\ pc[c] = "checked"
    /\ bar[c] >= Need1(e)
    /\ CASE e.kind = "read" ->
              Read(c, e.seg, e.off) /\ Match(e, resp'[c]) /\ SetPc(c, fin) /\ Unchanged
         [] e.kind = "capture" ->
              /\ CaptureSegment(c, e.seg, Rng(e))
              /\ PinCapture(e)
              /\ Match(e, resp'[c])
              /\ e.status = "ok" => \A w \in e.written : data[e.seg][w.off].val = w.value
              /\ e.status = "ok" /\ e.unrepaired # {} => fin = "done"
              /\ idOf' = IF e.status = "ok" THEN [idOf EXCEPT ![e.rid] = lastId'] ELSE idOf
              /\ SetPc(c, IF e.status = "ok" /\ e.unrepaired # {} THEN "repair" ELSE fin)
              /\ UNCHANGED <<cur, wid, todo, orph>>
         [] e.kind \in {"write", "writeSegment"} /\ e.id = None ->
              /\ CaptureSegment(c, e.seg, Rng(e))
              /\ PinCapture(e)
              \* (a pinned capture took effect: a trim after it refuses the writes)
              /\ IF e.status \in {"notAllocated", "trimmed"} /\ (e.nc = None \/ resp'[c].code # "ok")
                 THEN /\ Match(e, resp'[c])
                      /\ SetPc(c, fin)
                      /\ UNCHANGED <<wid, todo>>
                 ELSE /\ resp'[c].code = "ok"
                      /\ fin = "done"
                      /\ wid' = [wid EXCEPT ![c] = lastId']
                      /\ todo' = [todo EXCEPT ![c] = Rng(e)]
                      /\ SetPc(c, "write")
              /\ UNCHANGED <<idOf, cur, orph>>
         [] e.kind = "write" ->
              Write(c, e.seg, e.off, e.value, IdOf(e.id)) /\ Match(e, resp'[c]) /\ SetPc(c, fin) /\ Unchanged
         [] e.kind = "writeSegment" ->
              IF e.status \in {"notAllocated", "trimmed"}
              THEN ~Busy(c) /\ Refused(c, e.seg) /\ Match(e, resp'[c]) /\ SetPc(c, fin) /\ Unchanged
              ELSE /\ ~Busy(c)
                   /\ Guard(e.seg) = "ok"
                   /\ fin = "done"
                   /\ UNCHANGED vars
                   /\ wid' = [wid EXCEPT ![c] = IdOf(e.id)]
                   /\ todo' = [todo EXCEPT ![c] = Rng(e)]
                   /\ SetPc(c, "write")
                   /\ UNCHANGED <<idOf, cur, orph, ncap>>
         [] e.kind = "trim" ->
              /\ TrimDecide(c, e.seg)
              /\ trimming'[c] = e.seg       \* the check found it allocated
              /\ fin = "done"
              /\ SetPc(c, "decided") /\ Unchanged

(* The later steps: alloc's write, trim's apply, a register write, the     *)
(* repair's second capture.                                                *)
StepMore(c, fin) ==
    LET e == cur[c] IN
    \/ /\ pc[c] = "captured"
       /\ AllocWrite(c) /\ Match(e, resp'[c])
       /\ SetPc(c, fin) /\ Unchanged
    \/ /\ pc[c] = "decided"
       /\ bar[c] >= Need2(e)
       /\ TrimApply(c) /\ Match(e, resp'[c])
       /\ SetPc(c, fin) /\ Unchanged
    \/ /\ pc[c] = "write"
       /\ \E o \in todo[c] :
            /\ Write(c, e.seg, o, e.value, wid[c])
            /\ MatchAt(e, o, resp'[c])
            /\ todo[c] # {o} => fin = "done"
            /\ todo' = [todo EXCEPT ![c] = @ \ {o}]
            /\ SetPc(c, IF todo[c] = {o} THEN fin ELSE "write")
       /\ UNCHANGED <<idOf, cur, wid, orph, ncap>>
    \/ /\ pc[c] = "repair"
       /\ CaptureSegment(c, e.seg, e.unrepaired)
       /\ SetPc(c, fin)
       /\ Unchanged

Lin(c, fin) == StepCalled(c, fin) \/ StepData(c, fin) \/ StepMore(c, fin)

\* An orphan alloc's or trim's steps (they draw no data capture id).
OrphanCtl(x) ==
    /\ UNCHANGED ncap
    /\ CASE x.kind = "alloc" /\ x.stage = 0 ->
              AllocCapture(x.client, x.seg, x.value) /\ orph' = (orph \ {x}) \cup {[x EXCEPT !.stage = 1]}
         [] x.kind = "alloc" ->
              AllocWrite(x.client) /\ orph' = orph \ {x}
         [] x.kind = "trim" /\ x.stage = 0 ->
              /\ TrimDecide(x.client, x.seg)
              /\ orph' = IF trimming'[x.client] = x.seg THEN (orph \ {x}) \cup {[x EXCEPT !.stage = 1]} ELSE orph \ {x}
         [] x.kind = "trim" ->
              TrimApply(x.client) /\ orph' = orph \ {x}

(* An orphan takes its steps, with whatever answers WOSImpl gives.  Its    *)
(* allocation check changes nothing and is left out.                       *)
OrphanLin(x) ==
    /\ x \in orph
    /\ CASE x.kind \in {"alloc", "trim"} -> OrphanCtl(x)
         [] x.kind = "capture" ->
              CaptureSegment(x.client, x.seg, Rng(x)) /\ PinCapture(x) /\ orph' = orph \ {x}
         [] x.kind \in {"write", "writeSegment"} /\ x.id = None ->
              /\ CaptureSegment(x.client, x.seg, Rng(x))
              /\ PinCapture(x)
              /\ orph' = (orph \ {x}) \cup
                   {[x EXCEPT !.kind = "write", !.id = <<-1, lastId'>>, !.lo = o, !.hi = o] : o \in Rng(x)}
         [] x.kind \in {"write", "writeSegment"} ->
              /\ \E o \in Rng(x) :
                   /\ Write(x.client, x.seg, o, x.value, IF x.id[1] = -1 THEN x.id[2] ELSE IdOf(x.id))
                   /\ orph' = (orph \ {x}) \cup
                        {[x EXCEPT !.lo = p, !.hi = p] : p \in Rng(x) \ {o}}
              /\ UNCHANGED ncap
    /\ UNCHANGED <<l, idOf, pc, cur, bar, wid, todo>>

(* ---- the events ---- *)

Orphan(e) == [kind |-> e.kind, client |-> e.client, seg |-> e.seg, lo |-> e.lo, hi |-> e.hi,
              value |-> e.value, id |-> e.id, stage |-> 0, nc |-> e.nc]

CallEv(e) ==
    /\ e.action = "Call"
    /\ pc[e.client] = "idle"
    /\ IF e.status = "unknown"
       THEN /\ orph' = IF e.kind \in {"read", "check"} THEN orph ELSE orph \cup {Orphan(e)}
            /\ UNCHANGED <<pc, cur, bar, wid, todo>>
       ELSE /\ pc' = [pc EXCEPT ![e.client] = IF e.meta = "none" /\ e.kind \notin {"alloc", "check"} THEN "checked" ELSE "called"]
            /\ cur' = [cur EXCEPT ![e.client] = e]
            /\ bar' = [bar EXCEPT ![e.client] = 0]
            /\ UNCHANGED <<wid, todo, orph>>
    /\ UNCHANGED <<vars, idOf, ncap>>

\* A barrier event: the steps before it are taken (or this event takes the last of them).
BarrierEv(e, from, to) ==
    LET c == e.client IN
    /\ \/ /\ pc[c] = to
          /\ UNCHANGED <<vars, pc, ncap>>
       \/ /\ pc[c] = from
          /\ Lin(c, "done")
          /\ pc'[c] = to
    /\ bar' = [bar EXCEPT ![c] = @ + 1]
    /\ UNCHANGED <<idOf, cur, wid, todo, orph>>

\* (only for a call whose Call announced it: a stray barrier is a malformed trace)
MetaCheckedEv(e) == e.action = "MetaChecked" /\ pc[e.client] # "idle" /\ cur[e.client].mc /\ BarrierEv(e, "called", "checked")
TrimDecidedEv(e) == e.action = "TrimDecided" /\ pc[e.client] # "idle" /\ cur[e.client].td /\ BarrierEv(e, "checked", "decided")

\* A server drops a segment only once its trim is decided (the acceptor checks its trim WOR).
ApplyEv(e) ==
    /\ e.action = "Apply"
    /\ trimWor[e.seg]
    /\ UNCHANGED <<vars, idOf, pc, cur, bar, wid, todo, orph, ncap>>

ReturnEv(e) ==
    LET c == e.client IN
    /\ e.action = "Return"
    /\ \/ /\ pc[c] = "done"
          /\ SetPc(c, "idle")
          /\ UNCHANGED <<vars, idOf, cur, bar, wid, todo, orph, ncap>>
       \/ Lin(c, "idle") /\ UNCHANGED bar
    \* An answer trimmed says the segment's trim was decided by then (a server drops a
    \* segment only once its trim WOR is written), whatever the call did before.
    /\ cur[c].status = "trimmed" => trimWor'[cur[c].seg]

TakeEvent ==
    /\ l <= Len(TraceLog)
    /\ \/ CallEv(TraceLog[l])
       \/ MetaCheckedEv(TraceLog[l])
       \/ TrimDecidedEv(TraceLog[l])
       \/ ApplyEv(TraceLog[l])
       \/ ReturnEv(TraceLog[l])
    /\ l' = l + 1

(* Unobserved steps: a step of a call in progress, an orphan's step, a     *)
(* preempted write or alloc landing late (Settle, SettleMeta).             *)
Glue ==
    /\ l <= Len(TraceLog)
    /\ \/ \E c \in Client : Lin(c, "done") /\ UNCHANGED bar
       \/ \E x \in orph : OrphanLin(x)
       \/ /\ \E s \in Seg :
               \/ \E m \in metaWor[s].pend : SettleMeta(s, m)
               \/ \E o \in Off : \E v \in data[s][o].pend : Settle(s, o, v)
          /\ UNCHANGED traceVars
    /\ UNCHANGED l

TraceNext == TakeEvent \/ Glue

TraceNotFinished == l <= Len(TraceLog)
=============================================================================
