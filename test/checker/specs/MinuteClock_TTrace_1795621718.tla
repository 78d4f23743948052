---- MODULE MinuteClock_TTrace_1795621718 ----
EXTENDS Sequences, TLCExt, MinuteClock, Toolbox, Naturals, TLC

_expression ==
    LET MinuteClock_TEExpression == INSTANCE MinuteClock_TEExpression
    IN MinuteClock_TEExpression!expression
----

_trace ==
    LET MinuteClock_TETrace == INSTANCE MinuteClock_TETrace
    IN MinuteClock_TETrace!trace
----

_prop ==
    ~<>[](
        h = (1)
        /\
        m = (59)
    )
----

_init ==
    /\ h = _TETrace[1].h
    /\ m = _TETrace[1].m
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ h  = _TETrace[i].h
        /\ h' = _TETrace[j].h
        /\ m  = _TETrace[i].m
        /\ m' = _TETrace[j].m

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("MinuteClock_TTrace_1795621718.json", _TETrace)

=============================================================================

 Note that you can extract this module `MinuteClock_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `MinuteClock_TEExpression.tla` file takes precedence 
  over the module `MinuteClock_TEExpression` below).

---- MODULE MinuteClock_TEExpression ----
EXTENDS Sequences, TLCExt, MinuteClock, Toolbox, Naturals, TLC

expression == 
    [
        \* To hide variables of the `MinuteClock` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        h |-> h
        ,m |-> m
        
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
\*---- MODULE MinuteClock_TETrace ----
\*EXTENDS IOUtils, MinuteClock, TLC
\*
\*trace == IODeserialize("MinuteClock_TTrace_1795621718.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE MinuteClock_TETrace ----
EXTENDS MinuteClock, TLC

trace == 
    <<
    ([h |-> 1,m |-> 59])
    >>
----


=============================================================================

---- CONFIG MinuteClock_TTrace_1795621718 ----
CONSTANTS
    Bad = FALSE

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
\* Generated on Wed Nov 25 15:48:39 UTC 2026