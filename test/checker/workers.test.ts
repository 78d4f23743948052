// --workers N in the embedded checker: worker threads sharing one seen-set give the counts of one
// worker (distinct, generated, depth) on models without violation, and fall back to one worker,
// saying so, where TLC's single-worker answer is wanted (a violation, liveness).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describe('embedded checker with --workers 2, stopped part-way', () => {
  // Infinitely many states: only a stop ends the search.
  const dir = mkdtempSync(join(tmpdir(), 'wormspace-workers-stop-'));
  const endless = join(dir, 'Endless.tla');
  writeFileSync(endless, "---- MODULE Endless ----\nEXTENDS Naturals\nVARIABLES x, y\nInit == x = 0 /\\ y = 0\nNext == \\/ x' = x + 1 /\\ y' = y\n        \\/ y' = y + 1 /\\ x' = x\n====\n");
  writeFileSync(join(dir, 'Endless.cfg'), 'INIT Init\nNEXT Next\n');

  it('a signal stops every worker: stopped, with the counts of all workers', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort('SIGTERM'), 4_000);
    const r = await embeddedEngine.check({ spec: endless, config: join(dir, 'Endless.cfg'), workers: 2, signal: stop.signal, onOutput: () => {} });
    expect(r).toMatchObject({ verdict: 'ok', stopped: 'SIGTERM' });
    expect(r.distinct).toBeGreaterThan(0);
    // Each explored state has two successors; every distinct state is explored or queued.
    expect(r.generated).toBe(2 * (r.distinct - r.queue!) + 1);
    expect(r.seconds).toBeGreaterThanOrEqual(3.9);
    expect(r.seconds).toBeLessThan(30);
  }, 60_000);

  it('--timeout: stopped "timeout"', async () => {
    const r = await embeddedEngine.check({ spec: endless, config: join(dir, 'Endless.cfg'), workers: 2, timeoutSeconds: 3, onOutput: () => {} });
    expect(r).toMatchObject({ verdict: 'ok', stopped: 'timeout' });
    expect(r.generated).toBe(2 * (r.distinct - r.queue!) + 1);
  }, 60_000);

  it('a liveness model runs on one worker, and --timeout stops its liveness phase there', async () => {
    const specs = join(PROJECT_ROOT, 'test', 'checker', 'specs', 'liveness');
    const output: string[] = [];
    const r = await embeddedEngine.check({ spec: join(specs, 'SlowLiveness.tla'), config: join(specs, 'SlowLiveness.cfg'), workers: 2, timeoutSeconds: 6, onOutput: (l) => output.push(l) });
    expect(output.some((l) => l.includes('runs one worker for this model (liveness'))).toBe(true);
    expect(r).toMatchObject({ verdict: 'ok', stopped: 'timeout', stoppedIn: 'liveness', distinct: 2000, generated: 2001, queue: 0 });
    // The seconds are those of the whole check, the fallback to one worker included.
    expect(r.seconds).toBeGreaterThanOrEqual(5.9);
  }, 60_000);

  it('a run that may be stopped but is not: the counts of one worker, no stopped', async () => {
    const spec = join(corpus, 'TwoPhase', 'TwoPhase.tla');
    const config = join(corpus, 'TwoPhase', 'TwoPhase.cfg');
    const one = await embeddedEngine.check({ spec, config, workers: 1 });
    const two = await embeddedEngine.check({ spec, config, workers: 2, timeoutSeconds: 600, signal: new AbortController().signal, onOutput: () => {} });
    expect(two.stopped).toBeUndefined();
    expect([two.verdict, two.distinct, two.generated, two.depth]).toEqual([one.verdict, one.distinct, one.generated, one.depth]);
  }, 60_000);
});
