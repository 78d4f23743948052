---- MODULE Nested ----
\* An instance of an instance (Mid!Ch!Next), operators of an instance passed as operator
\* arguments, RECURSIVE inside LET, and LAMBDA capturing a bound variable.
EXTENDS Naturals, Sequences
VARIABLE v
Mid == INSTANCE Middle WITH m <- v, Limit <- 3

RECURSIVE FoldL(_, _, _)
FoldL(Op(_, _), acc, s) == IF s = <<>> THEN acc ELSE FoldL(Op, Op(acc, Head(s)), Tail(s))
Apply(F(_), x) == F(x)

ASSUME FoldL(Mid!Add, 0, <<1, 2, 3>>) = 6 /\ Apply(Mid!Twice, 4) = 8
ASSUME LET RECURSIVE F(_)
           F(n) == IF n = 0 THEN 0 ELSE n + F(n - 1)
       IN F(4) = 10
ASSUME \A k \in 1..3 : Apply(LAMBDA z : z + k, 1) = 1 + k

Init == Mid!Ch!Init
Next == Mid!Ch!Next
TypeOK == Mid!Ch!TypeInvariant
\* A CASE with no true guard and no OTHER cannot be evaluated.
Partial == CASE v.val = 1 -> TRUE [] v.val = 2 -> TRUE
====
