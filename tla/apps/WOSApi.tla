------------------------------- MODULE WOSApi -------------------------------
(***************************************************************************)
(* The abstract write-once address space (WOS) as the applications see it: *)
(* each call of the WormSpace client API is one atomic step, taken at its  *)
(* linearization point.  WormTX, WormLog and WormPaxos INSTANCE this       *)
(* module and conjoin its actions with their own state changes.            *)
(*                                                                         *)
(* Why a module of our own and not tla/wos/WOS.tla: when the applications  *)
(* were written, the WOS layer's abstract spec was not committed yet.  The *)
(* operations follow the paper's API (PAPER-FACTS.md, "The API"):          *)
(*   alloc(seg, meta)     succeeds once per segment; check(seg) gives meta *)
(*   trim(seg)            afterwards the segment's registers answer trimmed*)
(*   capture(a)           a fresh capture id, larger than every earlier    *)
(*                        one: it preempts them                            *)
(*   captureSegment(g, lo, hi)  one fresh id for offsets lo..hi of g       *)
(*   write(a, v, id)      ok iff a is unwritten and nobody captured a      *)
(*                        since id; else alreadyWritten / preempted        *)
(*   read(a)              the value, or Unwritten                          *)
(* Calls on a register of an unallocated segment answer notAllocated, of a *)
(* trimmed segment trimmed, and change nothing.                           *)
(*                                                                         *)
(* The WOS layer's abstract spec, tla/wos/WOS.tla, was committed after the *)
(* apps were written; MCWOSRefinesWOSApi.tla checks that every behaviour   *)
(* of WOS.tla is a behaviour of this module (WOSApiSpec below), so what    *)
(* the apps were checked against covers the layer below.                  *)
(*                                                                         *)
(* Late writes (constant LateWrites).  The abstract WOR of the layer below *)
(* (tla/wor/WOR.tla) promises nothing for a write answered "preempted":    *)
(* in Paxos a minority of acceptors may have accepted it, and a later      *)
(* capturer whose phase 1 sees that value, or a read that repairs the      *)
(* register, completes it.  With LateWrites = TRUE this module keeps that  *)
(* behaviour: a preempted write leaves its value pending on the register;  *)
(* a later write with the current id may land a pending value instead of  *)
(* its own (it then answers alreadyWritten), and a pending value may land  *)
(* on its own at any time (Land: a repairing read or a late accept).  With *)
(* LateWrites = FALSE a preempted write has no effect at all, which is     *)
(* simpler but stronger than the layer below guarantees.  WormTX shows the *)
(* difference: see its wrong variant "AbortOnFailedNo".  Allocation is a   *)
(* write to the segment's metadata register, so under LateWrites the apps  *)
(* also let an alloc take effect unheard by its caller (the caller then    *)
(* acts as if it failed): Alloc composed with no change of the caller.     *)
(*                                                                         *)
(* Left out: timeouts (a timed-out call either took effect, like its  *)
(* success, or not, like a preempted one), and the ballot encoding of      *)
(* capture ids: here they are naturals from one counter (fresh = larger    *)
(* than every id handed out); id 0 means "no capture id".                  *)
(***************************************************************************)
EXTENDS Naturals

CONSTANTS
    NSeg,       \* segments 0..NSeg-1
    SegSize,    \* registers per segment; segment g holds addresses g*SegSize .. (g+1)*SegSize-1
    Value,      \* the values an application writes into registers
    Meta,       \* the metadata values alloc may store
    MaxId,      \* model bound: at most MaxId captures in a behaviour (see CanCapture)
    Unwritten,  \* a model value: what a register nobody wrote holds
    NoMeta,     \* a model value: the metadata of an unallocated segment
    LateWrites  \* TRUE: a preempted write may still land later (see above)

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
    lastId,     \* the last capture id handed out; the next one is lastId + 1
    pending     \* pending[a]: values of preempted writes on the unwritten
                \* register a that may still land (always {} unless LateWrites)

wosVars == <<segMeta, trimmed, val, capt, lastId, pending>>

WOSTypeOK ==
    /\ segMeta \in [Seg -> Meta \cup {NoMeta}]
    /\ trimmed \in [Seg -> BOOLEAN]
    /\ val \in [Addr -> Value \cup {Unwritten}]
    /\ capt \in [Addr -> CaptureId \cup {NoId}]
    /\ lastId \in 0 .. MaxId
    /\ pending \in [Addr -> SUBSET Value]

\* The empty address space.
WOSInit ==
    /\ segMeta = [g \in Seg |-> NoMeta]
    /\ trimmed = [g \in Seg |-> FALSE]
    /\ val = [a \in Addr |-> Unwritten]
    /\ capt = [a \in Addr |-> NoId]
    /\ lastId = 0
    /\ pending = [a \in Addr |-> {}]

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
    /\ UNCHANGED <<trimmed, val, capt, lastId, pending>>

\* check(g): the metadata, or NoMeta if g is unallocated.  A value, not a step.
Check(g) == segMeta[g]

\* trim(g): garbage-collect an allocated segment.
Trim(g) ==
    /\ Allocated(g) /\ ~trimmed[g]
    /\ trimmed' = [trimmed EXCEPT ![g] = TRUE]
    /\ UNCHANGED <<segMeta, val, capt, lastId, pending>>

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
    /\ UNCHANGED <<segMeta, trimmed, val, pending>>

\* captureSegment(g, lo, hi): one fresh id, NewId, for offsets lo..hi of g.
CaptureSegment(g, lo, hi) ==
    /\ Allocated(g) /\ ~trimmed[g] /\ CanCapture
    /\ capt' = [a \in Addr |-> IF SegOf(a) = g /\ lo <= OffOf(a) /\ OffOf(a) <= hi
                                 THEN NewId ELSE capt[a]]
    /\ lastId' = NewId
    /\ UNCHANGED <<segMeta, trimmed, val, pending>>

\* The answer write(a, v, id) gets as far as the state before the call
\* decides it.  A written register answers alreadyWritten (and the caller
\* may read its value) even when the id is stale too: the register's value
\* is all the caller needs to learn.
WriteCode(a, id) ==
    CASE ~Allocated(SegOf(a))   -> "notAllocated"
      [] trimmed[SegOf(a)]      -> "trimmed"
      [] val[a] # Unwritten     -> "alreadyWritten"
      [] capt[a] # id           -> "preempted"
      [] OTHER                  -> "ok"

\* write(a, v, id).  The step happens whatever the answer; the caller
\* branches on WriteAnswer(a, v, id), which reads the new state.
\*  - current id, unwritten register: the register is written, with v or,
\*    under LateWrites, with a pending value the capture's phase 1 found;
\*  - stale id, unwritten register: preempted; under LateWrites v becomes
\*    pending (some acceptors may have accepted it);
\*  - otherwise nothing changes.
Write(a, v, id) ==
    /\ CASE WriteCode(a, id) = "ok" ->
              /\ \E w \in {v} \cup pending[a] : val' = [val EXCEPT ![a] = w]
              /\ pending' = [pending EXCEPT ![a] = {}]
         [] WriteCode(a, id) = "preempted" /\ LateWrites ->
              /\ pending' = [pending EXCEPT ![a] = @ \cup {v}]
              /\ UNCHANGED val
         [] OTHER -> UNCHANGED <<val, pending>>
    /\ UNCHANGED <<segMeta, trimmed, capt, lastId>>

\* The answer of write(a, v, id), read in the step's new state: ok when v
\* landed now; alreadyWritten when the register holds a value that is not
\* this call's (written before, or a pending value landed instead).
WriteAnswer(a, v, id) ==
    CASE WriteCode(a, id) # "ok"  -> WriteCode(a, id)
      [] val'[a] = v              -> "ok"
      [] OTHER                    -> "alreadyWritten"

\* A pending value lands by itself: a read repairing the half-written
\* register, or a late accept reaching a quorum.  Only under LateWrites.
Land(a) ==
    /\ LateWrites /\ Live(a) /\ val[a] = Unwritten
    /\ \E w \in pending[a] : val' = [val EXCEPT ![a] = w]
    /\ pending' = [pending EXCEPT ![a] = {}]
    /\ UNCHANGED <<segMeta, trimmed, capt, lastId>>

\* writeSegment(g, v, lo, hi, id): each register of the range as write(a,
\* v, id) would do, with v landing where the answer is ok (no app here uses
\* it; it is here so that WOS.tla's writeSegment has a counterpart).
WriteSegment(g, v, lo, hi, id) ==
    LET InRange(a) == SegOf(a) = g /\ lo <= OffOf(a) /\ OffOf(a) <= hi
    IN /\ val' = [a \in Addr |-> IF InRange(a) /\ WriteCode(a, id) = "ok" THEN v ELSE val[a]]
       /\ pending' = [a \in Addr |->
                        IF InRange(a) /\ WriteCode(a, id) = "ok" THEN {}
                        ELSE IF InRange(a) /\ WriteCode(a, id) = "preempted" /\ LateWrites
                             THEN pending[a] \cup {v}
                             ELSE pending[a]]
       /\ UNCHANGED <<segMeta, trimmed, capt, lastId>>

\* read(a): the value or Unwritten (a value, not a step: reads change
\* nothing in the address space).  Callers must check Live(a) first.
Read(a) == val[a]

(***************************************************************************)
(* The address space on its own: any call by anybody.  The apps do not use *)
(* this (they compose the calls with their own steps); it states what this *)
(* module allows, for MCWOSRefinesWOSApi.tla.                              *)
(***************************************************************************)
Off == 0 .. SegSize - 1
WOSApiNext ==
    \/ \E g \in Seg, m \in Meta : Alloc(g, m)
    \/ \E g \in Seg : Trim(g)
    \/ \E a \in Addr : Capture(a) \/ Land(a)
    \/ \E g \in Seg, lo, hi \in Off : lo <= hi /\ CaptureSegment(g, lo, hi)
    \/ \E a \in Addr, v \in Value, id \in CaptureId : Write(a, v, id)
    \/ \E g \in Seg, v \in Value, lo, hi \in Off, id \in CaptureId :
          lo <= hi /\ WriteSegment(g, v, lo, hi, id)

WOSApiSpec == WOSInit /\ [][WOSApiNext]_wosVars

(***************************************************************************)
(* What the abstract WOS guarantees (checked by the apps' models as        *)
(* properties over these variables).                                       *)
(***************************************************************************)
\* A written register never changes; an allocated segment keeps its metadata.
WOSWriteOnce ==
    /\ [][\A a \in Addr : val[a] # Unwritten => val'[a] = val[a]]_wosVars
    /\ [][\A g \in Seg : segMeta[g] # NoMeta => segMeta'[g] = segMeta[g]]_wosVars
=============================================================================
