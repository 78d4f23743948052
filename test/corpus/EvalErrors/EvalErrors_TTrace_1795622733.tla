---- MODULE EvalErrors_TTrace_1795622733 ----
EXTENDS Sequences, TLCExt, EvalErrors, Toolbox, Naturals, TLC

_expression ==
    LET EvalErrors_TEExpression == INSTANCE EvalErrors_TEExpression
    IN EvalErrors_TEExpression!expression
----

_trace ==
    LET EvalErrors_TETrace == INSTANCE EvalErrors_TETrace
    IN EvalErrors_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        f = ()
        /\
        x = (1)
    )
----

_init ==
    /\ f = _TETrace[1].f
    /\ x = _TETrace[1].x
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ f  = _TETrace[i].f
        /\ f' = _TETrace[j].f
        /\ x  = _TETrace[i].x
        /\ x' = _TETrace[j].x

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("EvalErrors_TTrace_1795622733.json", _TETrace)

=============================================================================

 Note that you can extract this module `EvalErrors_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `EvalErrors_TEExpression.tla` file takes precedence 
  over the module `EvalErrors_TEExpression` below).

---- MODULE EvalErrors_TEExpression ----
EXTENDS Sequences, TLCExt, EvalErrors, Toolbox, Naturals, TLC

expression == 
    [
        \* To hide variables of the `EvalErrors` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        f |-> f
        ,x |-> x
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_fUnchanged |-> f = f'
        
        \* Format the `f` variable as Json value.
        \* ,_fJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(f)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_fModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].f # _TETrace[s-1].f
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE EvalErrors_TETrace ----
\*EXTENDS IOUtils, EvalErrors, TLC
\*
\*trace == IODeserialize("EvalErrors_TTrace_1795622733.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE EvalErrors_TETrace ----
EXTENDS EvalErrors, TLC

trace == 
    <<
    ([f |-> <<1, 4, 9>>,x |-> 0]),
    ([f |-> ,x |-> 1])
    >>
----


=============================================================================

---- CONFIG EvalErrors_TTrace_1795622733 ----

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
\* Generated on Wed Nov 25 16:05:34 UTC 2026