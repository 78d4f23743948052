---- MODULE ThmBase ----
EXTENDS Naturals
CONSTANT N
Double(n) == 2 * n
ASSUME BaseAssume == N \in Nat
====
