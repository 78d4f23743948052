-------------------------------- MODULE WOS --------------------------------
(***************************************************************************)
(* The abstract write-once segment space (WOS layer), the API that         *)
(* WormPaxos, WormLog and WormTX are written against (paper, Figure        *)
(* "WormSpace API").  Every call is one atomic step with its answer: the   *)
(* layer is linearizable, so this is what a client sees.                   *)
(*                                                                         *)
(*   alloc(s, m)              ok | alreadyWritten(m') | preempted          *)
(*   check(s)                 ok(m) | notAllocated | trimmed               *)
(*   trim(s)                  ok | notAllocated                            *)
(*   capture(s, o)            ok(id)                                       *)
(*   captureSegment(s, lo, hi) ok(id): one id for the whole range          *)
(*   write(s, o, v, id)       ok | alreadyWritten(w) | preempted           *)
(*   writeSegment(s, lo, hi, v, id)  ok when every register took v, else   *)
(*                            preempted (each register as write would)     *)
(*   read(s, o)               ok(v) | unwritten                            *)
(* Register calls on an unallocated segment answer notAllocated, on a      *)
(* trimmed one trimmed.                                                    *)
(*                                                                         *)
(* A segment's metadata behaves as a register of its own (allocation is a  *)
(* write to it): a preempted alloc may still take effect later.            *)
(*                                                                         *)
(* Applications INSTANCE this module with their own variables and call its *)
(* operators; a call sets resp'[c], which the application's action reads  *)
(* in the same step to act on the answer; see docs/specs.md.               *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    Seg,        \* segment ids
    Off,        \* offsets within a segment (a finite set of naturals)
    Client,     \* the callers
    Value,      \* register values
    Meta,       \* segment metadata values
    None,       \* a model value: no value
    MaxId       \* capture ids are 1..MaxId

W == INSTANCE WORAtomic

Reg == [val : Value \cup {None}, cap : 0..MaxId, pend : SUBSET Value]
MetaReg == [val : Meta \cup {None}, pend : SUBSET Meta]
Code == {"none", "ok", "alreadyWritten", "preempted", "unwritten", "trimmed", "notAllocated"}
Answer == [code : Code, val : Value \cup Meta \cup (0..MaxId) \cup {None}]
Ans(code, val) == [code |-> code, val |-> val]

VARIABLES
    meta,       \* meta[s]: the metadata register of s (val None: unallocated)
    trimmed,    \* trimmed[s]: s was trimmed
    reg,        \* reg[s][o]: the register at offset o of s
    lastId,     \* the largest capture id handed out so far
    resp        \* resp[c]: the answer of c's last call

wosVars == <<meta, trimmed, reg, lastId, resp>>

WOSTypeOK ==
    /\ meta \in [Seg -> MetaReg]
    /\ trimmed \in [Seg -> BOOLEAN]
    /\ reg \in [Seg -> [Off -> Reg]]
    /\ lastId \in 0..MaxId
    /\ resp \in [Client -> Answer]

WOSInit ==
    /\ meta = [s \in Seg |-> [val |-> None, pend |-> {}]]
    /\ trimmed = [s \in Seg |-> FALSE]
    /\ reg = [s \in Seg |-> [o \in Off |-> W!EmptyReg]]
    /\ lastId = 0
    /\ resp = [c \in Client |-> Ans("none", None)]

Allocated(s) == meta[s].val # None

\* The call's answer to client c: resp'[c], which a caller reads in the step.
Answer1(c, a) == resp' = [resp EXCEPT ![c] = a]

\* The answer of a register call on s when s is not usable, else "ok".
Guard(s) == IF ~Allocated(s) THEN "notAllocated" ELSE IF trimmed[s] THEN "trimmed" ELSE "ok"

\* A register call refused because s is unallocated or trimmed.
Refused(c, s) ==
    /\ Guard(s) # "ok"
    /\ Answer1(c, Ans(Guard(s), None))
    /\ UNCHANGED <<meta, trimmed, reg, lastId>>

\* alloc(s, m): the first alloc to take effect allocates s with m.
Alloc(c, s, m) ==
    /\ \/ /\ ~Allocated(s)
          /\ meta' = [meta EXCEPT ![s] = [val |-> m, pend |-> {}]]
          /\ Answer1(c, Ans("ok", m))
       \/ /\ Allocated(s)
          /\ UNCHANGED meta
          /\ Answer1(c, Ans("alreadyWritten", meta[s].val))
       \/ /\ ~Allocated(s)       \* lost a race; may still take effect (SettleMeta)
          /\ meta' = [meta EXCEPT ![s].pend = @ \cup {m}]
          /\ Answer1(c, Ans("preempted", None))
    /\ UNCHANGED <<trimmed, reg, lastId>>

\* A preempted alloc of s takes effect after all.
SettleMeta(s, m) ==
    /\ ~Allocated(s) /\ m \in meta[s].pend
    /\ meta' = [meta EXCEPT ![s] = [val |-> m, pend |-> {}]]
    /\ UNCHANGED <<trimmed, reg, lastId, resp>>

\* check(s): is s allocated, and with what metadata?
Check(c, s) ==
    /\ Answer1(c, IF Guard(s) = "ok" THEN Ans("ok", meta[s].val) ELSE Ans(Guard(s), None))
    /\ UNCHANGED <<meta, trimmed, reg, lastId>>

\* trim(s): garbage-collect s; from now on its registers answer trimmed.
Trim(c, s) ==
    /\ \/ /\ Allocated(s)
          /\ trimmed' = [trimmed EXCEPT ![s] = TRUE]
          /\ Answer1(c, Ans("ok", None))
       \/ /\ ~Allocated(s)
          /\ UNCHANGED trimmed
          /\ Answer1(c, Ans("notAllocated", None))
    \* The registers' contents stay in the spec, unreachable: every call on
    \* them answers trimmed (servers really delete them).
    /\ UNCHANGED <<meta, reg, lastId>>

\* capture(s, o) and captureSegment(s, lo, hi): a fresh id for the range.
CaptureSegment(c, s, R) ==
    \/ Refused(c, s)
    \/ /\ Guard(s) = "ok"
       /\ lastId < MaxId
       /\ lastId' = lastId + 1
       /\ reg' = [reg EXCEPT ![s] = [o \in Off |-> IF o \in R THEN W!CaptureReg(@[o], lastId + 1) ELSE @[o]]]
       /\ Answer1(c, Ans("ok", lastId + 1))
       /\ UNCHANGED <<meta, trimmed>>

Capture(c, s, o) == CaptureSegment(c, s, {o})

\* write(s, o, v, id).
Write(c, s, o, v, id) ==
    \/ Refused(c, s)
    \/ /\ Guard(s) = "ok"
       /\ reg' = [reg EXCEPT ![s][o] = W!WriteReg(@, v, id)]
       /\ Answer1(c, Ans(W!WriteCode(reg[s][o], v, id), W!WriteVal(reg[s][o], v, id)))
       /\ UNCHANGED <<meta, trimmed, lastId>>

\* writeSegment(s, lo, hi, v, id): write v to every register of the range.
WriteSegment(c, s, R, v, id) ==
    \/ Refused(c, s)
    \/ /\ Guard(s) = "ok"
       /\ reg' = [reg EXCEPT ![s] = [o \in Off |-> IF o \in R THEN W!WriteReg(@[o], v, id) ELSE @[o]]]
       /\ Answer1(c, IF \A o \in R : W!WriteCode(reg[s][o], v, id) = "ok"
                     THEN Ans("ok", v) ELSE Ans("preempted", None))
       /\ UNCHANGED <<meta, trimmed, lastId>>

\* read(s, o).
Read(c, s, o) ==
    \/ Refused(c, s)
    \/ /\ Guard(s) = "ok"
       /\ Answer1(c, IF reg[s][o].val # None THEN Ans("ok", reg[s][o].val) ELSE Ans("unwritten", None))
       /\ UNCHANGED <<meta, trimmed, reg, lastId>>

\* A preempted write takes effect after all.
Settle(s, o, v) ==
    /\ ~trimmed[s]
    /\ W!CanSettle(reg[s][o], v)
    /\ reg' = [reg EXCEPT ![s][o] = W!SettleReg(@, v)]
    /\ UNCHANGED <<meta, trimmed, lastId, resp>>

\* The ranges a batch call may name: lo..hi within Off.
Range == {{o \in Off : lo <= o /\ o <= hi} : lo, hi \in Off} \ {{}}

\* Any call by any client, or a late effect of a preempted call.  Writes
\* name ids handed out so far.
WOSNext ==
    \/ \E c \in Client, s \in Seg :
        \/ \E m \in Meta : Alloc(c, s, m)
        \/ Check(c, s)
        \/ Trim(c, s)
        \/ \E R \in Range : CaptureSegment(c, s, R)
        \/ \E o \in Off, v \in Value, id \in 1..lastId : Write(c, s, o, v, id)
        \/ \E R \in Range, v \in Value, id \in 1..lastId : WriteSegment(c, s, R, v, id)
        \/ \E o \in Off : Read(c, s, o)
    \/ \E s \in Seg, m \in Meta : SettleMeta(s, m)
    \/ \E s \in Seg, o \in Off, v \in Value : Settle(s, o, v)

WOSSpec == WOSInit /\ [][WOSNext]_wosVars

\* Registers of an unallocated segment are never written or captured.
UnallocatedEmpty == \A s \in Seg : ~Allocated(s) => \A o \in Off : reg[s][o] = W!EmptyReg
\* Allocation, trim and register contents are write-once.
WriteOnce == [][/\ \A s \in Seg : Allocated(s) => meta'[s].val = meta[s].val
                /\ \A s \in Seg : trimmed[s] => trimmed'[s]
                /\ \A s \in Seg, o \in Off : reg[s][o].val # None
                        => reg'[s][o].val = reg[s][o].val]_wosVars
=============================================================================
