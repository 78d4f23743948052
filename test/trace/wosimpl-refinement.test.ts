// The refinement mapping of WOSImpl (refinement/wosimpl.ts): complete against the spec's
// VARIABLES, and agreeing with the state WOSImpl.tla reaches on the same run's trace: whatever the
// spec's end state says is written, allocated, decided or applied, the servers hold.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapWosImpl, WOSIMPL_MAPPED, WOSIMPL_UNMAPPED } from '../../refinement/wosimpl.ts';
import { specVariables } from '../../refinement/spec-variables.ts';
import { validateTrace } from '../../src/trace/stream-validate.ts';
import { recordWosImplTrace, WOSIMPL_SEEDS } from '../../src/trace/wosimpl-record.ts';
import type { JsonTla } from '../../src/tla/result.ts';
import { PROJECT_ROOT } from '../helpers/cli.ts';

const SPEC = join(PROJECT_ROOT, 'tla', 'wos', 'WOSImpl.tla');

/** at looks up f[key] in a JsonTla function (a record, a sequence, or a general function). */
function at(f: JsonTla | undefined, key: string | number): JsonTla | undefined {
  if (f === undefined || f === null || typeof f !== 'object') return undefined;
  if (Array.isArray(f)) return typeof key === 'number' ? f[key - 1] : undefined;
  if ('$function' in f && Array.isArray(f.$function)) return (f.$function as [JsonTla, JsonTla][]).find(([k]) => k === key)?.[1];
  return (f as Record<string, JsonTla>)[String(key)];
}
const valOf = (r: JsonTla | undefined): string => {
  const v = at(r, 'val');
  return typeof v === 'string' ? v : 'None';
};

describe('refinement/wosimpl.ts', () => {
  it('maps or explains every VARIABLE of WOSImpl, and nothing else', () => {
    const declared = specVariables(SPEC);
    const mapped: string[] = [...WOSIMPL_MAPPED];
    const unmapped = Object.keys(WOSIMPL_UNMAPPED);
    expect(mapped.filter((v) => unmapped.includes(v))).toEqual([]);
    expect([...mapped, ...unmapped].sort()).toEqual([...declared].sort());
    for (const reason of Object.values(WOSIMPL_UNMAPPED)) expect(reason.length).toBeGreaterThan(20);
  });

  it('every seed of CI: what the spec reaches on the trace, the servers hold', () => {
    let compared = 0;
    let trimmed = 0;
    for (const seed of WOSIMPL_SEEDS) {
      const { trace, servers } = recordWosImplTrace(seed);
      const v = validateTrace(trace);
      expect(v.accepted).toBe(true);
      const st = v.finalState!;
      const segments = trace.header.segments as number;
      const m = mapWosImpl(servers.map((s) => s.durable), segments, trace.header.offsets as number);
      for (let s = 0; s < segments; s++) {
        const k = s + 1; // WOSImpl's numbering
        if (at(st.applied, k) === true) { expect(m[s]!.applied, `applied[${k}]`).toBe(true); trimmed++; }
        if (at(st.trimWor, k) === true) expect(m[s]!.trimWor, `trimWor[${k}]`).toBe(true);
        const meta = valOf(at(st.metaWor, k));
        if (meta !== 'None' && m[s]!.meta !== null) { expect(m[s]!.meta, `metaWor[${k}]`).toBe(meta); compared++; }
        m[s]!.data.forEach((val, o) => {
          const spec = valOf(at(at(st.data, k), o));
          if (spec !== 'None' && val !== null) { expect(val, `data[${k}][${o}]`).toBe(spec); compared++; }
        });
      }
    }
    // Not vacuous: the runs left allocated segments and written registers the spec also has, and
    // segments the spec has applied a trim to.
    expect(compared).toBeGreaterThan(3);
    expect(trimmed).toBeGreaterThan(0);
  }, 180_000);
});
