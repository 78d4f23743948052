------------------------------ MODULE SharedLog ------------------------------
(***************************************************************************)
(* A shared log (Corfu's interface), the abstract spec WormLog refines.    *)
(*                                                                         *)
(* The log is a row of positions 0, 1, ...  A position is empty until it   *)
(* takes one entry (an append) or junk (a hole filled so that readers can  *)
(* pass it), and then keeps it forever.  Readers read the positions in     *)
(* order and deliver what they find.  The guarantees:                      *)
(*   - a position holds at most one entry, and never changes once filled   *)
(*     (StableLog);                                                        *)
(*   - an acknowledged append's position holds its entry (AckedHeld);      *)
(*   - a read never sees a position change: what a reader delivered is     *)
(*     what the log holds (ReadsStable).                                   *)
(* Entries are not unique: an appender that retries may append its entry   *)
(* twice, as in Corfu; and an append may land without being acknowledged.  *)
(***************************************************************************)
EXTENDS Naturals, Sequences

CONSTANTS
    NPos,       \* positions 0 .. NPos-1
    Entry,      \* what clients append
    Reader,     \* the readers
    Junk,       \* a model value: the filler of a hole
    Empty       \* a model value: an empty position

Pos == 0 .. NPos - 1
Filled == Entry \cup {Junk}
\* Sequences of at most NPos filled positions.
Delivery == UNION {[1 .. n -> Filled] : n \in 0 .. NPos}

VARIABLES
    log,        \* log[p]: the entry or junk at position p, or Empty
    acked,      \* the acknowledged appends, as pairs <<position, entry>>
    delivered   \* delivered[r]: what reader r read, position 0 first

slVars == <<log, acked, delivered>>

SLTypeOK ==
    /\ log \in [Pos -> Filled \cup {Empty}]
    /\ acked \subseteq Pos \X Entry
    /\ delivered \in [Reader -> Delivery]

SLInit ==
    /\ log = [p \in Pos |-> Empty]
    /\ acked = {}
    /\ delivered = [r \in Reader |-> <<>>]

\* AppendEntry(e, p): entry e is appended at the empty position p.  The
\* appender may hear of it (the append is acknowledged) or not (it gave up,
\* or was told its attempt failed while the entry landed after all).
AppendEntry(e, p) ==
    /\ log[p] = Empty
    /\ log' = [log EXCEPT ![p] = e]
    /\ acked' \in {acked, acked \cup {<<p, e>>}}
    /\ UNCHANGED delivered

\* The empty position p is filled with junk.
Fill(p) ==
    /\ log[p] = Empty
    /\ log' = [log EXCEPT ![p] = Junk]
    /\ UNCHANGED <<acked, delivered>>

\* Reader r reads its next position, which must be filled.
Read(r) ==
    /\ Len(delivered[r]) < NPos
    /\ log[Len(delivered[r])] # Empty
    /\ delivered' = [delivered EXCEPT ![r] = Append(@, log[Len(delivered[r])])]
    /\ UNCHANGED <<log, acked>>

SLNext ==
    \/ \E e \in Entry, p \in Pos : AppendEntry(e, p)
    \/ \E p \in Pos : Fill(p)
    \/ \E r \in Reader : Read(r)

SLSpec == SLInit /\ [][SLNext]_slVars

\* The guarantees.
StableLog == [][\A p \in Pos : log[p] # Empty => log'[p] = log[p]]_slVars
AckedHeld == \A pe \in acked : log[pe[1]] = pe[2]
ReadsStable ==
    \A r \in Reader : \A i \in 1 .. Len(delivered[r]) : log[i - 1] = delivered[r][i]
=============================================================================
