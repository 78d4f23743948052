---- MODULE SeqOps_TTrace_1795620894 ----
EXTENDS Sequences, TLCExt, SeqOps, Toolbox, Naturals, TLC

_expression ==
    LET SeqOps_TEExpression == INSTANCE SeqOps_TEExpression
    IN SeqOps_TEExpression!expression
----

_trace ==
    LET SeqOps_TETrace == INSTANCE SeqOps_TETrace
    IN SeqOps_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        got = (<<>>)
        /\
        queue = (<<1, 1, 1>>)
    )
----

_init ==
    /\ got = _TETrace[1].got
    /\ queue = _TETrace[1].queue
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ got  = _TETrace[i].got
        /\ got' = _TETrace[j].got
        /\ queue  = _TETrace[i].queue
        /\ queue' = _TETrace[j].queue

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("SeqOps_TTrace_1795620894.json", _TETrace)

=============================================================================

 Note that you can extract this module `SeqOps_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `SeqOps_TEExpression.tla` file takes precedence 
  over the module `SeqOps_TEExpression` below).

---- MODULE SeqOps_TEExpression ----
EXTENDS Sequences, TLCExt, SeqOps, Toolbox, Naturals, TLC

expression == 
    [
        \* To hide variables of the `SeqOps` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        got |-> got
        ,queue |-> queue
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_gotUnchanged |-> got = got'
        
        \* Format the `got` variable as Json value.
        \* ,_gotJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(got)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_gotModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].got # _TETrace[s-1].got
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE SeqOps_TETrace ----
\*EXTENDS IOUtils, SeqOps, TLC
\*
\*trace == IODeserialize("SeqOps_TTrace_1795620894.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE SeqOps_TETrace ----
EXTENDS SeqOps, TLC

trace == 
    <<
    ([got |-> <<>>,queue |-> <<>>]),
    ([got |-> <<>>,queue |-> <<1>>]),
    ([got |-> <<>>,queue |-> <<1, 1>>]),
    ([got |-> <<>>,queue |-> <<1, 1, 1>>])
    >>
----


=============================================================================

---- CONFIG SeqOps_TTrace_1795620894 ----
CONSTANTS
    Cap = 3
    Vals = { 1 , 2 }

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
\* Generated on Wed Nov 25 15:34:54 UTC 2026