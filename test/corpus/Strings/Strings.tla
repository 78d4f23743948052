---- MODULE Strings ----
\* Strings: equality, concatenation with \o and Len, strings as record fields and set elements.
EXTENDS Naturals, Sequences
VARIABLES word, seen

ASSUME "ab" \o "c" = "abc" /\ Len("abc") = 3 /\ "" = "" /\ Len("") = 0
ASSUME "a" # "b" /\ "a" \in {"a", "b"} /\ "A" # "a"
ASSUME [name |-> "x"].name = "x"
ASSUME "line\nbreak" # "line break" /\ Len("q\"q") = 3

Letters == {"a", "b"}
Init == word = "" /\ seen = {}
Next == \/ Len(word) < 3 /\ \E l \in Letters : word' = word \o l /\ seen' = seen \cup {word}
        \/ word # "" /\ word' = "" /\ UNCHANGED seen

NoPalindrome3 == word # "aba"
====
