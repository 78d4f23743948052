// The refinement mapping of WormPaxos (refinement/wormpaxos.ts): complete against the spec's
// VARIABLES, and ReplicatedLog's guarantees hold on the mapped state of seeded faulty runs; a
// tampered snapshot (a replica that learned a value the registers do not hold, an acknowledged
// put missing from the log) is caught.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReplicatedLog, chosenLog, mapWormPaxos, WORMPAXOS_MAPPED, WORMPAXOS_UNMAPPED, type WormPaxosSnapshot } from '../../refinement/wormpaxos.ts';
import { specVariables } from '../../refinement/spec-variables.ts';
import { runWormPaxos, type WormPaxosRun } from '../../src/apps/wormpaxos/sim.ts';
import { decode } from '../../src/apps/wormpaxos/node.ts';
import { FAULT_KINDS } from '../../src/apps/runtime/faults.ts';
import { PROJECT_ROOT } from '../helpers/cli.ts';

const SPEC = join(PROJECT_ROOT, 'tla', 'apps', 'WormPaxos.tla');
/** The first put id of a register's batch. */
const idOf = (v: string): string | null => {
  const c = decode(v);
  return c.kind === 'batch' ? c.puts[0]!.id : null;
};

function snapshot(run: WormPaxosRun): WormPaxosSnapshot {
  const applied: Record<string, string[]> = {};
  for (const e of run.events) {
    if (e.event.a !== 'learn') continue;
    const k = `${e.node}#${e.life}`;
    (applied[k] ??= []).push(e.event.value);
  }
  const lead: WormPaxosSnapshot['lead'] = {};
  const held: NonNullable<WormPaxosSnapshot['held']> = {};
  for (const [id, n] of run.nodes) {
    lead[id] = n.lead ? { seg: n.lead.seg, next: n.lead.nextSlot } : null;
    held[id] = n.held();
  }
  const submitted = run.events.flatMap((e) => (e.event.a === 'submit' ? [e.event.id] : []));
  const replicaAcked = run.events.flatMap((e) => (e.event.a === 'ack' ? [e.event.id] : []));
  const sealed = run.events.some((e) => e.event.a === 'wos' && e.event.purpose === 'seal');
  return {
    firstSeg: run.config.firstSeg,
    segSize: run.config.segSize,
    servers: run.world.servers.length,
    votes: [...run.world.acceptedVotes],
    trimmedSegs: [],
    applied,
    lead,
    acked: run.ackedIds,
    held,
    submitted,
    sealed,
    replicaAcked,
  };
}

describe('refinement/wormpaxos.ts', () => {
  it('maps or explains every VARIABLE of WormPaxos.tla, and nothing else', () => {
    const declared = specVariables(SPEC);
    const mapped = [...WORMPAXOS_MAPPED] as string[];
    const unmapped = Object.keys(WORMPAXOS_UNMAPPED);
    expect(mapped.filter((v) => unmapped.includes(v))).toEqual([]);
    expect([...mapped, ...unmapped].sort()).toEqual([...declared].sort());
  });

  it.each([1, 2, 3])('seed %i, all faults: AppliedPrefix and AckedChosen hold on the mapped state', async (seed) => {
    const run = await runWormPaxos({ seed, steps: 150, faults: [...FAULT_KINDS], traceFile: null, checkTrace: false });
    expect(run.report.violations).toEqual([]);
    const snap = snapshot(run);
    const m = mapWormPaxos(snap);
    expect(chosenLog(m)).toEqual(run.log);
    expect(m.segMeta.filter((x) => x !== null).length).toBeGreaterThan(1);
    expect(checkReplicatedLog(m, snap.acked)).toEqual([]);
  });

  it('catches a replica that learned a value the registers do not hold, and a lost acknowledged put', async () => {
    const run = await runWormPaxos({ seed: 2, steps: 60, faults: [], traceFile: null, checkTrace: false });
    const snap = snapshot(run);
    const r = Object.keys(snap.applied)[0]!;
    snap.applied[r] = [...snap.applied[r]!];
    snap.applied[r]![1] = '["b",["forged","k","v"]]';
    snap.acked = [...snap.acked, 'c9.99'];
    snap.submitted = snap.submitted!.filter((id) => id !== idOf(run.log[0]!));
    const out = checkReplicatedLog(mapWormPaxos(snap), snap.acked);
    expect(out).toContain(`ChosenProposed: ${idOf(run.log[0]!)} is in the chosen log but was never handed to a replica`);
    expect(out.some((x) => x.startsWith(`AppliedPrefix: ${r} applied`))).toBe(true);
    expect(out).toContain('AckedChosen: put c9.99 was acknowledged but is not in the chosen log');
  });
});
