------------------------------ MODULE MCWormTX ------------------------------
\* Finite models of WormTX; the constants are in the .cfg files.
EXTENDS WormTX
=============================================================================
