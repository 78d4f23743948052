---------------------------- MODULE Memo ----------------------------
(* Definitions that read y in every way the compiler knows, for memo.test.ts: each must be  *)
(* seen to depend on y, so that it is evaluated again when y changes.                        *)
EXTENDS Naturals, TLC
CONSTANT C
VARIABLES x, y

Init == x = 0 /\ y = 0
Next == x' = (x + 1) % 2 /\ y' = y

\* Reads x only.
Pair == {x, 10}
\* Read y in other ways.
Direct == {x, y}
ViaEnabled == ENABLED (y > 0 /\ x' = x /\ y' = y)
ViaLet == LET z == y IN {x, z}
Apply(F(_)) == F(x)
ViaLambda == Apply(LAMBDA a : {a, y})
Add(a, b) == {a, b}
ViaArgument == Add(x, y)
Fn == [i \in {1, 2} |-> y + i]
ViaPoint == {x, Fn[1]}
I == INSTANCE MemoInner WITH u <- y
ViaInstance == {x, I!U}
J == INSTANCE MemoInner WITH u <- y + 1
ViaSubstExpr == {x, J!U}
CfgY == y
ViaOverride == {x, C}
Rec[n \in 0..2] == IF n = 0 THEN y ELSE Rec[n - 1]
ViaRecFcn == {x, Rec[2]}
RECURSIVE R(_)
R(n) == IF n = 0 THEN y ELSE R(n - 1)
ViaRecOp == {x, R(2)}
Both == <<Pair, Direct>>
=============================================================================
