------------------------------ MODULE TraceWOS ------------------------------
(***************************************************************************)
(* Trace validation of a whole WormSpace run against the API-level spec    *)
(* WOS.tla: every call of every client on every segment, in one trace      *)
(* (src/trace/wos.ts records it from the simulator's history or from a     *)
(* real client library's calls).                                           *)
(*                                                                         *)
(* Events, in the order of the run's clock:                                *)
(*   Call    a client invokes a call; the event carries the call and the   *)
(*           answer it will get (the recorder knows it).  A call whose     *)
(*           answer never came or says nothing (timeout; a preempted read, *)
(*           check or capture) is an orphan: it may take effect at any     *)
(*           later time, or never.                                         *)
(*   Return  the answer arrives: the call must have taken effect by now.   *)
(* The linearization point of a call is an unobserved step (Lin) anywhere  *)
(* between its Call and its Return; Return may take it itself (the latest  *)
(* point), which is where a wrong answer is reported.  Each WOS step is    *)
(* taken with the call's arguments and its answer pinned (Match).          *)
(*                                                                         *)
(* What the code does in more than one WOS step:                           *)
(*   - write/writeSegment without a capture id: captureSegment, then the   *)
(*     write(s) with that id (other calls may come in between);            *)
(*   - writeSegment: one Write per register of the range, in any order     *)
(*     and interleaved with other calls (the code is not atomic across     *)
(*     registers);                                                         *)
(*   - captureSegment whose repair left registers unrepaired: a second     *)
(*     capture of those registers with an id nobody holds (the repair's    *)
(*     promise, above the capture id).                                     *)
(* Answers WOS does not have: a preempted write or alloc means "refused":  *)
(* WOS's preempted or alreadyWritten (the code cannot tell them apart); an *)
(* alloc answering trimmed is WOS's alreadyWritten on a trimmed segment;   *)
(* a trim answering trimmed is WOS's ok.  The unsafe write (ballot <<0,0>>)*)
(* is a write with id 0, which WORAtomic answers ok only on a register     *)
(* never captured.  Capture ids are the code's ballots; idOf maps each to  *)
(* the WOS id its capture drew.                                            *)
(***************************************************************************)
EXTENDS WOS, Sequences

CONSTANTS
    TraceLog,   \* the events
    Ballot      \* the capture ids (ballots <<round, client>>) the trace's captures answered

VARIABLES
    l,          \* the index of the next event
    idOf,       \* idOf[b]: the WOS id of the capture that answered ballot b (0: none yet)
    pc,         \* pc[c]: "idle", "called", "write" (capture done, write(s) to go),
                \*        "repair" (a second capture to go), "done" (took effect)
    cur,        \* cur[c]: the Call event of c's call in progress
    wid,        \* wid[c]: the WOS id c's write(s) use
    todo,       \* todo[c]: the registers c's writeSegment has still to write
    orph,       \* calls without a telling answer that may still take effect
    ncap        \* the captures of the run's capture order (Call field nc) taken so far

traceVars == <<l, idOf, pc, cur, wid, todo, orph, ncap>>
TraceVars == <<wosVars, traceVars>>

Unsafe == <<0, 0>>
Rng(e) == {o \in Off : e.lo <= o /\ o <= e.hi}
\* A ballot no capture of the trace answered (a made-up id) is an id no capture drew: -1.
IdOf(b) == IF b = Unsafe THEN 0 ELSE IF b \in Ballot THEN idOf[b] ELSE -1

TraceInit ==
    /\ WOSInit
    /\ l = 1
    /\ idOf = [b \in Ballot |-> 0]
    /\ pc = [c \in Client |-> "idle"]
    /\ cur = [c \in Client |-> None]
    /\ wid = [c \in Client |-> 0]
    /\ todo = [c \in Client |-> {}]
    /\ orph = {}
    /\ ncap = 0

(* Can call e have taken effect although its answer says it did not?  An  *)
(* alloc, a write with a capture id, or a capture whose quorum the run's    *)
(* capture order saw (nc): a capture+write whose capture reached no quorum  *)
(* wrote nothing.                                                           *)
MayHaveWritten(e) == e.kind = "alloc" \/ e.id # None \/ e.nc # None

(* Does WOS's answer a (resp'[c]) say what the code answered in call e?    *)
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
      [] e.status = "trimmed" /\ e.kind = "alloc" -> \/ a.code = "alreadyWritten" /\ trimmed[e.seg]
                                                     \/ a.code = "ok"
      [] OTHER -> a.code = e.status

\* A register write of call e at offset o: the answer the code gave for o.
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

Unchanged == UNCHANGED <<idOf, cur, wid, todo, orph, ncap>>

SetPc(c, p) == pc' = [pc EXCEPT ![c] = p]

(* The capture of call e (after CaptureSegment) draws its id in the order  *)
(* the run's captures took effect, when the recorder knows it (e.nc, read  *)
(* from the acceptors' promises: src/trace/wos-capture-order.ts); a call   *)
(* without it (nc None) may draw its id at any point.  A refused capture   *)
(* draws none.                                                             *)
PinCapture(e) ==
    IF e.nc = None \/ lastId' = lastId THEN UNCHANGED ncap
    ELSE /\ ncap + 1 = e.nc
         /\ ncap' = e.nc

(* The first (or only) WOS step of c's call; fin is the pc it leaves when  *)
(* the call is over ("done" as glue, "idle" when Return takes it: then it  *)
(* must be the call's last step).                                          *)
LinStart(c, fin) ==
    LET e == cur[c] IN
    /\ pc[c] = "called"
    /\ CASE e.kind = "alloc" ->
              Alloc(c, e.seg, e.value) /\ Match(e, resp'[c]) /\ SetPc(c, fin) /\ Unchanged
         [] e.kind = "check" ->
              Check(c, e.seg) /\ Match(e, resp'[c]) /\ SetPc(c, fin) /\ Unchanged
         [] e.kind = "trim" ->
              Trim(c, e.seg) /\ Match(e, resp'[c]) /\ SetPc(c, fin) /\ Unchanged
         [] e.kind = "read" ->
              Read(c, e.seg, e.off) /\ Match(e, resp'[c]) /\ SetPc(c, fin) /\ Unchanged
         [] e.kind = "capture" ->
              /\ CaptureSegment(c, e.seg, Rng(e))
              /\ PinCapture(e)
              /\ Match(e, resp'[c])
              /\ e.status = "ok" => \A w \in e.written : reg[e.seg][w.off].val = w.value
              /\ e.status = "ok" /\ e.unrepaired # {} => fin = "done"
              /\ idOf' = IF e.status = "ok" THEN [idOf EXCEPT ![e.rid] = lastId'] ELSE idOf
              /\ SetPc(c, IF e.status = "ok" /\ e.unrepaired # {} THEN "repair" ELSE fin)
              /\ UNCHANGED <<cur, wid, todo, orph>>
         [] e.kind \in {"write", "writeSegment"} /\ e.id = None ->
              \* capture+write: the capture half (answers what the write answers when refused)
              /\ CaptureSegment(c, e.seg, Rng(e))
              /\ PinCapture(e)
              \* Refused by the guard: the call is over.  A call answered notAllocated
              \* or trimmed whose capture did take effect (nc: the trim came between its
              \* capture and its write) goes on to writes the guard refuses.
              /\ IF e.status \in {"notAllocated", "trimmed"} /\ (e.nc = None \/ resp'[c].code # "ok")
                 THEN /\ Match(e, resp'[c])
                      /\ SetPc(c, fin)
                      /\ UNCHANGED <<wid, todo>>
                 ELSE /\ resp'[c].code = "ok"
                      /\ fin = "done"         \* the write(s) are still to come
                      /\ wid' = [wid EXCEPT ![c] = lastId']
                      /\ todo' = [todo EXCEPT ![c] = Rng(e)]
                      /\ SetPc(c, "write")
              /\ UNCHANGED <<idOf, cur, orph>>
         [] e.kind = "write" ->
              Write(c, e.seg, e.off, e.value, IdOf(e.id)) /\ Match(e, resp'[c]) /\ SetPc(c, fin) /\ Unchanged
         [] e.kind = "writeSegment" ->
              IF e.status \in {"notAllocated", "trimmed"}
              THEN Refused(c, e.seg) /\ Match(e, resp'[c]) /\ SetPc(c, fin) /\ Unchanged
              ELSE /\ Guard(e.seg) = "ok"
                   /\ fin = "done"          \* the writes are still to come
                   /\ UNCHANGED wosVars
                   /\ wid' = [wid EXCEPT ![c] = IdOf(e.id)]
                   /\ todo' = [todo EXCEPT ![c] = Rng(e)]
                   /\ SetPc(c, "write")
                   /\ UNCHANGED <<idOf, cur, orph, ncap>>

(* A later WOS step of c's call: one register write, or the repair's       *)
(* second capture.                                                         *)
LinMore(c, fin) ==
    LET e == cur[c] IN
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

Lin(c, fin) == LinStart(c, fin) \/ LinMore(c, fin)

(* An orphan takes effect, with whatever answer WOS gives.  A capture+write*)
(* becomes, after its capture, an orphan write with that id per register.  *)
OrphanLin(x) ==
    /\ x \in orph
    /\ CASE x.kind = "alloc" -> Alloc(x.client, x.seg, x.value) /\ orph' = orph \ {x} /\ UNCHANGED ncap
         [] x.kind = "trim" -> Trim(x.client, x.seg) /\ orph' = orph \ {x} /\ UNCHANGED ncap
         [] x.kind = "capture" ->
              CaptureSegment(x.client, x.seg, Rng(x)) /\ PinCapture(x) /\ orph' = orph \ {x}
         [] x.kind \in {"write", "writeSegment"} /\ x.id = None ->
              /\ CaptureSegment(x.client, x.seg, Rng(x))
              /\ PinCapture(x)
              /\ orph' = (orph \ {x}) \cup
                   {[x EXCEPT !.kind = "write", !.id = <<-1, lastId'>>, !.lo = o, !.hi = o] : o \in Rng(x)}
         [] x.kind \in {"write", "writeSegment"} ->
              \* an id <<-1, n>> is the WOS id n itself (drawn by an orphan's capture)
              /\ \E o \in Rng(x) :
                   /\ Write(x.client, x.seg, o, x.value, IF x.id[1] = -1 THEN x.id[2] ELSE IdOf(x.id))
                   /\ orph' = (orph \ {x}) \cup
                        {[x EXCEPT !.lo = p, !.hi = p] : p \in Rng(x) \ {o}}
              /\ UNCHANGED ncap
    /\ UNCHANGED <<l, idOf, pc, cur, wid, todo>>

(* ---- the events ---- *)

\* The orphan record of a call: what OrphanLin needs of it.
Orphan(e) == [kind |-> e.kind, client |-> e.client, seg |-> e.seg, lo |-> e.lo, hi |-> e.hi,
              value |-> e.value, id |-> e.id, nc |-> e.nc]

CallEv(e) ==
    /\ e.action = "Call"
    /\ pc[e.client] = "idle"
    /\ IF e.status = "unknown"
       THEN /\ orph' = IF e.kind \in {"read", "check"} THEN orph ELSE orph \cup {Orphan(e)}
            /\ UNCHANGED <<pc, cur, wid, todo>>
       ELSE /\ pc' = [pc EXCEPT ![e.client] = "called"]
            /\ cur' = [cur EXCEPT ![e.client] = e]
            /\ UNCHANGED <<wid, todo, orph>>
    /\ UNCHANGED <<wosVars, idOf, ncap>>

ReturnEv(e) ==
    LET c == e.client IN
    /\ e.action = "Return"
    /\ \/ /\ pc[c] = "done"
          /\ SetPc(c, "idle")
          /\ UNCHANGED <<wosVars, idOf, cur, wid, todo, orph, ncap>>
       \/ Lin(c, "idle")
    \* An answer trimmed says the segment was trimmed by then, whatever the call did before.
    /\ cur[c].status = "trimmed" => trimmed'[cur[c].seg]

TakeEvent ==
    /\ l <= Len(TraceLog)
    /\ CallEv(TraceLog[l]) \/ ReturnEv(TraceLog[l])
    /\ l' = l + 1

(* Unobserved steps: a linearization point, an orphan taking effect, a     *)
(* preempted write or alloc landing late (WOS's Settle, SettleMeta).       *)
Glue ==
    /\ l <= Len(TraceLog)
    /\ \/ \E c \in Client : Lin(c, "done")
       \/ \E x \in orph : OrphanLin(x)
       \/ /\ \E s \in Seg :
               \/ \E m \in meta[s].pend : SettleMeta(s, m)
               \/ \E o \in Off : \E v \in reg[s][o].pend : Settle(s, o, v)
          /\ UNCHANGED traceVars
    /\ UNCHANGED l

TraceNext == TakeEvent \/ Glue

TraceNotFinished == l <= Len(TraceLog)
=============================================================================
