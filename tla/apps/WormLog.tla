------------------------------- MODULE WormLog -------------------------------
(***************************************************************************)
(* WormLog, the paper's Corfu-style shared log, over the abstract WOS      *)
(* (WOSApi.tla), never over Paxos messages.  Log position p is WOS address *)
(* p: segment p \div SegSize, offset p % SegSize.                          *)
(*                                                                         *)
(* - A sequencer owns a segment by allocating it, with its own id as the   *)
(*   metadata: alloc succeeds once, so this is sequencer election.  It     *)
(*   batch-captures the whole segment (captureSegment) and hands each      *)
(*   client a slot together with the segment's capture id.                 *)
(* - A client appends by writing its entry into its slot with that id:     *)
(*   one round trip after the sequencer's.  ok acknowledges the append.    *)
(*   Any other answer means the slot is lost: the client asks again (its   *)
(*   entry may still land there late, so it may appear twice: allowed).    *)
(* - The sequencer is soft state.  When its segment runs out, or when a    *)
(*   new sequencer takes over (fail-over), the next segment is allocated;  *)
(*   the winner of that alloc is the sequencer from then on.  A deposed    *)
(*   sequencer may go on handing out slots of its old segment: harmless.   *)
(* - Readers read positions in order.  A reader tired of waiting on an     *)
(*   unwritten position (a hole: a client that died, a slot never handed   *)
(*   out) captures it, which preempts the sequencer's id, and writes junk. *)
(*   Whatever lands first stays; the reader then reads it.                 *)
(*                                                                         *)
(* Refinement WormLog => SharedLog, mapping:                               *)
(*   log[p]       = the value of register p (Unwritten is Empty);          *)
(*   acked        = {<<slot, entry>> of every client whose write was ok};  *)
(*   delivered[r] = what reader r read.                                    *)
(* A client's ok write is SharedLog's AppendEntry (acknowledged), a junk   *)
(* write that lands is Fill, a late landing of an entry is AppendEntry     *)
(* unacknowledged, a read is Read; all other steps (alloc, captures,       *)
(* grants, failed writes) leave the mapped variables alone.                *)
(***************************************************************************)
EXTENDS Integers, Sequences

CONSTANTS
    NSeg, SegSize,  \* the address space: NSeg segments of SegSize registers
    Client,     \* clients; client c appends one entry, c itself
    Sequencer,  \* processes that may act as the sequencer
    Reader,     \* readers
    MaxId,      \* model bound on capture ids (see WOSApi)
    Junk, Unwritten, NoMeta,   \* model values
    LateWrites, \* see WOSApi: may a preempted write still land?
    Unheard,    \* may a call whose caller gave up on it (a timeout, a crash)
                \* still take effect, and may a grant get lost?  (the
                \* implementation's traces need it; see Stray below)
    Bug         \* "none", "DoubleGrant" (a sequencer that may hand one slot
                \* out twice: still correct, the WOR protects the slot), or a
                \* deliberately wrong variant (teeth):
                \*  "AckAlreadyWritten": a client takes alreadyWritten for ok
                \*  "JunkWithoutFill": a reader delivers junk for a hole
                \*     without writing junk into it

NPos == NSeg * SegSize
Pos == 0 .. NPos - 1

VARIABLES
    segMeta, trimmed, val, capt, lastId, pending,  \* the abstract WOS (WOSApi)
    seq,        \* seq[s]: the segment sequencer s allocated, the capture id
                \* it got for it (NoId before captureSegment) and the next
                \* offset to hand out; seg = NoSeg while s owns none
    cl,         \* cl[c]: client c's append: "idle" (needs a slot), "granted"
                \* (has slot and id), "done" (acknowledged at slot)
    rdFill,     \* rdFill[r]: the capture id reader r took to fill its next
                \* position with junk, or NoId
    delivered   \* delivered[r]: what reader r read, position 0 first

W == INSTANCE WOSApi WITH Value <- Client \cup {Junk}, Meta <- Sequencer

SL == INSTANCE SharedLog WITH
        Entry <- Client,
        Empty <- Unwritten,
        log <- val,
        acked <- {<<cl[c].slot, c>> : c \in {d \in Client : cl[d].st = "done"}}

vars == <<segMeta, trimmed, val, capt, lastId, pending, seq, cl, rdFill, delivered>>

NoSeg == -1
IdOrNone == W!CaptureId \cup {W!NoId}

TypeOK ==
    /\ W!WOSTypeOK
    /\ seq \in [Sequencer -> [seg : W!Seg \cup {NoSeg}, id : IdOrNone, next : 0 .. SegSize]]
    /\ cl \in [Client -> [st : {"idle", "granted", "done"}, slot : Pos, id : IdOrNone]]
    /\ rdFill \in [Reader -> IdOrNone]
    /\ delivered \in [Reader -> SL!Delivery]

Init ==
    /\ W!WOSInit
    /\ seq = [s \in Sequencer |-> [seg |-> NoSeg, id |-> W!NoId, next |-> 0]]
    /\ cl = [c \in Client |-> [st |-> "idle", slot |-> 0, id |-> W!NoId]]
    /\ rdFill = [r \in Reader |-> W!NoId]
    /\ delivered = [r \in Reader |-> <<>>]

\* Sequencer s allocates the next segment: its first one (fail-over: s
\* takes over from whoever was sequencer), or the next once its own ran
\* out.  Segments are allocated in order, so the next one is the first
\* unallocated one.  A failing alloc changes nothing (not modelled).
SeqAlloc(s) ==
    /\ seq[s].seg = NoSeg \/ seq[s].next = SegSize
    /\ \E g \in W!Seg :
        /\ ~W!Allocated(g)
        /\ \A h \in 0 .. g - 1 : W!Allocated(h)
        /\ W!Alloc(g, s)
        /\ seq' = [seq EXCEPT ![s] = [seg |-> g, id |-> W!NoId, next |-> 0]]
    /\ UNCHANGED <<cl, rdFill, delivered>>

\* Under LateWrites, s's alloc of the next segment may take effect though
\* s never hears so (a timeout, or a preempted alloc completed later): the
\* segment is allocated to s, and s goes on as if it had failed.  Nobody
\* hands out its slots; readers fill them with junk.
SeqAllocUnheard(s) ==
    /\ LateWrites
    /\ seq[s].seg = NoSeg \/ seq[s].next = SegSize
    /\ \E g \in W!Seg :
        /\ ~W!Allocated(g)
        /\ \A h \in 0 .. g - 1 : W!Allocated(h)
        /\ W!Alloc(g, s)
    /\ UNCHANGED <<seq, cl, rdFill, delivered>>

\* s batch-captures its whole segment: captureSegment(g, 0, SegSize-1).
SeqCapture(s) ==
    /\ seq[s].seg # NoSeg /\ seq[s].id = W!NoId
    /\ W!CaptureSegment(seq[s].seg, 0, SegSize - 1)
    /\ seq' = [seq EXCEPT ![s].id = W!NewId]
    /\ UNCHANGED <<cl, rdFill, delivered>>

\* s hands client c the next slot of its segment and the capture id.
\* The "DoubleGrant" sequencer may forget to move on, so the next client
\* gets the same slot.
Grant(s, c) ==
    /\ seq[s].id # W!NoId /\ seq[s].next < SegSize
    /\ cl[c].st = "idle"
    /\ cl' = [cl EXCEPT ![c] = [st |-> "granted",
                                slot |-> W!AddrOf(seq[s].seg, seq[s].next),
                                id |-> seq[s].id]]
    /\ \/ seq' = [seq EXCEPT ![s].next = @ + 1]
       \/ Bug = "DoubleGrant" /\ UNCHANGED seq
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, rdFill, delivered>>

\* Client c writes its entry into its slot: write(slot, c, id).  Under
\* LateWrites a preempted entry may still land there later (SharedLog: an
\* append that lands without acknowledgment); the client has retried by
\* then, so its entry may be in the log twice.  alreadyWritten never
\* acknowledges, not even with the client's own entry (an earlier write of
\* the slot whose answer it never heard, see Unheard, landed): SharedLog
\* acknowledges an append only as it lands.
ClientWrite(c) ==
    LET code == W!WriteAnswer(cl[c].slot, c, cl[c].id)
        ack == code = "ok" \/ (Bug = "AckAlreadyWritten" /\ code = "alreadyWritten")
    IN /\ cl[c].st = "granted"
       /\ W!Write(cl[c].slot, c, cl[c].id)
       /\ cl' = [cl EXCEPT ![c] = IF ack THEN [@ EXCEPT !.st = "done"]
                                        ELSE [st |-> "idle", slot |-> 0, id |-> W!NoId]]
       /\ UNCHANGED <<seq, rdFill, delivered>>

\* Reader r's next position.
Next_(r) == Len(delivered[r])

\* Reader r reads its next position and delivers what it holds.
ReaderRead(r) ==
    /\ Next_(r) < NPos
    /\ W!Live(Next_(r))
    /\ W!Read(Next_(r)) # Unwritten
    /\ delivered' = [delivered EXCEPT ![r] = Append(@, W!Read(Next_(r)))]
    /\ rdFill' = [rdFill EXCEPT ![r] = W!NoId]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, seq, cl>>

\* Reader r found its next position unwritten and timed out: it captures it
\* to fill the hole (the fresh id preempts the sequencer's).  The capture
\* may come after an entry landed there since the reader's last read: the
\* fill then answers alreadyWritten, and the reader reads the entry.
ReaderCapture(r) ==
    /\ Next_(r) < NPos /\ rdFill[r] = W!NoId
    /\ W!Capture(Next_(r))
    /\ rdFill' = [rdFill EXCEPT ![r] = W!NewId]
    /\ UNCHANGED <<seq, cl, delivered>>

\* r writes junk with its id.  ok: the hole is junk.  alreadyWritten: an
\* entry landed first.  preempted: someone captured since.  Either way r
\* drops the id and reads again.
ReaderFill(r) ==
    /\ rdFill[r] # W!NoId
    /\ W!Write(Next_(r), Junk, rdFill[r])
    /\ rdFill' = [rdFill EXCEPT ![r] = W!NoId]
    /\ UNCHANGED <<seq, cl, delivered>>

\* The wrong reader ("JunkWithoutFill"): it delivers junk for a hole it
\* did not fill, though an entry may still land there.
ReaderSkip(r) ==
    /\ Bug = "JunkWithoutFill"
    /\ Next_(r) < NPos /\ W!Live(Next_(r))
    /\ W!Read(Next_(r)) = Unwritten
    /\ delivered' = [delivered EXCEPT ![r] = Append(@, Junk)]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, seq, cl, rdFill>>

\* A preempted entry or junk lands late, by a repairing read or a late
\* accept (only under LateWrites; see WOSApi).
LandLate(a) ==
    /\ W!Land(a)
    /\ UNCHANGED <<seq, cl, rdFill, delivered>>

(***************************************************************************)
(* Unheard (constant): what the implementation does that the steps above   *)
(* leave out.  All of it is soft: none of it changes what a process knows. *)
(* - A grant may be lost (the message, or a client that took another one): *)
(*   the sequencer has moved on, the slot is a hole readers fill.          *)
(* - A call whose caller gave up on it (it answered timeout, or the caller *)
(*   crashed) may still take effect, unheard, as that call would: a       *)
(*   capture (of one register or of a segment), a write with the id it    *)
(*   carried, an alloc.  The caller, if alive, has called again (the same *)
(*   write with the same id, a new capture, the next segment).  The        *)
(*   actions allow any such call, a superset of the implementation's.      *)
(***************************************************************************)
GrantLost(s) ==
    /\ Unheard
    /\ seq[s].id # W!NoId /\ seq[s].next < SegSize
    /\ seq' = [seq EXCEPT ![s].next = @ + 1]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, cl, rdFill, delivered>>

StrayCapture(a) ==
    /\ Unheard
    /\ W!Capture(a)
    /\ UNCHANGED <<seq, cl, rdFill, delivered>>

StrayCaptureSegment(g) ==
    /\ Unheard
    /\ W!CaptureSegment(g, 0, SegSize - 1)
    /\ UNCHANGED <<seq, cl, rdFill, delivered>>

StrayWrite(a, v, id) ==
    /\ Unheard /\ id \in 1 .. lastId
    /\ W!Write(a, v, id)
    /\ UNCHANGED <<seq, cl, rdFill, delivered>>

StrayAlloc(g, s) ==
    /\ Unheard
    /\ W!Alloc(g, s)
    /\ UNCHANGED <<seq, cl, rdFill, delivered>>

Next ==
    \/ \E s \in Sequencer :
        \/ SeqAlloc(s) \/ SeqAllocUnheard(s) \/ SeqCapture(s)
        \/ \E c \in Client : Grant(s, c)
    \/ \E c \in Client : ClientWrite(c)
    \/ \E r \in Reader : ReaderRead(r) \/ ReaderCapture(r) \/ ReaderFill(r) \/ ReaderSkip(r)
    \/ \E a \in Pos : LandLate(a)
    \/ \E s \in Sequencer : GrantLost(s)
    \/ \E a \in Pos : StrayCapture(a)
    \/ \E g \in W!Seg : StrayCaptureSegment(g) \/ \E s \in Sequencer : StrayAlloc(g, s)
    \/ \E a \in Pos, v \in Client \cup {Junk}, id \in W!CaptureId : StrayWrite(a, v, id)

Spec == Init /\ [][Next]_vars

(***************************************************************************)
(* Properties.                                                             *)
(***************************************************************************)
\* The refinement: every WormLog behaviour is a SharedLog behaviour.
SLRefinement == SL!SLSpec

\* SharedLog's guarantees, read through the mapping.
AckedHeld == SL!AckedHeld
ReadsStable == SL!ReadsStable
StableLog == SL!StableLog

\* Why they hold: a client is acknowledged only by an ok write, which put
\* its entry in its slot; registers never change once written.
DoneWroteSlot == \A c \in Client : cl[c].st = "done" => val[cl[c].slot] = c
=============================================================================
