---- MODULE HigherOrder ----
\* Operator parameters, LAMBDA, RECURSIVE operators, recursive functions and LET.
EXTENDS Naturals, Sequences
CONSTANT Limit
VARIABLE xs

RECURSIVE Fold(_, _, _)
Fold(Op(_, _), acc, s) == IF s = <<>> THEN acc ELSE Fold(Op, Op(acc, Head(s)), Tail(s))
Map(F(_), s) == [i \in 1..Len(s) |-> F(s[i])]
Sum(s) == Fold(LAMBDA a, b : a + b, 0, s)
Twice(F(_), x) == F(F(x))
Inc(x) == x + 1
Compose(F(_), G(_), x) == F(G(x))
RECURSIVE Fact(_)
Fact(n) == IF n = 0 THEN 1 ELSE n * Fact(n - 1)
RECURSIVE IsEven(_), IsOdd(_)
IsEven(n) == IF n = 0 THEN TRUE ELSE IsOdd(n - 1)
IsOdd(n) == IF n = 0 THEN FALSE ELSE IsEven(n - 1)
fib[n \in 0..12] == IF n < 2 THEN n ELSE fib[n - 1] + fib[n - 2]
a \oplus b == (a + b) % 7

ASSUME Fact(5) = 120 /\ fib[10] = 55 /\ Sum(<<1, 2, 3>>) = 6
ASSUME Fold(LAMBDA acc, e : acc \o <<e>>, <<>>, <<1, 2>>) = <<1, 2>>
ASSUME Twice(LAMBDA y : y * 3, 2) = 18 /\ Compose(Inc, LAMBDA y : 2 * y, 5) = 11
ASSUME IsEven(10) /\ IsOdd(7) /\ 5 \oplus 4 = 2
ASSUME LET Sq(y) == y * y
           t == Sq(3)
       IN t + Sq(2) = 13

Init == xs = <<>>
Next == /\ Len(xs) < 3
        /\ \E v \in 0..Limit :
             LET w == Twice(Inc, v)
                 halved == Map(LAMBDA e : e \div 2, xs)
             IN xs' = Append(halved, w)

Inv == /\ Sum(xs) <= 2 * (Limit + 2)
       /\ \A i \in 1..Len(xs) : xs[i] <= Limit + 2
       /\ Fold(LAMBDA acc, e : acc /\ e >= 0, TRUE, xs)
====
