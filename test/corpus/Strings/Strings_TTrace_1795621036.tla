---- MODULE Strings_TTrace_1795621036 ----
EXTENDS Sequences, TLCExt, Toolbox, Naturals, TLC, Strings

_expression ==
    LET Strings_TEExpression == INSTANCE Strings_TEExpression
    IN Strings_TEExpression!expression
----

_trace ==
    LET Strings_TETrace == INSTANCE Strings_TETrace
    IN Strings_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        word = ("aba")
        /\
        seen = ({"a", "ab", ""})
    )
----

_init ==
    /\ seen = _TETrace[1].seen
    /\ word = _TETrace[1].word
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ seen  = _TETrace[i].seen
        /\ seen' = _TETrace[j].seen
        /\ word  = _TETrace[i].word
        /\ word' = _TETrace[j].word

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Strings_TTrace_1795621036.json", _TETrace)

=============================================================================

 Note that you can extract this module `Strings_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Strings_TEExpression.tla` file takes precedence 
  over the module `Strings_TEExpression` below).

---- MODULE Strings_TEExpression ----
EXTENDS Sequences, TLCExt, Toolbox, Naturals, TLC, Strings

expression == 
    [
        \* To hide variables of the `Strings` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        seen |-> seen
        ,word |-> word
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_seenUnchanged |-> seen = seen'
        
        \* Format the `seen` variable as Json value.
        \* ,_seenJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(seen)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_seenModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].seen # _TETrace[s-1].seen
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Strings_TETrace ----
\*EXTENDS IOUtils, TLC, Strings
\*
\*trace == IODeserialize("Strings_TTrace_1795621036.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Strings_TETrace ----
EXTENDS TLC, Strings

trace == 
    <<
    ([word |-> "",seen |-> {}]),
    ([word |-> "a",seen |-> {""}]),
    ([word |-> "ab",seen |-> {"a", ""}]),
    ([word |-> "aba",seen |-> {"a", "ab", ""}])
    >>
----


=============================================================================

---- CONFIG Strings_TTrace_1795621036 ----

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
\* Generated on Wed Nov 25 15:37:17 UTC 2026