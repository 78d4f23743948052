------------------------- MODULE WormCounterAbstract -------------------------
(***************************************************************************)
(* What WormCounter promises, without WormSpace: a fetch-and-increment     *)
(* counter.  Each operation o (an increment some client asked for) takes   *)
(* effect at most once; when it does, the counter goes up by one and o     *)
(* gets the new value, its number.  A client learns its number when the   *)
(* operation is acknowledged (ans), either in the same step (the usual     *)
(* case) or later (the increment took effect while its client waited).     *)
(* An increment whose client died may take effect and never be answered. *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANT Op          \* the increments clients may ask for

VARIABLES
    count,   \* the counter's value: how many increments took effect
    at,      \* at[o]: the value o took effect with (its number), 0 = not yet
    ans      \* ans[o]: the number o's client was told, 0 = not answered

vars == <<count, at, ans>>

Init ==
    /\ count = 0
    /\ at = [o \in Op |-> 0]
    /\ ans = [o \in Op |-> 0]

\* o takes effect: the counter goes up, o gets the new value.
Apply(o) ==
    /\ at[o] = 0
    /\ count' = count + 1
    /\ at' = [at EXCEPT ![o] = count + 1]
    /\ UNCHANGED ans

\* o takes effect and its client is told, in one step.
ApplyAndAnswer(o) ==
    /\ at[o] = 0
    /\ count' = count + 1
    /\ at' = [at EXCEPT ![o] = count + 1]
    /\ ans' = [ans EXCEPT ![o] = count + 1]

\* o took effect earlier; its client is told its number now.
Answer(o) ==
    /\ at[o] # 0 /\ ans[o] = 0
    /\ ans' = [ans EXCEPT ![o] = at[o]]
    /\ UNCHANGED <<count, at>>

Next == \E o \in Op : Apply(o) \/ ApplyAndAnswer(o) \/ Answer(o)

Spec == Init /\ [][Next]_vars

\* Numbers are handed out once each, and an answer is the operation's number.
NumbersUnique == \A o1, o2 \in Op : o1 # o2 /\ at[o1] # 0 => at[o1] # at[o2]
AnswersTrue == \A o \in Op : ans[o] # 0 => ans[o] = at[o]
CountIsApplied == count = Cardinality({o \in Op : at[o] # 0})
=============================================================================
