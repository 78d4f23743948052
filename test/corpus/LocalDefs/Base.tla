---- MODULE Base ----
\* LOCAL definitions and a LOCAL INSTANCE are not exported to modules that extend this one.
LOCAL INSTANCE Naturals
LOCAL INSTANCE Sequences
LOCAL Secret == 40
LOCAL Double(x) == x + x
Limit == Secret + 2
Window(s) == SubSeq(s, 1, Double(1))
====
