/**
 * Agreement of the two engines on the corpus: with TLA2TOOLS_JAR set, TLC (src/tla/runner) and
 * the embedded checker (src/checker) run on every ci model of test/corpus and must report the
 * same verdict, violated name, distinct and generated counts, depth and counterexample length,
 * and the counterexamples must hold the same states.
 * TLC must also still give the recorded results (expected.json), so a TLC upgrade that changes
 * them shows up here. Deliberate differences (a liveness violation that the embedded checker
 * reports as skipped, a module outside its scope that it refuses) come from the model's
 * `embedded` entry.
 * Without TLA2TOOLS_JAR the whole file is skipped with a visible notice.
 */
import { describe, expect, it } from 'vitest';
import { embeddedEngine } from '../src/checker/index.ts';
import { tlcEngine } from '../src/tla/runner/index.ts';
import type { CheckEngine } from '../src/tla/engine.ts';
import type { CheckResult } from '../src/tla/result.ts';
import { configPath, endsInLasso, expectedOutcome, lassoDifferences, loadCorpus, outcomeDifferences, outcomeOf, specPath, traceStates, type CorpusModel } from './corpus/corpus.ts';
import { knownGaps } from './corpus/known-gaps.ts';

const jar = process.env.TLA2TOOLS_JAR;
const models = loadCorpus().filter((m) => m.ci);

function check(engine: CheckEngine, m: CorpusModel): Promise<CheckResult> {
  return engine.check({ spec: specPath(m), config: configPath(m), workers: 1 });
}


if (!jar) {
  console.warn('NOTICE: test/agreement.test.ts is skipped: set TLA2TOOLS_JAR to a tla2tools.jar to compare TLC with the embedded checker.');
  describe('TLC and the embedded checker agree on the corpus', () => {
    it.skip('skipped: TLA2TOOLS_JAR is not set, so TLC cannot run', () => {});
  });
} else {
  describe('TLC and the embedded checker agree on the corpus', () => {
    for (const m of models) {
      const gap = knownGaps[m.name];
      if (m.name.startsWith('Community/') && !process.env.COMMUNITY_MODULES_JAR) {
        // TLC finds the community modules only on its class path.
        it.skip(`${m.name} (skipped: set COMMUNITY_MODULES_JAR to the CommunityModules jar for TLC)`, () => {});
        continue;
      }
      if (gap !== undefined) {
        it.skip(`${m.name} (known gap of the embedded checker: ${gap})`, () => {});
        continue;
      }
      it(m.name, async () => {
        const tlcResult = await check(tlcEngine, m);
        const embeddedResult = await check(embeddedEngine, m);
        const tlc = outcomeOf(tlcResult);
        const embedded = outcomeOf(embeddedResult);
        // TLC's liveness lasso depends on a fingerprint seed that is random per run: its length
        // and states are not compared (not even TLC against TLC), the embedded lasso's shape is.
        const lasso = endsInLasso(tlcResult.trace);
        const noLength = (d: string[]) => (lasso ? d.filter((x) => !x.startsWith('traceLength:')) : d);
        expect(noLength(outcomeDifferences(expectedOutcome(m, 'tlc'), tlc)), 'TLC against expected.json').toEqual([]);
        if (m.embedded === undefined) {
          expect(noLength(outcomeDifferences(tlc, embedded)), 'embedded checker against TLC').toEqual([]);
          if (lasso) expect(lassoDifferences(embeddedResult.trace), 'liveness counterexample').toEqual([]);
          else expect(traceStates(embeddedResult.trace), 'counterexample states').toEqual(traceStates(tlcResult.trace));
        } else {
          // Only the fields the model declares as different may differ, and only as declared.
          expect(outcomeDifferences({ ...tlc, ...m.embedded }, embedded), 'embedded checker against TLC with the declared difference').toEqual([]);
        }
      });
    }
  });
}
