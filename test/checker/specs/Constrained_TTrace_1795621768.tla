---- MODULE Constrained_TTrace_1795621768 ----
EXTENDS Sequences, TLCExt, Constrained, Toolbox, Naturals, TLC, Constrained_TEConstants

_expression ==
    LET Constrained_TEExpression == INSTANCE Constrained_TEExpression
    IN Constrained_TEExpression!expression
----

_trace ==
    LET Constrained_TETrace == INSTANCE Constrained_TETrace
    IN Constrained_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        sent = (4)
        /\
        queue = (<<[from |-> a, n |-> 1], [from |-> a, n |-> 2], [from |-> a, n |-> 3]>>)
        /\
        who = (a)
    )
----

_init ==
    /\ who = _TETrace[1].who
    /\ sent = _TETrace[1].sent
    /\ queue = _TETrace[1].queue
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ who  = _TETrace[i].who
        /\ who' = _TETrace[j].who
        /\ sent  = _TETrace[i].sent
        /\ sent' = _TETrace[j].sent
        /\ queue  = _TETrace[i].queue
        /\ queue' = _TETrace[j].queue

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Constrained_TTrace_1795621768.json", _TETrace)

=============================================================================

 Note that you can extract this module `Constrained_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Constrained_TEExpression.tla` file takes precedence 
  over the module `Constrained_TEExpression` below).

---- MODULE Constrained_TEExpression ----
EXTENDS Sequences, TLCExt, Constrained, Toolbox, Naturals, TLC, Constrained_TEConstants

expression == 
    [
        \* To hide variables of the `Constrained` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        who |-> who
        ,sent |-> sent
        ,queue |-> queue
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_whoUnchanged |-> who = who'
        
        \* Format the `who` variable as Json value.
        \* ,_whoJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(who)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_whoModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].who # _TETrace[s-1].who
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Constrained_TETrace ----
\*EXTENDS IOUtils, Constrained, TLC, Constrained_TEConstants
\*
\*trace == IODeserialize("Constrained_TTrace_1795621768.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Constrained_TETrace ----
EXTENDS Constrained, TLC, Constrained_TEConstants

trace == 
    <<
    ([sent |-> 0,queue |-> <<>>,who |-> a]),
    ([sent |-> 1,queue |-> <<[from |-> a, n |-> 0]>>,who |-> a]),
    ([sent |-> 2,queue |-> <<[from |-> a, n |-> 0], [from |-> a, n |-> 1]>>,who |-> a]),
    ([sent |-> 2,queue |-> <<[from |-> a, n |-> 1]>>,who |-> a]),
    ([sent |-> 3,queue |-> <<[from |-> a, n |-> 1], [from |-> a, n |-> 2]>>,who |-> a]),
    ([sent |-> 4,queue |-> <<[from |-> a, n |-> 1], [from |-> a, n |-> 2], [from |-> a, n |-> 3]>>,who |-> a])
    >>
----


=============================================================================

---- MODULE Constrained_TEConstants ----
EXTENDS Constrained

CONSTANTS a, b, c

=============================================================================

---- CONFIG Constrained_TTrace_1795621768 ----
CONSTANTS
    Procs = { a , b , c }
    MaxLen = 2
    b = b
    a = a
    c = c

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
\* Generated on Wed Nov 25 15:49:30 UTC 2026