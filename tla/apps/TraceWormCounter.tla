-------------------------- MODULE TraceWormCounter --------------------------
(***************************************************************************)
(* Trace validation of the TypeScript WormCounter (src/apps/wormcounter)   *)
(* against WormCounter.tla.                                                *)
(*                                                                         *)
(* TraceLog is the nodes' events, each life of a node one client 1..N, in  *)
(* an order the registers allow (src/apps/wormcounter/trace.ts).  l is the *)
(* index of the next event.  Every step consumes one event by taking the   *)
(* spec action it names with the observed answer pinned, except the glue   *)
(* steps below.  The log is accepted iff some behaviour consumes all of it *)
(* (TraceNotFinished is violated).                                         *)
(*                                                                         *)
(*  event   spec                               code (node.ts)              *)
(*  Alloc   AllocSeg (ok: it allocated,        alloc of the slot's segment *)
(*          alreadyWritten: it was) or                                      *)
(*          AllocFailed (unknown, preempted)                               *)
(*  Write   Write with the answer pinned,      capture+write of the slot   *)
(*          WriteLost (unknown)                                            *)
(* The capture half of capture+write is not seen by the code: it is glue,  *)
(* taken just before the client's write event.  Only a preempted answer    *)
(* depends on when captures happened, so on the slots where some write was *)
(* preempted (PreemptedSlots) a client with events to come (LastEvent) may *)
(* capture at any time, and again (the library retries at fresh ballots).  *)
(* Everywhere else the order of captures is pinned, which keeps the set of *)
(* states that match the events small.                                     *)
(***************************************************************************)
EXTENDS WormCounter, Sequences

CONSTANTS
    TraceLog,   \* the events
    LastEvent,  \* LastEvent[c]: the index of client c's last event
    PreemptedSlots  \* the slots some write of the trace found preempted

VARIABLE l

TraceVars == <<vars, l>>

TraceInit == Init /\ l = 1

AllocEv(e) ==
    /\ e.action = "Alloc"
    /\ pc[e.client] = "alloc" /\ W!SegOf(slot[e.client]) = e.seg
    /\ CASE e.answer = "ok" -> ~W!Allocated(e.seg) /\ AllocSeg(e.client)
         [] e.answer = "alreadyWritten" -> W!Allocated(e.seg) /\ AllocSeg(e.client)
         [] e.answer \in {"unknown", "preempted"} -> AllocFailed(e.client)
         [] OTHER -> FALSE

WriteEv(e) ==
    LET c == e.client IN
    /\ e.action = "Write"
    /\ pc[c] = "write" /\ slot[c] = e.slot /\ CurOp(c) = e.value
    /\ IF e.answer = "unknown"
       THEN WriteLost(c)
       ELSE /\ Write(c)
            /\ W!WriteAnswer(e.slot, CurOp(c), id[c]) = e.answer
            /\ e.answer = "alreadyWritten" => val'[e.slot] = e.found

TakeEvent ==
    /\ l <= Len(TraceLog)
    /\ AllocEv(TraceLog[l]) \/ WriteEv(TraceLog[l])
    /\ l' = l + 1

(* Glue: the capture half of a client's capture+write, and a preempted     *)
(* write's value landing unobserved (a repairing capture, a late accept).  *)
Glue ==
    /\ l <= Len(TraceLog)
    /\ \/ \E c \in Client :
             /\ \/ TraceLog[l].client = c /\ pc[c] = "capture"
                \/ l <= LastEvent[c] /\ slot[c] \in PreemptedSlots
             /\ Capture(c)
       \/ \E a \in W!Addr : Land(a)
    /\ UNCHANGED l

TraceNext == TakeEvent \/ Glue

TraceNotFinished == l <= Len(TraceLog)
=============================================================================
