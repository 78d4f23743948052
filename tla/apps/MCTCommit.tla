----------------------------- MODULE MCTCommit -----------------------------
\* The abstract TCommit spec on its own: three RMs.
EXTENDS TCommit
=============================================================================
