/**
 * knownGaps: the corpus models on which the embedded checker does not give TLC's answer yet,
 * model name -> what is wrong (for the reader; the tests recompute the differences).
 * test/corpus.test.ts asserts that each still fails, so remove a model here once it is fixed.
 */
export const knownGaps: Record<string, string> = {
};

/**
 * traceGaps: the models whose counterexample the embedded checker does not print as TLC does
 * yet (action names, locations, states), model name -> what differs. Same rules as knownGaps.
 */
export const traceGaps: Record<string, string> = {
};
