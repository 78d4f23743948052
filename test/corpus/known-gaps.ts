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
  'Strings/Strings': '\\o and Len on strings unsupported',
  'ParseError/ParseError': 'syntax error reported at 1:1 instead of the faulty line',
  'Initial/Invariant': 'TLC reports 0 distinct and 0 generated when an initial state violates an invariant',
  'Initial/BoxProperty': 'TLC reports 0 distinct and 0 generated when an initial state violates a []P property',
  'AssumeEval/AssumeEval': 'an assumption that fails to evaluate: TLC names no violated assumption (violated is null)',
  'EvalErrors/InInvariant': "an invariant that fails to evaluate: TLC's trace includes the state it was evaluated in",
};
