---- MODULE MCNetwork_TTrace_1795622544 ----
EXTENDS Sequences, TLCExt, MCNetwork, Toolbox, MCNetwork_TEConstants, Naturals, TLC

_expression ==
    LET MCNetwork_TEExpression == INSTANCE MCNetwork_TEExpression
    IN MCNetwork_TEExpression!expression
----

_trace ==
    LET MCNetwork_TETrace == INSTANCE MCNetwork_TETrace
    IN MCNetwork_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        msgs = ({[type |-> "Put", to |-> s1, n |-> 1], [type |-> "Ack", n |-> 1, from |-> s1]})
        /\
        durable = ((s1 :> 0 @@ s2 :> 0))
        /\
        volatile = ((s1 :> 1 @@ s2 :> 0))
        /\
        up = ((s1 :> TRUE @@ s2 :> TRUE))
        /\
        acked = ({<<s1, 1>>})
    )
----

_init ==
    /\ msgs = _TETrace[1].msgs
    /\ volatile = _TETrace[1].volatile
    /\ up = _TETrace[1].up
    /\ durable = _TETrace[1].durable
    /\ acked = _TETrace[1].acked
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ msgs  = _TETrace[i].msgs
        /\ msgs' = _TETrace[j].msgs
        /\ volatile  = _TETrace[i].volatile
        /\ volatile' = _TETrace[j].volatile
        /\ up  = _TETrace[i].up
        /\ up' = _TETrace[j].up
        /\ durable  = _TETrace[i].durable
        /\ durable' = _TETrace[j].durable
        /\ acked  = _TETrace[i].acked
        /\ acked' = _TETrace[j].acked

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("MCNetwork_TTrace_1795622544.json", _TETrace)

=============================================================================

 Note that you can extract this module `MCNetwork_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `MCNetwork_TEExpression.tla` file takes precedence 
  over the module `MCNetwork_TEExpression` below).

---- MODULE MCNetwork_TEExpression ----
EXTENDS Sequences, TLCExt, MCNetwork, Toolbox, MCNetwork_TEConstants, Naturals, TLC

expression == 
    [
        \* To hide variables of the `MCNetwork` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        msgs |-> msgs
        ,volatile |-> volatile
        ,up |-> up
        ,durable |-> durable
        ,acked |-> acked
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_msgsUnchanged |-> msgs = msgs'
        
        \* Format the `msgs` variable as Json value.
        \* ,_msgsJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(msgs)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_msgsModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].msgs # _TETrace[s-1].msgs
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE MCNetwork_TETrace ----
\*EXTENDS IOUtils, MCNetwork, MCNetwork_TEConstants, TLC
\*
\*trace == IODeserialize("MCNetwork_TTrace_1795622544.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE MCNetwork_TETrace ----
EXTENDS MCNetwork, MCNetwork_TEConstants, TLC

trace == 
    <<
    ([msgs |-> {},durable |-> (s1 :> 0 @@ s2 :> 0),volatile |-> (s1 :> 0 @@ s2 :> 0),up |-> (s1 :> TRUE @@ s2 :> TRUE),acked |-> {}]),
    ([msgs |-> {[type |-> "Put", to |-> s1, n |-> 1]},durable |-> (s1 :> 0 @@ s2 :> 0),volatile |-> (s1 :> 0 @@ s2 :> 0),up |-> (s1 :> TRUE @@ s2 :> TRUE),acked |-> {}]),
    ([msgs |-> {[type |-> "Put", to |-> s1, n |-> 1], [type |-> "Ack", n |-> 1, from |-> s1]},durable |-> (s1 :> 0 @@ s2 :> 0),volatile |-> (s1 :> 1 @@ s2 :> 0),up |-> (s1 :> TRUE @@ s2 :> TRUE),acked |-> {}]),
    ([msgs |-> {[type |-> "Put", to |-> s1, n |-> 1], [type |-> "Ack", n |-> 1, from |-> s1]},durable |-> (s1 :> 0 @@ s2 :> 0),volatile |-> (s1 :> 1 @@ s2 :> 0),up |-> (s1 :> TRUE @@ s2 :> TRUE),acked |-> {<<s1, 1>>}])
    >>
----


=============================================================================

---- MODULE MCNetwork_TEConstants ----
EXTENDS MCNetwork

CONSTANTS s1, s2

=============================================================================

---- CONFIG MCNetwork_TTrace_1795622544 ----
CONSTANTS
    Server = { s1 , s2 }
    MaxN = 1
    AckBeforePersist = TRUE
    CrashLosesDurable = FALSE
    s2 = s2
    s1 = s1

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
\* Generated on Wed Nov 25 16:02:25 UTC 2026