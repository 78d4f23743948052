------------------------------- MODULE WOSApi -------------------------------
(***************************************************************************)
(* The abstract write-once address space (WOS) as the applications see it: *)
(* each call of the WormSpace client API is ONE atomic step, taken at its  *)
(* linearization point.  WormTX, WormLog and WormPaxos INSTANCE this       *)
(* module and conjoin its actions with their own state changes.            *)
(*                                                                         *)
(* Why a module of our own and not tla/wos/WOS.tla: when the applications  *)
(* were written, the WOS layer's abstract spec was not committed yet.  The *)
(* operations below follow the paper's API (PAPER-FACTS.md, "The API"):    *)
(*   alloc(seg, meta)     succeeds once per segment; check(seg) gives meta *)
(*   trim(seg)            afterwards the segment's registers answer trimmed*)
(*   capture(a)           a fresh capture id, larger than every earlier    *)
(*                        one: it preempts them                            *)
(*   captureSegment(g, lo, hi)  one fresh id for offsets lo..hi of g       *)
(*   write(a, v, id)      ok iff a is unwritten and nobody captured a      *)
(*                        since id; else alreadyWritten / preempted        *)
(*   writeSegment(g, v, lo, hi, id)  write on each register of the range   *)
(*   read(a)              the value, or Unwritten                          *)
(* Calls on a register of an unallocated segment answer notAllocated, of a *)
(* trimmed segment trimmed, and change nothing.                            *)
(*                                                                         *)
(* What this abstraction leaves out, on purpose:                           *)
(*  - timeouts: a call that times out either took effect (the same step as *)
(*    its success) or did not (a stuttering step); the apps below act only *)
(*    on what they read back from registers, so both are covered;          *)
(*  - a write answered "preempted" whose value a later capturer completes  *)
(*    (WOR.tla allows it): here a preempted write has no effect.  The apps *)
(*    decide only from register contents, never from a preempted answer,   *)
(*    so their safety arguments do not depend on it; see README.md.        *)
(*  - capture ids are naturals from one counter (fresh = larger than every *)
(*    id handed out); the ballot <<round, client>> encoding is the WOR     *)
(*    layer's business.  Id 0 means "no capture id".                       *)
(***************************************************************************)
EXTENDS Naturals

CONSTANTS
    NSeg,       \* segments 0..NSeg-1
    SegSize,    \* registers per segment; segment g holds addresses g*SegSize .. (g+1)*SegSize-1
    Value,      \* the values an application writes into registers
    Meta,       \* the metadata values alloc may store
    MaxId,      \* model bound: at most MaxId captures in a behaviour (see CanCapture)
    Unwritten,  \* a model value: what a register nobody wrote holds
    NoMeta      \* a model value: the metadata of an unallocated segment

\* (Unwritten and NoMeta are model values so that they compare with any
\* application value, string, number or tuple, without a TLC type error.)
NoId == 0                    \* "no capture id"

Seg == 0 .. NSeg - 1
Addr == 0 .. NSeg * SegSize - 1
SegOf(a) == a \div SegSize
OffOf(a) == a % SegSize
AddrOf(g, off) == g * SegSize + off
CaptureId == 1 .. MaxId

VARIABLES
    segMeta,    \* segMeta[g]: the metadata alloc stored, or NoMeta while g is unallocated
    trimmed,    \* trimmed[g]: TRUE once g was trimmed
    val,        \* val[a]: the value written in register a, or Unwritten
    capt,       \* capt[a]: the largest capture id taken on a (NoId if none)
    lastId      \* the last capture id handed out; the next one is lastId + 1

wosVars == <<segMeta, trimmed, val, capt, lastId>>

WOSTypeOK ==
    /\ segMeta \in [Seg -> Meta \cup {NoMeta}]
    /\ trimmed \in [Seg -> BOOLEAN]
    /\ val \in [Addr -> Value \cup {Unwritten}]
    /\ capt \in [Addr -> CaptureId \cup {NoId}]
    /\ lastId \in 0 .. MaxId

\* The empty address space.
WOSInit ==
    /\ segMeta = [g \in Seg |-> NoMeta]
    /\ trimmed = [g \in Seg |-> FALSE]
    /\ val = [a \in Addr |-> Unwritten]
    /\ capt = [a \in Addr |-> NoId]
    /\ lastId = 0

Allocated(g) == segMeta[g] # NoMeta
\* A register answers calls only if its segment is allocated and not trimmed.
Live(a) == Allocated(SegOf(a)) /\ ~trimmed[SegOf(a)]

(***************************************************************************)
(* Segment calls.                                                          *)
(***************************************************************************)

\* alloc(g, m) that succeeds: g was unallocated.  (A failing alloc changes
\* nothing; the caller learns the winner's metadata with Check.)
Alloc(g, m) ==
    /\ ~Allocated(g)
    /\ segMeta' = [segMeta EXCEPT ![g] = m]
    /\ UNCHANGED <<trimmed, val, capt, lastId>>

\* check(g): the metadata, or NoMeta if g is unallocated.  A value, not a step.
Check(g) == segMeta[g]

\* trim(g): garbage-collect an allocated segment.
Trim(g) ==
    /\ Allocated(g) /\ ~trimmed[g]
    /\ trimmed' = [trimmed EXCEPT ![g] = TRUE]
    /\ UNCHANGED <<segMeta, val, capt, lastId>>

(***************************************************************************)
(* Register calls.  The caller's new capture id is NewId (= lastId').      *)
(***************************************************************************)
NewId == lastId + 1
\* The model bound on captures: a capture is possible while ids remain.
\* (Only the checker needs this; an implementation has unboundedly many.)
CanCapture == lastId < MaxId

\* capture(a): the caller gets NewId, which preempts every earlier id on a.
Capture(a) ==
    /\ Live(a) /\ CanCapture
    /\ capt' = [capt EXCEPT ![a] = NewId]
    /\ lastId' = NewId
    /\ UNCHANGED <<segMeta, trimmed, val>>

\* captureSegment(g, lo, hi): one fresh id, NewId, for offsets lo..hi of g.
CaptureSegment(g, lo, hi) ==
    /\ Allocated(g) /\ ~trimmed[g] /\ CanCapture
    /\ capt' = [a \in Addr |-> IF SegOf(a) = g /\ lo <= OffOf(a) /\ OffOf(a) <= hi
                                 THEN NewId ELSE capt[a]]
    /\ lastId' = NewId
    /\ UNCHANGED <<segMeta, trimmed, val>>

\* The answer write(a, v, id) gets, computed in the state before the call.
\* A written register answers alreadyWritten (and the caller may read its
\* value) even when the id is stale too: the register's value is all the
\* caller needs to learn.
WriteCode(a, id) ==
    CASE ~Allocated(SegOf(a))   -> "notAllocated"
      [] trimmed[SegOf(a)]      -> "trimmed"
      [] val[a] # Unwritten     -> "alreadyWritten"
      [] capt[a] # id           -> "preempted"
      [] OTHER                  -> "ok"

\* write(a, v, id): the register takes v iff the answer is ok.  The step
\* happens whatever the answer; the caller branches on WriteCode(a, id).
Write(a, v, id) ==
    /\ val' = IF WriteCode(a, id) = "ok" THEN [val EXCEPT ![a] = v] ELSE val
    /\ UNCHANGED <<segMeta, trimmed, capt, lastId>>

\* writeSegment(g, v, lo, hi, id): write v with id on each register of the
\* range; each register answers as Write would.
WriteSegment(g, v, lo, hi, id) ==
    /\ val' = [a \in Addr |-> IF SegOf(a) = g /\ lo <= OffOf(a) /\ OffOf(a) <= hi
                                    /\ WriteCode(a, id) = "ok"
                                THEN v ELSE val[a]]
    /\ UNCHANGED <<segMeta, trimmed, capt, lastId>>

\* read(a): the value or Unwritten (a value, not a step: reads change
\* nothing in the address space).  Callers must check Live(a) first.
Read(a) == val[a]

(***************************************************************************)
(* What the abstract WOS guarantees (checked by the apps' models as        *)
(* properties over these variables).                                       *)
(***************************************************************************)
\* A written register never changes; an allocated segment keeps its metadata.
WOSWriteOnce ==
    /\ [][\A a \in Addr : val[a] # Unwritten => val'[a] = val[a]]_wosVars
    /\ [][\A g \in Seg : segMeta[g] # NoMeta => segMeta'[g] = segMeta[g]]_wosVars
=============================================================================
