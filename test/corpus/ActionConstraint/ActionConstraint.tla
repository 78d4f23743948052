---- MODULE ActionConstraint ----
\* An ACTION_CONSTRAINT prunes the transitions that move the token backwards.
EXTENDS Naturals
CONSTANT N
VARIABLES token, moves

Init == token = 0 /\ moves = 0
Next == /\ moves < 2 * N
        /\ token' \in {(token + 1) % N, (token + N - 1) % N}
        /\ moves' = moves + 1
Forward == token' = (token + 1) % N
Inv == moves <= 2 * N
NeverWrapped == moves < N \/ token # 0
====
