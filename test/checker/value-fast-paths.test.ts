/**
 * The fast paths of value comparison (session 9, for the trace validator) against the general
 * ones they shortcut:
 * - two records compare and test equal as the same functions with string domains do (FcnV, the
 *   general path: domains first, then values), whether or not they share their names array;
 * - strings made canonical (V8-internalized) are the same strings;
 * - isErr still recognises an ErrV (it skips reading tags only while none was ever made);
 * - `x \in S` on a set of 9 or more compound values (binary search in TLC's order) answers as a
 *   scan with `equals` does, or raises its error.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EvalError } from '../../src/checker/errors.ts';
import { ErrV, FcnV, ModelV, RcdV, TupV, canonical, compare, equals, intern, isErr, mkSet, setHas, type Value } from '../../src/checker/values.ts';

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

describe('membership in a set of compound values', () => {
  /** The scan the binary search replaces: the first equal element, in order (its error, if any). */
  const scan = (es: Value[], v: Value): boolean => es.some((x) => equals(x, v));

  it('answers as a scan with equals does (records, tuples, sets, model values)', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 0, maxLength: 40 }), record, fc.nat(), (rs, probe, pick) => {
        let set;
        try {
          set = mkSet(rs.map((r) => new RcdV(r.names, r.vals)));
        } catch {
          return; // elements TLC cannot order: no such set
        }
        const es = set.elems;
        // A member (a copy, not the same object) and a probe that may or may not be one.
        const candidates: Value[] = [new RcdV(probe.names.slice(), probe.vals)];
        if (es.length > 0) {
          const m = es[pick % es.length] as RcdV;
          candidates.push(new RcdV(m.names.slice(), m.vals.slice()));
        }
        for (const v of candidates) expect(outcome(() => setHas(set, v))).toEqual(outcome(() => scan(es, v)));
      }),
      { numRuns: 1500 },
    );
  });

  it('finds pairs in a set of thousands, and not the pairs it lacks', () => {
    const pairs: Value[] = [];
    for (let b = 0; b < 3000; b += 2) pairs.push(new TupV([new TupV([b, 1]), `v${b % 7}`]));
    const set = mkSet(pairs);
    for (let b = 0; b < 3000; b += 97) {
      expect(setHas(set, new TupV([new TupV([b, 1]), `v${b % 7}`]))).toBe(b % 2 === 0);
      expect(setHas(set, new TupV([new TupV([b, 1]), 'w']))).toBe(false);
    }
  });

  it('raises the error of the scan when v cannot be compared with the elements', () => {
    const set = mkSet(Array.from({ length: 20 }, (_, i) => new TupV([i, i])));
    expect(() => setHas(set, new TupV(['a', 'b']))).toThrow(/Attempted to check equality/);
  });
});
