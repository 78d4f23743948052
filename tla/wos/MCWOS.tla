------------------------------- MODULE MCWOS -------------------------------
(* A finite model of the abstract WOS; constants in MCWOS.cfg.             *)
EXTENDS WOS
=============================================================================
