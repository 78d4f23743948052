// docs/extending.md's walkthrough, run as written in a temporary copy of the repository (only
// what the commands need: bin, src, refinement, templates, tla, the test helpers, the configs;
// node_modules is a symlink): `wormspace new-app Demo` (Demo2... if taken) generates an application that compiles,
// whose generated tests pass (the models, the traces, the loopback kill test), whose simulation's
// trace is accepted, whose wrong variant fails, and whose layer of `wormspace verify` is ok:
// its two models as recorded, its simulations' traces accepted with every event exercised, its
// linkage without a gap. A second run refuses to overwrite and a bad name is refused, both with
// one line. Bounded: one generation, two test files, one verify layer (measured: 139 s at load
// average 4 to 7, 382 s at 25 to 30).
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../../src/trace/model.ts';
import { freeAppName } from './free-name.ts';

/** Demo, or Demo2... when this checkout already has a Demo (say, from following the walkthrough). */
const N = freeAppName();

const copy = mkdtempSync(join(tmpdir(), 'wormspace-walkthrough-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

for (const p of ['bin', 'src', 'refinement', 'templates', 'tla', 'test/support', 'test/e2e/processes.ts', 'test/server/helpers.ts', 'package.json', 'tsconfig.json', 'vitest.config.ts']) cpSync(join(REPO, p), join(copy, p), { recursive: true });
symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));

function run(args: string[], timeoutMs = 300_000): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, args, { cwd: copy, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const wormspace = (...args: string[]) => run(['bin/wormspace.js', ...args]);

describe('docs/extending.md, in a copy of the repository', () => {
  it(`new-app ${N.pascal}, then the generated application compiles, tests green, simulates and checks`, () => {
    const gen = wormspace('new-app', N.pascal);
    expect(gen.err).toBe('');
    expect(gen.code).toBe(0);
    expect(gen.out).toContain(`model apps/MC${N.pascal}.cfg: ok, 541 distinct / 1677 generated states, depth 12`);
    for (const f of [`tla/apps/${N.pascal}.tla`, `tla/apps/${N.pascal}Abstract.tla`, `tla/apps/Trace${N.pascal}.tla`, `src/apps/${N.lower}/node.ts`, `src/apps/${N.lower}/tcp.ts`, `src/trace/linkage-tables/${N.lower}.ts`, `refinement/${N.lower}.ts`, `test/apps/${N.lower}/${N.lower}.test.ts`, `test/apps/${N.lower}/kill.test.ts`]) expect(existsSync(join(copy, f)), f).toBe(true);
    expect(readFileSync(join(copy, 'src/apps/registry.ts'), 'utf8')).toContain(`${N.lower}: () => import('./${N.lower}/sim.ts')`);
    expect(readFileSync(join(copy, 'src/apps/registry.ts'), 'utf8')).toContain(`${N.lower}: () => import('./${N.lower}/tcp.ts')`);
    expect(JSON.parse(readFileSync(join(copy, 'tla/models.json'), 'utf8')).filter((m: { spec: string }) => m.spec === `apps/MC${N.pascal}.tla`)).toHaveLength(2);

    // A second run refuses, and so does a bad name: one line each, nothing changed.
    const models = readFileSync(join(copy, 'tla/models.json'), 'utf8');
    const again = wormspace('new-app', N.pascal);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^wormspace: refusing to overwrite .*\n$/);
    const bad = wormspace('new-app', 'my-app');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^wormspace: application name "my-app" must be .*\n$/);
    expect(readFileSync(join(copy, 'tla/models.json'), 'utf8')).toBe(models);

    const tsc = run(['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
    expect(tsc.out + tsc.err).toBe('');
    expect(tsc.code).toBe(0);

    const tests = run(['node_modules/vitest/vitest.mjs', 'run', `test/apps/${N.lower}`], 600_000);
    expect(tests.out).toMatch(/Tests:? +10 passed/);
    expect(tests.code).toBe(0);

    const sim = wormspace('sim', '--app', N.lower, '--seed', '3', '--steps', '30', '--faults', 'all');
    expect(sim.out).toMatch(new RegExp(`^${N.lower} seed 3: ok\\n`));
    expect(sim.out).toMatch(/trace: accepted: \d+ events/);
    expect(sim.code).toBe(0);

    const check = wormspace('check', `tla/apps/MC${N.pascal}.tla`, '--config', `tla/apps/MC${N.pascal}_SkipOnPreempt.cfg`);
    expect(check.code).toBe(13); // the wrong variant breaks Demo => DemoAbstract

    // `npm run verify`, restricted to the new application's layer.
    const verify = wormspace('verify', '--layer', N.lower, '--engine', 'embedded', '--json');
    expect(verify.code, verify.err).toBe(0);
    const report = JSON.parse(verify.out) as { ok: boolean; failures: string[]; layers: { layer: string; models: { config: string; problems: string[] }[]; traces: { subject: string; verdict: string; violations: string[] }[]; coverage: unknown[]; linkage: { descriptor: string; gaps: string[] }[] }[] };
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.layers.map((l) => l.layer)).toEqual([N.lower]);
    const [layer] = report.layers;
    expect(layer!.models.map((m) => [m.config, m.problems])).toEqual([
      [`apps/MC${N.pascal}.cfg`, []],
      [`apps/MC${N.pascal}_SkipOnPreempt.cfg`, []],
    ]);
    expect(layer!.traces).toHaveLength(8);
    for (const t of layer!.traces) expect([t.subject, t.verdict, t.violations]).toEqual([N.lower, 'accepted', []]);
    expect(layer!.coverage).toHaveLength(1);
    expect(layer!.linkage.map((r) => [r.descriptor, r.gaps])).toEqual([[N.pascal, []]]);
  }, 1_200_000);
});
