-------------------------------- MODULE WOR --------------------------------
(***************************************************************************)
(* The abstract write-once register (WOR): the client API of one WormSpace *)
(* register, as the paper's Figure "WormSpace API" gives it.               *)
(*                                                                         *)
(*   capture()        -> a fresh capture id (a ballot <<round, client>>);  *)
(*                       it preempts every smaller id.                     *)
(*   write(v, id)     -> ok | alreadyWritten(w) | preempted                *)
(*   write(v, 0)      -> the same answers: the "unsafe write", with no     *)
(*                       capture id (WithUnsafeWrite)                      *)
(*   read()           -> ok(v) | unwritten                                 *)
(*   any call         -> timeout (the client gave up; no promise made)     *)
(* and a client may crash, losing its pending call and held capture id.    *)
(*                                                                         *)
(* Calls take time in any distributed implementation, so the spec is       *)
(* written with invocations and responses, each an action of its own, and  *)
(* the register's content changes in one internal step, Decide.  This is   *)
(* the linearizable register: every allowed history has a point inside     *)
(* each call where the call takes effect:                                  *)
(*   - a write that answers ok(v) or alreadyWritten(w) takes effect no     *)
(*     later than its response, where the register holds v (resp. w);      *)
(*   - a read that answers ok(v) takes effect at its response;             *)
(*   - a read that answers unwritten takes effect at its invocation, when  *)
(*     the register was unwritten (the field `unw` remembers that);        *)
(*   - a write that answers preempted or timeout promises nothing: its     *)
(*     value may still be written later (a Paxos accept in flight, or a    *)
(*     later capturer that finds it half-written and completes it).  So    *)
(*     Decide picks any value some write call carried (`proposed`).        *)
(* preempted is only allowed when a capture with a larger id was invoked.  *)
(* A capture id may be handed to other clients (HandOver), several at     *)
(* once: each may write with it, and still at most one value is written.  *)
(* A client may also write with an id it does not hold, a forged one       *)
(* (WithForgedWrites): such a write never writes its value.                *)
(*                                                                         *)
(* Upper layers (the WOS implementation) use the same register with each   *)
(* call collapsed to one step at its linearization point: WORAtomic.tla.   *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    Client,     \* client ids: positive integers, the second half of a ballot
    Value,      \* the values a register can hold
    None,       \* a model value: "no value" (unwritten)
    MaxRound,   \* rounds 1..MaxRound, to keep the set of capture ids finite
    WithUnsafeWrite,\* whether clients make unsafe writes (capture id 0)
    WithForgedWrites \* whether clients write with capture ids they do not hold

\* Capture ids are ballots <<round, clientId>>, ordered round first.  The id
\* NoId = <<0, 0>> stands for "no capture id"; it is also the "unsafe write"
\* id of the API (InvokeUnsafeWrite).
Ballot == (1..MaxRound) \X Client
NoId == <<0, 0>>
Less(b1, b2) == \/ b1[1] < b2[1]
                \/ b1[1] = b2[1] /\ b1[2] < b2[2]

\* A call in progress.  op = "none" when the client has no call pending.
Call == [op : {"none", "capture", "write", "read"},
         id : Ballot \cup {NoId}, val : Value \cup {None}, unw : BOOLEAN]
NoCall == [op |-> "none", id |-> NoId, val |-> None, unw |-> FALSE]

\* The last answer a client received.
Result == [code : {"none", "ok", "alreadyWritten", "preempted", "unwritten", "timeout"},
           val : Value \cup {None}, id : Ballot \cup {NoId}]
NoResult == [code |-> "none", val |-> None, id |-> NoId]
Answer(code, val, id) == [code |-> code, val |-> val, id |-> id]

VARIABLES
    value,      \* the register: a value, or None while unwritten
    issued,     \* the capture ids handed out so far (by capture invocations)
    proposed,   \* history: the values write calls have carried
    pending,    \* pending[c]: c's call in progress, or NoCall
    held,       \* held[c]: the capture id c got and has not used yet, or NoId
    result      \* result[c]: the last answer c received

vars == <<value, issued, proposed, pending, held, result>>

TypeOK ==
    /\ value \in Value \cup {None}
    /\ issued \subseteq Ballot
    /\ proposed \subseteq Value
    /\ pending \in [Client -> Call]
    /\ held \in [Client -> Ballot \cup {NoId}]
    /\ result \in [Client -> Result]

Init ==
    /\ value = None
    /\ issued = {}
    /\ proposed = {}
    /\ pending = [c \in Client |-> NoCall]
    /\ held = [c \in Client |-> NoId]
    /\ result = [c \in Client |-> NoResult]

Idle(c) == pending[c].op = "none"
Respond(c, r) == /\ pending' = [pending EXCEPT ![c] = NoCall]
                 /\ result' = [result EXCEPT ![c] = r]

\* The ids of client c up to round r: a client that uses round r never uses
\* a smaller one afterwards, so those it skipped are retired with it.
IdsUpTo(c, r) == {o \in Ballot : o[2] = c /\ o[1] <= r}

\* capture(): client c starts a capture with a fresh id of its own, larger
\* than its earlier ones (ballots are unique per client).
InvokeCapture(c, b) ==
    /\ Idle(c) /\ held[c] = NoId
    /\ b[2] = c /\ b \notin issued
    /\ \A o \in issued : o[2] = c => o[1] < b[1]
    /\ issued' = issued \cup IdsUpTo(c, b[1])
    /\ pending' = [pending EXCEPT ![c] = [NoCall EXCEPT !.op = "capture", !.id = b]]
    /\ UNCHANGED <<value, proposed, held, result>>

\* The capture succeeds: c now holds the id and may write with it (or hand
\* it to another party, as WormLog's sequencer does).
ReturnCapture(c) ==
    /\ pending[c].op = "capture"
    /\ held' = [held EXCEPT ![c] = pending[c].id]
    /\ Respond(c, Answer("ok", None, pending[c].id))
    /\ UNCHANGED <<value, issued, proposed>>

\* The capture lost to a capture with a larger id.
ReturnCapturePreempted(c) ==
    /\ pending[c].op = "capture"
    /\ \E o \in issued : Less(pending[c].id, o)
    /\ Respond(c, Answer("preempted", None, pending[c].id))
    /\ UNCHANGED <<value, issued, proposed, held>>

\* Client c hands its capture id to client d (the paper's WormLog: a
\* sequencer captures, writers write), keeping it too: several clients may
\* then write with one id, concurrently.
HandOver(c, d) ==
    /\ held[c] # NoId /\ c # d
    /\ Idle(d) /\ held[d] = NoId
    /\ held' = [held EXCEPT ![d] = held[c]]
    /\ UNCHANGED <<value, issued, proposed, pending, result>>

\* write(v, id): client c writes v with the id it holds (the id is used up).
InvokeWrite(c, v) ==
    /\ Idle(c) /\ held[c] # NoId
    /\ pending' = [pending EXCEPT ![c] = [NoCall EXCEPT !.op = "write", !.id = held[c], !.val = v]]
    /\ held' = [held EXCEPT ![c] = NoId]
    /\ proposed' = proposed \cup {v}
    /\ UNCHANGED <<value, issued, result>>

\* write(v, 0), the unsafe write (WithUnsafeWrite): client c writes v with
\* capture id 0, holding none.  It is answered like any write: it promises
\* nothing more than a write with a capture id does (ReturnWrite), and
\* preempted needs any issued capture id, all of them being above 0.
InvokeUnsafeWrite(c, v) ==
    /\ WithUnsafeWrite
    /\ Idle(c) /\ held[c] = NoId
    /\ pending' = [pending EXCEPT ![c] = [NoCall EXCEPT !.op = "write", !.id = NoId, !.val = v]]
    /\ proposed' = proposed \cup {v}
    /\ UNCHANGED <<value, issued, held, result>>

\* write(v, id) with an id client c does not hold (WithForgedWrites): made
\* up, guessed next to the ids in use, or taken from a Nack or a trace.  The
\* protocol, not the caller's care, must keep write-once: v is NOT added to
\* `proposed`, so such a write can never be what the register holds.  It
\* may still answer alreadyWritten (the value there), preempted (a larger
\* capture id exists) or timeout, as any write (ReturnWrite, Timeout); ok
\* only when the register holds its very value, written by someone else.
InvokeForgedWrite(c, v, id) ==
    /\ WithForgedWrites
    /\ Idle(c) /\ held[c] = NoId
    /\ pending' = [pending EXCEPT ![c] = [NoCall EXCEPT !.op = "write", !.id = id, !.val = v]]
    /\ UNCHANGED <<value, issued, proposed, held, result>>

\* The register becomes written, once and for all, with a value some write
\* carried.  In Paxos: a quorum of acceptors accepts one ballot.
Decide(v) ==
    /\ value = None
    /\ v \in proposed
    /\ value' = v
    /\ UNCHANGED <<issued, proposed, pending, held, result>>

\* The write's answer.  ok: the register holds the caller's value.
\* alreadyWritten(w): it holds w (the caller's write completed w instead).
\* preempted: a larger capture id exists; nothing is promised.
ReturnWrite(c) ==
    /\ pending[c].op = "write"
    /\ \/ /\ value = pending[c].val
          /\ Respond(c, Answer("ok", value, pending[c].id))
       \/ /\ value # None
          /\ Respond(c, Answer("alreadyWritten", value, pending[c].id))
       \/ /\ \E o \in issued : Less(pending[c].id, o)
          /\ Respond(c, Answer("preempted", None, pending[c].id))
    /\ UNCHANGED <<value, issued, proposed, held>>

\* read(): remember whether the register is unwritten now, at invocation.
InvokeRead(c) ==
    /\ Idle(c)
    /\ pending' = [pending EXCEPT ![c] = [NoCall EXCEPT !.op = "read", !.unw = (value = None)]]
    /\ UNCHANGED <<value, issued, proposed, held, result>>

\* A pending read uses up ids of its client: a read that finds the register
\* half written may complete it with Paxos at a fresh ballot of its own.
ReadIssues(c, r) ==
    /\ pending[c].op = "read"
    /\ \A o \in issued : o[2] = c => o[1] < r
    /\ <<r, c>> \in Ballot
    /\ issued' = issued \cup IdsUpTo(c, r)
    /\ UNCHANGED <<value, proposed, pending, held, result>>

\* The read's answer: the value, or unwritten if it was unwritten when the
\* read began; or preempted, which says nothing (its completion of a half
\* written register lost to larger capture ids again and again).
ReturnRead(c) ==
    /\ pending[c].op = "read"
    /\ \/ /\ value # None
          /\ Respond(c, Answer("ok", value, NoId))
       \/ /\ pending[c].unw
          /\ Respond(c, Answer("unwritten", None, NoId))
       \/ /\ \E o \in issued : o[2] # c
          /\ Respond(c, Answer("preempted", None, NoId))
    /\ UNCHANGED <<value, issued, proposed, held>>

\* Any pending call may end in timeout: the client gave up waiting.
Timeout(c) ==
    /\ ~Idle(c)
    /\ Respond(c, Answer("timeout", None, pending[c].id))
    /\ UNCHANGED <<value, issued, proposed, held>>

\* Client c crashes (and restarts): its pending call gets no answer and the
\* capture id it held is lost; the id stays issued, never handed out again.
ClientCrash(c) ==
    /\ ~Idle(c) \/ held[c] # NoId
    /\ pending' = [pending EXCEPT ![c] = NoCall]
    /\ held' = [held EXCEPT ![c] = NoId]
    /\ UNCHANGED <<value, issued, proposed, result>>

Next ==
    \/ \E c \in Client :
        \/ \E b \in Ballot : InvokeCapture(c, b)
        \/ ReturnCapture(c) \/ ReturnCapturePreempted(c)
        \/ \E d \in Client : HandOver(c, d)
        \/ \E v \in Value : InvokeWrite(c, v) \/ InvokeUnsafeWrite(c, v)
        \/ \E v \in Value, b \in Ballot : InvokeForgedWrite(c, v, b)
        \/ ReturnWrite(c)
        \/ InvokeRead(c) \/ ReturnRead(c) \/ \E r \in 1..MaxRound : ReadIssues(c, r)
        \/ Timeout(c) \/ ClientCrash(c)
    \/ \E v \in Value : Decide(v)

Spec == Init /\ [][Next]_vars

\* Once written, the register never changes.
WriteOnce == [][value # None => value' = value]_vars

\* Answers agree with the register.
AnswersAgree ==
    \A c \in Client :
        result[c].code \in {"ok", "alreadyWritten"} /\ result[c].val # None
            => value = result[c].val
=============================================================================
