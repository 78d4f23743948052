---- MODULE Choose_TTrace_1795621354 ----
EXTENDS Sequences, TLCExt, Choose, Toolbox, Choose_TEConstants, Naturals, TLC

_expression ==
    LET Choose_TEExpression == INSTANCE Choose_TEExpression
    IN Choose_TEExpression!expression
----

_trace ==
    LET Choose_TETrace == INSTANCE Choose_TETrace
    IN Choose_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        todo = ({40})
        /\
        order = (<<10, 20, 30>>)
    )
----

_init ==
    /\ order = _TETrace[1].order
    /\ todo = _TETrace[1].todo
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ order  = _TETrace[i].order
        /\ order' = _TETrace[j].order
        /\ todo  = _TETrace[i].todo
        /\ todo' = _TETrace[j].todo

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Choose_TTrace_1795621354.json", _TETrace)

=============================================================================

 Note that you can extract this module `Choose_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Choose_TEExpression.tla` file takes precedence 
  over the module `Choose_TEExpression` below).

---- MODULE Choose_TEExpression ----
EXTENDS Sequences, TLCExt, Choose, Toolbox, Choose_TEConstants, Naturals, TLC

expression == 
    [
        \* To hide variables of the `Choose` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        order |-> order
        ,todo |-> todo
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_orderUnchanged |-> order = order'
        
        \* Format the `order` variable as Json value.
        \* ,_orderJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(order)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_orderModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].order # _TETrace[s-1].order
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Choose_TETrace ----
\*EXTENDS IOUtils, Choose, Choose_TEConstants, TLC
\*
\*trace == IODeserialize("Choose_TTrace_1795621354.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Choose_TETrace ----
EXTENDS Choose, Choose_TEConstants, TLC

trace == 
    <<
    ([todo |-> {10, 20, 30, 40},order |-> <<>>]),
    ([todo |-> {20, 30, 40},order |-> <<10>>]),
    ([todo |-> {30, 40},order |-> <<10, 20>>]),
    ([todo |-> {40},order |-> <<10, 20, 30>>])
    >>
----


=============================================================================

---- MODULE Choose_TEConstants ----
EXTENDS Choose

CONSTANTS p3, p1, p2

=============================================================================

---- CONFIG Choose_TTrace_1795621354 ----
CONSTANTS
    Procs = { p3 , p1 , p2 }
    FirstProc = p3
    p3 = p3
    p1 = p1
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
\* Generated on Wed Nov 25 15:42:35 UTC 2026