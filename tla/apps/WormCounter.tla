----------------------------- MODULE WormCounter -----------------------------
(***************************************************************************)
(* WormCounter: a replicated fetch-and-increment counter on the abstract   *)
(* WOS (WOSApi.tla).  The counter is a row of write-once registers, slot k *)
(* at address k (segment k \div SegSize).  To increment, a client writes   *)
(* a value of its own (the operation's name) into the first slot it does   *)
(* not know to be written, by capture+write.  The write that lands in slot *)
(* k makes the counter k + 1, and that is the number its client is told.   *)
(*                                                                         *)
(*  answer of the write    the client                                      *)
(*  ok                     is told k + 1; its next increment tries k + 1   *)
(*  alreadyWritten, with   its own value landed (an earlier try of this    *)
(*    its own value        increment whose answer it lost): told k + 1     *)
(*  alreadyWritten, with   somebody else's increment holds k: try k + 1    *)
(*    another value                                                        *)
(*  preempted              somebody captured k since: try k again          *)
(*  (no answer: timeout)   try k again with the same value                 *)
(* A client entering a segment allocates it first (alloc answers           *)
(* alreadyWritten when somebody else did; both are fine).                  *)
(*                                                                         *)
(* Why it is a counter: a client writes slot k only after it learned that  *)
(* slot k - 1 is written, so the written slots are always a prefix; the    *)
(* write that lands in k is the (k+1)-th increment.  Retrying the same     *)
(* slot after preempted is what keeps the prefix: a client that skipped    *)
(* to k + 1 (Bug = "SkipOnPreempt") can leave slot k empty forever.        *)
(*                                                                         *)
(* Refinement WormCounter => WormCounterAbstract: count is the number of   *)
(* written slots, at[o] is 1 + the slot holding o, ans is what clients     *)
(* were told.  A write that lands with its answer is ApplyAndAnswer, a     *)
(* value that lands unheard (Land, a lost answer) is Apply, a later        *)
(* alreadyWritten-with-own-value is Answer; the rest are stuttering steps. *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    NClient,    \* clients are 1 .. NClient
    NInc,       \* each client increments NInc times, one after the other
    NSeg,       \* segments 0 .. NSeg-1 ...
    SegSize,    \* ... of SegSize slots each
    MaxId,      \* model bound on capture ids (see WOSApi)
    Unwritten, NoMeta,  \* model values, see WOSApi
    LateWrites, \* see WOSApi: may a preempted write still land?
    Bug         \* "none", or the wrong variant "SkipOnPreempt"

Client == 1 .. NClient
\* Increment i of client c writes the value <<c, i>>: values are unique.
Op == Client \X (1 .. NInc)

VARIABLES
    segMeta, trimmed, val, capt, lastId, pending,  \* the abstract WOS (WOSApi)
    pc,         \* pc[c]: "alloc" | "capture" | "write" | "done" | "full"
    slot,       \* slot[c]: the slot c tries next (every slot below is written)
    id,         \* id[c]: the capture id c holds for its slot (0: none)
    done        \* done[c]: how many of c's increments were acknowledged

\* ans: what each increment's client was told (0: not yet).  A history
\* variable: the code keeps it as the replies it sent.
VARIABLE ans

W == INSTANCE WOSApi WITH Value <- Op, Meta <- {"counter"}

wosVars == <<segMeta, trimmed, val, capt, lastId, pending>>
clientVars == <<pc, slot, id, done, ans>>
vars == <<wosVars, clientVars>>

Cap == NSeg * SegSize        \* slots 0 .. Cap-1
CurOp(c) == <<c, done[c] + 1>>

TypeOK ==
    /\ W!WOSTypeOK
    /\ pc \in [Client -> {"alloc", "capture", "write", "done", "full"}]
    /\ slot \in [Client -> 0 .. Cap]
    /\ id \in [Client -> W!CaptureId \cup {W!NoId}]
    /\ done \in [Client -> 0 .. NInc]
    /\ ans \in [Op -> 0 .. Cap]

Init ==
    /\ W!WOSInit
    /\ pc = [c \in Client |-> IF NInc = 0 THEN "done" ELSE "alloc"]
    /\ slot = [c \in Client |-> 0]
    /\ id = [c \in Client |-> W!NoId]
    /\ done = [c \in Client |-> 0]
    /\ ans = [o \in Op |-> 0]

\* Where c goes after slot[c] is written: the next slot, allocating its
\* segment first when it starts one; "full" past the last slot.
NextSlot(c) ==
    /\ slot' = [slot EXCEPT ![c] = slot[c] + 1]
    /\ pc' = [pc EXCEPT ![c] = IF done'[c] = NInc THEN "done"
                               ELSE IF slot[c] + 1 >= Cap THEN "full"
                               ELSE IF W!OffOf(slot[c] + 1) = 0 THEN "alloc"
                               ELSE "capture"]
    /\ id' = [id EXCEPT ![c] = W!NoId]

\* alloc(segment of the slot): ok, or alreadyWritten when it was allocated.
AllocSeg(c) ==
    /\ pc[c] = "alloc"
    /\ \/ W!Alloc(W!SegOf(slot[c]), "counter")
       \/ W!Allocated(W!SegOf(slot[c])) /\ UNCHANGED wosVars
    /\ pc' = [pc EXCEPT ![c] = "capture"]
    /\ UNCHANGED <<slot, id, done, ans>>

\* alloc failed (preempted) or got no answer (timeout): it took effect or
\* not; the client allocates again.
AllocFailed(c) ==
    /\ pc[c] = "alloc"
    /\ \/ W!Alloc(W!SegOf(slot[c]), "counter")
       \/ UNCHANGED wosVars
    /\ UNCHANGED clientVars

\* The capture half of capture+write (again when the write half was refused:
\* the client library retries at a fresh ballot before it answers preempted).
Capture(c) ==
    /\ pc[c] \in {"capture", "write"}
    /\ W!Capture(slot[c])
    /\ id' = [id EXCEPT ![c] = W!NewId]
    /\ pc' = [pc EXCEPT ![c] = "write"]
    /\ UNCHANGED <<slot, done, ans>>

\* The write half, and what the client does with its answer (see the header).
Write(c) ==
    LET a == slot[c]
        v == CurOp(c)
        answer == W!WriteAnswer(a, v, id[c])
    IN /\ pc[c] = "write"
       /\ W!Write(a, v, id[c])
       /\ CASE answer = "ok" \/ (answer = "alreadyWritten" /\ val'[a] = v) ->
                 \* v is in slot a: the counter's value a + 1 is c's answer
                 /\ done' = [done EXCEPT ![c] = @ + 1]
                 /\ ans' = [ans EXCEPT ![v] = a + 1]
                 /\ NextSlot(c)
            [] answer = "alreadyWritten" ->
                 /\ UNCHANGED <<done, ans>>
                 /\ NextSlot(c)
            [] answer = "preempted" /\ Bug = "SkipOnPreempt" ->
                 \* WRONG: gives up on slot a, which may stay empty
                 /\ UNCHANGED <<done, ans>>
                 /\ NextSlot(c)
            [] OTHER ->
                 \* preempted: capture slot a again and retry
                 /\ pc' = [pc EXCEPT ![c] = "capture"]
                 /\ UNCHANGED <<slot, id, done, ans>>

\* The write's answer never came (a timeout): it took effect, as it would
\* have with an answer, or never reached the registers.  The client
\* retries the same slot with the same value.
WriteLost(c) ==
    /\ pc[c] = "write"
    /\ \/ W!Write(slot[c], CurOp(c), id[c])
       \/ UNCHANGED wosVars
    /\ pc' = [pc EXCEPT ![c] = "capture"]
    /\ UNCHANGED <<slot, id, done, ans>>

\* A preempted write's value lands later (WOSApi's late writes).
Land(a) == W!Land(a) /\ UNCHANGED clientVars

Next ==
    \/ \E c \in Client : AllocSeg(c) \/ AllocFailed(c) \/ Capture(c) \/ Write(c) \/ WriteLost(c)
    \/ \E a \in W!Addr : Land(a)

Spec == Init /\ [][Next]_vars

(***************************************************************************)
(* Properties.                                                             *)
(***************************************************************************)
Written == {a \in W!Addr : val[a] # Unwritten}

\* The written slots are a prefix of the row.
WrittenPrefix == \A a \in Written : a = 0 \/ (a - 1) \in Written
\* An answer names the slot that holds the increment.
AnswerHeld == \A o \in Op : ans[o] # 0 => val[ans[o] - 1] = o
\* No two increments were told the same number.
AnswersUnique == \A o1, o2 \in Op : o1 # o2 /\ ans[o1] # 0 => ans[o1] # ans[o2]

\* The refinement mapping.
SlotOf(o) == CHOOSE a \in W!Addr : val[a] = o
AtOf(o) == IF \E a \in W!Addr : val[a] = o THEN SlotOf(o) + 1 ELSE 0
A == INSTANCE WormCounterAbstract WITH
        count <- Cardinality(Written),
        at <- [o \in Op |-> AtOf(o)],
        ans <- ans
CounterRefinement == A!Spec
=============================================================================
