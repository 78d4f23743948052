----------------------------- MODULE MCWormPaxos -----------------------------
\* Finite models of WormPaxos; the constants are in the .cfg files.
EXTENDS WormPaxos
=============================================================================
