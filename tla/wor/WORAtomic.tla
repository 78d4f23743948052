----------------------------- MODULE WORAtomic -----------------------------
(***************************************************************************)
(* The write-once register as the layers above see it: each call of WOR.tla *)
(* collapsed to one step at its linearization point.  Because WOR is       *)
(* linearizable (every call takes effect at one point inside it, see the   *)
(* comment of WOR.tla), a client of the register cannot tell these atomic  *)
(* calls from the real ones; so the WOS specs and everything above use     *)
(* these operators, and never see invocations, responses or Paxos.         *)
(*                                                                         *)
(* A register is a record [val, cap, pend]:                                *)
(*   val  - the value, or None while unwritten;                            *)
(*   cap  - the largest capture id taken on it (0: never captured);        *)
(*   pend - values of writes that answered preempted: such a write may     *)
(*          still take effect later (Settle), as in WOR.tla.               *)
(* Capture ids are drawn by the caller from one increasing counter, so a   *)
(* new capture id is larger than every earlier one: this is the ballot     *)
(* <<round, client>> of WOR.tla after the client library has retried with  *)
(* a higher round until its capture won.                                   *)
(***************************************************************************)
CONSTANT None

EmptyReg == [val |-> None, cap |-> 0, pend |-> {}]

\* capture: the register now belongs to id (which preempts the older ids).
CaptureReg(r, id) == [r EXCEPT !.cap = id]

\* write(v, id): the answer's code and the register after the call.
WriteCode(r, v, id) ==
    IF r.val # None THEN "alreadyWritten"
    ELSE IF id = r.cap THEN "ok"
    ELSE "preempted"

WriteReg(r, v, id) ==
    CASE WriteCode(r, v, id) = "ok" -> [r EXCEPT !.val = v, !.pend = {}]
      [] WriteCode(r, v, id) = "preempted" -> [r EXCEPT !.pend = @ \cup {v}]
      [] OTHER -> r

\* The value a write answered alreadyWritten with (or wrote).
WriteVal(r, v, id) == IF r.val # None THEN r.val ELSE IF id = r.cap THEN v ELSE None

\* A preempted write takes effect after all (its accept was still in flight).
CanSettle(r, v) == r.val = None /\ v \in r.pend
SettleReg(r, v) == [r EXCEPT !.val = v, !.pend = {}]
=============================================================================
