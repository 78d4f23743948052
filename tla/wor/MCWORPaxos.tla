----------------------------- MODULE MCWORPaxos -----------------------------
(* Finite models of WORPaxos; the constants (sizes, bug and fault          *)
(* switches) are set in each MCWORPaxos*.cfg.                              *)
EXTENDS WORPaxos, TLC

CONSTANTS v1, v2   \* two values, model values

\* Client 1 writes v1 and client 2 writes v2 (distinct values, so that a
\* second decision would be visible).
OwnValue == (1 :> {v1}) @@ (2 :> {v2})
\* Client 1 writes v1; client 2 never writes (it only reads).
OneWriter == (1 :> {v1}) @@ (2 :> {})

=============================================================================
