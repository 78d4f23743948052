// docs/extending.md's walkthrough, run as written in a temporary copy of the repository (only
// what the commands need: bin, src, refinement, templates, tla, the test helpers, the configs;
// node_modules is a symlink): `wormspace new-app Demo` generates an application that compiles,
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
  it('new-app Demo, then the generated application compiles, tests green, simulates and checks', () => {
    const gen = wormspace('new-app', 'Demo');
    expect(gen.err).toBe('');
    expect(gen.code).toBe(0);
    expect(gen.out).toContain('model apps/MCDemo.cfg: ok, 541 distinct / 1677 generated states, depth 12');
    for (const f of ['tla/apps/Demo.tla', 'tla/apps/DemoAbstract.tla', 'tla/apps/TraceDemo.tla', 'src/apps/demo/node.ts', 'src/apps/demo/tcp.ts', 'src/trace/linkage-tables/demo.ts', 'refinement/demo.ts', 'test/apps/demo/demo.test.ts', 'test/apps/demo/kill.test.ts']) expect(existsSync(join(copy, f)), f).toBe(true);
    expect(readFileSync(join(copy, 'src/apps/registry.ts'), 'utf8')).toContain("demo: () => import('./demo/sim.ts')");
    expect(readFileSync(join(copy, 'src/apps/registry.ts'), 'utf8')).toContain("demo: () => import('./demo/tcp.ts')");
    expect(JSON.parse(readFileSync(join(copy, 'tla/models.json'), 'utf8')).filter((m: { spec: string }) => m.spec === 'apps/MCDemo.tla')).toHaveLength(2);

    // A second run refuses, and so does a bad name: one line each, nothing changed.
    const models = readFileSync(join(copy, 'tla/models.json'), 'utf8');
    const again = wormspace('new-app', 'Demo');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^wormspace: refusing to overwrite .*\n$/);
    const bad = wormspace('new-app', 'my-app');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^wormspace: application name "my-app" must be .*\n$/);
    expect(readFileSync(join(copy, 'tla/models.json'), 'utf8')).toBe(models);

    const tsc = run(['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
    expect(tsc.out + tsc.err).toBe('');
    expect(tsc.code).toBe(0);

    const tests = run(['node_modules/vitest/vitest.mjs', 'run', 'test/apps/demo'], 600_000);
    expect(tests.out).toMatch(/Tests:? +10 passed/);
    expect(tests.code).toBe(0);

    const sim = wormspace('sim', '--app', 'demo', '--seed', '3', '--steps', '30', '--faults', 'all');
    expect(sim.out).toMatch(/^demo seed 3: ok\n/);
    expect(sim.out).toMatch(/trace: accepted: \d+ events/);
    expect(sim.code).toBe(0);

    const check = wormspace('check', 'tla/apps/MCDemo.tla', '--config', 'tla/apps/MCDemo_SkipOnPreempt.cfg');
    expect(check.code).toBe(13); // the wrong variant breaks Demo => DemoAbstract

    // `npm run verify`, restricted to the new application's layer.
    const verify = wormspace('verify', '--layer', 'demo', '--engine', 'embedded', '--json');
    expect(verify.code, verify.err).toBe(0);
    const report = JSON.parse(verify.out) as { ok: boolean; failures: string[]; layers: { layer: string; models: { config: string; problems: string[] }[]; traces: { subject: string; verdict: string; violations: string[] }[]; coverage: unknown[]; linkage: { descriptor: string; gaps: string[] }[] }[] };
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.layers.map((l) => l.layer)).toEqual(['demo']);
    const [demo] = report.layers;
    expect(demo!.models.map((m) => [m.config, m.problems])).toEqual([
      ['apps/MCDemo.cfg', []],
      ['apps/MCDemo_SkipOnPreempt.cfg', []],
    ]);
    expect(demo!.traces).toHaveLength(8);
    for (const t of demo!.traces) expect([t.subject, t.verdict, t.violations]).toEqual(['demo', 'accepted', []]);
    expect(demo!.coverage).toHaveLength(1);
    expect(demo!.linkage.map((r) => [r.descriptor, r.gaps])).toEqual([['Demo', []]]);
  }, 1_200_000);
});
