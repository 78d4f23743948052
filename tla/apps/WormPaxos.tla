------------------------------ MODULE WormPaxos ------------------------------
(***************************************************************************)
(* WormPaxos, state machine replication over the abstract WOS              *)
(* (WOSApi.tla), never over Paxos messages.  The log is the address space: *)
(* log position a is WOS address a.                                        *)
(*                                                                         *)
(* - Every replica learns by reading addresses in order, from 0, and       *)
(*   applies what it reads; it waits at an unwritten address.              *)
(* - A replica with a command proposes it at the next free address, the    *)
(*   first one it has not learned: capture, then write with the id.  If    *)
(*   another write landed first the replica learns that command and tries  *)
(*   the next address.                                                     *)
(* - When that address is the first of an unallocated segment, the replica *)
(*   allocates the segment with its own id as metadata: the winner of that *)
(*   alloc is the segment's leader (leader election is alloc).  The leader *)
(*   batch-captures the whole segment (captureSegment) and then proposes   *)
(*   with one write per command, slot after slot, without waiting to learn *)
(*   earlier slots (pipelining).  A slot it finds taken (another replica   *)
(*   captured or wrote it) is skipped and the command goes to the next.    *)
(* - A replica acknowledges its command to its client once it has learned  *)
(*   (read in order) the address holding it.                               *)
(* Trim is not used: these models keep every segment (durability is tuned  *)
(* by when trim is called, which does not touch the log's safety).         *)
(*                                                                         *)
(* Refinement WormPaxos => ReplicatedLog, mapping:                         *)
(*   log        = the values of the longest prefix of written addresses    *)
(*                0, 1, ... (the chosen prefix);                           *)
(*   applied[r] = what replica r learned;                                  *)
(*   proposed   = the commands handed to replicas so far;                  *)
(*   acked      = the commands replicas acknowledged.                      *)
(* A write (or a late landing) that fills the first unwritten address is   *)
(* Choose (it may join commands written beyond it); one further on leaves  *)
(* the log alone.  Learn is Apply, Submit is Propose, Acknowledge is Ack;  *)
(* captures, allocs and failed writes are stuttering steps.                *)
(***************************************************************************)
EXTENDS Integers, Sequences

CONSTANTS
    NSeg, SegSize,  \* the address space: NSeg segments of SegSize registers
    Replica,    \* replicas
    NCmd,       \* replica r proposes the commands <<r, 1>>, ..., <<r, NCmd>>, in turn
    MaxId,      \* model bound on capture ids (see WOSApi)
    Unwritten, NoMeta,   \* model values
    LateWrites, \* see WOSApi: may a preempted write still land?
    Bug         \* "none", or a deliberately wrong variant (teeth):
                \*  "LearnerSkipsHole": a learner that finds an unwritten
                \*     address before a written one skips the hole
                \*  "AckBeforeLearn": a replica acknowledges once its write
                \*     answered ok, without waiting to learn it in order
                \* or "LeaderWithoutAlloc": a replica may lead (batch-capture
                \* and write) a segment someone else allocated, so two leaders
                \* compete: still correct, the registers decide each slot

NPos == NSeg * SegSize
Pos == 0 .. NPos - 1

VARIABLES
    segMeta, trimmed, val, capt, lastId, pending,  \* the abstract WOS (WOSApi)
    cur,        \* cur[r]: how many commands r's clients handed it (0 .. NCmd);
                \* the last, <<r, cur[r]>>, is the one r is dealing with
    pstate,     \* pstate[r]: that command: "idle" (none yet), "proposing",
                \* "written" (its write was ok), "done" (acknowledged)
    applied,    \* applied[r]: the commands r learned, address 0 first
    held,       \* held[r]: the address r captured to propose at, with the
                \* id, or NoHold
    lead        \* lead[r]: the segment r leads (it won the alloc), its batch
                \* capture id (NoId before captureSegment) and the next slot

Command == Replica \X (1 .. NCmd)
Cmd(r) == <<r, cur[r]>>    \* r's current command

W == INSTANCE WOSApi WITH Value <- Command, Meta <- Replica

NoSeg == -1
NoHold == [addr |-> 0, id |-> W!NoId]
IdOrNone == W!CaptureId \cup {W!NoId}

\* The chosen prefix: addresses 0 .. ChosenLen-1 are written, ChosenLen is not.
ChosenLen == CHOOSE n \in 0 .. NPos :
                /\ \A a \in 0 .. n - 1 : val[a] # Unwritten
                /\ n < NPos => val[n] = Unwritten
ChosenLog == [i \in 1 .. ChosenLen |-> val[i - 1]]

RL == INSTANCE ReplicatedLog WITH
        MaxLen <- NPos,
        log <- ChosenLog,
        proposed <- {c \in Command : c[2] <= cur[c[1]]},
        acked <- {c \in Command : \/ c[2] < cur[c[1]]
                                  \/ c[2] = cur[c[1]] /\ pstate[c[1]] = "done"}

vars == <<segMeta, trimmed, val, capt, lastId, pending, cur, pstate, applied, held, lead>>

TypeOK ==
    /\ W!WOSTypeOK
    /\ cur \in [Replica -> 0 .. NCmd]
    /\ pstate \in [Replica -> {"idle", "proposing", "written", "done"}]
    /\ applied \in [Replica -> RL!SeqUpTo(Command, NPos)]
    /\ held \in [Replica -> [addr : Pos, id : IdOrNone]]
    /\ lead \in [Replica -> [seg : W!Seg \cup {NoSeg}, id : IdOrNone, next : 0 .. SegSize]]

Init ==
    /\ W!WOSInit
    /\ cur = [r \in Replica |-> 0]
    /\ pstate = [r \in Replica |-> "idle"]
    /\ applied = [r \in Replica |-> <<>>]
    /\ held = [r \in Replica |-> NoHold]
    /\ lead = [r \in Replica |-> [seg |-> NoSeg, id |-> W!NoId, next |-> 0]]

\* The next address r learns and proposes at: the first it has not learned.
Next_(r) == Len(applied[r])

\* A client hands r its next command (once r answered the previous one).
Submit(r) ==
    /\ pstate[r] \in {"idle", "done"} /\ cur[r] < NCmd
    /\ cur' = [cur EXCEPT ![r] = @ + 1]
    /\ pstate' = [pstate EXCEPT ![r] = "proposing"]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, applied, held, lead>>

\* r reads its next address and applies the command there.  A capture r
\* held on it is now useless: the address is written.
Learn(r) ==
    /\ Next_(r) < NPos /\ W!Live(Next_(r))
    /\ W!Read(Next_(r)) # Unwritten
    /\ applied' = [applied EXCEPT ![r] = Append(@, W!Read(Next_(r)))]
    /\ held' = [held EXCEPT ![r] = IF @.addr = Next_(r) THEN NoHold ELSE @]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, cur, pstate, lead>>

\* The wrong learner ("LearnerSkipsHole"): at an unwritten address with a
\* written one beyond it, it applies the first written command beyond.
LearnSkip(r) ==
    /\ Bug = "LearnerSkipsHole"
    /\ Next_(r) < NPos /\ W!Read(Next_(r)) = Unwritten
    /\ \E b \in Pos :
        /\ b > Next_(r) /\ W!Read(b) # Unwritten
        /\ \A a \in Next_(r) .. b - 1 : W!Read(a) = Unwritten
        /\ applied' = [applied EXCEPT ![r] = Append(@, W!Read(b))]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, cur, pstate, held, lead>>

\* r answers its client once it learned its own command (the wrong variant
\* "AckBeforeLearn" answers as soon as the write was ok: the command may sit
\* beyond a hole, so a command proposed later may still come before it).
Acknowledge(r) ==
    /\ pstate[r] = "written"
    /\ Cmd(r) \in RL!Range(applied[r]) \/ Bug = "AckBeforeLearn"
    /\ pstate' = [pstate EXCEPT ![r] = "done"]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, cur, applied, held, lead>>

\* r (not leading) captures its next address, seen unwritten, to propose.
Capture(r) ==
    /\ pstate[r] = "proposing" /\ held[r] = NoHold /\ lead[r].id = W!NoId
    /\ Next_(r) < NPos /\ W!Live(Next_(r))
    /\ W!Read(Next_(r)) = Unwritten
    /\ W!Capture(Next_(r))
    /\ held' = [held EXCEPT ![r] = [addr |-> Next_(r), id |-> W!NewId]]
    /\ UNCHANGED <<cur, pstate, applied, lead>>

\* r writes its command with the id it captured.  ok: its command is
\* written.  Otherwise (alreadyWritten, preempted) r drops the id; it will
\* learn what landed and try again further on.  (Under LateWrites a
\* preempted command may land later too: it may then be chosen twice.)
Write(r) ==
    /\ pstate[r] = "proposing" /\ held[r] # NoHold
    /\ W!Write(held[r].addr, Cmd(r), held[r].id)
    /\ pstate' = [pstate EXCEPT ![r] =
                    IF W!WriteAnswer(held[r].addr, Cmd(r), held[r].id) = "ok" THEN "written" ELSE @]
    /\ held' = [held EXCEPT ![r] = NoHold]
    /\ UNCHANGED <<cur, applied, lead>>

\* r's next address opens an unallocated segment: r allocates it with its
\* own id as metadata and so becomes its leader.  (A failing alloc changes
\* nothing: the winner leads, r goes on learning and capturing.)
AllocNext(r) ==
    /\ pstate[r] = "proposing"
    /\ Next_(r) < NPos /\ ~W!Allocated(W!SegOf(Next_(r)))
    /\ W!Alloc(W!SegOf(Next_(r)), r)
    /\ lead' = [lead EXCEPT ![r] = [seg |-> W!SegOf(Next_(r)), id |-> W!NoId, next |-> 0]]
    /\ UNCHANGED <<cur, pstate, applied, held>>

\* Under LateWrites, r's alloc may take effect though r never hears so (a
\* timeout, or a preempted alloc completed later): the segment's metadata
\* names r, but r does not lead; everyone proposes there by capture+write.
AllocUnheard(r) ==
    /\ LateWrites /\ pstate[r] = "proposing"
    /\ Next_(r) < NPos /\ ~W!Allocated(W!SegOf(Next_(r)))
    /\ W!Alloc(W!SegOf(Next_(r)), r)
    /\ UNCHANGED <<cur, pstate, applied, held, lead>>

\* The "LeaderWithoutAlloc" replica takes the lead of the segment of its
\* next address though another replica won its alloc.
LeadWithoutAlloc(r) ==
    /\ Bug = "LeaderWithoutAlloc"
    /\ pstate[r] = "proposing" /\ lead[r].seg = NoSeg
    /\ Next_(r) < NPos /\ W!Allocated(W!SegOf(Next_(r)))
    /\ W!Check(W!SegOf(Next_(r))) # r
    /\ lead' = [lead EXCEPT ![r] = [seg |-> W!SegOf(Next_(r)), id |-> W!NoId, next |-> 0]]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, cur, pstate, applied, held>>

\* The leader batch-captures its segment: captureSegment(g, 0, SegSize-1).
LeaderCapture(r) ==
    /\ lead[r].seg # NoSeg /\ lead[r].id = W!NoId
    /\ W!CaptureSegment(lead[r].seg, 0, SegSize - 1)
    /\ lead' = [lead EXCEPT ![r].id = W!NewId]
    /\ UNCHANGED <<cur, pstate, applied, held>>

\* The leader writes its command into its next slot with the batch id: one
\* round trip.  ok: written.  Otherwise the slot is someone else's: the
\* leader moves on and will use the next slot.  Past the last slot the
\* leadership of this segment is over.
LeaderWrite(r) ==
    LET a == W!AddrOf(lead[r].seg, lead[r].next)
    IN /\ pstate[r] = "proposing" /\ lead[r].id # W!NoId /\ lead[r].next < SegSize
       /\ W!Write(a, Cmd(r), lead[r].id)
       /\ pstate' = [pstate EXCEPT ![r] =
                       IF W!WriteAnswer(a, Cmd(r), lead[r].id) = "ok" THEN "written" ELSE @]
       /\ lead' = [lead EXCEPT ![r] = IF @.next + 1 = SegSize
                                       THEN [seg |-> NoSeg, id |-> W!NoId, next |-> 0]
                                       ELSE [@ EXCEPT !.next = @ + 1]]
       /\ UNCHANGED <<cur, applied, held>>

\* A preempted command lands late, by a repairing read or a late accept
\* (only under LateWrites; see WOSApi).
LandLate(a) ==
    /\ W!Land(a)
    /\ UNCHANGED <<cur, pstate, applied, held, lead>>

Next ==
    \/ \E r \in Replica :
        \/ Submit(r) \/ Learn(r) \/ LearnSkip(r) \/ Acknowledge(r)
        \/ Capture(r) \/ Write(r)
        \/ AllocNext(r) \/ AllocUnheard(r) \/ LeadWithoutAlloc(r)
        \/ LeaderCapture(r) \/ LeaderWrite(r)
    \/ \E a \in Pos : LandLate(a)

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
