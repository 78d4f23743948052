// Liveness in the embedded checker as a user meets it: a violated temporal property exits 13 with
// a lasso, and a property the engine cannot check never exits 0 (unless --allow-unchecked) and is
// never an ok for `verify`. The verdicts against TLC are in the corpus (LiveCycle/*, Liveness/*).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedEngine } from '../../src/checker/index.ts';
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
