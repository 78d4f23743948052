---- MODULE OneChannel_TTrace_1795623128 ----
EXTENDS OneChannel, Sequences, TLCExt, Toolbox, Naturals, TLC

_expression ==
    LET OneChannel_TEExpression == INSTANCE OneChannel_TEExpression
    IN OneChannel_TEExpression!expression
----

_trace ==
    LET OneChannel_TETrace == INSTANCE OneChannel_TETrace
    IN OneChannel_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        c = ([rdy |-> 1, ack |-> 0, val |-> "a"])
    )
----

_init ==
    /\ c = _TETrace[1].c
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ c  = _TETrace[i].c
        /\ c' = _TETrace[j].c

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("OneChannel_TTrace_1795623128.json", _TETrace)

=============================================================================

 Note that you can extract this module `OneChannel_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `OneChannel_TEExpression.tla` file takes precedence 
  over the module `OneChannel_TEExpression` below).

---- MODULE OneChannel_TEExpression ----
EXTENDS OneChannel, Sequences, TLCExt, Toolbox, Naturals, TLC

expression == 
    [
        \* To hide variables of the `OneChannel` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        c |-> c
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_cUnchanged |-> c = c'
        
        \* Format the `c` variable as Json value.
        \* ,_cJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(c)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_cModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].c # _TETrace[s-1].c
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE OneChannel_TETrace ----
\*EXTENDS OneChannel, IOUtils, TLC
\*
\*trace == IODeserialize("OneChannel_TTrace_1795623128.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE OneChannel_TETrace ----
EXTENDS OneChannel, TLC

trace == 
    <<
    ([c |-> [rdy |-> 0, ack |-> 0, val |-> "a"]]),
    ([c |-> [rdy |-> 1, ack |-> 0, val |-> "a"]])
    >>
----


=============================================================================

---- CONFIG OneChannel_TTrace_1795623128 ----

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
\* Generated on Wed Nov 25 16:12:09 UTC 2026