------------------------------- MODULE WormTX -------------------------------
(***************************************************************************)
(* WormTX, the paper's variant E3: two-phase commit without a coordinator, *)
(* over the abstract WOS (WOSApi.tla), never over Paxos messages.          *)
(*                                                                         *)
(* Each resource manager (RM) r owns segment r of the address space, one   *)
(* register long, which it allocated when it set up (before any           *)
(* transaction, so allocation is in Init).  Before it can vote, r          *)
(* pre-captures it (PreCapture, the paper's B6): captureSegment answers a  *)
(* fresh id, r's own capture id ownId[r].  To vote, r writes "yes" or "no" *)
(* there with ownId[r]: one round trip.  Every RM listens to every vote    *)
(* register.  An RM tired of waiting for r's vote captures r's register    *)
(* itself (a fresh id, which preempts r's) and writes "no" into it;        *)
(* whichever write lands first is the vote, forever.  An RM commits iff    *)
(* every vote register holds "yes", and aborts as soon as one holds "no".  *)
(* A pre-capture that comes after an aborter's capture preempts the        *)
(* aborter in turn: still one value lands, and that is the vote.  An RM    *)
(* that never pre-captures (it crashed, or it lost the answer) never votes;*)
(* the others time it out.                                                 *)
(*                                                                         *)
(* An RM whose own write failed (another RM captured its register) does   *)
(* not assume anything: under LateWrites its "yes" may still land, through *)
(* the aborter's own write.  It learns its vote by reading, like everyone. *)
(*                                                                         *)
(* Refinement WormTX => TCommit, mapping: TCommit's rmState[r] is r's      *)
(* local state, except that a working RM whose register holds "yes" (its   *)
(* preempted yes landed late) is prepared.  An ok yes, or a late landing   *)
(* of a yes, is Prepare; the decisions are Decide; captures and other      *)
(* writes are stuttering steps.  Why it holds: only r writes "yes" into    *)
(* r's register; a register never changes once written; so "all registers *)
(* hold yes" means every RM is prepared or committed, and one "no" means   *)
(* nobody can ever commit.                                                 *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    NRM,        \* RMs are 0 .. NRM-1; RM r's vote register is address r
    MaxId,      \* model bound on capture ids (pre-captures and timeout captures)
    Unwritten, NoMeta,  \* model values, see WOSApi
    LateWrites, \* see WOSApi: may a preempted write still land?
    Bug         \* "none", or a deliberately wrong variant (teeth):
                \*  "CommitMissingVote": commit when every WRITTEN vote is yes
                \*  "AbortWithoutWrite": a timed-out RM aborts without
                \*     writing "no" into the silent RM's register
                \*  "AbortOnFailedNo": an RM whose "no" write fails aborts
                \*     anyway (right only if failed writes never land)

RM == 0 .. NRM - 1

VARIABLES
    segMeta, trimmed, val, capt, lastId, pending,  \* the abstract WOS (WOSApi)
    rmState,    \* rmState[r]: RM r's local state, as in TCommit
    ownId,      \* ownId[r]: the capture id r's pre-capture got, or NoId before
    holding     \* holding[r]: the register r captured to write "no" into,
                \* with the capture id, or NoHold

W == INSTANCE WOSApi WITH NSeg <- NRM, SegSize <- 1, Value <- {"yes", "no"}, Meta <- RM

\* RM r's vote register: the one register of segment r.
VoteAddr(r) == r
OwnId(r) == ownId[r]
NoHold == [tgt |-> 0, id |-> W!NoId]

\* The refinement mapping (see the header).
AbsState(r) == IF rmState[r] = "working" /\ val[VoteAddr(r)] = "yes" THEN "prepared" ELSE rmState[r]
TC == INSTANCE TCommit WITH rmState <- [r \in RM |-> AbsState(r)]

vars == <<segMeta, trimmed, val, capt, lastId, pending, rmState, ownId, holding>>

TypeOK ==
    /\ W!WOSTypeOK
    /\ rmState \in [RM -> {"working", "prepared", "committed", "aborted"}]
    /\ ownId \in [RM -> W!CaptureId \cup {W!NoId}]
    /\ holding \in [RM -> [tgt : RM, id : W!CaptureId \cup {W!NoId}]]

\* Every RM allocated its vote segment (alloc(r, r)) when it set up; nothing
\* is captured or written yet.
Init ==
    /\ segMeta = [g \in RM |-> g]
    /\ trimmed = [g \in RM |-> FALSE]
    /\ val = [a \in RM |-> Unwritten]
    /\ capt = [a \in RM |-> W!NoId]
    /\ lastId = 0
    /\ pending = [a \in RM |-> {}]
    /\ rmState = [r \in RM |-> "working"]
    /\ ownId = [r \in RM |-> W!NoId]
    /\ holding = [r \in RM |-> NoHold]

Undecided(r) == rmState[r] \in {"working", "prepared"}

\* A model bound, not a protocol rule: a timeout capture must leave an id for
\* every RM that has not pre-captured yet.  Without it the timeouts could use
\* up the MaxId ids and the checker would see only RMs that cannot vote; the
\* code has unboundedly many ids, and a pre-capture never waits for a timeout.
TimeoutIdLeft == lastId + Cardinality({r \in RM : ownId[r] = W!NoId}) < MaxId

\* Set-up: r batch-captures its vote segment: captureSegment(r, 0, 0)
\* answers a fresh id, r's own from now on.  It preempts any aborter's
\* capture that came before (the aborter's "no" then fails, and r's vote
\* decides).
PreCapture(r) ==
    /\ ownId[r] = W!NoId
    /\ W!CaptureSegment(VoteAddr(r), 0, 0)
    /\ ownId' = [ownId EXCEPT ![r] = W!NewId]
    /\ UNCHANGED <<rmState, holding>>

\* r votes yes: write(r, "yes", OwnId(r)).  On ok r is prepared.  Any other
\* answer means someone captured r's register to abort it: r stays working
\* and learns its vote by reading (under LateWrites the yes may land yet).
VoteYes(r) ==
    /\ rmState[r] = "working" /\ ownId[r] # W!NoId
    /\ W!Write(VoteAddr(r), "yes", OwnId(r))
    /\ rmState' = [rmState EXCEPT ![r] =
                     IF W!WriteAnswer(VoteAddr(r), "yes", OwnId(r)) = "ok" THEN "prepared" ELSE @]
    /\ UNCHANGED <<ownId, holding>>

\* r votes no: write(r, "no", OwnId(r)); on ok it aborts.  Otherwise it
\* stays working and learns its vote by reading: if an earlier yes of its
\* own was preempted, that yes may have landed (or land yet) and others may
\* commit.  The wrong variant "AbortOnFailedNo" aborts whatever the answer.
VoteNo(r) ==
    /\ rmState[r] = "working" /\ ownId[r] # W!NoId
    /\ W!Write(VoteAddr(r), "no", OwnId(r))
    /\ rmState' = [rmState EXCEPT ![r] =
                     IF W!WriteAnswer(VoteAddr(r), "no", OwnId(r)) = "ok"
                        \/ Bug = "AbortOnFailedNo" THEN "aborted" ELSE @]
    /\ UNCHANGED <<ownId, holding>>

\* r timed out waiting for s's vote (read(s) answered unwritten) and
\* captures s's register: the fresh id preempts s's own.
TimeoutCapture(r, s) ==
    /\ r # s /\ Undecided(r) /\ holding[r] = NoHold
    /\ TimeoutIdLeft
    /\ W!Read(VoteAddr(s)) = Unwritten
    /\ W!Capture(VoteAddr(s))
    /\ holding' = [holding EXCEPT ![r] = [tgt |-> s, id |-> W!NewId]]
    /\ UNCHANGED <<rmState, ownId>>

\* r writes "no" into the register it captured.  ok: s is aborted.
\* alreadyWritten: s's vote landed first and stands.  preempted: a third RM
\* captured it since.  In every case r learns the outcome by reading.
TimeoutWrite(r) ==
    /\ holding[r] # NoHold
    /\ W!Write(VoteAddr(holding[r].tgt), "no", holding[r].id)
    /\ holding' = [holding EXCEPT ![r] = NoHold]
    /\ UNCHANGED <<rmState, ownId>>

\* r decides from the vote registers it listens to.  Reading them all in
\* one step is sound: a written register never changes, so a sequence of
\* reads that finds them written finds the same values as this step.
AllYes == \A s \in RM : W!Read(VoteAddr(s)) = "yes"
SomeNo == \E s \in RM : W!Read(VoteAddr(s)) = "no"
\* The wrong variant's commit rule: missing votes count as yes.
AllWrittenYes == \A s \in RM : W!Read(VoteAddr(s)) \in {"yes", Unwritten}

\* r commits when it reads yes in every register, its own included (it may
\* still be working locally if its own yes landed late).
DecideCommit(r) ==
    /\ Undecided(r) /\ W!Read(VoteAddr(r)) = "yes"
    /\ IF Bug = "CommitMissingVote" THEN AllWrittenYes ELSE AllYes
    /\ rmState' = [rmState EXCEPT ![r] = "committed"]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, ownId, holding>>

DecideAbort(r) ==
    /\ Undecided(r)
    /\ \/ SomeNo
       \/ Bug = "AbortWithoutWrite" /\ \E s \in RM : W!Read(VoteAddr(s)) = Unwritten
    /\ rmState' = [rmState EXCEPT ![r] = "aborted"]
    /\ UNCHANGED <<segMeta, trimmed, val, capt, lastId, pending, ownId, holding>>

\* A preempted vote lands late, by a repairing read or a late accept (only
\* under LateWrites; see WOSApi).
LandLate(a) ==
    /\ W!Land(a)
    /\ UNCHANGED <<rmState, ownId, holding>>

Next ==
    \/ \E r \in RM :
        \/ PreCapture(r)
        \/ VoteYes(r) \/ VoteNo(r)
        \/ \E s \in RM : TimeoutCapture(r, s)
        \/ TimeoutWrite(r)
        \/ DecideCommit(r) \/ DecideAbort(r)
    \/ \E a \in RM : LandLate(a)

Spec == Init /\ [][Next]_vars

(***************************************************************************)
(* Properties.                                                             *)
(***************************************************************************)
\* The refinement: every WormTX behaviour is a TCommit behaviour.
TCRefinement == TC!TCSpec

\* TCommit's safety, read through the mapping.
Consistent == TC!TCConsistent

\* Why it holds: an RM prepared (in TCommit's eyes) or committed has a yes
\* vote, and a commit means all votes are yes.
PreparedMeansYes ==
    \A r \in RM : AbsState(r) \in {"prepared", "committed"} => val[VoteAddr(r)] = "yes"
CommitMeansAllYes ==
    \A r \in RM : rmState[r] = "committed" => AllYes
=============================================================================
