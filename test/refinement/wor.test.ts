// The refinement mapping of one register (refinement/wor.ts): complete against the spec's
// VARIABLES, and equal to the state WORPaxos reaches on the same run's trace.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonical, mapWor, WOR_MAPPED, WOR_UNMAPPED, type WorSnapshot } from '../../refinement/wor.ts';
import { specVariables } from '../../refinement/spec-variables.ts';
import { autoEngine } from '../helpers/engine.ts';
import { recordTrace, type Recorded } from '../../src/trace/record.ts';
import { checkTrace } from '../../src/trace/validate.ts';
import { PROJECT_ROOT } from '../helpers/cli.ts';

const SPEC = join(PROJECT_ROOT, 'tla', 'wor', 'WORPaxos.tla');

/** snapshot reads the register's state out of the simulator's servers and vote history. */
function snapshot(rec: Recorded): WorSnapshot {
  const { seg, off } = rec.trace.header;
  return {
    acceptors: rec.sim.servers.map((s) => ({ id: s.id, up: s.up, wor: s.durable.getWor(seg, off) })),
    votes: rec.sim.log.votes.filter((v) => v.seg === seg && v.off === off),
  };
}

const engine = autoEngine(import.meta.url);

describe(`refinement/wor.ts (${engine.name} engine)`, () => {
  it('maps or explains every VARIABLE of WORPaxos, and nothing else', () => {
    const declared = specVariables(SPEC);
    expect(declared.length).toBeGreaterThan(5);
    const mapped = [...WOR_MAPPED];
    const unmapped = Object.keys(WOR_UNMAPPED);
    expect(mapped.filter((v) => unmapped.includes(v))).toEqual([]);
    expect([...mapped, ...unmapped].sort()).toEqual([...declared].sort());
    for (const reason of Object.values(WOR_UNMAPPED)) expect(reason.length).toBeGreaterThan(20);
  });

  it('reads the variables of another module too (Network.tla: msgs, up)', () => {
    expect(specVariables(join(PROJECT_ROOT, 'tla', 'global', 'Network.tla'))).toEqual(['msgs', 'up']);
  });

  it.each([1, 2, 3])('seed %i: the mapped final state is the state WORPaxos reaches on the trace', async (seed) => {
    const rec = recordTrace({ seed });
    const verdict = await checkTrace(rec.trace, engine);
    expect(verdict.accepted).toBe(true);
    const spec = verdict.finalState!;
    const impl = mapWor(snapshot(rec));
    for (const v of WOR_MAPPED) expect({ [v]: canonical(impl[v]) }).toEqual({ [v]: canonical(spec[v]!) });
    // The run must have written the register, or the comparison says little.
    expect(Object.values(impl.acceptedBallot as Record<string, unknown>).some((b) => JSON.stringify(b) !== '[0,0]')).toBe(true);
  }, 180_000);

  it('a wrong durable row is noticed (the comparison can fail)', async () => {
    const rec = recordTrace({ seed: 1 });
    const verdict = await checkTrace(rec.trace, engine);
    const s = snapshot(rec);
    s.acceptors[0] = { ...s.acceptors[0]!, wor: { promised: [99, 1], acceptedBallot: null, acceptedValue: null } };
    expect(canonical(mapWor(s).promised)).not.toEqual(canonical(verdict.finalState!.promised!));
  }, 180_000);
});
