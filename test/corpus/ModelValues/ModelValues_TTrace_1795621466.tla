---- MODULE ModelValues_TTrace_1795621466 ----
EXTENDS Sequences, TLCExt, ModelValues, Toolbox, Naturals, TLC, ModelValues_TEConstants

_expression ==
    LET ModelValues_TEExpression == INSTANCE ModelValues_TEExpression
    IN ModelValues_TEExpression!expression
----

_trace ==
    LET ModelValues_TETrace == INSTANCE ModelValues_TETrace
    IN ModelValues_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        grants = ((a :> 0 @@ b :> 1 @@ c :> 0))
        /\
        holder = (b)
    )
----

_init ==
    /\ holder = _TETrace[1].holder
    /\ grants = _TETrace[1].grants
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ holder  = _TETrace[i].holder
        /\ holder' = _TETrace[j].holder
        /\ grants  = _TETrace[i].grants
        /\ grants' = _TETrace[j].grants

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("ModelValues_TTrace_1795621466.json", _TETrace)

=============================================================================

 Note that you can extract this module `ModelValues_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `ModelValues_TEExpression.tla` file takes precedence 
  over the module `ModelValues_TEExpression` below).

---- MODULE ModelValues_TEExpression ----
EXTENDS Sequences, TLCExt, ModelValues, Toolbox, Naturals, TLC, ModelValues_TEConstants

expression == 
    [
        \* To hide variables of the `ModelValues` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        holder |-> holder
        ,grants |-> grants
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_holderUnchanged |-> holder = holder'
        
        \* Format the `holder` variable as Json value.
        \* ,_holderJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(holder)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_holderModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].holder # _TETrace[s-1].holder
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE ModelValues_TETrace ----
\*EXTENDS IOUtils, ModelValues, TLC, ModelValues_TEConstants
\*
\*trace == IODeserialize("ModelValues_TTrace_1795621466.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE ModelValues_TETrace ----
EXTENDS ModelValues, TLC, ModelValues_TEConstants

trace == 
    <<
    ([grants |-> (a :> 0 @@ b :> 0 @@ c :> 0),holder |-> Nil]),
    ([grants |-> (a :> 0 @@ b :> 1 @@ c :> 0),holder |-> b])
    >>
----


=============================================================================

---- MODULE ModelValues_TEConstants ----
EXTENDS ModelValues

CONSTANTS a, b, c

=============================================================================

---- CONFIG ModelValues_TTrace_1795621466 ----
CONSTANTS
    Procs = { a , b , c }
    Nil = Nil
    Leader = a
    c = c
    Nil = Nil
    a = a
    b = b

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
\* Generated on Wed Nov 25 15:44:26 UTC 2026