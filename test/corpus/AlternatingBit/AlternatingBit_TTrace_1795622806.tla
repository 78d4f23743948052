---- MODULE AlternatingBit_TTrace_1795622806 ----
EXTENDS Sequences, TLCExt, AlternatingBit_TEConstants, Toolbox, Naturals, TLC, AlternatingBit

_expression ==
    LET AlternatingBit_TEExpression == INSTANCE AlternatingBit_TEExpression
    IN AlternatingBit_TEExpression!expression
----

_trace ==
    LET AlternatingBit_TETrace == INSTANCE AlternatingBit_TETrace
    IN AlternatingBit_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        msgQ = (<<>>)
        /\
        ackQ = (<<>>)
        /\
        rcvd = (d1)
        /\
        sent = (d2)
        /\
        sBit = (0)
        /\
        rBit = (0)
    )
----

_init ==
    /\ ackQ = _TETrace[1].ackQ
    /\ sent = _TETrace[1].sent
    /\ sBit = _TETrace[1].sBit
    /\ rBit = _TETrace[1].rBit
    /\ rcvd = _TETrace[1].rcvd
    /\ msgQ = _TETrace[1].msgQ
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ ackQ  = _TETrace[i].ackQ
        /\ ackQ' = _TETrace[j].ackQ
        /\ sent  = _TETrace[i].sent
        /\ sent' = _TETrace[j].sent
        /\ sBit  = _TETrace[i].sBit
        /\ sBit' = _TETrace[j].sBit
        /\ rBit  = _TETrace[i].rBit
        /\ rBit' = _TETrace[j].rBit
        /\ rcvd  = _TETrace[i].rcvd
        /\ rcvd' = _TETrace[j].rcvd
        /\ msgQ  = _TETrace[i].msgQ
        /\ msgQ' = _TETrace[j].msgQ

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("AlternatingBit_TTrace_1795622806.json", _TETrace)

=============================================================================

 Note that you can extract this module `AlternatingBit_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `AlternatingBit_TEExpression.tla` file takes precedence 
  over the module `AlternatingBit_TEExpression` below).

---- MODULE AlternatingBit_TEExpression ----
EXTENDS Sequences, TLCExt, AlternatingBit_TEConstants, Toolbox, Naturals, TLC, AlternatingBit

expression == 
    [
        \* To hide variables of the `AlternatingBit` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        ackQ |-> ackQ
        ,sent |-> sent
        ,sBit |-> sBit
        ,rBit |-> rBit
        ,rcvd |-> rcvd
        ,msgQ |-> msgQ
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_ackQUnchanged |-> ackQ = ackQ'
        
        \* Format the `ackQ` variable as Json value.
        \* ,_ackQJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(ackQ)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_ackQModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].ackQ # _TETrace[s-1].ackQ
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE AlternatingBit_TETrace ----
\*EXTENDS IOUtils, AlternatingBit_TEConstants, TLC, AlternatingBit
\*
\*trace == IODeserialize("AlternatingBit_TTrace_1795622806.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE AlternatingBit_TETrace ----
EXTENDS AlternatingBit_TEConstants, TLC, AlternatingBit

trace == 
    <<
    ([msgQ |-> <<>>,ackQ |-> <<>>,rcvd |-> d1,sent |-> d1,sBit |-> 0,rBit |-> 0]),
    ([msgQ |-> <<>>,ackQ |-> <<0>>,rcvd |-> d1,sent |-> d1,sBit |-> 0,rBit |-> 0]),
    ([msgQ |-> <<>>,ackQ |-> <<0, 0>>,rcvd |-> d1,sent |-> d1,sBit |-> 0,rBit |-> 0]),
    ([msgQ |-> <<>>,ackQ |-> <<0>>,rcvd |-> d1,sent |-> d1,sBit |-> 1,rBit |-> 0]),
    ([msgQ |-> <<>>,ackQ |-> <<>>,rcvd |-> d1,sent |-> d2,sBit |-> 0,rBit |-> 0])
    >>
----


=============================================================================

---- MODULE AlternatingBit_TEConstants ----
EXTENDS AlternatingBit

CONSTANTS d1, d2

=============================================================================

---- CONFIG AlternatingBit_TTrace_1795622806 ----
CONSTANTS
    Data = { d1 , d2 }
    MaxLen = 3
    d1 = d1
    d2 = d2

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
\* Generated on Wed Nov 25 16:06:47 UTC 2026