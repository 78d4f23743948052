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
    dropped     \* the acceptors that trimmed this register's segment (durable: a crash keeps it)

TraceVars == <<vars, l, dropped>>

TraceInit == Init /\ l = 1 /\ dropped = {}

AcceptorIs(e) ==
    /\ promised'[e.acceptor] = e.promised
    /\ acceptedBallot'[e.acceptor] = e.acceptedBallot
    /\ acceptedValue'[e.acceptor] = e.acceptedValue

\* The requests an event may have handled.  A refused Accept does not say
\* which value it carried: any value of the model, or None standing for a
\* value the trace never names (a refusal's outcome depends only on whether
\* the value differs from the one accepted, and None differs from every
\* accepted value).  A read query is sent
\* as by client e.client's first read (its nonce is irrelevant here: a
\* reply changes no acceptor state, and no client reads it).
RequestsOf(e) ==
    CASE e.action \in {"Promise", "RejectPrepare"} -> {[type |-> "Prepare", bal |-> e.ballot]}
      [] e.action = "Accepted" -> {[type |-> "Accept", bal |-> e.ballot, val |-> e.acceptedValue]}
      \* (a refused AcceptRange, projected, does say it: e.value)
      [] e.action = "RejectAccept" /\ "value" \in DOMAIN e -> {[type |-> "Accept", bal |-> e.ballot, val |-> e.value]}
      [] e.action = "RejectAccept" -> {[type |-> "Accept", bal |-> e.ballot, val |-> v] : v \in Value \cup {None}}
      [] e.action = "ReadReply" -> {[type |-> "ReadQuery", client |-> e.client, n |-> 1]}
      [] OTHER -> {}

\* The environment (any client) delivers the request of the next event.
Deliver(e) ==
    /\ \E m \in RequestsOf(e) : msgs # {m} /\ msgs' = {m}
    /\ UNCHANGED <<up, AcceptorVars, ClientVars>>

\* A step of the register: only by an acceptor that has not dropped the segment.
RegisterStep(e) ==
    LET a == e.acceptor IN
    /\ a \notin dropped
    /\ \/ e.action = "Promise" /\ \E m \in msgs : PromiseOn(a, m) /\ AcceptorIs(e)
       \/ e.action = "RejectPrepare" /\ \E m \in msgs : RejectPrepareOn(a, m) /\ AcceptorIs(e)
       \/ e.action = "Accepted" /\ \E m \in msgs : AcceptedOn(a, m) /\ AcceptorIs(e)
       \/ e.action = "RejectAccept" /\ \E m \in msgs : RejectAcceptOn(a, m) /\ AcceptorIs(e)
       \/ e.action = "ReadReply" /\ \E m \in msgs : ReadReplyOn(a, m) /\ AcceptorIs(e)
    /\ UNCHANGED dropped

(* A TrimSegment request (the environment may send it at any time, so it  *)
(* is not delivered through msgs).  The acceptor drops the segment (Trim:  *)
(* trimmed, from then on) only where the segment's trim WOR holds an       *)
(* accepted value, else refuses and changes nothing (RejectTrim); what it  *)
(* holds is known in the trim register's own trace (e.own).  An acceptor   *)
(* that dropped the segment answers every request with ReplyTrimmed.       *)
SegmentStep(e) ==
    LET a == e.acceptor IN
    /\ up[a]
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

AcceptorStep(e) ==
    LET a == e.acceptor IN
    \/ RegisterStep(e)
    \/ SegmentStep(e)
    \/ e.action = "CrashAcceptor" /\ CrashAcceptor(a) /\ UNCHANGED dropped
    \/ e.action = "RecoverAcceptor" /\ RecoverAcceptor(a) /\ UNCHANGED dropped

TraceNext ==
    /\ l <= Len(TraceLog)
    /\ LET e == TraceLog[l] IN
        \/ /\ RequestsOf(e) # {} => \E m \in RequestsOf(e) : msgs = {m}
           /\ AcceptorStep(e)
           /\ l' = l + 1
        \/ /\ Deliver(e)
           /\ UNCHANGED <<l, dropped>>

TraceSpec == TraceInit /\ [][TraceNext]_TraceVars

\* Violated exactly when the whole log was consumed: the trace is accepted.
TraceNotFinished == l <= Len(TraceLog)
=============================================================================
