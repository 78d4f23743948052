// --workers N in the embedded checker: worker threads sharing one seen-set give the counts of one
// worker (distinct, generated, depth) on models without violation, and fall back to one worker,
// saying so, where TLC's single-worker answer is wanted (a violation, liveness).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedEngine } from '../../src/checker/index.ts';
import { PROJECT_ROOT } from '../helpers/cli.ts';

const corpus = join(PROJECT_ROOT, 'test', 'corpus');
const run = async (dir: string, spec: string, cfg: string, workers: number) => {
  const output: string[] = [];
  const r = await embeddedEngine.check({ spec: join(corpus, dir, `${spec}.tla`), config: join(corpus, dir, `${cfg}.cfg`), workers, onOutput: (l) => output.push(l) });
  return { r, output };
};

describe('embedded checker with --workers 2', () => {
  it.each([
    ['TwoPhase', 'TwoPhase', 'TwoPhase'],
    ['Symmetry', 'Symmetry', 'Symmetry'],
    ['Constraint', 'Constraint', 'Constraint'],
    ['Branching', 'Branching', 'ForallExists'],
    ['Partitions', 'Partitions', 'Partitions'],
  ])('%s/%s: the counts of one worker', async (dir, spec, cfg) => {
    const one = await run(dir, spec, cfg, 1);
    const two = await run(dir, spec, cfg, 2);
    expect(one.r.verdict).toBe('ok');
    expect(two.output.filter((l) => l.includes('one worker'))).toEqual([]);
    expect([two.r.verdict, two.r.distinct, two.r.generated, two.r.depth]).toEqual([one.r.verdict, one.r.distinct, one.r.generated, one.r.depth]);
  }, 60_000);

  it('a violation found by a worker is reported as one worker reports it (counts and trace)', async () => {
    const one = await run('TwoPhase', 'TwoPhase', 'Buggy', 1);
    const two = await run('TwoPhase', 'TwoPhase', 'Buggy', 2);
    expect(one.r.verdict).not.toBe('ok');
    expect(two.output.some((l) => l.includes('checking again with one worker'))).toBe(true);
    expect({ ...two.r, seconds: 0 }).toEqual({ ...one.r, seconds: 0 });
  }, 60_000);

  it('liveness runs on one worker, and says so', async () => {
    const two = await run('LiveCycle', 'LiveCycle', 'YNotInfOften', 2);
    expect(two.r.verdict).toBe('property');
    expect(two.output.some((l) => l.includes('runs one worker for this model (liveness'))).toBe(true);
  });
});
