---------------------------- MODULE MCWormCounter ----------------------------
\* Finite models of WormCounter; the constants are in the .cfg files.
EXTENDS WormCounter
=============================================================================
