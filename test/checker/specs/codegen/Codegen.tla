------------------------------ MODULE Codegen ------------------------------
(* test/checker/codegen.test.ts: every expression form src/checker/codegen.ts  *)
(* inlines, over random values of x and y, evaluated as r' = E in an action.  *)
EXTENDS Naturals
VARIABLES x, y, r

Init == x = 0 /\ y = 0 /\ r = 0

Conj == /\ x
        /\ y
Disj == \/ x
        \/ y
Mixed == /\ x = y \/ x \in {1, "a"}
         /\ ~(y \notin {2, TRUE})
Case3 == CASE x = 1 -> y [] x = "a" -> x.a [] y = 2 -> x[y]
Case2 == CASE x \in {1, 2} -> y + x [] OTHER -> (x)
Nested == IF x \in {1, 2} THEN (IF y > x THEN x - y ELSE y + 1)
          ELSE IF x = "a" THEN y.a ELSE x[1] = y[1]
Fields == x.a = y.a /\ x.b # y.b
Applied == x[y] + x[1]
Compare == x < y \/ x >= y /\ x <= 3
Overflow == x + 2147483647 > y - 2147483647
Implies == (x => y) => ~x

Next ==
    \/ r' = (x = y) /\ UNCHANGED <<x, y>>
    \/ r' = (x # y /\ x \in y) /\ UNCHANGED <<x, y>>
    \/ r' = (x \notin y \/ ~x) /\ UNCHANGED <<x, y>>
    \/ r' = Conj /\ UNCHANGED <<x, y>>
    \/ r' = Disj /\ UNCHANGED <<x, y>>
    \/ r' = Mixed /\ UNCHANGED <<x, y>>
    \/ r' = Case3 /\ UNCHANGED <<x, y>>
    \/ r' = Case2 /\ UNCHANGED <<x, y>>
    \/ r' = Nested /\ UNCHANGED <<x, y>>
    \/ r' = Fields /\ UNCHANGED <<x, y>>
    \/ r' = Applied /\ UNCHANGED <<x, y>>
    \/ r' = Compare /\ UNCHANGED <<x, y>>
    \/ r' = Overflow /\ UNCHANGED <<x, y>>
    \/ r' = Implies /\ UNCHANGED <<x, y>>
    \/ /\ IF x = 1 THEN y = 2 ELSE x.a = y
       /\ r' = x
       /\ UNCHANGED <<x, y>>
=============================================================================
