------------------------------ MODULE Network ------------------------------
(***************************************************************************)
(* The global layer of WormSpace: an asynchronous network and servers that *)
(* crash and recover.                                                      *)
(*                                                                         *)
(* The network is a SET of messages in flight, as in Lamport's Paxos       *)
(* specifications:                                                         *)
(*   - send adds a message;                                                *)
(*   - receiving does not remove it, so a message may be delivered again   *)
(*     (duplication) and in any order relative to others (reordering);     *)
(*   - Lose removes a message at any time (loss).                          *)
(* Duplicates of one message are indistinguishable, so a set is enough: a  *)
(* bag would only count copies, which no WormSpace handler looks at (every *)
(* handler is idempotent, see the acceptor in src/core/acceptor.ts).       *)
(* There are no Byzantine faults: a message is never corrupted or forged.  *)
(*                                                                         *)
(* Servers are up or down.  A crash loses the server's volatile state and  *)
(* keeps its durable state; which of a protocol's variables are which is   *)
(* said by the protocol, whose Crash action resets the volatile ones.  A   *)
(* down server takes no step.  Clients crash too: a client crash is the    *)
(* protocol's own action (it forgets its pending call).                    *)
(*                                                                         *)
(* Protocols use this module through INSTANCE with their own variables for *)
(* msgs and up, so every layer above shares one meaning of "the network".  *)
(***************************************************************************)
EXTENDS FiniteSets

CONSTANT Server        \* the servers that can crash (acceptors)

VARIABLES
    msgs,              \* the messages in flight: a set of records
    up                 \* up[s]: server s is running; [Server -> BOOLEAN]

NetTypeOK == up \in [Server -> BOOLEAN]

NetInit == /\ msgs = {}
           /\ up = [s \in Server |-> TRUE]

\* Send one message, or a set of messages at once (a broadcast).
Send(m)     == msgs' = msgs \cup {m}
SendAll(ms) == msgs' = msgs \cup ms

\* The network drops message m.  Loss is the only way a message leaves the
\* set: delivery never consumes it, which is how duplication is modelled.
Lose(m) == /\ m \in msgs
           /\ msgs' = msgs \ {m}

\* Server s stops.  The caller resets s's volatile variables in the same step.
Crash(s) == /\ up[s]
            /\ up' = [up EXCEPT ![s] = FALSE]

\* Server s restarts with its durable state.
Recover(s) == /\ ~up[s]
              /\ up' = [up EXCEPT ![s] = TRUE]
=============================================================================
