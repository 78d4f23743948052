import { describe, expect, it } from 'vitest';
import { StateSet, sameState } from '../../src/trace/state-set.ts';
import { mkRcd, mkSet, type Value } from '../../src/checker/values.ts';

describe('StateSet (the validator deduplicates candidate states)', () => {
  it('compares states by value, not by object', () => {
    const a: Value[] = [1, mkSet(['x', 'y']), mkRcd(['f'], [2])];
    const b: Value[] = [1, mkSet(['y', 'x']), mkRcd(['f'], [2])];
    const c: Value[] = [1, mkSet(['x']), mkRcd(['f'], [2])];
    expect(sameState(a, b)).toBe(true);
    expect(sameState(a, c)).toBe(false);
  });

  it('takes values that TLA+ cannot compare (a set and a record) as different', () => {
    expect(sameState([mkSet([1])], [mkRcd(['f'], [1])])).toBe(false);
  });

  it('keeps one of equal states, also beyond the pairwise-compared few (by fingerprint)', () => {
    const set = new StateSet();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 20; i++) expect(set.add([i, mkSet([i, i + 1])])).toBe(round === 0);
    }
    expect(set.size).toBe(20);
    expect(set.list().map((s) => s[0])).toEqual([...Array(20).keys()]);
  });
});
