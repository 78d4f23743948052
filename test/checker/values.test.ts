/**
 * Values: TLC's equality across representations, its ordering (the order CHOOSE and set
 * enumeration follow), normalisation, and fingerprints that agree with equality.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FcnV, IntervalV, ModelV, RcdV, SetV, TupV, apply, compare, elems, equals, intern, mkFcn, mkRcd, mkSet, resetInterning,
  setHas, FcnSetV, PowerSetV, ProductV, RcdSetV, type Value,
} from '../../src/checker/values.ts';
import { FP, fp } from '../../src/checker/fingerprint.ts';
import { FpSet } from '../../src/checker/fpset.ts';

function fingerprint(v: Value): [number, number] {
  fp(v);
  return [FP.hi, FP.lo];
}

describe('equality and representations', () => {
  it('treats a tuple, a function on 1..n and a record-free function alike', () => {
    const t = new TupV([10, 20]);
    const f = mkFcn([2, 1], [20, 10]);
    expect(f).toBeInstanceOf(TupV);
    expect(equals(t, new FcnV([1, 2], [10, 20]))).toBe(true);
    expect(fingerprint(t)).toEqual(fingerprint(new FcnV([1, 2], [10, 20])));
  });

  it('treats a record and a function on strings alike', () => {
    resetInterning();
    intern('a');
    intern('b');
    const r = mkRcd(['b', 'a'], [2, 1]);
    expect(r.names).toEqual(['a', 'b']);
    const f = new FcnV(['a', 'b'], [1, 2]);
    expect(equals(r, f)).toBe(true);
    expect(fingerprint(r)).toEqual(fingerprint(f));
    expect(apply(r, 'b')).toBe(2);
  });

  it('never equates a model value with a string of the same name', () => {
    const m = new ModelV('p1');
    expect(equals(m, 'p1')).toBe(false);
    expect(equals('p1', m)).toBe(false);
    expect(fingerprint(m)).not.toEqual(fingerprint('p1'));
  });

  it('refuses to compare an integer with a string, as TLC does', () => {
    expect(() => equals(1, 'a')).toThrow(/integer 1 with string "a"/);
    expect(() => mkSet([1, 'a'])).toThrow(/compare/);
  });

  it('equates lazy sets with their enumeration', () => {
    expect(equals(new IntervalV(1, 3), mkSet([3, 2, 1]))).toBe(true);
    expect(equals(new IntervalV(3, 1), new SetV([]))).toBe(true);
    expect(elems(new PowerSetV(mkSet([1, 2]))).length).toBe(4);
    expect(elems(new FcnSetV(mkSet([1, 2]), mkSet([7, 8, 9]))).length).toBe(9);
    expect(elems(new ProductV([mkSet([1, 2]), mkSet(['x'])]))).toHaveLength(2);
    expect(setHas(new RcdSetV(['a'], [new IntervalV(1, 2)]), mkRcd(['a'], [2]))).toBe(true);
    expect(setHas(new RcdSetV(['a'], [new IntervalV(1, 2)]), mkRcd(['a'], [3]))).toBe(false);
  });
});

describe("TLC's order", () => {
  it('orders integers numerically and model values before everything else', () => {
    expect(mkSet([3, -1, 2]).elems).toEqual([-1, 2, 3]);
    const m = new ModelV('zz');
    expect(compare(m, 1)).toBeLessThan(0);
    expect(compare('a', m)).toBeGreaterThan(0);
  });

  it('orders strings and model values by first interning, not alphabetically', () => {
    resetInterning();
    intern('zeta');
    intern('alpha');
    expect(mkSet(['alpha', 'zeta']).elems).toEqual(['zeta', 'alpha']);
    const p3 = new ModelV('p3');
    const p1 = new ModelV('p1');
    expect(mkSet([p1, p3]).elems).toEqual([p3, p1]);
  });

  it('orders sets and tuples by size first, then elementwise', () => {
    const s = mkSet([mkSet([1, 2]), mkSet([3]), mkSet([0, 9])]);
    expect(s.elems.map((e) => elems(e))).toEqual([[3], [0, 9], [1, 2]]);
    const t = mkSet([new TupV([1, 3]), new TupV([2]), new TupV([1, 2, 0])]);
    expect((t.elems[0] as TupV).elems).toEqual([2]);
  });

  it('orders records by field names, then values', () => {
    resetInterning();
    intern('a');
    intern('b');
    const r1 = mkRcd(['a', 'b'], [2, false]);
    const r2 = mkRcd(['a', 'b'], [1, true]);
    expect(mkSet([r1, r2]).elems[0]).toBe(r2);
  });
});

/** Small random values of every kind (ints, strings, model values, sets, tuples, records). */
const valueArb: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom('a', 'b', 'c'),
    fc.constantFrom(new ModelV('m1'), new ModelV('m2')),
    fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }).map((xs) => mkSet(xs) as Value),
    fc.array(tie('v'), { maxLength: 3 }).map((xs) => new TupV(xs) as Value),
    fc.tuple(tie('v'), tie('v')).map(([x, y]) => mkRcd(['a', 'b'], [x, y]) as Value),
  ),
})).v;

describe('fingerprints agree with equality', () => {
  it('gives equal values equal fingerprints and, here, distinct values distinct ones', () => {
    fc.assert(
      fc.property(valueArb, valueArb, (x, y) => {
        let same: boolean;
        try {
          same = equals(x, y);
        } catch {
          return; // incomparable kinds (TLC refuses them too)
        }
        const fx = fingerprint(x);
        const fy = fingerprint(y);
        expect(fx[0] === fy[0] && fx[1] === fy[1]).toBe(same);
      }),
      { numRuns: 400 },
    );
  });

  it('normalises sets: order and duplicates do not matter', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 8 }), (xs) => {
        const a = mkSet(xs);
        const b = mkSet([...xs].reverse().concat(xs));
        expect(equals(a, b)).toBe(true);
        expect(fingerprint(a)).toEqual(fingerprint(b));
        expect(a.elems).toEqual([...new Set(xs)].sort((p, q) => p - q));
      }),
    );
  });
});

describe('FpSet', () => {
  it('grows past its initial capacity and keeps every id', () => {
    const s = new FpSet(4);
    for (let i = 0; i < 100_000; i++) expect(s.putIfAbsent(i * 2654435761 >>> 0, i, i)).toBe(-1);
    expect(s.size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 997) expect(s.putIfAbsent(i * 2654435761 >>> 0, i, -5)).toBe(i);
    expect(s.get(1, 0xffffffff)).toBe(-1);
  });

  it('stores the all-zero fingerprint', () => {
    const s = new FpSet(4);
    expect(s.putIfAbsent(0, 0, 7)).toBe(-1);
    expect(s.putIfAbsent(0, 0, 8)).toBe(7);
  });
});

void RcdV;
