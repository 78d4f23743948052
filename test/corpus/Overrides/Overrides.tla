---- MODULE Overrides ----
\* .cfg overrides applied everywhere the name is used: in the extended module OvBase (a definition
\* replaced by a model value, X = X; a definition replaced by another, X <- Y; the standard Nat and
\* Seq replaced by finite ones) and inside an instance ([OvInner]Cap).
EXTENDS OvBase, FiniteSets
I == INSTANCE OvInner WITH Top <- 3

Init == BaseInit
Next == BaseNext /\ I!Ok(x')
Inv == TypeOK /\ I!Ok(x) /\ (last # NoValue => last \in 20..22)

MCLimit == 5
MyNat == 0..30
BoundedSeq(S) == UNION {[1..n -> S] : n \in 0..2}
MCHelper(n) == n + 20
MCCap == 2
====
