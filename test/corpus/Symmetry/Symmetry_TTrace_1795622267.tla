---- MODULE Symmetry_TTrace_1795622267 ----
EXTENDS Sequences, TLCExt, Toolbox, Naturals, TLC, Symmetry_TEConstants, Symmetry

_expression ==
    LET Symmetry_TEExpression == INSTANCE Symmetry_TEExpression
    IN Symmetry_TEExpression!expression
----

_trace ==
    LET Symmetry_TETrace == INSTANCE Symmetry_TETrace
    IN Symmetry_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        pc = ((p1 :> "wait" @@ p2 :> "wait" @@ p3 :> "idle" @@ p4 :> "idle"))
        /\
        queue = (<<p1, p2>>)
    )
----

_init ==
    /\ pc = _TETrace[1].pc
    /\ queue = _TETrace[1].queue
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ pc  = _TETrace[i].pc
        /\ pc' = _TETrace[j].pc
        /\ queue  = _TETrace[i].queue
        /\ queue' = _TETrace[j].queue

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Symmetry_TTrace_1795622267.json", _TETrace)

=============================================================================

 Note that you can extract this module `Symmetry_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Symmetry_TEExpression.tla` file takes precedence 
  over the module `Symmetry_TEExpression` below).

---- MODULE Symmetry_TEExpression ----
EXTENDS Sequences, TLCExt, Toolbox, Naturals, TLC, Symmetry_TEConstants, Symmetry

expression == 
    [
        \* To hide variables of the `Symmetry` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        pc |-> pc
        ,queue |-> queue
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_pcUnchanged |-> pc = pc'
        
        \* Format the `pc` variable as Json value.
        \* ,_pcJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(pc)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_pcModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].pc # _TETrace[s-1].pc
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Symmetry_TETrace ----
\*EXTENDS IOUtils, TLC, Symmetry_TEConstants, Symmetry
\*
\*trace == IODeserialize("Symmetry_TTrace_1795622267.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Symmetry_TETrace ----
EXTENDS TLC, Symmetry_TEConstants, Symmetry

trace == 
    <<
    ([pc |-> (p1 :> "idle" @@ p2 :> "idle" @@ p3 :> "idle" @@ p4 :> "idle"),queue |-> <<>>]),
    ([pc |-> (p1 :> "wait" @@ p2 :> "idle" @@ p3 :> "idle" @@ p4 :> "idle"),queue |-> <<p1>>]),
    ([pc |-> (p1 :> "wait" @@ p2 :> "wait" @@ p3 :> "idle" @@ p4 :> "idle"),queue |-> <<p1, p2>>])
    >>
----


=============================================================================

---- MODULE Symmetry_TEConstants ----
EXTENDS Symmetry

CONSTANTS p1, p2, p3, p4

=============================================================================

---- CONFIG Symmetry_TTrace_1795622267 ----
CONSTANTS
    Procs = { p1 , p2 , p3 , p4 }
    p1 = p1
    p4 = p4
    p3 = p3
    p2 = p2

INVARIANT
    _inv

CHECK_DEADLOCK
    \* CHECK_DEADLOCK off because of PROPERTY or INVARIANT above.
    FALSE

INIT
    _init

NEXT
    _next

CONSTANT
    _TETrace <- _trace

ALIAS
    _expression
=============================================================================
\* Generated on Wed Nov 25 15:57:48 UTC 2026