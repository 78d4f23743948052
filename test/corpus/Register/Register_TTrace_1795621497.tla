---- MODULE Register_TTrace_1795621497 ----
EXTENDS Register_TEConstants, Sequences, TLCExt, Register, Toolbox, Naturals, TLC

_expression ==
    LET Register_TEExpression == INSTANCE Register_TEExpression
    IN Register_TEExpression!expression
----

_trace ==
    LET Register_TETrace == INSTANCE Register_TETrace
    IN Register_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        msgs = ({[type |-> "prepare", bal |-> <<1, 1>>], [type |-> "prepare", bal |-> <<1, 2>>], [type |-> "accept", bal |-> <<1, 1>>, val |-> 1], [type |-> "accept", bal |-> <<1, 2>>, val |-> 2], [type |-> "accepted", bal |-> <<1, 1>>, acc |-> a2, val |-> 1], [type |-> "accepted", bal |-> <<1, 1>>, acc |-> a3, val |-> 1], [type |-> "accepted", bal |-> <<1, 2>>, acc |-> a1, val |-> 2], [type |-> "accepted", bal |-> <<1, 2>>, acc |-> a2, val |-> 2], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a2, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a2, accBal |-> <<1, 1>>, accVal |-> 1]})
        /\
        acceptedValue = ((a1 :> 2 @@ a2 :> 2 @@ a3 :> 1))
        /\
        promised = ((a1 :> <<1, 2>> @@ a2 :> <<1, 2>> @@ a3 :> <<1, 1>>))
        /\
        acceptedBallot = ((a1 :> <<1, 2>> @@ a2 :> <<1, 2>> @@ a3 :> <<1, 1>>))
    )
----

_init ==
    /\ acceptedValue = _TETrace[1].acceptedValue
    /\ promised = _TETrace[1].promised
    /\ msgs = _TETrace[1].msgs
    /\ acceptedBallot = _TETrace[1].acceptedBallot
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ acceptedValue  = _TETrace[i].acceptedValue
        /\ acceptedValue' = _TETrace[j].acceptedValue
        /\ promised  = _TETrace[i].promised
        /\ promised' = _TETrace[j].promised
        /\ msgs  = _TETrace[i].msgs
        /\ msgs' = _TETrace[j].msgs
        /\ acceptedBallot  = _TETrace[i].acceptedBallot
        /\ acceptedBallot' = _TETrace[j].acceptedBallot

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Register_TTrace_1795621497.json", _TETrace)

=============================================================================

 Note that you can extract this module `Register_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Register_TEExpression.tla` file takes precedence 
  over the module `Register_TEExpression` below).

---- MODULE Register_TEExpression ----
EXTENDS Register_TEConstants, Sequences, TLCExt, Register, Toolbox, Naturals, TLC

expression == 
    [
        \* To hide variables of the `Register` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        acceptedValue |-> acceptedValue
        ,promised |-> promised
        ,msgs |-> msgs
        ,acceptedBallot |-> acceptedBallot
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_acceptedValueUnchanged |-> acceptedValue = acceptedValue'
        
        \* Format the `acceptedValue` variable as Json value.
        \* ,_acceptedValueJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(acceptedValue)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_acceptedValueModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].acceptedValue # _TETrace[s-1].acceptedValue
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Register_TETrace ----
\*EXTENDS Register_TEConstants, IOUtils, Register, TLC
\*
\*trace == IODeserialize("Register_TTrace_1795621497.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Register_TETrace ----
EXTENDS Register_TEConstants, Register, TLC

trace == 
    <<
    ([msgs |-> {},acceptedValue |-> (a1 :> 0 @@ a2 :> 0 @@ a3 :> 0),promised |-> (a1 :> <<0, 0>> @@ a2 :> <<0, 0>> @@ a3 :> <<0, 0>>),acceptedBallot |-> (a1 :> <<0, 0>> @@ a2 :> <<0, 0>> @@ a3 :> <<0, 0>>)]),
    ([msgs |-> {[type |-> "prepare", bal |-> <<1, 1>>]},acceptedValue |-> (a1 :> 0 @@ a2 :> 0 @@ a3 :> 0),promised |-> (a1 :> <<0, 0>> @@ a2 :> <<0, 0>> @@ a3 :> <<0, 0>>),acceptedBallot |-> (a1 :> <<0, 0>> @@ a2 :> <<0, 0>> @@ a3 :> <<0, 0>>)]),
    ([msgs |-> {[type |-> "prepare", bal |-> <<1, 1>>], [type |-> "prepare", bal |-> <<1, 2>>]},acceptedValue |-> (a1 :> 0 @@ a2 :> 0 @@ a3 :> 0),promised |-> (a1 :> <<0, 0>> @@ a2 :> <<0, 0>> @@ a3 :> <<0, 0>>),acceptedBallot |-> (a1 :> <<0, 0>> @@ a2 :> <<0, 0>> @@ a3 :> <<0, 0>>)]),
    ([msgs |-> {[type |-> "prepare", bal |-> <<1, 1>>], [type |-> "prepare", bal |-> <<1, 2>>], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0]},acceptedValue |-> (a1 :> 0 @@ a2 :> 0 @@ a3 :> 0),promised |-> (a1 :> <<1, 1>> @@ a2 :> <<0, 0>> @@ a3 :> <<0, 0>>),acceptedBallot |-> (a1 :> <<0, 0>> @@ a2 :> <<0, 0>> @@ a3 :> <<0, 0>>)]),
    ([msgs |-> {[type |-> "prepare", bal |-> <<1, 1>>], [type |-> "prepare", bal |-> <<1, 2>>], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0]},acceptedValue |-> (a1 :> 0 @@ a2 :> 0 @@ a3 :> 0),promised |-> (a1 :> <<1, 2>> @@ a2 :> <<0, 0>> @@ a3 :> <<0, 0>>),acceptedBallot |-> (a1 :> <<0, 0>> @@ a2 :> <<0, 0>> @@ a3 :> <<0, 0>>)]),
    ([msgs |-> {[type |-> "prepare", bal |-> <<1, 1>>], [type |-> "prepare", bal |-> <<1, 2>>], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a2, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0]},acceptedValue |-> (a1 :> 0 @@ a2 :> 0 @@ a3 :> 0),promised |-> (a1 :> <<1, 2>> @@ a2 :> <<1, 1>> @@ a3 :> <<0, 0>>),acceptedBallot |-> (a1 :> <<0, 0>> @@ a2 :> <<0, 0>> @@ a3 :> <<0, 0>>)]),
    ([msgs |-> {[type |-> "prepare", bal |-> <<1, 1>>], [type |-> "prepare", bal |-> <<1, 2>>], [type |-> "accept", bal |-> <<1, 1>>, val |-> 1], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a2, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0]},acceptedValue |-> (a1 :> 0 @@ a2 :> 0 @@ a3 :> 0),promised |-> (a1 :> <<1, 2>> @@ a2 :> <<1, 1>> @@ a3 :> <<0, 0>>),acceptedBallot |-> (a1 :> <<0, 0>> @@ a2 :> <<0, 0>> @@ a3 :> <<0, 0>>)]),
    ([msgs |-> {[type |-> "prepare", bal |-> <<1, 1>>], [type |-> "prepare", bal |-> <<1, 2>>], [type |-> "accept", bal |-> <<1, 1>>, val |-> 1], [type |-> "accepted", bal |-> <<1, 1>>, acc |-> a2, val |-> 1], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a2, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0]},acceptedValue |-> (a1 :> 0 @@ a2 :> 1 @@ a3 :> 0),promised |-> (a1 :> <<1, 2>> @@ a2 :> <<1, 1>> @@ a3 :> <<0, 0>>),acceptedBallot |-> (a1 :> <<0, 0>> @@ a2 :> <<1, 1>> @@ a3 :> <<0, 0>>)]),
    ([msgs |-> {[type |-> "prepare", bal |-> <<1, 1>>], [type |-> "prepare", bal |-> <<1, 2>>], [type |-> "accept", bal |-> <<1, 1>>, val |-> 1], [type |-> "accepted", bal |-> <<1, 1>>, acc |-> a2, val |-> 1], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a2, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a2, accBal |-> <<1, 1>>, accVal |-> 1]},acceptedValue |-> (a1 :> 0 @@ a2 :> 1 @@ a3 :> 0),promised |-> (a1 :> <<1, 2>> @@ a2 :> <<1, 2>> @@ a3 :> <<0, 0>>),acceptedBallot |-> (a1 :> <<0, 0>> @@ a2 :> <<1, 1>> @@ a3 :> <<0, 0>>)]),
    ([msgs |-> {[type |-> "prepare", bal |-> <<1, 1>>], [type |-> "prepare", bal |-> <<1, 2>>], [type |-> "accept", bal |-> <<1, 1>>, val |-> 1], [type |-> "accept", bal |-> <<1, 2>>, val |-> 2], [type |-> "accepted", bal |-> <<1, 1>>, acc |-> a2, val |-> 1], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a2, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a2, accBal |-> <<1, 1>>, accVal |-> 1]},acceptedValue |-> (a1 :> 0 @@ a2 :> 1 @@ a3 :> 0),promised |-> (a1 :> <<1, 2>> @@ a2 :> <<1, 2>> @@ a3 :> <<0, 0>>),acceptedBallot |-> (a1 :> <<0, 0>> @@ a2 :> <<1, 1>> @@ a3 :> <<0, 0>>)]),
    ([msgs |-> {[type |-> "prepare", bal |-> <<1, 1>>], [type |-> "prepare", bal |-> <<1, 2>>], [type |-> "accept", bal |-> <<1, 1>>, val |-> 1], [type |-> "accept", bal |-> <<1, 2>>, val |-> 2], [type |-> "accepted", bal |-> <<1, 1>>, acc |-> a2, val |-> 1], [type |-> "accepted", bal |-> <<1, 2>>, acc |-> a1, val |-> 2], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a2, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a2, accBal |-> <<1, 1>>, accVal |-> 1]},acceptedValue |-> (a1 :> 2 @@ a2 :> 1 @@ a3 :> 0),promised |-> (a1 :> <<1, 2>> @@ a2 :> <<1, 2>> @@ a3 :> <<0, 0>>),acceptedBallot |-> (a1 :> <<1, 2>> @@ a2 :> <<1, 1>> @@ a3 :> <<0, 0>>)]),
    ([msgs |-> {[type |-> "prepare", bal |-> <<1, 1>>], [type |-> "prepare", bal |-> <<1, 2>>], [type |-> "accept", bal |-> <<1, 1>>, val |-> 1], [type |-> "accept", bal |-> <<1, 2>>, val |-> 2], [type |-> "accepted", bal |-> <<1, 1>>, acc |-> a2, val |-> 1], [type |-> "accepted", bal |-> <<1, 2>>, acc |-> a1, val |-> 2], [type |-> "accepted", bal |-> <<1, 2>>, acc |-> a2, val |-> 2], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a2, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a2, accBal |-> <<1, 1>>, accVal |-> 1]},acceptedValue |-> (a1 :> 2 @@ a2 :> 2 @@ a3 :> 0),promised |-> (a1 :> <<1, 2>> @@ a2 :> <<1, 2>> @@ a3 :> <<0, 0>>),acceptedBallot |-> (a1 :> <<1, 2>> @@ a2 :> <<1, 2>> @@ a3 :> <<0, 0>>)]),
    ([msgs |-> {[type |-> "prepare", bal |-> <<1, 1>>], [type |-> "prepare", bal |-> <<1, 2>>], [type |-> "accept", bal |-> <<1, 1>>, val |-> 1], [type |-> "accept", bal |-> <<1, 2>>, val |-> 2], [type |-> "accepted", bal |-> <<1, 1>>, acc |-> a2, val |-> 1], [type |-> "accepted", bal |-> <<1, 1>>, acc |-> a3, val |-> 1], [type |-> "accepted", bal |-> <<1, 2>>, acc |-> a1, val |-> 2], [type |-> "accepted", bal |-> <<1, 2>>, acc |-> a2, val |-> 2], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 1>>, acc |-> a2, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a1, accBal |-> <<0, 0>>, accVal |-> 0], [type |-> "promise", bal |-> <<1, 2>>, acc |-> a2, accBal |-> <<1, 1>>, accVal |-> 1]},acceptedValue |-> (a1 :> 2 @@ a2 :> 2 @@ a3 :> 1),promised |-> (a1 :> <<1, 2>> @@ a2 :> <<1, 2>> @@ a3 :> <<1, 1>>),acceptedBallot |-> (a1 :> <<1, 2>> @@ a2 :> <<1, 2>> @@ a3 :> <<1, 1>>)])
    >>
----


=============================================================================

---- MODULE Register_TEConstants ----
EXTENDS Register

CONSTANTS a1, a2, a3

=============================================================================

---- CONFIG Register_TTrace_1795621497 ----
CONSTANTS
    Acceptors = { a1 , a2 , a3 }
    Clients = { 1 , 2 }
    Values = { 1 , 2 }
    MaxRound = 1
    a2 = a2
    a1 = a1
    a3 = a3

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
\* Generated on Wed Nov 25 15:44:59 UTC 2026