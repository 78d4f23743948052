/**
 * Lazy sets (SUBSET S, [S -> T], record sets, S \X T): their enumeration is built directly in
 * TLC's order (no sort), so it must equal the normalised (sorted, deduplicated) enumeration; and
 * their size comes from the sizes of their parts, with TLC's 32-bit overflow error.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FcnSetV, IntervalV, ModelV, PowerSetV, ProductV, RcdSetV, elems, intern, mkSet, setSize, show, type Value } from '../../src/checker/values.ts';
import { EvalError } from '../../src/checker/errors.ts';

// Small sets of mixed, mutually comparable elements: integers, or model values, or sets of integers.
const ints = fc.uniqueArray(fc.integer({ min: -5, max: 9 }), { maxLength: 4 }).map((xs) => mkSet(xs));
const models = fc.uniqueArray(fc.constantFrom('m1', 'm2', 'm3', 'm4'), { maxLength: 3 }).map((xs) => mkSet(xs.map((n) => new ModelV(n))));
const intSets = fc.uniqueArray(fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }).map((xs) => xs.sort().join(',')), { maxLength: 3 })
  .map((keys) => mkSet(keys.map((k) => mkSet(k === '' ? [] : k.split(',').map(Number)))));
const part = fc.oneof(ints, models, intSets, fc.integer({ min: 0, max: 3 }).map((n) => new IntervalV(1, n)));

const lazy = fc.oneof(
  part.map((s) => new PowerSetV(s)),
  fc.tuple(part, part).map(([d, r]) => new FcnSetV(d, r)),
  fc.array(part, { minLength: 1, maxLength: 3 }).map((ss) => new ProductV(ss)),
  fc.array(part, { minLength: 1, maxLength: 3 }).map((ss) => {
    // Record sets keep their field names in TLC's string order (as the compiler builds them).
    const names = ['a', 'b', 'c'].slice(0, ss.length);
    names.forEach(intern);
    return new RcdSetV(names.sort((x, y) => intern(x) - intern(y)), ss);
  }),
);

describe('lazy sets', () => {
  it('enumerate in TLC order without sorting: the same as the normalised enumeration', () => {
    fc.assert(
      fc.property(lazy, (s) => {
        const direct = elems(s).map(show);
        const normalised = elems(mkSet(s.build())).map(show);
        expect(direct).toEqual(normalised);
        expect(setSize(s)).toBe(normalised.length);
      }),
      { numRuns: 300 },
    );
  });

  it('SUBSET enumerates smaller subsets first, then element by element', () => {
    expect(elems(new PowerSetV(mkSet([1, 2, 3]))).map(show)).toEqual(['{}', '{1}', '{2}', '{3}', '{1, 2}', '{1, 3}', '{2, 3}', '{1, 2, 3}']);
  });

  it('count a billion elements from the sizes of their parts', () => {
    expect(setSize(new PowerSetV(new IntervalV(1, 30)))).toBe(2 ** 30);
    expect(setSize(new FcnSetV(new IntervalV(1, 3), new PowerSetV(new IntervalV(1, 10))))).toBe(2 ** 30);
    expect(setSize(new ProductV([new PowerSetV(new IntervalV(1, 15)), new IntervalV(1, 1000)]))).toBe(32_768_000);
    expect(setSize(new RcdSetV(['a', 'b'], [new PowerSetV(new IntervalV(1, 12)), new IntervalV(1, 100)]))).toBe(409_600);
    expect(setSize(new FcnSetV(new IntervalV(1, 0), new IntervalV(1, 5)))).toBe(1);
    expect(setSize(new FcnSetV(new IntervalV(1, 5), mkSet([])))).toBe(0);
  });

  it.each([
    ['SUBSET 1..31', new PowerSetV(new IntervalV(1, 31))],
    ['[1..31 -> 1..2]', new FcnSetV(new IntervalV(1, 31), new IntervalV(1, 2))],
    ['(1..50000) \\X (1..50000)', new ProductV([new IntervalV(1, 50_000), new IntervalV(1, 50_000)])],
    ['[a : 1..50000, b : 1..50000]', new RcdSetV(['a', 'b'], [new IntervalV(1, 50_000), new IntervalV(1, 50_000)])],
  ] as [string, Value][])('%s: more elements than 2^31 - 1 is an overflow error, as in TLC', (_, s) => {
    expect(() => setSize(s)).toThrow(EvalError);
    expect(() => setSize(s)).toThrow(/Overflow when computing the number of elements in/);
  });
});
