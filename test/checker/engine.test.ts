/**
 * The embedded checker reproduces TLC's recorded runs (test/fixtures/tlc-output, specs in
 * tlc-output-specs/): verdict (from TLC's exit code), distinct and generated counts, depth, and
 * the counterexample's action names, locations and length. Also: the feature specs under
 * specs/ give the counts TLC gave on them, and bad input gives a one-line error with file:line:col.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkModel, embeddedEngine } from '../../src/checker/index.ts';
import { EXIT_CODE_OF, type Verdict } from '../../src/tla/result.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, '..', 'fixtures', 'tlc-output');
const REF_SPECS = join(HERE, 'tlc-output-specs');
const SPECS = join(HERE, 'specs');

const CASES: [string, string, string][] = [
  ['ok', 'Counter', 'Ok'],
  ['invariant-violated', 'Counter', 'InvariantViolated'],
  ['action-property-violated', 'Counter', 'ActionPropertyViolated'],
  ['liveness-violated', 'Liveness', 'Liveness'],
  ['deadlock', 'Deadlock', 'Deadlock'],
  ['assume-fails', 'AssumeFails', 'AssumeFails'],
  ['parse-error', 'ParseError', 'ParseError'],
];

interface Reference {
  verdict: Verdict;
  generated: number;
  distinct: number;
  depth: number;
  trace: string[];
}

/** reference reads what TLC printed: exit code, counts, depth and the trace's action headers. */
function reference(name: string): Reference {
  const out = readFileSync(join(FIXTURES, `${name}.txt`), 'utf8');
  const exit = Number(readFileSync(join(FIXTURES, `${name}.exit`), 'utf8').trim().split('\n')[0]);
  const verdict = (Object.entries(EXIT_CODE_OF).find(([, c]) => c === exit)?.[0] ?? 'error') as Verdict;
  const counts = /(\d+) states generated, (\d+) distinct states found/.exec(out);
  const depth = /depth of the complete state graph search is (\d+)/.exec(out);
  const trace = [...out.matchAll(/^State \d+: (?:<(.*)>|(Stuttering))$/gm)].map((m) => m[1] ?? m[2]);
  return {
    verdict,
    generated: counts ? Number(counts[1]) : 0,
    distinct: counts ? Number(counts[2]) : 0,
    depth: depth ? Number(depth[1]) : 0,
    trace,
  };
}

describe('TLC reference runs', () => {
  for (const [name, spec, cfg] of CASES) {
    it(`${name}: ${spec}.tla with ${cfg}.cfg`, async () => {
      const ref = reference(name);
      const r = await embeddedEngine.check({ spec: join(REF_SPECS, `${spec}.tla`), config: join(REF_SPECS, `${cfg}.cfg`), workers: 1 });
      expect(r.verdict).toBe(ref.verdict);
      expect(r.skipped).toBeUndefined();
      expect(r.generated).toBe(ref.generated);
      expect(r.distinct).toBe(ref.distinct);
      expect(r.depth).toBe(ref.depth);
      expect(r.trace.map((s) => (s.location ? `${s.action} ${s.location}` : s.action))).toEqual(ref.trace);
    });
  }

  it('renders trace states as JSON values (model values tagged, sequences as arrays)', () => {
    const r = checkModel({ spec: join(REF_SPECS, 'Counter.tla'), config: join(REF_SPECS, 'InvariantViolated.cfg'), workers: 1 });
    expect(r.violated).toBe('Small');
    expect(r.trace[3].state).toEqual({ x: 3, log: [{ $model: 'p1' }, { $model: 'p1' }, { $model: 'p1' }] });
  });

  it('reports the syntax error with file:line:col', () => {
    const r = checkModel({ spec: join(REF_SPECS, 'ParseError.tla'), config: join(REF_SPECS, 'ParseError.cfg'), workers: 1 });
    expect(r.message).toMatch(/ParseError\.tla:5:\d+: syntax error/);
  });
});

/** Counts TLC gave on the specs under specs/ (recorded with tla2tools.jar, one worker). */
const FEATURE_RUNS: { spec: string; cfg: string; verdict: Verdict; distinct: number; generated: number; depth: number; trace?: number; violated?: string }[] = [
  { spec: 'Features', cfg: 'Features', verdict: 'ok', distinct: 48, generated: 219, depth: 7 },
  { spec: 'TwoPhase', cfg: 'TwoPhase', verdict: 'ok', distinct: 288, generated: 1146, depth: 11 },
  // Live == <>(m = 0) without fairness: TLC stutters at the first initial state with m # 0.
  { spec: 'MinuteClock', cfg: 'MinuteClock', verdict: 'property', violated: 'Live', distinct: 720, generated: 1440, depth: 1, trace: 2 },
  {
    spec: 'MinuteClock', cfg: 'MinuteClockBad', verdict: 'property', distinct: 720, generated: 752, depth: 1, trace: 2,
    violated: 'line 6, col 16 to line 6, col 27 of module HourClock',
  },
  { spec: 'Constrained', cfg: 'ConstrainedInv', verdict: 'invariant', distinct: 31, generated: 74, depth: 5, trace: 6, violated: 'SentBelow' },
  { spec: 'Constrained', cfg: 'ConstrainedSym', verdict: 'ok', distinct: 15, generated: 56, depth: 9 },
  { spec: 'Constrained', cfg: 'ConstrainedView', verdict: 'ok', distinct: 42, generated: 166, depth: 8 },
  { spec: 'Constrained', cfg: 'ConstrainedAct', verdict: 'ok', distinct: 39, generated: 145, depth: 9 },
];

describe('feature specs agree with TLC', () => {
  for (const f of FEATURE_RUNS) {
    it(`${f.spec}.tla with ${f.cfg}.cfg`, () => {
      const r = checkModel({ spec: join(SPECS, `${f.spec}.tla`), config: join(SPECS, `${f.cfg}.cfg`), workers: 1 });
      expect([r.verdict, r.distinct, r.generated, r.depth]).toEqual([f.verdict, f.distinct, f.generated, f.depth]);
      if (f.trace !== undefined) expect(r.trace).toHaveLength(f.trace);
      if (f.violated !== undefined) expect(r.violated).toBe(f.violated);
    });
  }

  it('checks a liveness property next to a refinement (as TLC: the behaviour stutters at h = 1, m = 59)', () => {
    const r = checkModel({ spec: join(SPECS, 'MinuteClock.tla'), config: join(SPECS, 'MinuteClock.cfg'), workers: 1 });
    expect(r.skipped).toBeUndefined();
    expect(r.trace).toEqual([{ action: 'Initial predicate', state: { h: 1, m: 59 } }, { action: 'Stuttering', state: {} }]);
  });
});

describe('bad input: one-line errors with file:line:col, never a stack trace', () => {
  const errs = join(SPECS, 'errors');
  const cases: [string, string, Verdict, RegExp][] = [
    ['Errors', 'add', 'error', /Errors\.tla:6:\d+: .*should be an integer, but is "a"/],
    ['Errors', 'domain', 'error', /Errors\.tla:7:\d+: .*out of its domain/],
    ['Errors', 'choose', 'error', /Errors\.tla:8:\d+: .*CHOOSE x \\in S: P, but no element of S satisfied P/],
    ['Errors', 'overflow', 'error', /Errors\.tla:9:\d+: Integer overflow/],
    ['Errors', 'unassigned', 'error', /not completely specified.*not assigned: x/],
    ['Errors', 'missing', 'error', /constant parameter Which is not assigned.*Errors\.tla:3:10/],
    ['Unknown', 'Unknown', 'parse-error', /Unknown\.tla:5:14: Unknown operator: Frobnicate/],
  ];
  for (const [spec, cfg, verdict, msg] of cases) {
    it(`${spec}.tla with ${cfg}.cfg`, () => {
      const r = checkModel({ spec: join(errs, `${spec}.tla`), config: join(errs, `${cfg}.cfg`), workers: 1 });
      expect(r.verdict).toBe(verdict);
      expect(r.message).toMatch(msg);
      expect(r.message).not.toMatch(/\n\s+at /);
    });
  }

  it('says clearly that a module is missing or unsupported', () => {
    const r = checkModel({ spec: join(SPECS, 'nope', 'Missing.tla'), config: join(SPECS, 'nope', 'Missing.cfg'), workers: 1 });
    expect(r.verdict).toBe('parse-error');
    expect(r.message).toMatch(/cannot read/);
  });
});

describe('modules and progress', () => {
  it('names a standard module the embedded checker does not support', () => {
    const errs = join(SPECS, 'errors');
    const r = checkModel({ spec: join(errs, 'UsesReals.tla'), config: join(errs, 'UsesReals.cfg'), workers: 1 });
    expect(r.verdict).toBe('parse-error');
    expect(r.message).toMatch(/UsesReals\.tla:2:\d+: module Reals is not supported by the embedded checker/);
  });

  it('reports progress at the end of a run', () => {
    const seen: number[] = [];
    checkModel({ spec: join(SPECS, 'TwoPhase.tla'), config: join(SPECS, 'TwoPhase.cfg'), workers: 1, onProgress: (p) => seen.push(p.distinct) });
    expect(seen.at(-1)).toBe(288);
  });
});
