/**
 * SetV.insert (`S \cup {e}` without copying a large S: a shared sorted base plus pending
 * insertions) against the naive set: a sorted copy of the elements with e added. Many versions
 * of one set are built from each other in random order, read or not in between, and every
 * version, and every array `elems` ever returned, must stay what it was.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SetV, TupV, compare, mkSet, type Value } from '../../src/checker/values.ts';

/** Integers and pairs <<int, string>>: a set mixes neither (TLC cannot compare them). */
// endOnFailure: no shrinking (arrays of hundreds of elements would take minutes to shrink).
const ints = fc.integer({ min: -1000, max: 1000 });
const pairs = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.constantFrom('a', 'b', 'c')).map(([n, s]) => new TupV([n, s]) as Value);

/** naiveInsert: the sorted, duplicate-free elements of xs \cup {e}. */
function naiveInsert(xs: Value[], e: Value): Value[] {
  const out = xs.filter((x) => compare(x, e) !== 0);
  out.push(e);
  return out.sort(compare);
}

type Op = { from: number; insert: Value | null };

function check(initial: Value[], ops: Op[]): void {
  const versions: SetV[] = [mkSet(initial)];
  const expected: Value[][] = [versions[0]!.elems.slice()];
  const seen: { array: Value[]; copy: Value[] }[] = [];
  for (const op of ops) {
    const i = op.from % versions.length;
    if (op.insert === null) {
      // Read a version: merges its pending insertions.
      const a = versions[i]!.elems;
      expect(a).toEqual(expected[i]);
      seen.push({ array: a, copy: a.slice() });
      continue;
    }
    const before = versions[i]!;
    const after = before.insert(op.insert);
    const want = naiveInsert(expected[i]!, op.insert);
    if (want.length === expected[i]!.length) expect(after).toBe(before);
    versions.push(after);
    expected.push(want);
  }
  versions.forEach((v, i) => expect(v.elems).toEqual(expected[i]));
  for (const s of seen) expect(s.array).toEqual(s.copy);
}

describe('SetV.insert agrees with the naive copy-and-sort insertion', () => {
  it('integers, from sets small and large (the pending buffer starts at 256 elements)', () => {
    fc.assert(
      fc.property(
        fc.array(ints, { maxLength: 600, size: 'max' }),
        fc.array(fc.record({ from: fc.nat(), insert: fc.option(ints, { freq: 4 }) }), { maxLength: 200, size: 'max' }),
        check,
      ),
      { numRuns: 150, endOnFailure: true },
    );
  });

  it('tuples, compared element by element in TLC order', () => {
    fc.assert(
      fc.property(
        fc.array(pairs, { maxLength: 400, size: 'max' }),
        fc.array(fc.record({ from: fc.nat(), insert: fc.option(pairs, { freq: 4 }) }), { maxLength: 150, size: 'max' }),
        check,
      ),
      { numRuns: 100, endOnFailure: true },
    );
  });

  it('a history set that only grows: 5,000 insertions into one chain of versions', () => {
    let s = mkSet([]);
    const want: number[] = [];
    for (let k = 0; k < 5000; k++) {
      const e = (k * 7919) % 10007;
      s = s.insert(e);
      want.push(e);
    }
    want.sort((a, b) => a - b);
    expect(s.elems).toEqual(want);
    // Inserting an element already in (pending or merged) gives the same set.
    expect(s.insert(want[0]!)).toBe(s);
  });
});
