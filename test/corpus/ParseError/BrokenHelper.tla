---- MODULE BrokenHelper ----
\* A syntax error in a module that another one extends: a set literal left open.
EXTENDS Naturals
Limit == 3
Vals == {1, 2
====
