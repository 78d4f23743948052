// Liveness in the embedded checker as a user meets it: a violated temporal property exits 13 with
// a lasso, and a property the engine cannot check never exits 0 (unless --allow-unchecked) and is
// never an ok for `verify`. The verdicts against TLC are in the corpus (LiveCycle/*, Liveness/*).
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkModel, checkModelInterruptible, embeddedEngine } from '../../src/checker/index.ts';
import { mismatches } from '../../src/tla/manifest.ts';
import { NOT_CHECKED_EXIT_CODE } from '../../src/tla/result.ts';
import { PROJECT_ROOT, runCli } from '../helpers/cli.ts';

const specs = join(PROJECT_ROOT, 'test', 'checker', 'specs', 'liveness');
const corpus = join(PROJECT_ROOT, 'test', 'corpus');

describe('wormspace check with temporal properties (embedded engine)', () => {
  it('a violated []<> property exits 13 and prints the cycle as TLC does', () => {
    const r = runCli(['check', join(corpus, 'LiveCycle', 'LiveCycle.tla'), '--config', join(corpus, 'LiveCycle', 'YNotInfOften.cfg'), '--engine', 'embedded']);
    expect(r.status).toBe(13);
    expect(r.stdout).toContain('Property YInfOften is violated.');
    expect(r.stdout).toMatch(/\d+: Back to state \d+: <\w+ line \d+, col \d+ to line \d+, col \d+ of module LiveCycle>/);
  });

  it(`a property it cannot check exits ${NOT_CHECKED_EXIT_CODE}, naming it, and 0 with --allow-unchecked`, () => {
    const args = ['check', join(specs, 'Unchecked.tla'), '--engine', 'embedded'];
    const r = runCli(args);
    expect(r.status).toBe(NOT_CHECKED_EXIT_CODE);
    expect(r.stdout).toContain('NOT checked: EveryN');
    expect(r.stderr).toContain('Temporal property EveryN is not checked by the embedded checker');
    const allowed = runCli([...args, '--allow-unchecked']);
    expect(allowed.status).toBe(0);
  });

  it('verify never counts a model with an unchecked property as ok', async () => {
    const result = await embeddedEngine.check({ spec: join(specs, 'Unchecked.tla'), config: join(specs, 'Unchecked.cfg'), workers: 1 });
    expect(result.verdict).toBe('ok');
    expect(result.skipped).toEqual(['EveryN']);
    const entry = { spec: 'Unchecked.tla', config: 'Unchecked.cfg', expect: 'ok' as const, violated: null, distinct: result.distinct, generated: result.generated, ci: true };
    expect(mismatches(entry, result)).toEqual(['not checked by the embedded engine: EveryN']);
  });
});

describe('liveness that can be stopped (embedded engine)', () => {
  const slow = join(specs, 'SlowLiveness.tla');

  it('a signal during the liveness phase stops it: stopped, stoppedIn liveness, the complete search\'s counts', async () => {
    const stop = new AbortController();
    const output: string[] = [];
    const t0 = performance.now();
    const r = await embeddedEngine.check({
      spec: slow, config: join(specs, 'SlowLiveness.cfg'), workers: 1, signal: stop.signal,
      onOutput: (line) => {
        output.push(line);
        // TLC's line as its liveness phase starts: stop there.
        if (line.startsWith('Checking temporal properties for the complete state space with 2,000 total distinct states')) setTimeout(() => stop.abort('SIGINT'), 200);
      },
    });
    expect(r).toMatchObject({ verdict: 'ok', violated: null, stopped: 'SIGINT', stoppedIn: 'liveness', distinct: 2000, generated: 2001, depth: 2000, queue: 0 });
    // Checking Prop to the end takes far longer (2,000 states x 10^6 steps of Heavy).
    expect((performance.now() - t0) / 1000).toBeLessThan(20);
  }, 60_000);

  // The liveness phase yields every 25 ms when it can be stopped; a run that is not stopped must
  // give exactly what the run that never yields gives (verdict, counts, the lasso).
  it.each([
    ['test/checker/specs/liveness/SlowLiveness.tla', 'SlowLivenessViolated.cfg'],
    ['test/corpus/LiveCycle/LiveCycle.tla', 'YNotInfOften.cfg'],
    ['tla/wor/MCWORPaxos.tla', 'MCWORPaxos_Liveness.cfg'],
  ])('%s (%s): a run that may be stopped but is not gives the same result', async (specPath, cfg) => {
    const spec = join(PROJECT_ROOT, specPath);
    const config = join(dirname(spec), cfg);
    const plain = checkModel({ spec, config, workers: 1, onOutput: () => {} });
    const stoppable = await checkModelInterruptible({ spec, config, workers: 1, timeoutSeconds: 600, signal: new AbortController().signal, onOutput: () => {} });
    expect(stoppable.stopped).toBeUndefined();
    expect(stoppable.stoppedIn).toBeUndefined();
    expect({ ...stoppable, seconds: 0 }).toEqual({ ...plain, seconds: 0 });
  }, 60_000);

  it('SlowLivenessViolated: TLC\'s verdict and counts (recorded with TLC rev cc6b616)', () => {
    const r = checkModel({ spec: join(specs, 'SlowLiveness.tla'), config: join(specs, 'SlowLivenessViolated.cfg'), workers: 1, onOutput: () => {} });
    expect([r.verdict, r.violated, r.distinct, r.generated, r.depth]).toEqual(['property', 'PropViolated', 300, 301, 300]);
    expect(r.trace.at(-1)?.action).toMatch(/^Back to state 1: Next$/);
  });
});
