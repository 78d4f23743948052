----------------------------- MODULE MCNetwork -----------------------------
(***************************************************************************)
(* A finite model of the global layer.  A tiny protocol runs over Network: *)
(* a client asks servers to store numbers (as an acceptor stores a         *)
(* promise), each server persists the number and acknowledges it.  It      *)
(* exercises every fault of the global layer -- loss, duplication,         *)
(* reordering, crash and recovery -- and checks the rule every WormSpace   *)
(* server obeys: "persist before acknowledging" (DESIGN.md), so an         *)
(* acknowledged number survives any crash.                                 *)
(*                                                                         *)
(* Two flags switch in deliberate bugs (models that must fail):            *)
(*   AckBeforePersist  - the server acknowledges from volatile state and   *)
(*                       flushes to disk later (a lost write on crash);    *)
(*   CrashLosesDurable - a crash wipes the disk too.                       *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    Server,             \* servers, e.g. {s1, s2}
    MaxN,               \* the client stores numbers 1..MaxN
    AckBeforePersist,   \* BOOLEAN: bug switch, see above
    CrashLosesDurable   \* BOOLEAN: bug switch, see above

VARIABLES
    msgs,       \* messages in flight (Network)
    up,         \* up[s]: server s is running (Network)
    durable,    \* durable[s]: the highest number s has persisted; kept across crashes
    volatile,   \* volatile[s]: the highest number s holds in memory; lost on crash
    acked       \* the <<server, number>> acknowledgements the client has received

vars == <<msgs, up, durable, volatile, acked>>

Net == INSTANCE Network

Num == 1..MaxN
Max(a, b) == IF a >= b THEN a ELSE b

Messages ==
    [type : {"Put"}, to : Server, n : Num] \cup [type : {"Ack"}, from : Server, n : Num]

TypeOK ==
    /\ msgs \subseteq Messages
    /\ Net!NetTypeOK
    /\ durable \in [Server -> 0..MaxN]
    /\ volatile \in [Server -> 0..MaxN]
    /\ acked \subseteq Server \X Num

Init ==
    /\ Net!NetInit
    /\ durable = [s \in Server |-> 0]
    /\ volatile = [s \in Server |-> 0]
    /\ acked = {}

\* The client sends Put(n) to server s (again, if it likes: a retry).
ClientPut(s, n) ==
    /\ Net!Send([type |-> "Put", to |-> s, n |-> n])
    /\ UNCHANGED <<up, durable, volatile, acked>>

\* Server s handles a Put: persist, then acknowledge -- in one step, because
\* the acknowledgement leaves only after the write is durable.  With the bug
\* the write stays in memory and Flush persists it later.
ServerPut(s) ==
    /\ up[s]
    /\ \E m \in msgs :
        /\ m.type = "Put" /\ m.to = s
        /\ volatile' = [volatile EXCEPT ![s] = Max(@, m.n)]
        /\ durable' = IF AckBeforePersist THEN durable
                      ELSE [durable EXCEPT ![s] = Max(@, m.n)]
        /\ Net!Send([type |-> "Ack", from |-> s, n |-> m.n])
    /\ UNCHANGED <<up, acked>>

\* The buggy server's background flush of memory to disk.
Flush(s) ==
    /\ AckBeforePersist
    /\ up[s]
    /\ durable[s] < volatile[s]
    /\ durable' = [durable EXCEPT ![s] = volatile[s]]
    /\ UNCHANGED <<msgs, up, volatile, acked>>

\* The client receives an acknowledgement (possibly a duplicate).
ClientAck ==
    /\ \E m \in msgs :
        /\ m.type = "Ack"
        /\ acked' = acked \cup {<<m.from, m.n>>}
    /\ UNCHANGED <<msgs, up, durable, volatile>>

\* Server s crashes: memory is lost, the disk is kept (unless the bug).
Crash(s) ==
    /\ Net!Crash(s)
    /\ volatile' = [volatile EXCEPT ![s] = 0]
    /\ durable' = IF CrashLosesDurable THEN [durable EXCEPT ![s] = 0] ELSE durable
    /\ UNCHANGED <<msgs, acked>>

\* Server s restarts and reloads its disk into memory.
Recover(s) ==
    /\ Net!Recover(s)
    /\ volatile' = [volatile EXCEPT ![s] = durable[s]]
    /\ UNCHANGED <<msgs, durable, acked>>

\* The network loses a message.
LoseMessage ==
    /\ \E m \in msgs : Net!Lose(m)
    /\ UNCHANGED <<up, durable, volatile, acked>>

Next ==
    \/ \E s \in Server, n \in Num : ClientPut(s, n)
    \/ \E s \in Server : ServerPut(s) \/ Flush(s) \/ Crash(s) \/ Recover(s)
    \/ ClientAck
    \/ LoseMessage

Spec == Init /\ [][Next]_vars

\* Every acknowledged number is on the server's disk.
AckedIsDurable == \A p \in acked : durable[p[1]] >= p[2]

\* A server's disk never goes back.
DurableMonotonic == [][\A s \in Server : durable'[s] >= durable[s]]_vars
=============================================================================
