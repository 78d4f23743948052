------------------------------- MODULE MCWOR -------------------------------
(* A finite model of the abstract write-once register: the constants are  *)
(* set in MCWOR.cfg; nothing is added.                                     *)
EXTENDS WOR
=============================================================================
