/**
 * The identifiers of TLC's standard modules, in the order in which they first appear in each
 * module's source (tlaplus/tlaplus, tla2sany/StandardModules). TLC orders strings by the order
 * in which its parser interned them, and it parses a standard module (interning these names)
 * after the root module and before string literals are interned; a string literal equal to one
 * of these names therefore sorts earlier than one that is not. Names only, no definitions.
 */
export const STD_NAMES: Record<string, string[]> = {
  Naturals: ["Naturals", "a", "b", "n"],
  Integers: ["Integers", "Naturals", "a"],
  Sequences: ["Sequences", "Naturals", "Seq", "S", "n", "Len", "s", "t", "i", "Append", "e", "Head", "Tail", "SubSeq", "m", "SelectSeq", "Test", "F"],
  FiniteSets: ["FiniteSets", "Naturals", "Sequences", "IsFiniteSet", "S", "seq", "Seq", "s", "n", "Len", "Cardinality", "CS", "T", "x"],
  TLC: ["TLC", "Naturals", "Sequences", "FiniteSets", "Print", "out", "val", "PrintT", "Assert", "v", "JavaTime", "n", "TLCGet", "i", "TLCSet", "d", "e", "x", "f", "g", "Permutations", "S", "w", "SortSeq", "s", "Op", "Perm", "p", "Len", "j", "RandomElement", "Any", "ToString", "a", "b", "TLCEval"],
  Bags: ["Bags", "TLC", "Naturals", "IsABag", "B", "n", "BagToSet", "SetToBag", "S", "e", "BagIn", "EmptyBag", "B1", "B2", "d", "Sum", "f", "DSum", "elt", "BagUnion", "SubBag", "RemoveFromDom", "x", "y", "Combine", "BagSet", "i", "Biggest", "Range", "r", "s", "RSB", "BB", "BagOfAll", "F", "BagCardinality", "CopiesIn"],
};
