---- MODULE OneChannel ----
\* A specification that is an instance's: SPECIFICATION names Ch!Spec through Spec.
VARIABLE c
Ch == INSTANCE Channel WITH chan <- c, Data <- {"a", "b"}
Spec == Ch!Spec
TypeOK == Ch!TypeInvariant
\* Fails once a value has been sent and not yet received.
Idle == c.rdy = c.ack
====
