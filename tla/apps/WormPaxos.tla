------------------------------ MODULE WormPaxos ------------------------------
(***************************************************************************)
(* WormPaxos, state machine replication over the abstract WOS              *)
(* (WOSApi.tla), never over Paxos messages, as src/apps/wormpaxos/node.ts  *)
(* does it.  The log is the address space: log position a is WOS address a.*)
(*                                                                         *)
(* - Clients hand put commands to replicas (Submit); a replica that does   *)
(*   not lead may answer notLeader instead (Drop), and the client tries    *)
(*   another replica with the same command.                                *)
(* - Every replica learns by reading addresses in order, from 0 (Learn),   *)
(*   and answers a client once it learned that client's command (Ack).     *)
(* - Leader election is alloc: a replica whose next address lies in an     *)
(*   unallocated segment allocates it with its own id as metadata          *)
(*   (AllocNext), whether it holds a command or not; the winner leads.     *)
(*   The leader batch-captures the whole segment (LeaderCapture), then     *)
(*   hands a batch of waiting commands (a sequence, applied in its order)  *)
(*   the next slot (LeaderIssue) and writes it there with the capture id   *)
(*   (LeaderWrite), several writes in flight at once (pipelining): one     *)
(*   quorum write for many puts (group commit).  A slot it already knows   *)
(*   written (another replica sealed it) is skipped (LeaderSkip).  The     *)
(*   commands of a batch whose write did not land go back to the queue.    *)
(* - A register holds a batch or a no-op; a replica learns a batch one     *)
(*   command at a time (Learn), so each step applies one log entry.        *)
(* - Holes are sealed with no-ops.  A replica stuck on an unwritten        *)
(*   address seals it: captureSegment of the address (the leader of that   *)
(*   segment: that one slot) or of the rest of the segment (anyone else),  *)
(*   then writeSegment of Noop with that id (SealCapture, SealWrite):      *)
(*   values already there stay, holes become no-ops, and the old leader's  *)
(*   writes are preempted from then on.                                    *)
(* - A leader steps down (StepDown) when its writes are refused, when it   *)
(*   cannot capture, or when it learned its whole segment.                 *)
(* Trim is not used: these models keep every segment (durability is tuned  *)
(* by when trim is called, which does not touch the log's safety).         *)
(*                                                                         *)
(* Unheard (constant): a call whose caller gave up on it (it answered       *)
(* timeout, or the replica crashed) may still take effect, unheard: a      *)
(* write, an alloc, a captureSegment, a writeSegment.  The caller drops    *)
(* its answer (WriteLost, SealLost) and goes on; a read's repair may make  *)
(* a register's capture ids stale (ReadRepair), and so may a capture's own *)
(* repair of a register (CaptureRange).  A crashed replica simply          *)
(* takes no more steps; a restarted one is a new replica (it learns from   *)
(* address 0), so crashes need no action of their own.                    *)
(*                                                                         *)
(* Refinement WormPaxos => ReplicatedLog, mapping:                         *)
(*   log        = the commands of the longest prefix of written addresses  *)
(*                0, 1, ... (the chosen prefix), batch after batch, a      *)
(*                no-op as one entry;                                      *)
(*   applied[r] = what replica r learned, entry by entry;                  *)
(*   proposed   = the commands handed to replicas so far, and Noop once    *)
(*                some replica began a seal;                               *)
(*   acked      = the commands replicas acknowledged.                      *)
(* A write (or a late landing) that fills the first unwritten address is   *)
(* Choose (it may join commands written beyond it); one further on leaves  *)
(* the log alone.  Learn is Apply, Submit (and a seal's capture, for Noop) *)
(* is Propose, Ack is Ack; the rest are stuttering steps.                  *)
(***************************************************************************)
EXTENDS Integers, Sequences

CONSTANTS
    NSeg, SegSize,  \* the address space: NSeg segments of SegSize registers
    Replica,    \* replicas (a restarted replica is a new one)
    Command,    \* the put commands clients hand to replicas
    MaxBatch,   \* model bound: most commands in one register's batch
    Noop,       \* model value: what a seal writes into a hole
    MaxId,      \* model bound on capture ids (see WOSApi)
    Unwritten, NoMeta,   \* model values
    LateWrites, \* see WOSApi: may a preempted write still land?
    Unheard,    \* may a call whose answer its caller never got take effect?
    Bug         \* "none", or a deliberately wrong variant (teeth):
                \*  "LearnerSkipsHole": a learner that finds an unwritten
                \*     address before a written one skips the hole
                \*  "AckBeforeLearn": a replica acknowledges a command once
                \*     it is written somewhere, without learning it in order
                \*  "BatchReversed": a learner applies a batch's commands
                \*     last first (a batch is a sequence, not a set)
                \* or "LeaderWithoutAlloc": a replica may lead (batch-capture
                \* and write) a segment someone else allocated, so two leaders
                \* compete: still correct, the registers decide each slot

NPos == NSeg * SegSize
Pos == 0 .. NPos - 1
Elems(s) == {s[i] : i \in DOMAIN s}
\* A batch: a non-empty sequence of distinct commands, applied in its order.
Batch == {s \in UNION {[1 .. k -> Command] : k \in 1 .. MaxBatch} :
            \A i, j \in DOMAIN s : i # j => s[i] # s[j]}
\* What a register holds: a batch, or a seal's no-op.
Value == Batch \cup {Noop}
\* What a register's value adds to the log: its commands, or one no-op entry.
Entries(v) == IF v = Noop THEN <<Noop>> ELSE v
\* Log entries: commands and the no-op.
Entry == Command \cup {Noop}

VARIABLES
    segMeta, trimmed, val, capt, lastId, pending,  \* the abstract WOS (WOSApi)
    proposed,   \* the commands handed to any replica so far (and Noop once
                \* some replica began a seal): ReplicatedLog's proposed
    props,      \* props[r]: the commands r holds a client's request for
    queue,      \* queue[r]: those of props[r] waiting for a slot
    inflight,   \* inflight[r]: the writes r sent and awaits the answer of,
                \* as [pos, cmd, id]
    applied,    \* applied[r]: the entries r learned, address 0 first
    learned,    \* learned[r]: how many addresses r learned whole (it is
                \* learning the batch at address learned[r])
    acked,      \* the commands some replica acknowledged to a client
    lead,       \* lead[r]: the segment r leads (it won the alloc), its batch
                \* capture id (NoId before captureSegment) and the next slot
    seal        \* seal[r]: the range r captured to seal with no-ops and its
                \* id, or NoSeal

W == INSTANCE WOSApi WITH Meta <- Replica

NoSeg == -1
NoLead == [seg |-> NoSeg, id |-> W!NoId, next |-> 0]
NoSeal == [seg |-> NoSeg, lo |-> 0, hi |-> 0, id |-> W!NoId]
IdOrNone == W!CaptureId \cup {W!NoId}
Off == 0 .. SegSize - 1

\* The entries of addresses 0 .. n-1 (all written), in order.
RECURSIVE Flat(_)
Flat(n) == IF n = 0 THEN <<>> ELSE Flat(n - 1) \o Entries(val[n - 1])

\* The chosen prefix: addresses 0 .. ChosenLen-1 are written, ChosenLen is not.
ChosenLen == CHOOSE n \in 0 .. NPos :
                /\ \A a \in 0 .. n - 1 : val[a] # Unwritten
                /\ n < NPos => val[n] = Unwritten
ChosenLog == Flat(ChosenLen)

RL == INSTANCE ReplicatedLog WITH
        Command <- Entry,
        MaxLen <- NPos * MaxBatch,
        log <- ChosenLog

vars == <<segMeta, trimmed, val, capt, lastId, pending,
          proposed, props, queue, inflight, applied, learned, acked, lead, seal>>
appVars == <<proposed, props, queue, inflight, applied, learned, acked, lead, seal>>

TypeOK ==
    /\ W!WOSTypeOK
    /\ proposed \subseteq Entry
    /\ props \in [Replica -> SUBSET Command]
    /\ queue \in [Replica -> SUBSET Command]
    /\ \A r \in Replica : queue[r] \subseteq props[r]
    /\ inflight \in [Replica -> SUBSET [pos : Pos, cmd : Batch, id : W!CaptureId]]
    /\ applied \in [Replica -> RL!SeqUpTo(Entry, NPos * MaxBatch)]
    /\ learned \in [Replica -> 0 .. NPos]
    /\ acked \subseteq Command
    /\ lead \in [Replica -> [seg : W!Seg \cup {NoSeg}, id : IdOrNone, next : 0 .. SegSize]]
    /\ seal \in [Replica -> [seg : W!Seg \cup {NoSeg}, lo : Off, hi : Off, id : IdOrNone]]

Init ==
    /\ W!WOSInit
    /\ proposed = {}
    /\ props = [r \in Replica |-> {}]
    /\ queue = [r \in Replica |-> {}]
    /\ inflight = [r \in Replica |-> {}]
    /\ applied = [r \in Replica |-> <<>>]
    /\ learned = [r \in Replica |-> 0]
    /\ acked = {}
    /\ lead = [r \in Replica |-> NoLead]
    /\ seal = [r \in Replica |-> NoSeal]

\* The next address r learns: the first it has not learned whole.
Next_(r) == learned[r]

(***************************************************************************)
(* Clients and learners.                                                   *)
(***************************************************************************)
\* A client hands r a put command (a retry may hand it to several replicas).
Submit(r, c) ==
    /\ c \notin props[r]
    /\ proposed' = proposed \cup {c}
    /\ props' = [props EXCEPT ![r] = @ \cup {c}]
    /\ queue' = [queue EXCEPT ![r] = @ \cup {c}]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, inflight, applied, learned, acked, lead, seal>>

\* r answers notLeader for a command still waiting for a slot and forgets
\* it: the client retries elsewhere.
Drop(r, c) ==
    /\ c \in queue[r]
    /\ props' = [props EXCEPT ![r] = @ \ {c}]
    /\ queue' = [queue EXCEPT ![r] = @ \ {c}]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, proposed, inflight, applied, learned, acked, lead, seal>>

\* r reads its next address (or knows it from an answer: its own ok write,
\* a capture's or a seal's; or from the leader's push of a value the leader
\* applied there, which is written for good) and applies the next entry of
\* the value there; after the last one it moves on to the next address.
Learn(r) ==
    /\ Next_(r) < NPos
    /\ W!Read(Next_(r)) # Unwritten
    /\ LET e == Entries(W!Read(Next_(r)))
           k == Len(applied[r]) - Len(Flat(Next_(r)))  \* entries of it applied so far
       IN /\ applied' = [applied EXCEPT ![r] = Append(@, IF Bug = "BatchReversed" THEN e[Len(e) - k] ELSE e[k + 1])]
          /\ learned' = [learned EXCEPT ![r] = IF k + 1 = Len(e) THEN @ + 1 ELSE @]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, proposed, props, queue, inflight, acked, lead, seal>>

\* The wrong learner ("LearnerSkipsHole"): at an unwritten address with a
\* written one beyond it, it applies the first written value beyond.
LearnSkip(r) ==
    /\ Bug = "LearnerSkipsHole"
    /\ Next_(r) < NPos /\ W!Read(Next_(r)) = Unwritten
    /\ Len(applied[r]) = Len(Flat(Next_(r)))  \* not inside a batch
    /\ \E b \in Pos :
        /\ b > Next_(r) /\ W!Read(b) # Unwritten
        /\ \A a \in Next_(r) .. b - 1 : W!Read(a) = Unwritten
        /\ applied' = [applied EXCEPT ![r] = @ \o Entries(W!Read(b))]
        /\ learned' = [learned EXCEPT ![r] = b + 1]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, proposed, props, queue, inflight, acked, lead, seal>>

\* r answers a client: command c is among what r learned (the put arrived
\* after r applied it, or r held it and just learned it).  The wrong variant
\* "AckBeforeLearn" answers once c is written anywhere: c may sit beyond a
\* hole, so a command proposed later may still come before it.
Ack(r, c) ==
    /\ \/ c \in RL!Range(applied[r])
       \/ Bug = "AckBeforeLearn" /\ c \in props[r] /\ \E a \in Pos : val[a] \in Batch /\ c \in Elems(val[a])
    /\ acked' = acked \cup {c}
    /\ props' = [props EXCEPT ![r] = @ \ {c}]
    /\ queue' = [queue EXCEPT ![r] = @ \ {c}]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, proposed, inflight, applied, learned, lead, seal>>

(***************************************************************************)
(* Leader election and the leader's pipeline.                              *)
(***************************************************************************)
\* r's next address lies in an unallocated segment g: r allocates it with
\* its own id as metadata and so becomes its leader.  (A failing alloc
\* changes nothing: the winner leads, r goes on learning.)  An alloc of a
\* segment whose metadata already names r (r allocated it before: a second
\* alloc raced the first, or the first took effect unheard) answers ok as
\* well, changes nothing in the WOS, and r leads g afresh: it captures the
\* segment again and skips the slots it finds written.
AllocNext(r, g) ==
    /\ \/ /\ Next_(r) < NPos /\ g = W!SegOf(Next_(r)) /\ ~W!Allocated(g)
          /\ W!Alloc(g, r)
       \/ /\ W!Check(g) = r
          /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending>>
    /\ lead' = [lead EXCEPT ![r] = [seg |-> g, id |-> W!NoId, next |-> 0]]
    /\ UNCHANGED <<proposed, props, queue, inflight, applied, learned, acked, seal>>

\* Unheard: r's alloc takes effect though r never hears so (it timed out, or
\* r crashed): the metadata names r, but r does not lead; the segment's
\* slots are sealed with no-ops by whoever gets stuck on them.
AllocUnheard(r) ==
    /\ Unheard
    /\ Next_(r) < NPos /\ ~W!Allocated(W!SegOf(Next_(r)))
    /\ W!Alloc(W!SegOf(Next_(r)), r)
    /\ UNCHANGED appVars

\* The "LeaderWithoutAlloc" replica takes the lead of the segment of its
\* next address though another replica won its alloc.
LeadWithoutAlloc(r) ==
    /\ Bug = "LeaderWithoutAlloc"
    /\ lead[r].seg = NoSeg
    /\ Next_(r) < NPos /\ W!Allocated(W!SegOf(Next_(r)))
    /\ W!Check(W!SegOf(Next_(r))) # r
    /\ lead' = [lead EXCEPT ![r] = [seg |-> W!SegOf(Next_(r)), id |-> W!NoId, next |-> 0]]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, proposed, props, queue, inflight, applied, learned, acked, seal>>

\* captureSegment(g, lo, hi) as the layer below does it (src/core/proposer/
\* range-ops.ts, CaptureSegmentOp).  Its phase 1 may reveal a value some
\* acceptor accepted: a write that did not land (pending), or one racing the
\* capture, whose accept reached that acceptor before the capture's prepare
\* and the others after it (so the write is preempted: it is linearized after
\* the capture).  The capture then repairs that register at a fresh ballot
\* above the new id before it answers.  If the repair's own quorum does not
\* see the value, it lands nothing and answers unwritten, yet its promise
\* above the id stays: the register is not reported written, but the
\* caller's id is already stale there (a write with it answers preempted).
\* So each unwritten register of the range may end with no current id (capt
\* = NoId, as in ReadRepair).  WOSApi's CaptureSegment has no repairs; a
\* repair that lands its value is LandLate before the capture.  Like
\* ReadRepair, only under Unheard: a step no answer of the call reports.
\* (Found by verify's WormPaxos seed 6 x 40 steps, every fault: a seal's
\* capture repaired offsets 2-7 after finding another seal's no-op on one
\* acceptor; the repairs of 4, 5 and 7 found nothing, and the seal's write
\* was refused at all of them, though they stayed unwritten.)
\* The offsets of g's range lo..hi that a capture may leave stale: any
\* unwritten one under Unheard, none otherwise (or when g is no segment).
StaleChoices(g, lo, hi) ==
    IF Unheard /\ g \in W!Seg THEN SUBSET {o \in lo .. hi : val[W!AddrOf(g, o)] = Unwritten}
    ELSE {{}}

\* captureSegment(g, lo, hi) whose repairs left the offsets `stale` without
\* a current id (the trace records them; see above).
CaptureRange(g, lo, hi, stale) ==
    LET InRange(a) == W!SegOf(a) = g /\ lo <= W!OffOf(a) /\ W!OffOf(a) <= hi
    IN /\ W!Allocated(g) /\ ~trimmed[g] /\ W!CanCapture
       /\ stale \in StaleChoices(g, lo, hi)
       /\ capt' = [a \in W!Addr |-> IF InRange(a) /\ W!OffOf(a) \in stale THEN W!NoId
                                 ELSE IF InRange(a) THEN W!NewId ELSE capt[a]]
       /\ lastId' = W!NewId
       /\ UNCHANGED <<segMeta, trimmed, val, pending>>

\* The leader batch-captures its segment: captureSegment(g, 0, SegSize-1).
LeaderCapture(r, stale) ==
    /\ lead[r].seg # NoSeg /\ lead[r].id = W!NoId
    /\ CaptureRange(lead[r].seg, 0, SegSize - 1, stale)
    /\ lead' = [lead EXCEPT ![r].id = W!NewId]
    /\ UNCHANGED <<proposed, props, queue, inflight, applied, learned, acked, seal>>

\* The leader's next slot.
Slot(r) == W!AddrOf(lead[r].seg, lead[r].next)

\* The leader hands a batch b of waiting commands its next slot (one it has
\* not learned) and sends the write with the capture id; the write takes
\* effect later, in LeaderWrite.
LeaderIssue(r, b) ==
    /\ lead[r].id # W!NoId /\ lead[r].next < SegSize
    /\ Elems(b) \subseteq queue[r] /\ Slot(r) >= Next_(r)
    /\ queue' = [queue EXCEPT ![r] = @ \ Elems(b)]
    /\ inflight' = [inflight EXCEPT ![r] = @ \cup {[pos |-> Slot(r), cmd |-> b, id |-> lead[r].id]}]
    /\ lead' = [lead EXCEPT ![r].next = @ + 1]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, proposed, props, applied, learned, acked, seal>>

\* The leader knows its next slot written (it learned it, or a capture or a
\* seal told it so): it skips the slot.
LeaderSkip(r) ==
    /\ lead[r].id # W!NoId /\ lead[r].next < SegSize
    /\ W!Read(Slot(r)) # Unwritten
    /\ lead' = [lead EXCEPT ![r].next = @ + 1]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, proposed, props, queue, inflight, applied, learned, acked, seal>>

\* The commands of a batch whose write did not land wait for a later slot
\* (those r did not answer meanwhile).
Requeue(r, b, landed) ==
    queue' = [queue EXCEPT ![r] = IF ~landed THEN @ \cup (Elems(b) \cap props[r]) ELSE @]

\* One of the leader's writes takes effect: write(pos, batch, id).  ok: the
\* batch is written (r acknowledges its commands once it learned them).
\* Otherwise (alreadyWritten, preempted, ...) its commands go back to the
\* queue.  A write that landed may still be answered alreadyWritten, with
\* r's own batch: the client library retried it after the value was chosen
\* and cannot tell its own landed write from anybody's; r then queues the
\* commands again (they may be chosen twice; ReplicatedLog allows that).
LeaderWrite(r, w) ==
    /\ w \in inflight[r]
    /\ W!Write(w.pos, w.cmd, w.id)
    /\ inflight' = [inflight EXCEPT ![r] = @ \ {w}]
    /\ \/ Requeue(r, w.cmd, W!WriteAnswer(w.pos, w.cmd, w.id) = "ok")
       \/ W!WriteAnswer(w.pos, w.cmd, w.id) = "ok" /\ Requeue(r, w.cmd, FALSE)
    /\ UNCHANGED <<proposed, props, applied, learned, acked, lead, seal>>

\* Unheard: a write's answer never came (timeout): r requeues the command;
\* whether the write took effect is StrayWrite's business.
WriteLost(r, w) ==
    /\ Unheard /\ w \in inflight[r]
    /\ inflight' = [inflight EXCEPT ![r] = @ \ {w}]
    /\ Requeue(r, w.cmd, FALSE)
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, proposed, props, applied, learned, acked, lead, seal>>

\* r gives up the lead: its writes were refused, it could not capture or
\* fill its own holes, or it learned its whole segment.
StepDown(r) ==
    /\ lead[r].seg # NoSeg
    /\ lead' = [lead EXCEPT ![r] = NoLead]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, proposed, props, queue, inflight, applied, learned, acked, seal>>

(***************************************************************************)
(* Seals: no-ops into holes.                                               *)
(***************************************************************************)
\* r learned every address before offset lo of segment g and found the next
\* one unwritten for too long: it captures offsets lo..hi of g, one slot
\* (hi = lo: the leader of g filling a slot whose write it lost) or the rest
\* of the segment (anyone else: the leader is gone).  The capture reports
\* what is written there; if every register is, there is nothing to write.
SealCapture(r, g, lo, hi, stale) ==
    /\ seal[r] = NoSeal
    /\ W!AddrOf(g, lo) <= Next_(r)
    /\ hi \in {lo, SegSize - 1}
    /\ CaptureRange(g, lo, hi, stale)
    /\ proposed' = proposed \cup {Noop}
    /\ seal' = [seal EXCEPT ![r] =
                   IF \A off \in lo .. hi : val[W!AddrOf(g, off)] # Unwritten
                   THEN NoSeal
                   ELSE [seg |-> g, lo |-> lo, hi |-> hi, id |-> W!NewId]]
    /\ UNCHANGED <<props, queue, inflight, applied, learned, acked, lead>>

\* r writes Noop into the range with its seal's id: writeSegment.  Holes
\* nobody captured since become no-ops; values already there stay.
SealWrite(r) ==
    /\ seal[r] # NoSeal
    /\ W!WriteSegment(seal[r].seg, Noop, seal[r].lo, seal[r].hi, seal[r].id)
    /\ seal' = [seal EXCEPT ![r] = NoSeal]
    /\ UNCHANGED <<proposed, props, queue, inflight, applied, learned, acked, lead>>

\* Unheard: the writeSegment's answer never came.
SealLost(r) ==
    /\ Unheard /\ seal[r] # NoSeal
    /\ seal' = [seal EXCEPT ![r] = NoSeal]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, proposed, props, queue, inflight, applied, learned, acked, lead>>

(***************************************************************************)
(* The address space on its own.                                           *)
(***************************************************************************)
\* A preempted value lands late, by a repairing read or a capture that
\* completes it (only under LateWrites; see WOSApi).
LandLate(a) ==
    /\ W!Land(a)
    /\ UNCHANGED appVars

\* A read whose fast path found no agreement runs phase 1 at a fresh ballot
\* (src/core/proposer/paxos-op.ts, `repair`) and answers unwritten when it
\* revealed nothing: every capture id taken on the register so far is stale
\* from then on (capt becomes NoId, which no writer holds), though no new id
\* was handed to anybody.  WOSApi's read changes nothing; the layer's does.
ReadRepair(a) ==
    /\ Unheard /\ W!Live(a) /\ val[a] = Unwritten /\ capt[a] # W!NoId
    /\ capt' = [capt EXCEPT ![a] = W!NoId]
    /\ UNCHANGED <<segMeta, trimmed, val, lastId, pending>>
    /\ UNCHANGED appVars

\* Unheard: calls whose caller never got the answer take effect.  (The
\* actions allow any such call, a superset of what the replicas send.)
StrayWrite(a, v, id) ==
    /\ Unheard /\ Elems(Entries(v)) \subseteq proposed /\ id \in 1 .. lastId
    /\ W!Write(a, v, id)
    /\ UNCHANGED appVars

\* Unheard: a write whose caller never got the answer reached fewer acceptors
\* than a quorum, its id still current: its value sits on them, not chosen,
\* and a later read's repair or capture may complete it (LandLate), long
\* after its writer crashed.  WOSApi leaves a value pending only for a
\* preempted write; the layer below does it for any accept that reached a
\* minority.  (Found by verify's WormPaxos seed 5 x 40 steps, every fault:
\* the crashed leader's write reached one server; readers asking the other
\* two found the slot unwritten, then one asking that server completed it.)
StrayAccept(a, v, id) ==
    /\ Unheard /\ LateWrites /\ Elems(Entries(v)) \subseteq proposed /\ id \in 1 .. lastId
    /\ W!WriteCode(a, id) = "ok"
    /\ pending' = [pending EXCEPT ![a] = @ \cup {v}]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId>>
    /\ UNCHANGED appVars

StrayCaptureSegment(g, lo, hi, stale) ==
    /\ Unheard /\ lo <= hi
    /\ CaptureRange(g, lo, hi, stale)
    /\ UNCHANGED appVars

StrayWriteSegment(g, lo, hi, id) ==
    /\ Unheard /\ Noop \in proposed /\ lo <= hi /\ id \in 1 .. lastId
    /\ W!WriteSegment(g, Noop, lo, hi, id)
    /\ UNCHANGED appVars

StrayAlloc(g, r) ==
    /\ Unheard
    /\ W!Alloc(g, r)
    /\ UNCHANGED appVars

Next ==
    \/ \E r \in Replica :
        \/ \E c \in Command : Submit(r, c) \/ Drop(r, c) \/ Ack(r, c)
        \/ \E b \in Batch : LeaderIssue(r, b)
        \/ Learn(r) \/ LearnSkip(r)
        \/ \E g \in W!Seg : AllocNext(r, g)
        \/ AllocUnheard(r) \/ LeadWithoutAlloc(r)
        \/ \E stale \in StaleChoices(lead[r].seg, 0, SegSize - 1) : LeaderCapture(r, stale)
        \/ LeaderSkip(r) \/ StepDown(r)
        \/ \E w \in inflight[r] : LeaderWrite(r, w) \/ WriteLost(r, w)
        \/ \E g \in W!Seg, lo \in Off, hi \in Off :
              \E stale \in StaleChoices(g, lo, hi) : SealCapture(r, g, lo, hi, stale)
        \/ SealWrite(r) \/ SealLost(r)
    \/ \E a \in Pos : LandLate(a) \/ ReadRepair(a)
    \/ \E a \in Pos, v \in Value, id \in W!CaptureId : StrayWrite(a, v, id) \/ StrayAccept(a, v, id)
    \/ \E g \in W!Seg, lo, hi \in Off :
          (\E stale \in StaleChoices(g, lo, hi) : StrayCaptureSegment(g, lo, hi, stale)) \/ \E id \in W!CaptureId : StrayWriteSegment(g, lo, hi, id)
    \/ \E g \in W!Seg, r \in Replica : StrayAlloc(g, r)

Spec == Init /\ [][Next]_vars

(***************************************************************************)
(* Properties.                                                             *)
(***************************************************************************)
\* The refinement: every WormPaxos behaviour is a ReplicatedLog behaviour.
RLRefinement == RL!RLSpec

\* The replicated log's guarantees, read through the mapping.
AppliedPrefix == RL!AppliedPrefix
AckedChosen == RL!AckedChosen
ChosenProposed == RL!ChosenProposed
=============================================================================
