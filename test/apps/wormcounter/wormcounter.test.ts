// WormCounter (src/apps/wormcounter, tla/apps/WormCounter.tla): its models give the counts
// tla/models.json records, a simulated run's trace is accepted by the spec and its final state is
// what the refinement mapping says, a tampered trace and a planted bug are rejected.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runWormCounter } from '../../../src/apps/wormcounter/sim.ts';
import { checkCounterTrace, type CounterTrace } from '../../../src/apps/wormcounter/trace.ts';
import { loadManifest, mismatches } from '../../../src/tla/manifest.ts';
import { pickEngine } from '../../../src/tla/engines.ts';
import { MODELS_MANIFEST } from '../../../src/verify/paths.ts';
import type { JsonTla } from '../../../src/tla/result.ts';
import { specVariables } from '../../../refinement/spec-variables.ts';
import { mapWormCounter, WORMCOUNTER_MAPPED, WORMCOUNTER_UNMAPPED } from '../../../refinement/wormcounter.ts';
import { REPO } from '../../../src/trace/model.ts';

const { root, models } = loadManifest(MODELS_MANIFEST);
const mine = models.filter((m) => m.spec === 'apps/MCWormCounter.tla');

describe('WormCounter: the models', () => {
  it('tla/models.json lists the model and its wrong variant', () => {
    expect(mine.map((m) => m.expect).sort()).toEqual(['ok', 'property']);
  });

  it.each(mine.map((m) => [m.config, m] as const))('%s gives its recorded verdict and counts', async (_name, entry) => {
    const result = await pickEngine('embedded').check({ spec: join(root, entry.spec), config: join(root, entry.config), workers: 1 });
    expect(mismatches(entry, result)).toEqual([]);
  }, 120_000);
});

/** fn reads a JsonTla function ({$function: [[k, v], ...]} or a sequence) as [key, value] pairs with JSON keys. */
function pairs(f: JsonTla): Map<string, JsonTla> {
  if (Array.isArray(f)) return new Map(f.map((v, i) => [JSON.stringify(i + 1), v]));
  const entries = (f as { $function: [JsonTla, JsonTla][] }).$function;
  return new Map(entries.map(([k, v]) => [JSON.stringify(k), v]));
}

describe('WormCounter: simulated runs', () => {
  it.each([
    [1, [] as const],
    [2, ['loss', 'dup', 'reorder', 'crash', 'partition'] as const],
  ])('seed %i: no violations, the trace is accepted, and the mapping of the final state is the spec state', async (seed, faults) => {
    const r = await runWormCounter({ seed, steps: 40, faults: [...faults], traceFile: null, checkTrace: true, keep: true });
    expect(r.violations).toEqual([]);
    expect(r.trace?.accepted, r.trace?.message).toBe(true);
    expect(r.stats.increments).toBe(40);
    const spec = r.specState!;
    const code = mapWormCounter(r.snapshot!, r.recorded!.header.clients as number[]);
    expect(code.done).toEqual(spec.done);
    expect(code.slot).toEqual(spec.slot);
    const specVal = pairs(spec.val!);
    for (const [k, v] of pairs(code.val)) expect(specVal.get(k), `val[${k}]`).toEqual(v);
    const specAns = pairs(spec.ans!);
    for (const [k, v] of pairs(code.ans)) expect(specAns.get(k), `ans[${k}]`).toEqual(v);
    // every answer the spec knows of, the code gave
    const codeAns = pairs(code.ans);
    for (const [k, v] of specAns) if (v !== 0) expect(codeAns.get(k), `ans[${k}]`).toEqual(v);
  }, 300_000);

  it('the refinement mapping lists every variable of the spec, mapped or with a reason', () => {
    const vars = specVariables(join(REPO, 'tla/apps/WormCounter.tla'));
    expect([...WORMCOUNTER_MAPPED, ...Object.keys(WORMCOUNTER_UNMAPPED)].sort()).toEqual([...vars].sort());
  });

  it('a tampered trace is rejected at the tampered event', async () => {
    const r = await runWormCounter({ seed: 1, steps: 12, faults: [], traceFile: null, checkTrace: false, keep: true });
    const trace = r.recorded!;
    const i = trace.events.findIndex((e) => e.action === 'Write' && e.answer === 'alreadyWritten');
    expect(i).toBeGreaterThan(0);
    // The client claims its write landed where somebody else's increment is.
    const tampered: CounterTrace = { header: trace.header, events: trace.events.map((e, j) => (j === i ? { ...e, answer: 'ok', found: 'none' } : e)) };
    const v = await checkCounterTrace(tampered);
    expect(v.accepted).toBe(false);
    expect(v.message).toContain(`event ${i + 1} of`);
    expect((await checkCounterTrace(trace)).accepted).toBe(true);
  }, 300_000);

  it('a planted bug (alreadyWritten taken for ok) breaks the invariants and the trace', async () => {
    const r = await runWormCounter({ seed: 1, steps: 12, faults: [], traceFile: null, checkTrace: true, bug: 'AckAlreadyWritten' });
    expect(r.violations.join('\n')).toMatch(/answered to two increments|holds/);
    expect(r.trace?.accepted).toBe(false);
  }, 300_000);
});
