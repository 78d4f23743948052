------------------------------ MODULE MCWormLog ------------------------------
\* Finite models of WormLog; the constants are in the .cfg files.
EXTENDS WormLog
=============================================================================
