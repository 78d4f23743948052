---- MODULE Records_TTrace_1795621463 ----
EXTENDS Sequences, TLCExt, Toolbox, Naturals, TLC, Records, Records_TEConstants

_expression ==
    LET Records_TEExpression == INSTANCE Records_TEExpression
    IN Records_TEExpression!expression
----

_trace ==
    LET Records_TETrace == INSTANCE Records_TETrace
    IN Records_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        msgs = ({[bal |-> 1, type |-> "ack", from |-> p1], [bal |-> 2, type |-> "ack", from |-> p1]})
        /\
        bal = ((p1 :> 2 @@ p2 :> 0))
    )
----

_init ==
    /\ msgs = _TETrace[1].msgs
    /\ bal = _TETrace[1].bal
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ msgs  = _TETrace[i].msgs
        /\ msgs' = _TETrace[j].msgs
        /\ bal  = _TETrace[i].bal
        /\ bal' = _TETrace[j].bal

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Records_TTrace_1795621463.json", _TETrace)

=============================================================================

 Note that you can extract this module `Records_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Records_TEExpression.tla` file takes precedence 
  over the module `Records_TEExpression` below).

---- MODULE Records_TEExpression ----
EXTENDS Sequences, TLCExt, Toolbox, Naturals, TLC, Records, Records_TEConstants

expression == 
    [
        \* To hide variables of the `Records` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        msgs |-> msgs
        ,bal |-> bal
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_msgsUnchanged |-> msgs = msgs'
        
        \* Format the `msgs` variable as Json value.
        \* ,_msgsJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(msgs)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_msgsModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].msgs # _TETrace[s-1].msgs
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Records_TETrace ----
\*EXTENDS IOUtils, TLC, Records, Records_TEConstants
\*
\*trace == IODeserialize("Records_TTrace_1795621463.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Records_TETrace ----
EXTENDS TLC, Records, Records_TEConstants

trace == 
    <<
    ([msgs |-> {},bal |-> (p1 :> 0 @@ p2 :> 0)]),
    ([msgs |-> {[bal |-> 1, type |-> "req", from |-> p1]},bal |-> (p1 :> 1 @@ p2 :> 0)]),
    ([msgs |-> {[bal |-> 1, type |-> "req", from |-> p1], [bal |-> 2, type |-> "req", from |-> p1]},bal |-> (p1 :> 2 @@ p2 :> 0)]),
    ([msgs |-> {[bal |-> 1, type |-> "ack", from |-> p1], [bal |-> 2, type |-> "req", from |-> p1]},bal |-> (p1 :> 2 @@ p2 :> 0)]),
    ([msgs |-> {[bal |-> 1, type |-> "ack", from |-> p1], [bal |-> 2, type |-> "ack", from |-> p1]},bal |-> (p1 :> 2 @@ p2 :> 0)])
    >>
----


=============================================================================

---- MODULE Records_TEConstants ----
EXTENDS Records

CONSTANTS p1, p2

=============================================================================

---- CONFIG Records_TTrace_1795621463 ----
CONSTANTS
    Procs = { p1 , p2 }
    MaxBal = 3
    p2 = p2
    p1 = p1

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
\* Generated on Wed Nov 25 15:44:24 UTC 2026