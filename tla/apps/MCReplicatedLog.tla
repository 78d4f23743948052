--------------------------- MODULE MCReplicatedLog ---------------------------
\* The abstract replicated log on its own; the constants are in the .cfg.
EXTENDS ReplicatedLog
=============================================================================
