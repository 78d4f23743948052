---- MODULE View_TTrace_1795622268 ----
EXTENDS Sequences, TLCExt, Toolbox, Naturals, TLC, View

_expression ==
    LET View_TEExpression == INSTANCE View_TEExpression
    IN View_TEExpression!expression
----

_trace ==
    LET View_TETrace == INSTANCE View_TETrace
    IN View_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        x = (3)
        /\
        clock = (3)
    )
----

_init ==
    /\ x = _TETrace[1].x
    /\ clock = _TETrace[1].clock
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ x  = _TETrace[i].x
        /\ x' = _TETrace[j].x
        /\ clock  = _TETrace[i].clock
        /\ clock' = _TETrace[j].clock

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("View_TTrace_1795622268.json", _TETrace)

=============================================================================

 Note that you can extract this module `View_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `View_TEExpression.tla` file takes precedence 
  over the module `View_TEExpression` below).

---- MODULE View_TEExpression ----
EXTENDS Sequences, TLCExt, Toolbox, Naturals, TLC, View

expression == 
    [
        \* To hide variables of the `View` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        x |-> x
        ,clock |-> clock
        
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
\*---- MODULE View_TETrace ----
\*EXTENDS IOUtils, TLC, View
\*
\*trace == IODeserialize("View_TTrace_1795622268.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE View_TETrace ----
EXTENDS TLC, View

trace == 
    <<
    ([x |-> 0,clock |-> 0]),
    ([x |-> 1,clock |-> 1]),
    ([x |-> 2,clock |-> 2]),
    ([x |-> 3,clock |-> 3])
    >>
----


=============================================================================

---- CONFIG View_TTrace_1795622268 ----

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
\* Generated on Wed Nov 25 15:57:49 UTC 2026