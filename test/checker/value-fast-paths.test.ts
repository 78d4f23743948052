/**
 * The fast paths of value comparison (session 9, for the trace validator) against the general
 * ones they shortcut:
 * - two records compare and test equal as the same functions with string domains do (FcnV, the
 *   general path: domains first, then values), whether or not they share their names array;
 * - strings made canonical (V8-internalized) are the same strings;
 * - isErr still recognises an ErrV (it skips reading tags only while none was ever made).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EvalError } from '../../src/checker/errors.ts';
import { ErrV, FcnV, ModelV, RcdV, TupV, canonical, compare, equals, intern, isErr, mkSet, type Value } from '../../src/checker/values.ts';

const NAMES = ['type', 'bal', 'from', 'val', 'acceptedBallot', 'n'];
for (const n of NAMES) intern(n);
const byRank = (ns: string[]): string[] => [...ns].sort((a, b) => intern(a) - intern(b));

/** Field values: integers, strings, tuples of integers, small sets of strings, one model value. */
const NONE = new ModelV('None');
const fieldValue: fc.Arbitrary<Value> = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.constantFrom('Prepare', 'Promise', 'Accept'),
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })).map(([a, b]) => new TupV([a, b])),
  fc.subarray(['a', 'b', 'c']).map((xs) => mkSet(xs)),
  fc.constant(NONE),
);

/** A record over some of NAMES whose values have one kind per field (as a spec's records do). */
const kindOf = (name: string): fc.Arbitrary<Value> =>
  name === 'type' ? fc.constantFrom('Prepare', 'Promise', 'Accept') : name === 'bal' ? fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })).map(([a, b]) => new TupV([a, b])) : fieldValue;

const record = fc
  .subarray(NAMES, { minLength: 1 })
  .chain((ns) => {
    const names = byRank(ns);
    return fc.tuple(fc.constant(names), fc.tuple(...names.map(kindOf)));
  })
  .map(([names, vals]) => ({ names, vals: vals as Value[] }));

const sign = (x: number): number => (x < 0 ? -1 : x > 0 ? 1 : 0);

/** outcome of f: its value, or the error's message (TLC refuses to compare some kinds). */
function outcome<T>(f: () => T): T | string {
  try {
    return f();
  } catch (e) {
    return e instanceof Error ? `error: ${e.message}` : 'error';
  }
}

describe('value comparison fast paths', () => {
  it('two records compare and test equal as the same functions with string domains', () => {
    fc.assert(
      fc.property(record, record, fc.boolean(), (a, b, share) => {
        // Records of one shape usually share their names array; the general path must agree either way.
        const bNames = share && a.names.length === b.names.length && a.names.every((n, i) => n === b.names[i]) ? a.names : b.names.slice();
        const ra = new RcdV(a.names, a.vals);
        const rb = new RcdV(bNames, b.vals);
        const fa = new FcnV(a.names, a.vals);
        const fb = new FcnV(bNames, b.vals);
        const c = outcome(() => sign(compare(ra, rb)));
        expect(c).toEqual(outcome(() => sign(compare(fa, fb))));
        expect(outcome(() => equals(ra, rb))).toEqual(outcome(() => equals(fa, fb)));
        if (typeof c === 'number') expect(outcome(() => sign(compare(rb, ra)))).toBe(c === 0 ? 0 : -c);
      }),
      { numRuns: 2000 },
    );
  });

  it('a record is equal to itself rebuilt, and differs from a record with another value', () => {
    const r1 = new RcdV(byRank(['type', 'bal']), []);
    const names = r1.names;
    const mk = (t: string, b: [number, number]): RcdV => {
      const vals: Value[] = names.map((n) => (n === 'type' ? t : new TupV(b)));
      return new RcdV(names.slice(), vals);
    };
    expect(equals(mk('Prepare', [1, 2]), mk('Prepare', [1, 2]))).toBe(true);
    expect(compare(mk('Prepare', [1, 2]), mk('Prepare', [1, 2]))).toBe(0);
    expect(equals(mk('Prepare', [1, 2]), mk('Prepare', [1, 3]))).toBe(false);
    expect(compare(mk('Prepare', [1, 2]), mk('Prepare', [1, 3]))).not.toBe(0);
    // A record against a value of another kind: the same error as before the fast path.
    expect(() => compare(mk('Prepare', [1, 2]), 3)).toThrow(/Attempted to compare/);
    expect(() => equals(mk('Prepare', [1, 2]), 'x')).toThrow(/Attempted to check equality/);
    // Model values: after every other value, equal only to themselves.
    expect(compare(mk('Prepare', [1, 2]), NONE)).toBe(1);
    expect(compare(NONE, mk('Prepare', [1, 2]))).toBe(-1);
    expect(equals(NONE, mk('Prepare', [1, 2]))).toBe(false);
  });
});

describe('canonical strings', () => {
  it('are the same strings, one copy per content', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const sliced = `<${s}>`.slice(1, -1);
        expect(canonical(sliced)).toBe(s);
        expect(canonical(s)).toBe(canonical(sliced));
      }),
    );
    // Names an object key cannot hold as they are still come back unchanged.
    for (const s of ['__proto__', '0', '42', '', 'constructor']) expect(canonical(s)).toBe(s);
  });
});

describe('isErr', () => {
  it('recognises an ErrV and nothing else', () => {
    const values: Value[] = [1, 'a', true, new TupV([]), new RcdV(['a'], [1]), NONE, mkSet([1])];
    for (const v of values) expect(isErr(v)).toBe(false);
    const e = new ErrV(new EvalError('boom'));
    expect(isErr(e as unknown as Value)).toBe(true);
    for (const v of values) expect(isErr(v)).toBe(false);
  });
});
