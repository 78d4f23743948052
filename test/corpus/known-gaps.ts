/**
 * knownGaps: the corpus models on which the embedded checker does not give TLC's answer yet,
 * model name -> what is wrong (for the reader; the tests recompute the differences).
 * test/corpus.test.ts asserts that each still fails, so remove a model here once it is fixed.
 */
export const knownGaps: Record<string, string> = {
  'BagsOps/BagsOps': 'Bags does not EXTEND TLC, so :> and @@ are unknown after EXTENDS Bags',
  'Instances/Instances': 'parameterised INSTANCE (Chan(c) == INSTANCE ...) unsupported',
  'Instances/Wide': 'parameterised INSTANCE unsupported',
  'Instances/WideProperty': 'parameterised INSTANCE unsupported',
  'LocalDefs/LocalDefs': 'LOCAL definitions of an extended module clash with the extender\'s own',
  'Choose/Choose': 'model values are not ordered by first appearance in the .cfg',
  'Strings/Strings': '\\o and Len on strings unsupported',
  'ActionConstraint/Wrapped': 'generated count differs when an invariant fails under an ACTION_CONSTRAINT',
  'ParseError/ParseError': 'syntax error reported at 1:1 instead of the faulty line',
  'Register/Register': 'generated count too high (distinct agrees): see Branching/AfterAssigned',
  'Register/Buggy': 'generated count too high (distinct agrees): see Branching/AfterAssigned',
  'Branching/Operator': 'a primed-free user-defined operator in an action does not branch on its witnesses',
  'Branching/Implies': "P => A with primes in A gives an evaluation error (x' not assigned)",
  'Branching/AfterAssigned': 'conjuncts after every variable is assigned still branch (TLC evaluates them as booleans)',
  'Branching/PartlyAssigned': 'an \\E after the last assignment still branches',
  'Branching/InitTwice': 'duplicate initial states from a branching Init are counted as generated',
};
