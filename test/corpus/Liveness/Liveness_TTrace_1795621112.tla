---- MODULE Liveness_TTrace_1795621112 ----
EXTENDS Sequences, TLCExt, Liveness, Toolbox, Naturals, TLC

_expression ==
    LET Liveness_TEExpression == INSTANCE Liveness_TEExpression
    IN Liveness_TEExpression!expression
----

_trace ==
    LET Liveness_TETrace == INSTANCE Liveness_TETrace
    IN Liveness_TETrace!trace
----

_prop ==
    ~<>[](
        x = (2)
    )
----

_init ==
    /\ x = _TETrace[1].x
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ x  = _TETrace[i].x
        /\ x' = _TETrace[j].x

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Liveness_TTrace_1795621112.json", _TETrace)

=============================================================================

 Note that you can extract this module `Liveness_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Liveness_TEExpression.tla` file takes precedence 
  over the module `Liveness_TEExpression` below).

---- MODULE Liveness_TEExpression ----
EXTENDS Sequences, TLCExt, Liveness, Toolbox, Naturals, TLC

expression == 
    [
        \* To hide variables of the `Liveness` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        x |-> x
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_xUnchanged |-> x = x'
        
        \* Format the `x` variable as Json value.
        \* ,_xJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(x)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_xModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].x # _TETrace[s-1].x
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Liveness_TETrace ----
\*EXTENDS IOUtils, Liveness, TLC
\*
\*trace == IODeserialize("Liveness_TTrace_1795621112.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Liveness_TETrace ----
EXTENDS Liveness, TLC

trace == 
    <<
    ([x |-> 0]),
    ([x |-> 1]),
    ([x |-> 2])
    >>
----


=============================================================================

---- CONFIG Liveness_TTrace_1795621112 ----
CONSTANTS
    N = 3

PROPERTY
    _prop

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
\* Generated on Wed Nov 25 15:38:32 UTC 2026