------------------------------ MODULE WOSImpl ------------------------------
(***************************************************************************)
(* The WOS layer implemented from write-once registers (WORAtomic, the     *)
(* linearized view of WOR), as the paper builds it:                        *)
(*   - each segment has a METADATA WOR: alloc(s, m) captures it and writes *)
(*     m, in two steps, so concurrent allocs race and exactly one wins     *)
(*     (the paper's "allocation is itself consensus");                     *)
(*   - each segment has a TRIM WOR: trim(s) first decides the trim in it,  *)
(*     then the servers delete the segment's registers (apply), after      *)
(*     which they answer trimmed;                                          *)
(*   - the DATA WORs hold the registers; a register call first checks the  *)
(*     metadata WOR (cached by the client library once written, since it   *)
(*     never changes) and is refused by servers that applied the trim.     *)
(* Every trimmer writes the same value ("trim") into the trim WOR, so the  *)
(* trim WOR is modelled by whether it is written (trimWor[s]).             *)
(*                                                                         *)
(* Bug switches (models that must fail): AllocWithoutConsensus (alloc      *)
(* overwrites the metadata instead of writing it through its WOR),         *)
(* WriteIgnoresTrim (servers accept writes to a trimmed segment),          *)
(* ReadSkipsAllocCheck (a read of an unallocated segment says unwritten).  *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS Seg, Off, Client, Value, Meta, None, MaxId,
    MaxCtlId,               \* capture ids of the metadata WORs are 1..MaxCtlId
    AllocWithoutConsensus, WriteIgnoresTrim, ReadSkipsAllocCheck

W == INSTANCE WORAtomic

Reg == [val : Value \cup {None}, cap : 0..MaxId, pend : SUBSET Value]
MetaWor == [val : Meta \cup {None}, cap : 0..MaxCtlId, pend : SUBSET Meta]
Code == {"none", "ok", "alreadyWritten", "preempted", "unwritten", "trimmed", "notAllocated"}
Answer == [code : Code, val : Value \cup Meta \cup (0..MaxId) \cup {None}]
Ans(code, val) == [code |-> code, val |-> val]
NoAlloc == [seg |-> 0, m |-> None, id |-> 0]

VARIABLES
    metaWor,    \* metaWor[s]: the metadata WOR of s
    ctlId,      \* the last capture id used on a metadata WOR
    trimWor,    \* trimWor[s]: the trim WOR of s is written (the trim is decided)
    applied,    \* applied[s]: the servers deleted s and answer trimmed
    data,       \* data[s][o]: the data WOR at offset o of s
    lastId,     \* the last capture id handed out for data WORs
    allocating, \* allocating[c]: c captured a metadata WOR and will write: [seg, m, id], or NoAlloc
    trimming,   \* trimming[c]: the segment whose trim c decided and is applying, or 0
    resp        \* resp[c]: the answer of c's last call

vars == <<metaWor, ctlId, trimWor, applied, data, lastId, allocating, trimming, resp>>

TypeOK ==
    /\ metaWor \in [Seg -> MetaWor]
    /\ ctlId \in 0..MaxCtlId
    /\ trimWor \in [Seg -> BOOLEAN]
    /\ applied \in [Seg -> BOOLEAN]
    /\ data \in [Seg -> [Off -> Reg]]
    /\ lastId \in 0..MaxId
    /\ allocating \in [Client -> [seg : Seg \cup {0}, m : Meta \cup {None}, id : 0..MaxCtlId]]
    /\ trimming \in [Client -> Seg \cup {0}]
    /\ resp \in [Client -> Answer]

Init ==
    /\ metaWor = [s \in Seg |-> [val |-> None, cap |-> 0, pend |-> {}]]
    /\ ctlId = 0
    /\ trimWor = [s \in Seg |-> FALSE]
    /\ applied = [s \in Seg |-> FALSE]
    /\ data = [s \in Seg |-> [o \in Off |-> W!EmptyReg]]
    /\ lastId = 0
    /\ allocating = [c \in Client |-> NoAlloc]
    /\ trimming = [c \in Client |-> 0]
    /\ resp = [c \in Client |-> Ans("none", None)]

Reply(c, a) == resp' = [resp EXCEPT ![c] = a]
Busy(c) == allocating[c] # NoAlloc \/ trimming[c] # 0
Allocated(s) == metaWor[s].val # None

\* alloc(s, m), step 1: capture the metadata WOR of s.
AllocCapture(c, s, m) ==
    /\ ~Busy(c)
    /\ ctlId < MaxCtlId
    /\ ctlId' = ctlId + 1
    /\ metaWor' = [metaWor EXCEPT ![s] = W!CaptureReg(@, ctlId + 1)]
    /\ allocating' = [allocating EXCEPT ![c] = [seg |-> s, m |-> m, id |-> ctlId + 1]]
    /\ UNCHANGED <<trimWor, applied, data, lastId, trimming, resp>>

\* alloc(s, m), step 2: write m with that capture id; the WOR's answer is
\* alloc's answer (ok: s is ours; alreadyWritten(m'): someone else's;
\* preempted: another alloc captured in between).
AllocWrite(c) ==
    /\ allocating[c] # NoAlloc
    /\ LET s == allocating[c].seg
           m == allocating[c].m
           id == allocating[c].id IN
       IF AllocWithoutConsensus
       THEN /\ metaWor' = [metaWor EXCEPT ![s].val = m, ![s].pend = {}]
            /\ Reply(c, Ans("ok", m))
       ELSE /\ metaWor' = [metaWor EXCEPT ![s] = W!WriteReg(@, m, id)]
            /\ Reply(c, Ans(W!WriteCode(metaWor[s], m, id), W!WriteVal(metaWor[s], m, id)))
    /\ allocating' = [allocating EXCEPT ![c] = NoAlloc]
    /\ UNCHANGED <<ctlId, trimWor, applied, data, lastId, trimming>>

\* A preempted metadata write takes effect after all.
SettleMeta(s, m) ==
    /\ W!CanSettle(metaWor[s], m)
    /\ metaWor' = [metaWor EXCEPT ![s] = W!SettleReg(@, m)]
    /\ UNCHANGED <<ctlId, trimWor, applied, data, lastId, allocating, trimming, resp>>

\* check(s): read the metadata WOR; servers that applied a trim say trimmed.
Check(c, s) ==
    /\ ~Busy(c)
    /\ Reply(c, IF ~Allocated(s) THEN Ans("notAllocated", None)
                ELSE IF applied[s] THEN Ans("trimmed", None)
                ELSE Ans("ok", metaWor[s].val))
    /\ UNCHANGED <<metaWor, ctlId, trimWor, applied, data, lastId, allocating, trimming>>

\* trim(s), step 1: decide the trim in the trim WOR (s must be allocated).
TrimDecide(c, s) ==
    /\ ~Busy(c)
    /\ IF Allocated(s)
       THEN /\ trimWor' = [trimWor EXCEPT ![s] = TRUE]
            /\ trimming' = [trimming EXCEPT ![c] = s]
            /\ UNCHANGED resp
       ELSE /\ Reply(c, Ans("notAllocated", None))
            /\ UNCHANGED <<trimWor, trimming>>
    /\ UNCHANGED <<metaWor, ctlId, applied, data, lastId, allocating>>

\* trim(s), step 2: the servers delete the segment's registers; trim answers ok.
TrimApply(c) ==
    /\ trimming[c] # 0
    /\ applied' = [applied EXCEPT ![trimming[c]] = TRUE]
    /\ trimming' = [trimming EXCEPT ![c] = 0]
    /\ Reply(c, Ans("ok", None))
    \* (The deleted registers stay in the spec, unreachable, as in WOS.tla.)
    /\ UNCHANGED <<metaWor, ctlId, trimWor, data, lastId, allocating>>

\* The answer to a data-WOR call on s when it is refused, else "ok".
Guard(s) == IF ~Allocated(s) THEN "notAllocated" ELSE IF applied[s] THEN "trimmed" ELSE "ok"

Refused(c, s) ==
    /\ Guard(s) # "ok"
    /\ Reply(c, Ans(Guard(s), None))
    /\ UNCHANGED <<metaWor, ctlId, trimWor, applied, data, lastId, allocating, trimming>>

\* capture / captureSegment: one PrepareRange per server, one id.
CaptureSegment(c, s, R) ==
    /\ ~Busy(c)
    /\ \/ Refused(c, s)
       \/ /\ Guard(s) = "ok"
          /\ lastId < MaxId
          /\ lastId' = lastId + 1
          /\ data' = [data EXCEPT ![s] = [o \in Off |-> IF o \in R THEN W!CaptureReg(@[o], lastId + 1) ELSE @[o]]]
          /\ Reply(c, Ans("ok", lastId + 1))
          /\ UNCHANGED <<metaWor, ctlId, trimWor, applied, allocating, trimming>>

Write(c, s, o, v, id) ==
    /\ ~Busy(c)
    /\ \/ /\ ~WriteIgnoresTrim \/ ~Allocated(s)
          /\ Refused(c, s)
       \/ /\ IF WriteIgnoresTrim THEN Allocated(s) ELSE Guard(s) = "ok"
          /\ data' = [data EXCEPT ![s][o] = W!WriteReg(@, v, id)]
          /\ Reply(c, Ans(W!WriteCode(data[s][o], v, id), W!WriteVal(data[s][o], v, id)))
          /\ UNCHANGED <<metaWor, ctlId, trimWor, applied, lastId, allocating, trimming>>

WriteSegment(c, s, R, v, id) ==
    /\ ~Busy(c)
    /\ \/ Refused(c, s)
       \/ /\ Guard(s) = "ok"
          /\ data' = [data EXCEPT ![s] = [o \in Off |-> IF o \in R THEN W!WriteReg(@[o], v, id) ELSE @[o]]]
          /\ Reply(c, IF \A o \in R : W!WriteCode(data[s][o], v, id) = "ok"
                      THEN Ans("ok", v) ELSE Ans("preempted", None))
          /\ UNCHANGED <<metaWor, ctlId, trimWor, applied, lastId, allocating, trimming>>

Read(c, s, o) ==
    /\ ~Busy(c)
    /\ \/ /\ ~ReadSkipsAllocCheck \/ Allocated(s)
          /\ Refused(c, s)
       \/ /\ IF ReadSkipsAllocCheck THEN ~applied[s] ELSE Guard(s) = "ok"
          /\ Reply(c, IF data[s][o].val # None THEN Ans("ok", data[s][o].val) ELSE Ans("unwritten", None))
          /\ UNCHANGED <<metaWor, ctlId, trimWor, applied, data, lastId, allocating, trimming>>

Settle(s, o, v) ==
    /\ ~applied[s]
    /\ W!CanSettle(data[s][o], v)
    /\ data' = [data EXCEPT ![s][o] = W!SettleReg(@, v)]
    /\ UNCHANGED <<metaWor, ctlId, trimWor, applied, lastId, allocating, trimming, resp>>

Range == {{o \in Off : lo <= o /\ o <= hi} : lo, hi \in Off} \ {{}}

Next ==
    \/ \E c \in Client, s \in Seg :
        \/ \E m \in Meta : AllocCapture(c, s, m)
        \/ Check(c, s)
        \/ TrimDecide(c, s)
        \/ \E R \in Range : CaptureSegment(c, s, R)
        \/ \E o \in Off, v \in Value, id \in 1..lastId : Write(c, s, o, v, id)
        \/ \E R \in Range, v \in Value, id \in 1..lastId : WriteSegment(c, s, R, v, id)
        \/ \E o \in Off : Read(c, s, o)
    \/ \E c \in Client : AllocWrite(c) \/ TrimApply(c)
    \/ \E s \in Seg, m \in Meta : SettleMeta(s, m)
    \/ \E s \in Seg, o \in Off, v \in Value : Settle(s, o, v)

Spec == Init /\ [][Next]_vars

\* The trim is decided before it is applied.
TrimDecidedFirst == \A s \in Seg : applied[s] => trimWor[s]

(***************************************************************************)
(* Refinement mapping WOSImpl => WOS:                                      *)
(*   meta[s]    <- the value and pending writes of the metadata WOR of s;  *)
(*   trimmed[s] <- applied[s] (a trim takes effect when servers apply it;  *)
(*                 deciding it in the trim WOR is a stuttering step);      *)
(*   reg        <- data;  lastId <- lastId;  resp <- resp.                 *)
(* AllocCapture and TrimDecide are stuttering steps; AllocWrite is WOS's   *)
(* Alloc, TrimApply its Trim.                                              *)
(***************************************************************************)
absMeta == [s \in Seg |-> [val |-> metaWor[s].val, pend |-> metaWor[s].pend]]
absVars == <<absMeta, applied, data, lastId, resp>>

WOS == INSTANCE WOS WITH meta <- absMeta, trimmed <- applied, reg <- data,
                         lastId <- lastId, resp <- resp

\* (UNCHANGED first: checkers settle the stuttering steps cheaply.)
WOSRefinement == [][UNCHANGED absVars \/ WOS!WOSNext]_absVars
=============================================================================
