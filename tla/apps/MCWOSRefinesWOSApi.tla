------------------------- MODULE MCWOSRefinesWOSApi -------------------------
(***************************************************************************)
(* The WOS layer's abstract spec (tla/wos/WOS.tla, reached here through a  *)
(* symbolic link) refines WOSApi, the address space the apps are checked   *)
(* against, with late writes on: every WOS.tla behaviour, seen through the *)
(* mapping below, is a WOSApiSpec behaviour.  So an application proven     *)
(* over WOSApi keeps its guarantees over WOS.tla.  (The other direction    *)
(* does not hold step for step: WOSApi lets a write land a pending value   *)
(* in one step where WOS.tla takes a Settle and then the write; WOSApi is  *)
(* the more permissive, which only makes the apps' checks stricter.)       *)
(*                                                                         *)
(* Mapping: segment ids and offsets are 0-based on both sides; WOSApi's    *)
(* flat address a is WOS.tla's (a \div SegSize, a % SegSize); Unwritten    *)
(* and NoMeta are WOS.tla's None; a segment's metadata is its metadata     *)
(* register's value (a pending alloc is invisible until it settles); a     *)
(* register's value, capture id and pending values map one to one; the    *)
(* answers (resp) are not state in WOSApi.                                 *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS NSeg, SegSize, Client, Value, Meta, None, MaxId

VARIABLES meta, trimmed, reg, lastId, resp

WOSL == INSTANCE WOS WITH Seg <- 0 .. NSeg - 1, Off <- 0 .. SegSize - 1

Spec == WOSL!WOSSpec

Reg(a) == reg[a \div SegSize][a % SegSize]
FlatAddr == 0 .. NSeg * SegSize - 1

Api == INSTANCE WOSApi WITH
        Unwritten <- None, NoMeta <- None, LateWrites <- TRUE,
        segMeta <- [g \in 0 .. NSeg - 1 |-> meta[g].val],
        val <- [a \in FlatAddr |-> Reg(a).val],
        capt <- [a \in FlatAddr |-> Reg(a).cap],
        pending <- [a \in FlatAddr |-> Reg(a).pend]

WOSRefinesWOSApi == Api!WOSApiSpec

\* WOS.tla's own types, and the mapped state has the types WOSApi expects.
TypeOK == WOSL!WOSTypeOK
ApiTypeOK == Api!WOSTypeOK
=============================================================================
