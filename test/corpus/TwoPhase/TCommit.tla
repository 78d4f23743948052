---- MODULE TCommit ----
\* The transaction-commit abstraction: resource managers agree to commit or abort.
CONSTANT RM
VARIABLE rmState
TCInit == rmState = [r \in RM |-> "working"]
canCommit == \A r \in RM : rmState[r] \in {"prepared", "committed"}
notCommitted == \A r \in RM : rmState[r] # "committed"
Prepare(r) == rmState[r] = "working" /\ rmState' = [rmState EXCEPT ![r] = "prepared"]
Decide(r) == \/ rmState[r] = "prepared" /\ canCommit /\ rmState' = [rmState EXCEPT ![r] = "committed"]
             \/ rmState[r] \in {"working", "prepared"} /\ notCommitted
                /\ rmState' = [rmState EXCEPT ![r] = "aborted"]
TCNext == \E r \in RM : Prepare(r) \/ Decide(r)
TCSpec == TCInit /\ [][TCNext]_rmState
TCConsistent == \A r1, r2 \in RM : ~(rmState[r1] = "aborted" /\ rmState[r2] = "committed")
====
