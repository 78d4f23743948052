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

\* The hand-over models: client 2 starts a capture of its own only after it
\* answered a call (its write with the handed-over id), so that its phase 1
\* meets the ballot it shared with client 1 (keeps the model small).
HandOverFirst == cs[2].phase = "capturing" => result[2].code # "none"

\* The unsafe-write models: client 1 makes one unsafe write (capture id 0)
\* and nothing else, client 2 captures and writes.  Each unsafe Accept in
\* flight is refused anew whenever an acceptor's state changes, and those
\* refusals multiply the states: with both clients free to do both, over
\* 160,000 at depth 22 and growing.
UnsafeByOne == /\ cs[1].phase \in {"idle", "writing"}
               /\ cs[1].phase = "writing" => result[1].code = "none"
               /\ cs[2].phase = "writing" => cs[2].b # NoId

\* The forged-write models: client 1 captures and writes v1; client 2 makes
\* one call: a write of v2 with a capture id it does not hold, any ballot
\* (client 1's own <<1, 1>> included, so it can race client 1's capture).
ForgedByTwo == /\ cs[1].phase # "forging"
               /\ cs[2].phase \in {"idle", "forging"}
               /\ cs[2].phase = "forging" => result[2].code = "none"

=============================================================================
