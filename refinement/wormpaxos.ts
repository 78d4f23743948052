/**
 * The refinement mapping from WormPaxos's TypeScript state (the replicas' nodes and the simulated
 * WormSpace servers) to the variables of tla/apps/WormPaxos.tla, as plain values (a register's
 * value, a replica's learned sequence). Every VARIABLE of the spec is either mapped
 * (WORMPAXOS_MAPPED) or listed in WORMPAXOS_UNMAPPED with the reason the code's state does not
 * determine it; test/refinement/wormpaxos.test.ts checks both lists against the spec's VARIABLES
 * declaration and checks ReplicatedLog's guarantees (AppliedPrefix, AckedChosen) on the mapped
 * state of seeded simulations.
 *
 * The trace validation (tla/apps/TraceWormPaxos.tla, src/apps/wormpaxos/trace.ts) checks the same
 * variables step by step on every simulated run; this mapping reads a run's final state.
 */
import { META_OFFSET } from '../src/core/address.ts';
import type { Vote } from '../src/sim/history.ts';
import { specEntries } from '../src/apps/wormpaxos/trace.ts';

/** What the mapping reads: the servers' durable votes, the trims, and each replica incarnation's learned log. */
export interface WormPaxosSnapshot {
  firstSeg: number;
  segSize: number;
  /** Acceptors of the one partition. */
  servers: number;
  votes: Vote[];
  trimmedSegs: number[];
  /** Per replica incarnation (`r1#0`): the register values (batches, no-ops) it learned, position 0 first. */
  applied: Record<string, string[]>;
  /** Per replica incarnation: the segment it leads and the next slot it hands out, or null. */
  lead: Record<string, { seg: number; next: number } | null>;
  /** Put ids acknowledged to clients. */
  acked: string[];
  /** Per replica incarnation: the put ids it holds requests for, those waiting for a slot, its writes in flight. */
  held?: Record<string, { props: string[]; queue: string[]; inflight: { pos: number; ids: string[] }[] }>;
  /** Put ids handed to any replica (its 'submit' trace events), and whether any replica began a seal. */
  submitted?: string[];
  sealed?: boolean;
  /** Put ids any replica answered ok (its 'ack' trace events; the client may never have heard). */
  replicaAcked?: string[];
}

export const WORMPAXOS_MAPPED = ['segMeta', 'trimmed', 'val', 'pending', 'applied', 'learned', 'lead', 'proposed', 'props', 'queue', 'inflight', 'acked'] as const;

export const WORMPAXOS_UNMAPPED: Record<string, string> = {
  capt: "not determined: the spec's capture ids are naturals from one global counter (WOSApi's NewId), the code's are <<round, client>> ballots per client; which capture is latest on a register is the servers' promise, which the mapping does not translate into the spec's numbering",
  lastId: 'not determined: a global count of captures that no component of the code keeps (each client counts its own rounds)',
  seal: "not kept as a record: a seal in progress is a captureSegment or writeSegment call in flight (node.ts Pending 'sealCapture'/'sealWrite'), whose capture id only the call holds; the trace check follows it step by step (SealCapture, SealWrite, SealLost)",
};

/** The chosen value of every register that has one: a value a majority accepted at one ballot. */
function chosen(s: WormPaxosSnapshot): Map<string, string> {
  const count = new Map<string, Set<string>>();
  for (const v of s.votes) {
    const k = JSON.stringify([v.seg, v.off, v.ballot, v.value]);
    let set = count.get(k);
    if (!set) count.set(k, (set = new Set()));
    set.add(v.server);
  }
  const out = new Map<string, string>();
  const quorum = Math.floor(s.servers / 2) + 1;
  for (const [k, set] of count) {
    if (set.size < quorum) continue;
    const [seg, off, , value] = JSON.parse(k) as [number, number, unknown, string];
    out.set(`${seg}/${off}`, value);
  }
  return out;
}

export interface WormPaxosMapped {
  /** segMeta[g - firstSeg]: the leader the segment's metadata names, or null (NoMeta). */
  segMeta: (string | null)[];
  trimmed: boolean[];
  /** val[a]: the register's value, or null (Unwritten), for log positions 0 .. segs*S-1. */
  val: (string | null)[];
  /** pending[a]: values some acceptor accepted on an unwritten register (may still land). */
  pending: string[][];
  /** applied[r]: the log entries r applied (put ids, '#noop'), batch after batch. */
  applied: Record<string, string[]>;
  /** learned[r]: the addresses r learned whole (the code applies a batch in one step, so always all it learned). */
  learned: Record<string, number>;
  lead: Record<string, { seg: number; next: number } | null>;
  /** proposed: the put ids handed to replicas, and '#noop' once a seal began. */
  proposed: string[];
  props: Record<string, string[]>;
  queue: Record<string, string[]>;
  /** inflight[r]: [pos, cmd] of each write in flight, cmd its batch of put ids (its id is the capture id of lead[r] when issued). */
  inflight: Record<string, { pos: number; cmd: string[] }[]>;
  acked: string[];
}

export function mapWormPaxos(s: WormPaxosSnapshot): WormPaxosMapped {
  const ch = chosen(s);
  let maxSeg = s.firstSeg;
  for (const v of s.votes) maxSeg = Math.max(maxSeg, v.seg);
  const segs = maxSeg - s.firstSeg + 1;
  const segMeta: (string | null)[] = [];
  for (let g = 0; g < segs; g++) {
    const m = ch.get(`${s.firstSeg + g}/${META_OFFSET}`);
    let leader: string | null = null;
    if (m !== undefined) {
      try {
        leader = String((JSON.parse(m) as { leader?: unknown }).leader ?? m);
      } catch {
        leader = m;
      }
    }
    segMeta.push(leader);
  }
  const val: (string | null)[] = [];
  const pending: string[][] = [];
  for (let a = 0; a < segs * s.segSize; a++) {
    const seg = s.firstSeg + Math.floor(a / s.segSize);
    const off = a % s.segSize;
    const v = ch.get(`${seg}/${off}`) ?? null;
    val.push(v);
    pending.push(v === null ? [...new Set(s.votes.filter((x) => x.seg === seg && x.off === off).map((x) => x.value))].sort() : []);
  }
  const trimmed = Array.from({ length: segs }, (_, g) => s.trimmedSegs.includes(s.firstSeg + g));
  const held = s.held ?? {};
  const pick = (f: (h: { props: string[]; queue: string[]; inflight: { pos: number; ids: string[] }[] }) => string[]): Record<string, string[]> =>
    Object.fromEntries(Object.entries(held).map(([r, h]) => [r, [...f(h)].sort()]));
  return {
    segMeta,
    trimmed,
    val,
    pending,
    applied: Object.fromEntries(Object.entries(s.applied).map(([r, vs]) => [r, vs.flatMap(specEntries)])),
    learned: Object.fromEntries(Object.entries(s.applied).map(([r, vs]) => [r, vs.length])),
    lead: s.lead,
    proposed: [...new Set([...(s.submitted ?? []), ...(s.sealed ? ['#noop'] : [])])].sort(),
    props: pick((h) => h.props),
    queue: pick((h) => h.queue),
    inflight: Object.fromEntries(Object.entries(held).map(([r, h]) => [r, h.inflight.map((w) => ({ pos: w.pos, cmd: [...w.ids] }))])),
    acked: [...new Set(s.replicaAcked ?? [])].sort(),
  };
}

/** The chosen prefix (the spec's ChosenLog): the values of addresses 0.. up to the first unwritten one. */
export function chosenLog(m: WormPaxosMapped): string[] {
  const out: string[] = [];
  for (const v of m.val) {
    if (v === null) break;
    out.push(v);
  }
  return out;
}

/** The spec's ChosenLog: the entries (put ids, '#noop') of the chosen prefix, batch after batch. */
export function chosenEntries(m: WormPaxosMapped): string[] {
  return chosenLog(m).flatMap(specEntries);
}

/** ReplicatedLog's guarantees read through the mapping; the broken ones, as sentences. */
export function checkReplicatedLog(m: WormPaxosMapped, acked: string[]): string[] {
  const log = chosenEntries(m);
  const out: string[] = [];
  for (const [r, seq] of Object.entries(m.applied)) {
    for (let i = 0; i < seq.length; i++) {
      if (i >= log.length || log[i] !== seq[i]) {
        out.push(`AppliedPrefix: ${r} applied ${seq[i]} at ${i}, the chosen log has ${i < log.length ? log[i] : 'nothing'} there`);
        break;
      }
    }
  }
  const inLog = new Set(log);
  for (const id of acked) if (!inLog.has(id)) out.push(`AckedChosen: put ${id} was acknowledged but is not in the chosen log`);
  for (const id of m.acked) if (!inLog.has(id)) out.push(`AckedChosen: a replica acknowledged put ${id}, which is not in the chosen log`);
  if (m.proposed.length > 0) {
    const proposed = new Set(m.proposed);
    for (const id of log) if (!proposed.has(id)) out.push(`ChosenProposed: ${id} is in the chosen log but was never handed to a replica`);
  }
  for (const [r, q] of Object.entries(m.queue)) for (const id of q) if (!(m.props[r] ?? []).includes(id)) out.push(`TypeOK: ${r} queues ${id} without holding a request for it`);
  return out;
}
