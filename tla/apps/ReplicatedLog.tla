---------------------------- MODULE ReplicatedLog ----------------------------
(***************************************************************************)
(* A linearizable replicated log (state machine replication), the abstract *)
(* spec WormPaxos refines.                                                 *)
(*                                                                         *)
(* Clients propose commands.  The log of chosen commands only grows, one   *)
(* or more proposed commands at a time.  Each replica applies the log in   *)
(* order, without gaps: what it applied is always a prefix of the log, so  *)
(* every replica applies the same sequence.  A proposal is acknowledged    *)
(* only once its command is in the log, so the order of the log respects   *)
(* real time (linearizability): a command acknowledged before another was  *)
(* proposed comes first in the log.                                        *)
(*                                                                         *)
(* Several commands may join the log in one step because an implementation *)
(* may fill a gap (WormPaxos: a write to the first unwritten address) that *)
(* joins commands written beyond it.  A command may be chosen more than    *)
(* once (a proposer that retries), as in Multi-Paxos without client-side   *)
(* de-duplication.                                                         *)
(***************************************************************************)
EXTENDS Naturals, Sequences

CONSTANTS
    Replica,    \* the replicas
    Command,    \* the commands clients may propose
    MaxLen      \* model bound: the log holds at most MaxLen commands

\* Sequences of commands of length at most n.
SeqUpTo(S, n) == UNION {[1 .. k -> S] : k \in 0 .. n}
Range(s) == {s[i] : i \in DOMAIN s}
IsPrefix(s, t) == Len(s) <= Len(t) /\ SubSeq(t, 1, Len(s)) = s

VARIABLES
    proposed,   \* the commands proposed so far
    log,        \* the chosen commands, in order
    applied,    \* applied[r]: the commands replica r applied, in order
    acked       \* the commands whose proposal was acknowledged

rlVars == <<proposed, log, applied, acked>>

RLTypeOK ==
    /\ proposed \subseteq Command
    /\ log \in SeqUpTo(Command, MaxLen)
    /\ applied \in [Replica -> SeqUpTo(Command, MaxLen)]
    /\ acked \subseteq Command

RLInit ==
    /\ proposed = {}
    /\ log = <<>>
    /\ applied = [r \in Replica |-> <<>>]
    /\ acked = {}

\* A client proposes command c.
Propose(c) ==
    /\ c \notin proposed
    /\ proposed' = proposed \cup {c}
    /\ UNCHANGED <<log, applied, acked>>

\* One or more proposed commands join the end of the log.
Choose ==
    /\ \E ext \in SeqUpTo(proposed, MaxLen - Len(log)) :
        /\ ext # <<>>
        /\ log' = log \o ext
    /\ UNCHANGED <<proposed, applied, acked>>

\* Replica r applies the next command of the log.
Apply(r) ==
    /\ Len(applied[r]) < Len(log)
    /\ applied' = [applied EXCEPT ![r] = Append(@, log[Len(applied[r]) + 1])]
    /\ UNCHANGED <<proposed, log, acked>>

\* The proposal of c is acknowledged: c is in the log.
Ack(c) ==
    /\ c \in proposed \ acked
    /\ c \in Range(log)
    /\ acked' = acked \cup {c}
    /\ UNCHANGED <<proposed, log, applied>>

RLNext ==
    \/ \E c \in Command : Propose(c) \/ Ack(c)
    \/ Choose
    \/ \E r \in Replica : Apply(r)

RLSpec == RLInit /\ [][RLNext]_rlVars

\* The guarantees.
AppliedPrefix == \A r \in Replica : IsPrefix(applied[r], log)
AckedChosen == acked \subseteq Range(log)
ChosenProposed == Range(log) \subseteq proposed
LogGrows == [][IsPrefix(log, log')]_rlVars
=============================================================================
