// The refinement mapping of WormTX (refinement/wormtx.ts): complete against the spec's
// VARIABLES, and equal to the state WormTX.tla reaches on the same run's trace; a wrong mapping
// (a decision or a vote mapped wrongly) is caught by the same comparison.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWormTx, mapWormTx, tlaAt, WORMTX_MAPPED, WORMTX_UNMAPPED } from '../../refinement/wormtx.ts';
import { specVariables } from '../../refinement/spec-variables.ts';
import { simulateWormTX } from '../../src/apps/wormtx/sim.ts';
import { PROJECT_ROOT } from '../helpers/cli.ts';

const SPEC = join(PROJECT_ROOT, 'tla', 'apps', 'WormTX.tla');

describe('refinement/wormtx.ts', () => {
  it('maps or explains every VARIABLE of WormTX, and nothing else', () => {
    const declared = specVariables(SPEC);
    expect(declared).toContain('ownId');
    const mapped: string[] = [...WORMTX_MAPPED];
    const unmapped = Object.keys(WORMTX_UNMAPPED);
    expect(mapped.filter((v) => unmapped.includes(v))).toEqual([]);
    expect([...mapped, ...unmapped].sort()).toEqual([...declared].sort());
    for (const reason of Object.values(WORMTX_UNMAPPED)) expect(reason.length).toBeGreaterThan(20);
  });

  it.each([
    [1, [] as string[]],
    [3, ['loss', 'dup', 'reorder', 'crash', 'partition']],
  ])('seed %i: the mapped state of every validated transaction is the state WormTX reaches on its trace', async (seed, faults) => {
    const r = await simulateWormTX({ seed, steps: 30, faults: faults as never, traceFile: null, checkTrace: true, traceLimit: 6, keepState: true });
    expect(r.violations).toEqual([]);
    expect(r.trace?.accepted, r.trace?.message).toBe(true);
    const pairs = r.refinement!;
    expect(pairs.length).toBe(6);
    let compared = 0;
    for (const { snapshot, specState } of pairs) {
      const m = mapWormTx(snapshot);
      const c = compareWormTx(m, specState);
      expect(c.mismatches, `transaction ${snapshot.t}`).toEqual([]);
      compared += c.compared;
    }
    // rmState of every participant at least, and most registers.
    expect(compared).toBeGreaterThanOrEqual(pairs.length * 3);

    // Teeth: a mapping that gets one decision wrong, or one vote, is caught.
    const { snapshot, specState } = pairs.find((p) => p.snapshot.lives.some((l) => l.some((x) => x.outcome !== null)))!;
    const good = mapWormTx(snapshot);
    const i = good.rmState.findIndex(([, st]) => st === 'committed' || st === 'aborted');
    const flipped = { ...good, rmState: good.rmState.map(([k, st]): [number, typeof st] => [k, k === i ? (st === 'committed' ? 'aborted' : 'committed') : st]) };
    expect(compareWormTx(flipped, specState).mismatches.join(';')).toMatch(new RegExp(`^rmState\\[${i}\\]`));
    const written = good.val.findIndex(([k]) => tlaAt(specState.val, k) === 'yes' || tlaAt(specState.val, k) === 'no');
    expect(written).toBeGreaterThanOrEqual(0);
    const wrongVal = { ...good, val: good.val.map(([k, v]): [number, typeof v] => [k, k === written ? (v === 'yes' ? 'no' : 'yes') : v]) };
    expect(compareWormTx(wrongVal, specState).mismatches.join(';')).toMatch(new RegExp(`val\\[${written}\\]`));
  }, 120_000);
});
