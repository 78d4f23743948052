/**
 * The expression code generator (src/checker/codegen.ts) against the closure compiler:
 * - every form it inlines (specs/codegen/Codegen.tla), over random values of x and y (numbers up
 *   to the integer bounds, strings, booleans, records, tuples, functions, sets): the same
 *   successors, in the same order, or the same error with the same location;
 * - the trace validator with codegen on and off: the same verdicts, generated states and final
 *   states on recorded WORPaxos traces, the same first unmatched event and diagnosis on a trace
 *   with a planted bug.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codegenStats, withCodegen } from '../../src/checker/codegen.ts';
import { loadModel, type Model } from '../../src/checker/model.ts';
import { RT } from '../../src/checker/compile.ts';
import { TupV, mkFcn, mkRcd, mkSet, show, type Value } from '../../src/checker/values.ts';
import { formatTrace } from '../../src/trace/format.ts';
import { recordTrace } from '../../src/trace/record.ts';
import { validateText } from '../../src/trace/stream-validate.ts';

const SPECS = join(dirname(fileURLToPath(import.meta.url)), 'specs', 'codegen');

/** The successors (r') of state s by each action of m, one entry per action: values or its error. */
function successors(m: Model, s: Value[]): string[] {
  const n = m.varNames.length;
  const ri = m.varNames.indexOf('r');
  const t: (Value | undefined)[] = new Array(n).fill(undefined);
  return m.actions.map((a) => {
    const out: string[] = [];
    try {
      t.fill(undefined);
      RT.na = 0;
      RT.nv = n;
      RT.s = s;
      RT.t = t;
      a.act(a.frame, () => {
        out.push(show(t[ri]!));
        RT.s = s;
        RT.t = t;
        RT.nv = n;
      });
    } catch (e) {
      // The whole message: the location (file:line:col) included.
      out.push(`error: ${(e as Error).message}`);
    }
    return out.join(' ');
  });
}

const scalar: fc.Arbitrary<Value> = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(2147483647, -2147483648, 2147483646),
  fc.constantFrom('a', 'b'),
  fc.boolean(),
);
const value: fc.Arbitrary<Value> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.tuple(scalar, scalar).map(([a, b]) => mkRcd(['a', 'b'], [a, b])) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }).map((es) => new TupV(es)) },
  // Sets of one kind (TLC cannot order a string and a number in one set).
  { weight: 1, arbitrary: fc.oneof(fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 3 }), fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 })).map((es) => mkSet(es)) },
  {
    weight: 1,
    arbitrary: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }).chain((dom) =>
      fc.array(scalar, { minLength: dom.length, maxLength: dom.length }).map((vals) => mkFcn(dom, vals)),
    ),
  },
);

describe('generated expressions', () => {
  const before = codegenStats.roots;
  const generated = withCodegen(() => loadModel(join(SPECS, 'Codegen.tla'), join(SPECS, 'Codegen.cfg')));
  const roots = codegenStats.roots - before;
  const closures = loadModel(join(SPECS, 'Codegen.tla'), join(SPECS, 'Codegen.cfg'));
  const state = (m: Model, x: Value, y: Value): Value[] => {
    const s: Value[] = [];
    s[m.varNames.indexOf('x')] = x;
    s[m.varNames.indexOf('y')] = y;
    s[m.varNames.indexOf('r')] = 0;
    return s;
  };

  it('are generated for the model loaded with codegen, not for the other', () => {
    // One per definition and per action conjunct of Codegen.tla with two inlined nodes or more.
    expect(roots).toBeGreaterThanOrEqual(14);
    expect(codegenStats.roots - before).toBe(roots);
  });

  it('give the closures\' successors, in their order, or their error at the same place', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(value, value, (x, y) => {
        const a = successors(generated, state(generated, x, y));
        const b = successors(closures, state(closures, x, y));
        expect(`${show(x)}, ${show(y)}: ${a.join(' | ')}`).toBe(`${show(x)}, ${show(y)}: ${b.join(' | ')}`);
        for (const s of a) kinds.add(s.startsWith('error') ? 'error' : s === '' ? 'none' : 'value');
      }),
      { numRuns: 1500 },
    );
    // The runs exercised values, errors and disabled actions.
    expect([...kinds].sort()).toEqual(['error', 'none', 'value']);
  });
});

describe('the trace validator with generated expressions', () => {
  it.each([3, 36])('seed %i: the same verdict, generated states and final state', (seed) => {
    const r = recordTrace({ seed });
    expect(r.problems).toEqual([]);
    const text = formatTrace(r.trace);
    const before = codegenStats.roots;
    const on = validateText(text, 't.ndjson', { codegen: true });
    expect(codegenStats.roots).toBeGreaterThan(before);
    const off = validateText(text, 't.ndjson', { codegen: false });
    expect(on.accepted).toBe(true);
    expect({ ...on, seconds: 0, setupSeconds: 0, steppingCpuSeconds: 0 }).toEqual({ ...off, seconds: 0, setupSeconds: 0, steppingCpuSeconds: 0 });
  }, 120_000);

  it('acceptBelowPromise (seed 4): the same first unmatched event and diagnosis', () => {
    const r = recordTrace({ seed: 4, bug: 'acceptBelowPromise' });
    const text = formatTrace(r.trace);
    const on = validateText(text, 'b.ndjson', { codegen: true });
    const off = validateText(text, 'b.ndjson', { codegen: false });
    expect(on.accepted).toBe(false);
    expect(on.mismatch!.conjunct!.text).toContain('PromisedHere(a, m)');
    expect({ ...on, seconds: 0, setupSeconds: 0, steppingCpuSeconds: 0 }).toEqual({ ...off, seconds: 0, setupSeconds: 0, steppingCpuSeconds: 0 });
  }, 120_000);
});
