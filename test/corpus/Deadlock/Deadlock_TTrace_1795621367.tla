---- MODULE Deadlock_TTrace_1795621367 ----
EXTENDS Deadlock, Sequences, TLCExt, Toolbox, Naturals, TLC

_expression ==
    LET Deadlock_TEExpression == INSTANCE Deadlock_TEExpression
    IN Deadlock_TEExpression!expression
----

_trace ==
    LET Deadlock_TETrace == INSTANCE Deadlock_TETrace
    IN Deadlock_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        forks = (<<1, 2>>)
        /\
        done = ({})
    )
----

_init ==
    /\ done = _TETrace[1].done
    /\ forks = _TETrace[1].forks
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ done  = _TETrace[i].done
        /\ done' = _TETrace[j].done
        /\ forks  = _TETrace[i].forks
        /\ forks' = _TETrace[j].forks

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("Deadlock_TTrace_1795621367.json", _TETrace)

=============================================================================

 Note that you can extract this module `Deadlock_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `Deadlock_TEExpression.tla` file takes precedence 
  over the module `Deadlock_TEExpression` below).

---- MODULE Deadlock_TEExpression ----
EXTENDS Deadlock, Sequences, TLCExt, Toolbox, Naturals, TLC

expression == 
    [
        \* To hide variables of the `Deadlock` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        done |-> done
        ,forks |-> forks
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_doneUnchanged |-> done = done'
        
        \* Format the `done` variable as Json value.
        \* ,_doneJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(done)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_doneModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].done # _TETrace[s-1].done
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE Deadlock_TETrace ----
\*EXTENDS Deadlock, IOUtils, TLC
\*
\*trace == IODeserialize("Deadlock_TTrace_1795621367.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE Deadlock_TETrace ----
EXTENDS Deadlock, TLC

trace == 
    <<
    ([forks |-> <<0, 0>>,done |-> {}]),
    ([forks |-> <<1, 0>>,done |-> {}]),
    ([forks |-> <<1, 2>>,done |-> {}])
    >>
----


=============================================================================

---- CONFIG Deadlock_TTrace_1795621367 ----

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