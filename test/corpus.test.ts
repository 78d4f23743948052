/**
 * The embedded checker gives TLC's answers on the corpus (test/corpus/expected.json): the
 * verdict, the violated name, the distinct and generated counts, the depth and the length of
 * the counterexample, liveness properties reported as skipped, and file:line in error messages;
 * and the counterexamples themselves, step by step, as TLC prints them (action, location, state).
 *
 * knownGaps and traceGaps (test/corpus/known-gaps.ts) list the models the embedded checker does
 * not get right yet. They are reported with a warning and asserted to still fail, so that
 * fixing one forces its removal from the list.
 */
import { describe, expect, it } from 'vitest';
import { embeddedEngine } from '../src/checker/index.ts';
import { configPath, embeddedDifferences, endsInLasso, lassoDifferences, loadCorpus, specPath, traceDifferences, type CorpusModel } from './corpus/corpus.ts';
import type { CheckResult } from '../src/tla/result.ts';
import { knownGaps, traceGaps } from './corpus/known-gaps.ts';

const models = loadCorpus().filter((m) => m.ci);

async function runEmbedded(m: CorpusModel): Promise<{ result: CheckResult | null; output: string[]; thrown: unknown }> {
  const output: string[] = [];
  try {
    const result = await embeddedEngine.check({ spec: specPath(m), config: configPath(m), workers: 1, onOutput: (line) => output.push(line) });
    return { result, output, thrown: null };
  } catch (thrown) {
    return { result: null, output, thrown };
  }
}

function differences(m: CorpusModel, run: Awaited<ReturnType<typeof runEmbedded>>): string[] {
  if (run.result === null) return [`threw ${String(run.thrown)}`];
  return embeddedDifferences(m, run.result, run.output);
}

describe('embedded checker on the corpus', () => {
  it('knows every listed gap as a ci model of the corpus', () => {
    const names = new Set(models.map((m) => m.name));
    expect(Object.keys(knownGaps).filter((g) => !names.has(g))).toEqual([]);
    if (Object.keys(knownGaps).length > 0) {
      console.warn(
        `NOTICE: the embedded checker still differs from TLC on ${Object.keys(knownGaps).length} corpus models (knownGaps in test/corpus/known-gaps.ts):\n` +
          Object.entries(knownGaps).map(([name, why]) => `  ${name}: ${why}`).join('\n'),
      );
    }
  });

  for (const m of models) {
    if (m.name in knownGaps) {
      it(`${m.name} still differs from TLC (known gap: remove it from knownGaps once fixed)`, async () => {
        expect(differences(m, await runEmbedded(m))).not.toEqual([]);
      });
      continue;
    }
    it(`${m.name}: ${m.note}`, async () => {
      const run = await runEmbedded(m);
      expect(differences(m, run)).toEqual([]);
    });
  }
});

/** The models whose counterexample can be compared: TLC found one, and the embedded checker must too. */
const withTraces = models.filter((m) => m.trace !== undefined && m.embedded === undefined && !(m.name in knownGaps));

describe('embedded checker counterexamples as TLC prints them', () => {
  it('knows every listed trace gap as a corpus model with a counterexample', () => {
    const names = new Set(withTraces.map((m) => m.name));
    expect(Object.keys(traceGaps).filter((g) => !names.has(g))).toEqual([]);
    if (Object.keys(traceGaps).length > 0) {
      console.warn(
        `NOTICE: the embedded checker prints ${Object.keys(traceGaps).length} corpus counterexamples differently from TLC (traceGaps in test/corpus/known-gaps.ts):\n` +
          Object.entries(traceGaps).map(([name, why]) => `  ${name}: ${why}`).join('\n'),
      );
    }
  });

  for (const m of withTraces) {
    const expected = m.trace!;
    if (endsInLasso(expected)) {
      // TLC picks its liveness counterexample through a hash order that depends on a random
      // fingerprint seed (two TLC runs can print two lassos): the shape is checked instead.
      it(`${m.name} liveness counterexample is a lasso`, async () => {
        const run = await runEmbedded(m);
        expect(run.result, String(run.thrown)).not.toBeNull();
        expect(lassoDifferences(run.result!.trace)).toEqual([]);
      });
      continue;
    }
    if (m.name in traceGaps) {
      it(`${m.name} counterexample still differs from TLC's (trace gap: remove it from traceGaps once fixed)`, async () => {
        const run = await runEmbedded(m);
        expect(run.result === null ? ['threw'] : traceDifferences(expected, run.result.trace)).not.toEqual([]);
      });
      continue;
    }
    it(`${m.name} counterexample: ${expected.length} states`, async () => {
      const run = await runEmbedded(m);
      expect(run.result, String(run.thrown)).not.toBeNull();
      expect(traceDifferences(expected, run.result!.trace)).toEqual([]);
    });
  }
});
