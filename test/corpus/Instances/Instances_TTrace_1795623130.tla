---- MODULE Instances_TTrace_1795623130 ----
EXTENDS Instances, Sequences, TLCExt, Toolbox, Naturals, TLC

_expression ==
    LET Instances_TEExpression == INSTANCE Instances_TEExpression
    IN Instances_TEExpression!expression
----

_trace ==
    LET Instances_TETrace == INSTANCE Instances_TETrace
    IN Instances_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        left = ([val |-> 2, rdy |-> 1, ack |-> 1])
        /\
        right = ([val |-> 3, rdy |-> 1, ack |-> 0])
    )
----

_init ==
    /\ right = _TETrace[1].right
    /\ left = _TETrace[1].left
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ right  = _TETrace[i].right
        /\ right' = _TETrace[j].right
        /\ left  = _TETrace[i].left
        /\ left' = _TETrace[j].left

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Instances_TTrace_1795623130.json", _TETrace)

=============================================================================

 Note that you can extract this module `Instances_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Instances_TEExpression.tla` file takes precedence 
  over the module `Instances_TEExpression` below).

---- MODULE Instances_TEExpression ----
EXTENDS Instances, Sequences, TLCExt, Toolbox, Naturals, TLC

expression == 
    [
        \* To hide variables of the `Instances` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        right |-> right
        ,left |-> left
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_rightUnchanged |-> right = right'
        
        \* Format the `right` variable as Json value.
        \* ,_rightJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(right)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_rightModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].right # _TETrace[s-1].right
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Instances_TETrace ----
\*EXTENDS Instances, IOUtils, TLC
\*
\*trace == IODeserialize("Instances_TTrace_1795623130.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Instances_TETrace ----
EXTENDS Instances, TLC

trace == 
    <<
    ([left |-> [val |-> 1, rdy |-> 0, ack |-> 0],right |-> [val |-> 1, rdy |-> 0, ack |-> 0]]),
    ([left |-> [val |-> 2, rdy |-> 1, ack |-> 0],right |-> [val |-> 1, rdy |-> 0, ack |-> 0]]),
    ([left |-> [val |-> 2, rdy |-> 1, ack |-> 1],right |-> [val |-> 3, rdy |-> 1, ack |-> 0]])
    >>
----


=============================================================================

---- CONFIG Instances_TTrace_1795623130 ----
CONSTANTS
    Data = { 1 , 2 }

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
\* Generated on Wed Nov 25 16:12:11 UTC 2026