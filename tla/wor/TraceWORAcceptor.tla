-------------------------- MODULE TraceWORAcceptor --------------------------
(***************************************************************************)
(* Trace validation of the ACCEPTORS of one register against WORPaxos's    *)
(* acceptor actions, whatever the clients do (src/trace/woracceptor.ts).   *)
(*                                                                         *)
(* TraceWORPaxos.tla checks a register's whole protocol, clients included, *)
(* and so must refuse a register whose clients do what WORPaxos's clients  *)
(* cannot (batch captures and writes over a range, trim, capture ids used  *)
(* by writers they were not handed to).  The acceptor's rules, though,     *)
(* must hold for ANY client: an acceptor cannot trust its clients (issue   *)
(* 12).  This wrapper treats the clients as an open environment: before    *)
(* each acceptor event the environment delivers the request the acceptor   *)
(* handled (Deliver), and the acceptor then takes the WORPaxos action the  *)
(* event names, with its durable state after the step pinned.  So every    *)
(* register of a run is checkable here, including:                         *)
(*  - batch ranges, projected register by register (an exact projection:  *)
(*    src/trace/range-projection.ts says why; a refused PrepareRange is a *)
(*    lost Prepare for the registers that did not refuse);                 *)
(*  - trim: an acceptor that trimmed the segment takes no further step of  *)
(*    the register (it answers Trimmed, a reply about no register), which  *)
(*    in the register's view is an acceptor that stays silent.  The        *)
(*    segment's Trim, RejectTrim and ReplyTrimmed events are in every      *)
(*    register's trace of the segment (`dropped`, below): an acceptor      *)
(*    trims only once, answers ReplyTrimmed exactly when it trimmed, and   *)
(*    takes no register step after it; in the trim register's own trace   *)
(*    (e.own) it trims exactly when it holds an accepted value there;      *)
(*  - capture ids used by any writer: the environment may send any         *)
(*    Prepare(b) or Accept(b, v), including the unsafe ballot NoId.        *)
(*                                                                         *)
(* Deliver replaces msgs by the one request: the messages it drops are     *)
(* losses (WithLoss), and no acceptor action reads any other message, so   *)
(* dropping them at once changes no step's outcome.                        *)
(*                                                                         *)
(*  event (JSON)      spec                 code                            *)
(*  Promise           PromiseOn(a, m)      acceptor.ts onPrepare,          *)
(*                                         onPrepareRange (projected)      *)
(*  RejectPrepare     RejectPrepareOn(a,m) onPrepare, onPrepareRange       *)
(*  Accepted          AcceptedOn(a, m)     onAccept, onAcceptRange         *)
(*  RejectAccept      RejectAcceptOn(a, m) onAccept, onAcceptRange         *)
(*  ReadReply         ReadReplyOn(a, m)    onReadQuery                     *)
(*  Trim              (stutter; dropped)   onTrimSegment                   *)
(*  RejectTrim        (stutter)            onTrimSegment                   *)
(*  ReplyTrimmed      (stutter)            step, on a trimmed segment      *)
(*  CrashAcceptor     CrashAcceptor(a)     sim/server.ts crash             *)
(*  RecoverAcceptor   RecoverAcceptor(a)   sim/server.ts restart           *)
(***************************************************************************)
EXTENDS WORPaxos, Sequences

CONSTANT TraceLog

VARIABLES
    l,
    dropped,    \* the acceptors that trimmed this register's segment (durable: a crash keeps it)
    io          \* io[a]: the request acceptor a is handling, and the answer its step owes

TraceVars == <<vars, l, dropped, io>>

(***************************************************************************)
(* The acceptors' inputs and outputs.  The simulator (src/sim/server.ts,   *)
(* traceIo) records, outside the acceptor's code, each request delivered   *)
(* to an acceptor (Deliver) and each reply it sent (Reply), projected onto *)
(* this register (src/trace/record-acceptor.ts).  So the requests are not  *)
(* guessed: each Deliver puts its request in msgs, the acceptor must then  *)
(* take exactly one step for it (its event), or none where the code takes  *)
(* none for this register (a PrepareRange refused at another register, a   *)
(* malformed request answered Invalid), and then send the one reply that   *)
(* step owes (io[a].ans), before the next request reaches it.              *)
(***************************************************************************)
NoReq == [type |-> "none", bal |-> NoId, val |-> None, client |-> 0, rstart |-> 0, rend |-> 0,
          far |-> FALSE, clash |-> FALSE, signed |-> TRUE]
NoAns == [type |-> "none", promised |-> NoId, acceptedBallot |-> NoId, acceptedValue |-> None]
Idle == [phase |-> "idle", req |-> NoReq, ans |-> NoAns]

\* acceptor.ts: MAX_RANGE_LEN (address.ts).
MaxRangeLen == 65536

TraceInit == Init /\ l = 1 /\ dropped = {} /\ io = [a \in Acceptor |-> Idle]

AcceptorIs(e) ==
    /\ promised'[e.acceptor] = e.promised
    /\ acceptedBallot'[e.acceptor] = e.acceptedBallot
    /\ acceptedValue'[e.acceptor] = e.acceptedValue

Field(e, f, default) == IF f \in DOMAIN e THEN e[f] ELSE default

\* The request a Deliver event names.
\* far, clash and signed: the acceptor's rules beyond Paxos that the request meets here, as
\* record-acceptor.ts computes them from the request and the state earlier steps left (the
\* capture keys and proofs are not in this spec): a round more than the round window above the
\* promise (of this register, or of some register of a range), a Prepare of the promised ballot
\* with another capture key, an Accept with a proof by the promise's key.
ReqOf(e) == [type |-> e.request, bal |-> Field(e, "ballot", NoId), val |-> Field(e, "value", None),
             client |-> Field(e, "client", 0), rstart |-> Field(e, "rstart", 0), rend |-> Field(e, "rend", 0),
             far |-> Field(e, "far", FALSE), clash |-> Field(e, "clash", FALSE), signed |-> Field(e, "signed", TRUE)]

\* The WORPaxos message a request is for this register (a range's part of it; a TrimSegment is
\* no message of WORPaxos: SegmentStep handles it).
MsgsOf(r) ==
    CASE r.type \in {"Prepare", "PrepareRange"} -> {[type |-> "Prepare", bal |-> r.bal]}
      [] r.type \in {"Accept", "AcceptRange"} -> {[type |-> "Accept", bal |-> r.bal, val |-> r.val]}
      [] r.type = "ReadQuery" -> {[type |-> "ReadQuery", client |-> r.client, n |-> 1]}
      [] OTHER -> {}

\* A request the acceptor refuses as malformed (Invalid), taking no step: Prepare at the unsafe
\* ballot, a range that is empty, negative or too long, a round beyond the window (r.far).
BadRange(r) == ~(0 <= r.rstart /\ r.rstart < r.rend /\ r.rend - r.rstart <= MaxRangeLen)
Malformed(r, a) ==
    \/ r.type \in {"Prepare", "PrepareRange"} /\ r.bal = NoId
    \/ r.type \in {"PrepareRange", "AcceptRange"} /\ BadRange(r)
    \/ r.far

\* The requests an event may have handled.  A refused Accept does not say
\* which value it carried: any value of the model, or None standing for a
\* value the trace never names.  A read query is sent as by client
\* e.client's first read (its nonce is irrelevant here: a reply changes no
\* acceptor state, and no client reads it).
RequestsOf(e) ==
    CASE e.action \in {"Promise", "RejectPrepare"} -> {[type |-> "Prepare", bal |-> e.ballot]}
      [] e.action = "Accepted" -> {[type |-> "Accept", bal |-> e.ballot, val |-> e.acceptedValue]}
      \* (a refused AcceptRange, projected, does say it: e.value)
      [] e.action = "RejectAccept" /\ "value" \in DOMAIN e -> {[type |-> "Accept", bal |-> e.ballot, val |-> e.value]}
      [] e.action = "RejectAccept" -> {[type |-> "Accept", bal |-> e.ballot, val |-> v] : v \in Value \cup {None}}
      [] e.action = "ReadReply" -> {[type |-> "ReadQuery", client |-> e.client, n |-> 1]}
      [] OTHER -> {}

\* The request types each step answers (ReplyTrimmed: any, at a trimmed segment).
StepFor(action) ==
    CASE action \in {"Promise", "RejectPrepare"} -> {"Prepare", "PrepareRange"}
      [] action \in {"Accepted", "RejectAccept"} -> {"Accept", "AcceptRange"}
      [] action = "ReadReply" -> {"ReadQuery"}
      [] action \in {"Trim", "RejectTrim"} -> {"TrimSegment"}
      [] action = "ReplyTrimmed" -> {"Prepare", "PrepareRange", "Accept", "AcceptRange", "ReadQuery", "TrimSegment"}
      [] OTHER -> {}

\* The answer a step owes, from the state before it (messages.ts): a Promise
\* reports what was accepted, a refusal (Nack) and a read what the acceptor holds.
Owed(type, a) == [type |-> type, promised |-> promised[a], acceptedBallot |-> acceptedBallot[a], acceptedValue |-> acceptedValue[a]]
AnswerOf(action, a) ==
    CASE action \in {"Promise", "ReadReply"} -> Owed(action, a)
      [] action \in {"RejectPrepare", "RejectAccept"} -> Owed("Nack", a)
      [] action = "Accepted" -> [NoAns EXCEPT !.type = "Accepted"]
      [] action \in {"Trim", "ReplyTrimmed"} -> [NoAns EXCEPT !.type = "Trimmed"]
      [] action = "RejectTrim" -> [NoAns EXCEPT !.type = "Invalid"]

\* Acceptor a takes the step of event e for the request it holds.
Handles(e) ==
    LET a == e.acceptor IN
    /\ io[a].phase = "delivered"
    /\ io[a].req.type \in StepFor(e.action)
    /\ (e.action # "ReplyTrimmed" => ~Malformed(io[a].req, a))
    \* a Promise only without a key clash, an Accepted only with a proof by the promise's key
    /\ (e.action = "Promise" => ~io[a].req.clash)
    /\ (e.action = "Accepted" => io[a].req.signed)
    /\ io' = [io EXCEPT ![a] = [phase |-> "stepped", req |-> io[a].req, ans |-> AnswerOf(e.action, a)]]

\* The environment (any client) delivered a request to acceptor a.
DeliverStep(e) ==
    LET a == e.acceptor IN
    /\ up[a]
    /\ io[a].phase = "idle"
    /\ io' = [io EXCEPT ![a] = [phase |-> "delivered", req |-> ReqOf(e), ans |-> NoAns]]
    /\ msgs' = MsgsOf(ReqOf(e))
    /\ UNCHANGED <<up, AcceptorVars, ClientVars, dropped>>

\* The reply acceptor a sent for its request (this register's part of it).
ReplyFits(e, x, r) ==
    CASE x.type = "Promise" -> e.reply = "Promise" /\ e.acceptedBallot = x.acceptedBallot /\ e.acceptedValue = x.acceptedValue
      \* a refused PrepareRange reports the highest promise above its ballot, of any register
      [] x.type = "Nack" /\ r.type = "PrepareRange" -> e.reply = "NackRange" /\ LessEq(x.promised, e.promised)
      [] x.type \in {"Nack", "ReadReply"} ->
            /\ e.reply = x.type
            /\ e.promised = x.promised /\ e.acceptedBallot = x.acceptedBallot /\ e.acceptedValue = x.acceptedValue
      [] OTHER -> e.reply = x.type
\* A reply with no step of this register before it: a PrepareRange refused at
\* another register (this one promised no more than its ballot), or a
\* malformed request refused.
QuietReply(e, r, a) ==
    \/ r.type = "PrepareRange" /\ e.reply = "NackRange" /\ LessEq(promised[a], r.bal) /\ LessEq(r.bal, e.promised)
    \/ e.reply = "Invalid" /\ Malformed(r, a)
ReplyStep(e) ==
    LET a == e.acceptor
        r == io[a].req
    IN
    /\ "ballot" \in DOMAIN e => e.ballot = r.bal
    /\ \/ io[a].phase = "stepped" /\ ReplyFits(e, io[a].ans, r)
       \/ io[a].phase = "delivered" /\ QuietReply(e, r, a)
    /\ io' = [io EXCEPT ![a] = Idle]
    /\ UNCHANGED <<vars, dropped>>

\* A refusal for a reason beyond Paxos (a key clash, a proof that does not hold): a Nack with
\* the acceptor's state, as RejectPrepareOn and RejectAcceptOn send it.
RefuseOn(a, m, why) ==
    /\ why
    /\ up[a]
    /\ m \in msgs
    /\ msgs' = msgs \cup {NackOf(a, m.bal)}
    /\ UNCHANGED <<up, AcceptorVars, ClientVars>>

\* A step of the register: only by an acceptor that has not dropped the segment.
RegisterStep(e) ==
    LET a == e.acceptor IN
    /\ a \notin dropped
    /\ Handles(e)
    /\ \/ e.action = "Promise" /\ \E m \in msgs : PromiseOn(a, m) /\ AcceptorIs(e)
       \/ e.action = "RejectPrepare" /\ \E m \in msgs : (RejectPrepareOn(a, m) \/ RefuseOn(a, m, io[a].req.clash)) /\ AcceptorIs(e)
       \/ e.action = "Accepted" /\ \E m \in msgs : AcceptedOn(a, m) /\ AcceptorIs(e)
       \/ e.action = "RejectAccept" /\ \E m \in msgs : (RejectAcceptOn(a, m) \/ RefuseOn(a, m, ~io[a].req.signed)) /\ AcceptorIs(e)
       \/ e.action = "ReadReply" /\ \E m \in msgs : ReadReplyOn(a, m) /\ AcceptorIs(e)
    /\ UNCHANGED dropped

(* A TrimSegment request: no message of WORPaxos.  The acceptor drops the  *)
(* segment (Trim: trimmed, from then on) only where the segment's trim WOR *)
(* holds an accepted value, else refuses and changes nothing (RejectTrim); *)
(* what it holds is known in the trim register's own trace (e.own).  An    *)
(* acceptor that dropped the segment answers every request with            *)
(* ReplyTrimmed.                                                           *)
SegmentStep(e) ==
    LET a == e.acceptor IN
    /\ up[a]
    /\ Handles(e)
    /\ \/ /\ e.action = "Trim"
          /\ a \notin dropped
          /\ e.trimmed
          /\ e.own => acceptedValue[a] # None
          /\ dropped' = dropped \cup {a}
       \/ /\ e.action = "RejectTrim"
          /\ a \notin dropped
          /\ ~e.trimmed
          /\ e.own => acceptedValue[a] = None
          /\ UNCHANGED dropped
       \/ /\ e.action = "ReplyTrimmed"
          /\ a \in dropped
          /\ UNCHANGED dropped
    /\ UNCHANGED vars

\* A crash comes between requests (a request's events are emitted with its reply).
AcceptorStep(e) ==
    LET a == e.acceptor IN
    \/ RegisterStep(e)
    \/ SegmentStep(e)
    \/ e.action = "Deliver" /\ DeliverStep(e)
    \/ e.action = "Reply" /\ ReplyStep(e)
    \/ e.action = "CrashAcceptor" /\ io[a].phase = "idle" /\ CrashAcceptor(a) /\ UNCHANGED <<dropped, io>>
    \/ e.action = "RecoverAcceptor" /\ io[a].phase = "idle" /\ RecoverAcceptor(a) /\ UNCHANGED <<dropped, io>>

\* The end of the trace: every request was answered.
EndStep == \A a \in Acceptor : io[a].phase = "idle"

TraceNext ==
    /\ l <= Len(TraceLog)
    /\ LET e == TraceLog[l] IN
        /\ RequestsOf(e) # {} => \E m \in RequestsOf(e) : msgs = {m}
        /\ IF e.action = "End" THEN EndStep /\ UNCHANGED <<vars, dropped, io>> ELSE AcceptorStep(e)
        /\ l' = l + 1

TraceSpec == TraceInit /\ [][TraceNext]_TraceVars

\* Violated exactly when the whole log was consumed: the trace is accepted.
TraceNotFinished == l <= Len(TraceLog)
=============================================================================
