---- MODULE Errors ----
EXTENDS Naturals, Sequences
CONSTANT Which
VARIABLE x
Init == x = 0
AddString == x' = x + "a"
OutOfDomain == x' = <<1, 2>>[3]
NoWitness == x' = CHOOSE y \in {1, 2} : y > 5
Overflow == x' = 2147483647 + x + 1
Unassigned == TRUE
Next == CASE Which = "add" -> AddString
          [] Which = "domain" -> OutOfDomain
          [] Which = "choose" -> NoWitness
          [] Which = "overflow" -> Overflow
          [] OTHER -> Unassigned
====
