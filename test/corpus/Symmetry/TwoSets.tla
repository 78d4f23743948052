---- MODULE TwoSets ----
\* Symmetry over two independent sets of model values: clients and servers, where each
\* client is bound to a server and servers count their clients.
EXTENDS Naturals, FiniteSets, TLC
CONSTANTS Clients, Servers
VARIABLES bound, load

\* The usual idiom: the union of the two permutation sets. It is not a group (no permutation
\* moves clients and servers at once), so TLC's reduction depends on which state of a class
\* has the smallest fingerprint.
Sym == Permutations(Clients) \cup Permutations(Servers)
\* The product group: every pair of a client and a server permutation, merged with @@.
SymGroup == {p @@ q : p \in Permutations(Clients), q \in Permutations(Servers)}
Init == bound = [c \in Clients |-> CHOOSE s \in Servers : TRUE] /\ load = [s \in Servers |-> 0]
Bind(c, s) == /\ load[s] < 2
              /\ bound' = [bound EXCEPT ![c] = s]
              /\ load' = [load EXCEPT ![s] = @ + 1]
Reset(s) == load[s] = 2 /\ load' = [load EXCEPT ![s] = 0] /\ UNCHANGED bound
Next == \/ \E c \in Clients, s \in Servers : Bind(c, s)
        \/ \E s \in Servers : Reset(s)
LoadOK == \A s \in Servers : load[s] \in 0..2
====
