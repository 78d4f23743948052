/**
 * The two engines on randomly generated small specs: with TLA2TOOLS_JAR set, TLC and the
 * embedded checker check the same generated module and must give the same verdict, violated
 * name, distinct and generated counts and depth. The specs mix what decides TLC's counts:
 * disjunctions, \E over sets, IF, guards, UNCHANGED, operators with parameters (a primed
 * parameter among them), sets and functions, and an invariant that may fail.
 * Without TLA2TOOLS_JAR the test is skipped with a visible notice.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedEngine } from '../src/checker/index.ts';
import { tlcEngine } from '../src/tla/runner/index.ts';

const jar = process.env.TLA2TOOLS_JAR;

const small = fc.integer({ min: 0, max: 3 });
const expr = fc.oneof(
  small.map(String),
  fc.constant('x'),
  fc.constant('y'),
  fc.tuple(fc.constantFrom('x', 'y'), fc.constantFrom('+', '-', '*'), small).map(([v, o, k]) => `((${v} ${o} ${k}) % 4)`),
  fc.constant('Cardinality(s)'),
  fc.constant('f[1]'),
);
const guard = fc.oneof(
  fc.tuple(expr, fc.constantFrom('<', '=', '#', '<='), expr).map(([a, o, b]) => `${a} ${o} ${b}`),
  fc.tuple(expr).map(([a]) => `${a} \\in s`),
  fc.constant('TRUE'),
);
/** One action: it assigns every variable (x, y, s, f), some through UNCHANGED or an operator. */
const action = fc.record({
  g: guard,
  x: fc.oneof(expr.map((e) => `x' = ${e}`), fc.constant('UNCHANGED x'), small.map((k) => `\\E k \\in 0..${k} : x' = k`), expr.map((e) => `Set(x, ${e})`)),
  y: fc.oneof(expr.map((e) => `y' = ${e}`), fc.constant('UNCHANGED y'), fc.tuple(guard, expr, expr).map(([c, a, b]) => `y' = IF ${c} THEN ${a} ELSE ${b}`)),
  s: fc.oneof(fc.constant('UNCHANGED s'), expr.map((e) => `s' = s \\cup {${e}}`), expr.map((e) => `s' = s \\ {${e}}`)),
  f: fc.oneof(fc.constant('UNCHANGED f'), expr.map((e) => `f' = [f EXCEPT ![1] = ${e}]`), expr.map((e) => `f' = [i \\in 1..2 |-> ${e}]`)),
});
const spec = fc.record({ actions: fc.array(action, { minLength: 1, maxLength: 3 }), inv: guard });

function moduleText(s: { actions: { g: string; x: string; y: string; s: string; f: string }[]; inv: string }): string {
  const acts = s.actions.map((a, i) => `A${i} == /\\ ${a.g}\n      /\\ ${a.x}\n      /\\ ${a.y}\n      /\\ ${a.s}\n      /\\ ${a.f}`);
  return [
    '---- MODULE Random ----',
    'EXTENDS Naturals, FiniteSets',
    'VARIABLES x, y, s, f',
    "Set(v, e) == v' = e",
    'Init == x = 0 /\\ y = 0 /\\ s = {} /\\ f = [i \\in 1..2 |-> 0]',
    ...acts,
    `Next == ${s.actions.map((_, i) => `A${i}`).join(' \\/ ')}`,
    `Inv == (Cardinality(s) < 3) \\/ (${s.inv})`,
    'Bound == x < 4 /\\ y < 4',
    '====',
    '',
  ].join('\n');
}

if (!jar) {
  console.warn('NOTICE: test/agreement-random.test.ts is skipped: set TLA2TOOLS_JAR to a tla2tools.jar to compare TLC with the embedded checker on random specs.');
  describe('TLC and the embedded checker on random small specs', () => {
    it.skip('skipped: TLA2TOOLS_JAR is not set, so TLC cannot run', () => {});
  });
} else {
  describe('TLC and the embedded checker on random small specs', () => {
    it('give the same verdict and counts', { timeout: 600_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'agreement-random-'));
      try {
        await fc.assert(
          fc.asyncProperty(spec, async (s) => {
            const file = join(dir, 'Random.tla');
            writeFileSync(file, moduleText(s));
            writeFileSync(join(dir, 'Random.cfg'), 'INIT Init\nNEXT Next\nINVARIANT Inv\nCONSTRAINT Bound\nCHECK_DEADLOCK FALSE\n');
            const options = { spec: file, config: join(dir, 'Random.cfg'), workers: 1 };
            const t = await tlcEngine.check(options);
            const e = await embeddedEngine.check(options);
            const pick = (r: typeof t) => ({ verdict: r.verdict, violated: r.violated, distinct: r.distinct, generated: r.generated, depth: r.depth });
            expect(pick(e), moduleText(s)).toEqual(pick(t));
          }),
          { numRuns: Number(process.env.AGREEMENT_RUNS ?? 8), seed: Number(process.env.AGREEMENT_SEED ?? 11) },
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
