---------------------------- MODULE TraceWormTX ----------------------------
(***************************************************************************)
(* Trace validation of ONE transaction of the TypeScript WormTX            *)
(* (src/apps/wormtx) against WormTX.tla.                                   *)
(*                                                                         *)
(* TraceLog is the transaction's events, its participants renumbered       *)
(* 0 .. NRM-1, in an order consistent with the registers (the ok write of  *)
(* a value before anyone sees it, captures by ballot; see                  *)
(* src/apps/wormtx/trace.ts).  l is the index of the next event.  Every    *)
(* step consumes one event by taking the spec action it names with the     *)
(* observed answer pinned, except the glue steps below.  The log is        *)
(* accepted iff some behaviour consumes all of it (TraceNotFinished is     *)
(* violated).                                                              *)
(*                                                                         *)
(*  event        spec                         code (src/apps/wormtx/node.ts)*)
(*  Precapture   PreCapture(r) (answer ok)    captureSegment of r's window  *)
(*               or an unused capture / none  (answer lost or an error)     *)
(*  Vote         VoteYes(r) / VoteNo(r)       vote(): write own register    *)
(*  Capture      TimeoutCapture(r, s)         timeoutAbort(): capture       *)
(*               (answer ok, nothing written)                              *)
(*  Capture      a read of s's register       capture found it written     *)
(*               (answer ok, value)                                        *)
(*  AbortWrite   TimeoutWrite(r)              write no with that capture   *)
(*  Read         a read (no step)             poll / recovery read          *)
(*  Decide       DecideCommit / DecideAbort   decide()                      *)
(* An answer "unknown" (the call timed out, or its RM died before the      *)
(* answer came) pins nothing: the call took effect or not.  The trace      *)
(* orders captures (pre-captures included) by ballot.  A later life       *)
(* of an RM (after a crash) that decides again what its earlier life       *)
(* decided is a stuttering step.                                           *)
(***************************************************************************)
EXTENDS WormTX, Sequences

CONSTANT TraceLog

VARIABLE l

TraceVars == <<vars, l>>

TraceInit == Init /\ l = 1

\* The answer the code saw, when it saw one.
Pinned(e, a, v, id) ==
    /\ e.answer # "unknown" => W!WriteAnswer(a, v, id) = e.answer
    /\ e.answer = "alreadyWritten" => val'[a] = e.value

PrecaptureEv(e) ==
    /\ e.action = "Precapture"
    /\ IF e.answer = "ok"
          THEN PreCapture(e.rm)
          \* The answer was lost: the capture took an id r never learned, or
          \* nothing; either way r has no own id from it and tries again.
          ELSE \/ /\ W!CaptureSegment(VoteAddr(e.rm), 0, 0)
                  /\ UNCHANGED <<rmState, ownId, holding>>
               \/ UNCHANGED vars

VoteEv(e) ==
    /\ e.action = "Vote"
    /\ \/ /\ IF e.vote = "yes" THEN VoteYes(e.rm) ELSE VoteNo(e.rm)
          /\ Pinned(e, VoteAddr(e.rm), e.vote, OwnId(e.rm))
       \/ e.answer = "unknown" /\ UNCHANGED vars   \* it never took effect

CaptureEv(e) ==
    /\ e.action = "Capture"
    /\ CASE e.answer = "ok" /\ e.value = "none" ->
              TimeoutCapture(e.rm, e.target)
         [] e.answer = "ok" ->
              \* The register was written: the capture only read it.
              W!Read(VoteAddr(e.target)) = e.value /\ UNCHANGED vars
         [] OTHER ->
              \* preempted, or unknown: it took a fresh id or nothing; the
              \* id went unused.
              \/ /\ W!Live(VoteAddr(e.target)) /\ W!Capture(VoteAddr(e.target))
                 /\ UNCHANGED <<rmState, ownId, holding>>
              \/ UNCHANGED vars

AbortWriteEv(e) ==
    /\ e.action = "AbortWrite"
    /\ holding[e.rm].tgt = e.target
    /\ \/ /\ TimeoutWrite(e.rm)
          /\ Pinned(e, VoteAddr(e.target), "no", holding[e.rm].id)
       \/ /\ e.answer = "unknown"
          /\ holding' = [holding EXCEPT ![e.rm] = NoHold]
          /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, rmState, ownId>>

ReadEv(e) ==
    /\ e.action = "Read"
    /\ W!Read(VoteAddr(e.target)) = e.value
    /\ UNCHANGED vars

DecideEv(e) ==
    /\ e.action = "Decide"
    /\ \/ IF e.outcome = "commit" THEN DecideCommit(e.rm) ELSE DecideAbort(e.rm)
       \/ /\ rmState[e.rm] = (IF e.outcome = "commit" THEN "committed" ELSE "aborted")
          /\ UNCHANGED vars

TakeEvent ==
    /\ l <= Len(TraceLog)
    /\ LET e == TraceLog[l] IN
          PrecaptureEv(e) \/ VoteEv(e) \/ CaptureEv(e) \/ AbortWriteEv(e) \/ ReadEv(e) \/ DecideEv(e)
    /\ l' = l + 1

(* Glue.  A preempted write's value lands unobserved (a repairing read, a  *)
(* late accept): the code never sees that step, only its result.  And an  *)
(* RM that died between capturing a register and writing no into it      *)
(* forgets the capture (its next life starts without it).                  *)
Glue ==
    /\ l <= Len(TraceLog)
    /\ \/ \E a \in RM : LandLate(a)
       \/ /\ TraceLog[l].action = "Capture"
          /\ holding[TraceLog[l].rm] # NoHold
          /\ holding' = [holding EXCEPT ![TraceLog[l].rm] = NoHold]
          /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, rmState, ownId>>
    /\ UNCHANGED l

TraceNext == TakeEvent \/ Glue

TraceNotFinished == l <= Len(TraceLog)
=============================================================================
