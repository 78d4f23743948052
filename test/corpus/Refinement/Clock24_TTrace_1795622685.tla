---- MODULE Clock24_TTrace_1795622685 ----
EXTENDS Sequences, TLCExt, Toolbox, Clock24, Naturals, TLC

_expression ==
    LET Clock24_TEExpression == INSTANCE Clock24_TEExpression
    IN Clock24_TEExpression!expression
----

_trace ==
    LET Clock24_TETrace == INSTANCE Clock24_TETrace
    IN Clock24_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        h = (2)
    )
----

_init ==
    /\ h = _TETrace[1].h
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ h  = _TETrace[i].h
        /\ h' = _TETrace[j].h

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Clock24_TTrace_1795622685.json", _TETrace)

=============================================================================

 Note that you can extract this module `Clock24_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Clock24_TEExpression.tla` file takes precedence 
  over the module `Clock24_TEExpression` below).

---- MODULE Clock24_TEExpression ----
EXTENDS Sequences, TLCExt, Toolbox, Clock24, Naturals, TLC

expression == 
    [
        \* To hide variables of the `Clock24` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        h |-> h
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_hUnchanged |-> h = h'
        
        \* Format the `h` variable as Json value.
        \* ,_hJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(h)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_hModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].h # _TETrace[s-1].h
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Clock24_TETrace ----
\*EXTENDS IOUtils, Clock24, TLC
\*
\*trace == IODeserialize("Clock24_TTrace_1795622685.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Clock24_TETrace ----
EXTENDS Clock24, TLC

trace == 
    <<
    ([h |-> 0]),
    ([h |-> 2])
    >>
----


=============================================================================

---- CONFIG Clock24_TTrace_1795622685 ----

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
\* Generated on Wed Nov 25 16:04:46 UTC 2026