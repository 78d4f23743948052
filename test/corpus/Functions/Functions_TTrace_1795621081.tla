---- MODULE Functions_TTrace_1795621081 ----
EXTENDS Functions_TEConstants, Sequences, TLCExt, Toolbox, Naturals, TLC, Functions

_expression ==
    LET Functions_TEExpression == INSTANCE Functions_TEExpression
    IN Functions_TEExpression!expression
----

_trace ==
    LET Functions_TETrace == INSTANCE Functions_TETrace
    IN Functions_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        val = ((n1 :> 2 @@ n2 :> 2))
        /\
        edge = ((<<n1, n1>> :> FALSE @@ <<n1, n2>> :> FALSE @@ <<n2, n1>> :> FALSE @@ <<n2, n2>> :> FALSE))
    )
----

_init ==
    /\ val = _TETrace[1].val
    /\ edge = _TETrace[1].edge
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ val  = _TETrace[i].val
        /\ val' = _TETrace[j].val
        /\ edge  = _TETrace[i].edge
        /\ edge' = _TETrace[j].edge

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Functions_TTrace_1795621081.json", _TETrace)

=============================================================================

 Note that you can extract this module `Functions_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Functions_TEExpression.tla` file takes precedence 
  over the module `Functions_TEExpression` below).

---- MODULE Functions_TEExpression ----
EXTENDS Functions_TEConstants, Sequences, TLCExt, Toolbox, Naturals, TLC, Functions

expression == 
    [
        \* To hide variables of the `Functions` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        val |-> val
        ,edge |-> edge
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_valUnchanged |-> val = val'
        
        \* Format the `val` variable as Json value.
        \* ,_valJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(val)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_valModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].val # _TETrace[s-1].val
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Functions_TETrace ----
\*EXTENDS Functions_TEConstants, IOUtils, TLC, Functions
\*
\*trace == IODeserialize("Functions_TTrace_1795621081.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Functions_TETrace ----
EXTENDS Functions_TEConstants, TLC, Functions

trace == 
    <<
    ([val |-> (n1 :> 0 @@ n2 :> 0),edge |-> (<<n1, n1>> :> FALSE @@ <<n1, n2>> :> FALSE @@ <<n2, n1>> :> FALSE @@ <<n2, n2>> :> FALSE)]),
    ([val |-> (n1 :> 1 @@ n2 :> 0),edge |-> (<<n1, n1>> :> FALSE @@ <<n1, n2>> :> FALSE @@ <<n2, n1>> :> FALSE @@ <<n2, n2>> :> FALSE)]),
    ([val |-> (n1 :> 2 @@ n2 :> 0),edge |-> (<<n1, n1>> :> FALSE @@ <<n1, n2>> :> FALSE @@ <<n2, n1>> :> FALSE @@ <<n2, n2>> :> FALSE)]),
    ([val |-> (n1 :> 2 @@ n2 :> 1),edge |-> (<<n1, n1>> :> FALSE @@ <<n1, n2>> :> FALSE @@ <<n2, n1>> :> FALSE @@ <<n2, n2>> :> FALSE)]),
    ([val |-> (n1 :> 2 @@ n2 :> 2),edge |-> (<<n1, n1>> :> FALSE @@ <<n1, n2>> :> FALSE @@ <<n2, n1>> :> FALSE @@ <<n2, n2>> :> FALSE)])
    >>
----


=============================================================================

---- MODULE Functions_TEConstants ----
EXTENDS Functions

CONSTANTS n1, n2

=============================================================================

---- CONFIG Functions_TTrace_1795621081 ----
CONSTANTS
    Nodes = { n1 , n2 }
    MaxVal = 2
    n1 = n1
    n2 = n2

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
\* Generated on Wed Nov 25 15:38:02 UTC 2026