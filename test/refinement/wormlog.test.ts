// The refinement mapping of WormLog (refinement/wormlog.ts): complete against the spec's
// VARIABLES, and equal to the state WormLog.tla reaches on the same run's trace.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapWormLog, WORMLOG_MAPPED, WORMLOG_UNMAPPED } from '../../refinement/wormlog.ts';
import { canonical } from '../../refinement/wor.ts';
import { specVariables } from '../../refinement/spec-variables.ts';
import { runWormLog } from '../../src/apps/wormlog/sim.ts';
import type { JsonTla } from '../../src/tla/result.ts';
import { PROJECT_ROOT } from '../helpers/cli.ts';

const SPEC = join(PROJECT_ROOT, 'tla', 'apps', 'WormLog.tla');

/** at looks up f[key] in a JsonTla function (a record, a sequence, or a general function). */
function at(f: JsonTla | undefined, key: string | number): JsonTla | undefined {
  if (f === undefined || f === null || typeof f !== 'object') return undefined;
  if (Array.isArray(f)) return typeof key === 'number' ? f[key - 1] : undefined;
  if ('$function' in f && Array.isArray(f.$function)) return (f.$function as [JsonTla, JsonTla][]).find(([k]) => k === key)?.[1];
  return (f as Record<string, JsonTla>)[String(key)];
}

describe('refinement/wormlog.ts', () => {
  it('maps or explains every VARIABLE of WormLog, and nothing else', () => {
    const declared = specVariables(SPEC);
    expect(declared.length).toBeGreaterThan(8);
    const mapped: string[] = [...WORMLOG_MAPPED];
    const unmapped = Object.keys(WORMLOG_UNMAPPED);
    expect(mapped.filter((v) => unmapped.includes(v))).toEqual([]);
    expect([...mapped, ...unmapped].sort()).toEqual([...declared].sort());
    for (const reason of Object.values(WORMLOG_UNMAPPED)) expect(reason.length).toBeGreaterThan(20);
  });

  it.each([2, 4])('seed %i: the mapped final state is the state WormLog reaches on the trace', async (seed) => {
    const r = await runWormLog({ seed, steps: 20, faults: ['loss', 'dup', 'reorder', 'crash'], traceFile: null, checkTrace: true, keepTrace: true });
    expect(r.violations).toEqual([]);
    expect(r.trace?.accepted).toBe(true);
    const s = r.specState!;
    expect(s).not.toBeNull();
    const m = mapWormLog(r.snapshot!);
    // delivered: every reader incarnation of the trace, exactly.
    const specDelivered = canonical(s.delivered!) as Record<string, JsonTla>;
    expect(Object.keys(m.delivered as object).length).toBeGreaterThan(1);
    for (const [name, seq] of Object.entries(m.delivered as Record<string, JsonTla>)) {
      if (Array.isArray(seq) && seq.length === 0 && at(specDelivered, name) === undefined) continue; // a reader that read nothing is not in the trace
      expect(canonical(at(specDelivered, name)!), name).toEqual(canonical(seq));
    }
    // val: at every position some reader read.
    expect(m.val.length).toBeGreaterThan(10);
    for (const [pos, v] of m.val) expect(canonical(at(s.val, pos)!), `val[${pos}]`).toEqual(canonical(v));
  }, 60_000);
});
