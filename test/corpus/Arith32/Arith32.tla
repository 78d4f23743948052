---- MODULE Arith32 ----
\* TLC's integers are 32-bit: the extremes are reachable, one step beyond overflows, for
\* +, -, *, ^ and unary minus alike. One configuration per operator.
EXTENDS Integers
VARIABLE x

Max == 2147483647
Min == -2147483647 - 1
ASSUME Max - 1 + 1 = Max /\ Min + 1 - 1 = Min /\ 46340 * 46340 = 2147395600
ASSUME 2^30 + (2^30 - 1) = Max /\ -Max - 1 = Min /\ Min \div 2 = -1073741824

Init == x = 0
Step(op) == (x < 3 /\ x' = x + 1) \/ (x = 2 /\ x' = op)
Plus == Step(Max + x - 1)
Minus == Step(Min - x + 1)
Times == Step(46341 * (46339 + x))
Power == Step(2^(29 + x))
Negate == Step(-(Min + 2 - x))
====
