------------------------------ MODULE TCommit ------------------------------
(***************************************************************************)
(* The transaction commit problem, as specified by Jim Gray and Leslie     *)
(* Lamport, "Consensus on Transaction Commit" (ACM TODS 31(1), 2006),      *)
(* section 2 and appendix A.1, written here from the paper's definitions.  *)
(*                                                                         *)
(* Each resource manager (RM) is working, then prepared (it voted to       *)
(* commit), then committed or aborted.  An RM may abort while working or   *)
(* prepared as long as no RM committed; it may commit only when it is      *)
(* prepared and every RM is prepared or committed.  The safety property,   *)
(* TCConsistent, is that no RM commits while another aborts.               *)
(*                                                                         *)
(* WormTX (WormTX.tla) refines this spec.                                  *)
(***************************************************************************)
CONSTANT RM     \* the resource managers of one transaction

VARIABLE rmState    \* rmState[r]: the state of RM r

TCTypeOK == rmState \in [RM -> {"working", "prepared", "committed", "aborted"}]

TCInit == rmState = [r \in RM |-> "working"]

\* Every RM voted to commit (prepared) or already committed.
canCommit == \A r \in RM : rmState[r] \in {"prepared", "committed"}

\* No RM committed yet.
notCommitted == \A r \in RM : rmState[r] # "committed"

\* RM r prepares: it votes to commit.
Prepare(r) ==
    /\ rmState[r] = "working"
    /\ rmState' = [rmState EXCEPT ![r] = "prepared"]

\* RM r decides: commit if it is prepared and all RMs can commit; abort if
\* it has not decided yet and nobody committed.
Decide(r) ==
    \/ /\ rmState[r] = "prepared"
       /\ canCommit
       /\ rmState' = [rmState EXCEPT ![r] = "committed"]
    \/ /\ rmState[r] \in {"working", "prepared"}
       /\ notCommitted
       /\ rmState' = [rmState EXCEPT ![r] = "aborted"]

TCNext == \E r \in RM : Prepare(r) \/ Decide(r)

TCSpec == TCInit /\ [][TCNext]_rmState

\* No RM has committed while another has aborted.
TCConsistent ==
    \A r1, r2 \in RM : ~ /\ rmState[r1] = "aborted"
                         /\ rmState[r2] = "committed"
=============================================================================
