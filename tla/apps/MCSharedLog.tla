----------------------------- MODULE MCSharedLog -----------------------------
\* The abstract shared log on its own; the constants are in the .cfg.
EXTENDS SharedLog
=============================================================================
