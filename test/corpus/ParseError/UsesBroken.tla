---- MODULE UsesBroken ----
\* The root module is fine; the module it extends is not.
EXTENDS BrokenHelper
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % Limit
====
