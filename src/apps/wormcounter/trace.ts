/**
 * WormCounter traces: the nodes' events (node.ts) put in an order the registers allow, and
 * validated against tla/apps/WormCounter.tla through the wrapper tla/apps/TraceWormCounter.tla
 * (trace descriptor `WormCounter`, registered in src/trace/registry.ts).
 *
 * Clients. Each life of a node (its client id) is one client of the spec, numbered 1..N in the
 * order they first appear; a value "<clientId>:<i>" becomes the spec's <<client, i>>.
 *
 * Order. Events are recorded when their answers come back, after their linearization points, so
 * two nodes' events may arrive in the other order than they took effect. The order is repaired
 * from what the answers prove, as a topological sort that otherwise keeps the order of arrival:
 * - one life's events stay in its order;
 * - whoever found value v in slot k (alreadyWritten) comes after the write that put v there (the
 *   ok write of v; else a write of v whose answer was lost; else a preempted write of v, which
 *   landed late);
 * - a preempted write of slot k comes before the write that filled k (preempted means unwritten);
 * - an alloc that found segment g allocated comes after the alloc that allocated it.
 * A write or alloc whose answer never came (its node died) is kept, as answer `unknown`, only when
 * somebody found what it wrote; a timed-out call is `unknown` too.
 */
import type { EventLine, HeaderLine, TraceDescriptor } from '../../trace/spec-descriptor.ts';
import { jsonTlaApply, positiveInt, naturalInt } from '../../trace/spec-descriptor.ts';
import { formatTla } from '../../tla/print.ts';
import type { JsonTla } from '../../tla/result.ts';
import type { CounterEvent } from './node.ts';

export type TimedCounterEvent = CounterEvent & { at: number; seq: number };

const ANSWERS = ['ok', 'alreadyWritten', 'preempted', 'unknown', 'notAllocated', 'trimmed'];
const answerCheck = (v: unknown): string | null => (typeof v === 'string' && ANSWERS.includes(v) ? null : ANSWERS.map((a) => JSON.stringify(a)).join(' or '));
/** A spec value: [client, i], both positive. */
const opCheck = (v: unknown): string | null => (Array.isArray(v) && v.length === 2 && v.every((x) => Number.isSafeInteger(x) && x >= 1) ? null : 'a pair [client, i] of positive integers');
const opOrNone = (v: unknown): string | null => (v === 'none' || opCheck(v) === null ? null : 'a pair [client, i] of positive integers or "none"');

interface Summary {
  n: number;
  lastOf: Map<number, number>;
  maxInc: number;
  maxSeg: number;
  writes: number;
  preempted: number;
  preemptedSlots: Set<number>;
}

export const wormCounterDescriptor: TraceDescriptor<Summary> = {
  name: 'WormCounter',
  title: 'tla/apps/WormCounter.tla',
  specFiles: ['tla/apps/TraceWormCounter.tla', 'tla/apps/WormCounter.tla', 'tla/apps/WOSApi.tla', 'tla/apps/WormCounterAbstract.tla'],
  wrapper: 'TraceWormCounter',
  checkHeader(h) {
    if (!Number.isSafeInteger(h.nclient) || (h.nclient as number) < 1) return 'header field "nclient" must be the number of clients (a positive integer)';
    if (!Number.isSafeInteger(h.segSize) || (h.segSize as number) < 1) return 'header field "segSize" must be the slots per segment (a positive integer)';
    return null;
  },
  events: {
    Alloc: { client: positiveInt, seg: naturalInt, answer: answerCheck },
    Write: { client: positiveInt, slot: naturalInt, value: opCheck, answer: answerCheck, found: opOrNone },
  },
  checkAgainstHeader(e, h) {
    const n = h.nclient as number;
    if ((e.client as number) > n) return `${e.action}: client ${e.client as number} is not one of the ${n} clients`;
    if (e.action === 'Write' && (e.value as number[])[0] !== e.client) return `Write: client ${e.client as number} writes another client's value ${JSON.stringify(e.value)}`;
    return null;
  },
  summary: {
    init: () => ({ n: 0, lastOf: new Map(), maxInc: 1, maxSeg: 0, writes: 0, preempted: 0, preemptedSlots: new Set() }),
    observe(s, e) {
      s.n++;
      s.lastOf.set(e.client as number, s.n);
      if (e.action === 'Alloc') s.maxSeg = Math.max(s.maxSeg, e.seg as number);
      if (e.action !== 'Write') return;
      s.writes++;
      if (e.answer === 'preempted' || e.answer === 'unknown') s.preempted++;
      if (e.answer === 'preempted') s.preemptedSlots.add(e.slot as number);
      for (const v of [e.value, e.found]) if (Array.isArray(v)) s.maxInc = Math.max(s.maxInc, v[1] as number);
    },
  },
  constants(h, s) {
    const n = h.nclient as number;
    const last = Array.from({ length: n }, (_, i) => s.lastOf.get(i + 1) ?? 0);
    return {
      definitions: [`NClientDef == ${n}`, `NIncDef == ${s.maxInc}`, `NSegDef == ${s.maxSeg + 1}`, `MaxIdDef == ${s.writes + 2 * s.preempted + 1}`, `LastEventDef == <<${last.join(', ')}>>`, `PreemptedSlotsDef == {${[...s.preemptedSlots].sort((a, b) => a - b).join(', ')}}`],
      cfg: [
        'NClient <- NClientDef',
        'NInc <- NIncDef',
        'NSeg <- NSegDef',
        `SegSize = ${h.segSize as number}`,
        'MaxId <- MaxIdDef',
        'LastEvent <- LastEventDef',
        'PreemptedSlots <- PreemptedSlotsDef',
        'Unwritten = Unwritten',
        'NoMeta = NoMeta',
        'LateWrites = TRUE',
        'Bug = "none"',
      ],
    };
  },
  eventValue(e) {
    const r: Record<string, JsonTla> = { action: e.action };
    for (const f of ['client', 'seg', 'slot', 'answer', 'value', 'found']) if (e[f] !== undefined) r[f] = e[f] as JsonTla;
    return r;
  },
  context(e, state) {
    const out: string[] = [];
    const show = (name: string, key: number): void => {
      const v = jsonTlaApply(state[name], key);
      if (v !== undefined) out.push(`${name}[${key}] = ${formatTla(v)}`);
    };
    if (typeof e.client === 'number') for (const n of ['pc', 'slot', 'id', 'done']) show(n, e.client);
    if (typeof e.slot === 'number') for (const n of ['val', 'capt', 'pending']) show(n, e.slot);
    if (typeof e.seg === 'number') show('segMeta', e.seg);
    return out;
  },
};

export interface CounterTrace {
  header: HeaderLine;
  events: EventLine[];
}

interface Node {
  seq: number;
  life: number;
  line: EventLine;
  kind: 'alloc' | 'write';
  /** The slot (writes) or segment (allocs). */
  where: number;
  answer: string;
  /** The code's value this write writes. */
  value?: string;
  /** The value an alreadyWritten found. */
  found?: string | null;
}

/** counterTrace orders the nodes' events into one trace (see the file comment). */
export function counterTrace(events: readonly TimedCounterEvent[], segSize: number): CounterTrace {
  const lives: number[] = [];
  const lifeOf = new Map<number, number>();
  for (const e of events) if (!lifeOf.has(e.client)) lifeOf.set(e.client, lives.push(e.client));
  const op = (v: string): JsonTla => {
    const m = /^(\d+):(\d+)$/.exec(v);
    const c = m ? lifeOf.get(Number(m[1])) : undefined;
    return m && c !== undefined ? [c, Number(m[2])] : v; // not a counter value: the validator rejects it
  };
  const answerOf = (a: string): string => (a === 'timeout' ? 'unknown' : a);
  const nodes: Node[] = [];
  const lost: Node[] = [];
  const inFlight = new Map<number, TimedCounterEvent>(); // life -> its call without an answer yet
  for (const e of events) {
    const life = lifeOf.get(e.client)!;
    if (e.ev === 'send' || e.ev === 'allocSend') {
      inFlight.set(life, e);
      continue;
    }
    inFlight.delete(life);
    const answer = answerOf(e.answer);
    if (e.ev === 'alloc') nodes.push({ seq: e.seq, life, kind: 'alloc', where: e.seg, answer, line: { action: 'Alloc', client: life, seg: e.seg, answer } });
    else {
      const found = e.found === null ? 'none' : op(e.found);
      nodes.push({ seq: e.seq, life, kind: 'write', where: e.slot, answer, value: e.value, found: e.found, line: { action: 'Write', client: life, slot: e.slot, value: op(e.value), answer, found } });
    }
  }
  for (const [life, e] of inFlight) {
    if (e.ev === 'send') lost.push({ seq: e.seq, life, kind: 'write', where: e.slot, answer: 'unknown', value: e.value, found: null, line: { action: 'Write', client: life, slot: e.slot, value: op(e.value), answer: 'unknown', found: 'none' } });
    else if (e.ev === 'allocSend') lost.push({ seq: e.seq, life, kind: 'alloc', where: e.seg, answer: 'unknown', line: { action: 'Alloc', client: life, seg: e.seg, answer: 'unknown' } });
  }
  // A call whose answer never came is kept only when somebody found what it did.
  for (const w of lost) {
    const needed =
      w.kind === 'write'
        ? nodes.some((n) => n.kind === 'write' && n.where === w.where && n.found === w.value) && !nodes.some((n) => n.kind === 'write' && n.where === w.where && n.value === w.value && n.answer === 'ok')
        : nodes.some((n) => n.kind === 'alloc' && n.where === w.where && n.answer === 'alreadyWritten') && !nodes.some((n) => n.kind === 'alloc' && n.where === w.where && (n.answer === 'ok' || n.answer === 'unknown'));
    if (needed) nodes.push(w);
  }
  nodes.sort((a, b) => a.seq - b.seq);
  const edges = nodes.map(() => new Set<number>());
  const edge = (a: number, b: number): void => {
    if (a !== b) edges[a]!.add(b);
  };
  const lastOfLife = new Map<number, number>();
  nodes.forEach((n, i) => {
    const prev = lastOfLife.get(n.life);
    if (prev !== undefined) edge(prev, i);
    lastOfLife.set(n.life, i);
  });
  const bySlot = new Map<number, number[]>();
  const bySeg = new Map<number, number[]>();
  nodes.forEach((n, i) => {
    const m = n.kind === 'write' ? bySlot : bySeg;
    if (!m.has(n.where)) m.set(n.where, []);
    m.get(n.where)!.push(i);
  });
  for (const ix of bySlot.values()) {
    const source = (v: string): number | undefined =>
      ix.find((i) => nodes[i]!.value === v && nodes[i]!.answer === 'ok') ?? ix.find((i) => nodes[i]!.value === v && nodes[i]!.answer === 'unknown') ?? ix.find((i) => nodes[i]!.value === v && nodes[i]!.answer === 'preempted');
    let winner: number | undefined = ix.find((i) => nodes[i]!.answer === 'ok');
    for (const i of ix) {
      const f = nodes[i]!.found;
      if (nodes[i]!.answer !== 'alreadyWritten' || !f) continue;
      const s = source(f);
      if (s !== undefined) {
        edge(s, i);
        winner ??= s;
      }
    }
    if (winner !== undefined) for (const i of ix) if (nodes[i]!.answer === 'preempted' && nodes[i]!.value !== nodes[winner]!.value) edge(i, winner);
  }
  for (const ix of bySeg.values()) {
    const src = ix.find((i) => nodes[i]!.answer === 'ok') ?? ix.find((i) => nodes[i]!.answer === 'unknown');
    if (src !== undefined) for (const i of ix) if (nodes[i]!.answer === 'alreadyWritten') edge(src, i);
  }
  // Kahn's algorithm, the earliest arrival first among the ready.
  const indeg = nodes.map(() => 0);
  for (const s of edges) for (const b of s) indeg[b]!++;
  const order: number[] = [];
  const ready = nodes.map((_, i) => i).filter((i) => indeg[i] === 0);
  while (ready.length > 0) {
    ready.sort((a, b) => nodes[a]!.seq - nodes[b]!.seq);
    const i = ready.shift()!;
    order.push(i);
    for (const b of edges[i]!) if (--indeg[b]! === 0) ready.push(b);
  }
  // A cycle (answers no order explains) keeps the arrival order: the validator then says where.
  const final = order.length === nodes.length ? order.map((i) => nodes[i]!) : nodes;
  return { header: { trace: 'WormCounter', nclient: lives.length, segSize, clients: lives }, events: final.map((n) => n.line) };
}

export interface CounterTraceVerdict {
  events: number;
  accepted: boolean;
  message: string;
  /** The spec's state after the last event (accepted traces), for the refinement mapping. */
  finalState: Record<string, JsonTla> | null;
}

/** checkCounterTrace validates a trace with the embedded checker; a rejection names its first unmatched event. */
export async function checkCounterTrace(trace: CounterTrace): Promise<CounterTraceVerdict> {
  const { checkTrace, describeEvent } = await import('../../trace/validate.ts');
  const { pickEngine } = await import('../../tla/engines.ts');
  const v = await checkTrace(trace, pickEngine('embedded'));
  const n = trace.events.length;
  if (v.accepted) return { events: n, accepted: true, message: `${n} events of ${trace.header.nclient as number} clients validated against WormCounter.tla (${v.distinct} states)`, finalState: v.finalState };
  const f = v.firstUnmatched;
  return { events: n, accepted: false, message: `event ${f ? f.index + 1 : '?'} of ${n} matches no behaviour of WormCounter: ${f ? describeEvent(f.event) : ''}${v.context.length ? ` (before it: ${v.context.join(', ')})` : ''}`, finalState: null };
}
