/**
 * knownGaps: the corpus models on which the embedded checker does not give TLC's answer yet,
 * model name -> what is wrong (for the reader; the tests recompute the differences).
 * test/corpus.test.ts asserts that each still fails, so remove a model here once it is fixed.
 */
export const knownGaps: Record<string, string> = {  'Symmetry/TwoSets': 'SYMMETRY Permutations(A) \\cup Permutations(B): 30 distinct states where TLC finds 18, as with the product group',
  'Refinement/InitialState': 'a property violated by the initial state is named by location; TLC names the abstract initial predicate (HCini)',
};
