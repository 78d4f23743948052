---- MODULE SeqOps ----
\* A bounded FIFO queue: a producer appends, a consumer keeps the last three values taken.
EXTENDS Naturals, Sequences
CONSTANTS Cap, Vals
VARIABLES queue, got

ASSUME SubSeq(<<1, 2, 3, 4>>, 2, 3) = <<2, 3>>
ASSUME SubSeq(<<1, 2>>, 2, 1) = <<>>
ASSUME SelectSeq(<<1, 2, 3, 4>>, LAMBDA v : v % 2 = 0) = <<2, 4>>
ASSUME <<1>> \o <<2, 3>> = <<1, 2, 3>> /\ Head(<<5, 6>>) = 5 /\ Tail(<<5, 6>>) = <<6>>
ASSUME <<1, 2>> \in Seq({1, 2}) /\ <<3>> \notin Seq({1, 2})

Init == queue = <<>> /\ got = <<>>
Put(v) == Len(queue) < Cap /\ queue' = Append(queue, v) /\ UNCHANGED got
Take == /\ queue # <<>>
        /\ queue' = Tail(queue)
        /\ got' = LET all == got \o <<Head(queue)>>
                  IN SubSeq(all, IF Len(all) > 3 THEN Len(all) - 2 ELSE 1, Len(all))
Next == Take \/ \E v \in Vals : Put(v)

TypeOK == queue \in Seq(Vals) /\ got \in Seq(Vals) /\ Len(got) <= 3
Bounded == Len(queue) <= Cap /\ Len(SelectSeq(queue, LAMBDA v : v \in Vals)) = Len(queue)
NeverFull == Len(queue) < Cap
====
