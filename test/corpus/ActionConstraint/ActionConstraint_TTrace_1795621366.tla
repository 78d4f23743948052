---- MODULE ActionConstraint_TTrace_1795621366 ----
EXTENDS Sequences, TLCExt, Toolbox, ActionConstraint, Naturals, TLC

_expression ==
    LET ActionConstraint_TEExpression == INSTANCE ActionConstraint_TEExpression
    IN ActionConstraint_TEExpression!expression
----

_trace ==
    LET ActionConstraint_TETrace == INSTANCE ActionConstraint_TETrace
    IN ActionConstraint_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        moves = (5)
        /\
        token = (0)
    )
----

_init ==
    /\ token = _TETrace[1].token
    /\ moves = _TETrace[1].moves
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ token  = _TETrace[i].token
        /\ token' = _TETrace[j].token
        /\ moves  = _TETrace[i].moves
        /\ moves' = _TETrace[j].moves

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("ActionConstraint_TTrace_1795621366.json", _TETrace)

=============================================================================

 Note that you can extract this module `ActionConstraint_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `ActionConstraint_TEExpression.tla` file takes precedence 
  over the module `ActionConstraint_TEExpression` below).

---- MODULE ActionConstraint_TEExpression ----
EXTENDS Sequences, TLCExt, Toolbox, ActionConstraint, Naturals, TLC

expression == 
    [
        \* To hide variables of the `ActionConstraint` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        token |-> token
        ,moves |-> moves
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_tokenUnchanged |-> token = token'
        
        \* Format the `token` variable as Json value.
        \* ,_tokenJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(token)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_tokenModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].token # _TETrace[s-1].token
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE ActionConstraint_TETrace ----
\*EXTENDS IOUtils, ActionConstraint, TLC
\*
\*trace == IODeserialize("ActionConstraint_TTrace_1795621366.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE ActionConstraint_TETrace ----
EXTENDS ActionConstraint, TLC

trace == 
    <<
    ([moves |-> 0,token |-> 0]),
    ([moves |-> 1,token |-> 1]),
    ([moves |-> 2,token |-> 2]),
    ([moves |-> 3,token |-> 3]),
    ([moves |-> 4,token |-> 4]),
    ([moves |-> 5,token |-> 0])
    >>
----


=============================================================================

---- CONFIG ActionConstraint_TTrace_1795621366 ----
CONSTANTS
    N = 5

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
\* Generated on Wed Nov 25 15:42:47 UTC 2026