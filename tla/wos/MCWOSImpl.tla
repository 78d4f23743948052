----------------------------- MODULE MCWOSImpl -----------------------------
(* Finite models of WOSImpl; constants and bug switches in MCWOSImpl*.cfg. *)
EXTENDS WOSImpl
=============================================================================
