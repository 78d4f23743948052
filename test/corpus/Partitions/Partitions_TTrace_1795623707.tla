---- MODULE Partitions_TTrace_1795623707 ----
EXTENDS Sequences, Partitions, TLCExt, Toolbox, Naturals, TLC

_expression ==
    LET Partitions_TEExpression == INSTANCE Partitions_TEExpression
    IN Partitions_TEExpression!expression
----

_trace ==
    LET Partitions_TETrace == INSTANCE Partitions_TETrace
    IN Partitions_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        part = ({{6}, {1, 2, 3, 4, 5}})
    )
----

_init ==
    /\ part = _TETrace[1].part
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ part  = _TETrace[i].part
        /\ part' = _TETrace[j].part

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Partitions_TTrace_1795623707.json", _TETrace)

=============================================================================

 Note that you can extract this module `Partitions_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Partitions_TEExpression.tla` file takes precedence 
  over the module `Partitions_TEExpression` below).

---- MODULE Partitions_TEExpression ----
EXTENDS Sequences, Partitions, TLCExt, Toolbox, Naturals, TLC

expression == 
    [
        \* To hide variables of the `Partitions` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        part |-> part
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_partUnchanged |-> part = part'
        
        \* Format the `part` variable as Json value.
        \* ,_partJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(part)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_partModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].part # _TETrace[s-1].part
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Partitions_TETrace ----
\*EXTENDS IOUtils, Partitions, TLC
\*
\*trace == IODeserialize("Partitions_TTrace_1795623707.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Partitions_TETrace ----
EXTENDS Partitions, TLC

trace == 
    <<
    ([part |-> {{1}, {2}, {3}, {4}, {5}, {6}}]),
    ([part |-> {{3}, {4}, {5}, {6}, {1, 2}}]),
    ([part |-> {{5}, {6}, {1, 2}, {3, 4}}]),
    ([part |-> {{6}, {3, 4}, {1, 2, 5}}]),
    ([part |-> {{6}, {1, 2, 3, 4, 5}}])
    >>
----


=============================================================================

---- CONFIG Partitions_TTrace_1795623707 ----
CONSTANTS
    N = 6

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
\* Generated on Wed Nov 25 16:21:48 UTC 2026