---- MODULE OvInner ----
\* Instantiated by Overrides.tla; [OvInner]Cap in the .cfg overrides Cap inside this module.
EXTENDS Naturals
CONSTANT Top
Cap == Top + 1000
Ok(v) == v <= Cap
====
