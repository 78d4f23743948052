/**
 * WormTX traces: the RMs' events (node.ts) cut into one trace per transaction, put in an order
 * the registers allow, and validated against tla/apps/WormTX.tla through the wrapper
 * tla/apps/TraceWormTX.tla (trace descriptor `WormTX`, registered in src/trace/registry.ts).
 *
 * Order. Events are recorded when their answers come back, which is after their linearization
 * points; two calls of different RMs may come back in the other order than they took effect. The
 * order is repaired from what the answers prove, as a topological sort that otherwise keeps the
 * order of arrival:
 * - captures of one register take effect in the order of their ballots (capture ids);
 * - an ok write with id X comes after the capture that gave X and before every later capture of
 *   that register; a preempted write comes after a capture above its id;
 * - whoever saw value v in register a (a read, a capture that found it, an alreadyWritten) saw it
 *   after the write that put it there (the ok write of v; else a write whose answer was lost);
 * - an RM's decision comes after everything that RM saw before it; its write of no after its
 *   capture.
 * A write whose answer never came (the RM died, or the call timed out) is kept only when
 * somebody saw its value, and then as an `unknown` answer.
 *
 * Participants are renumbered 0 .. NRM-1 in the order of their RM numbers.
 */
import { compareBallots, type Ballot } from '../../core/ballot.ts';
import type { EventLine, HeaderLine, TraceDescriptor } from '../../trace/spec-descriptor.ts';
import { naturalInt } from '../../trace/spec-descriptor.ts';
import { formatTla } from '../../tla/print.ts';
import type { JsonTla } from '../../tla/result.ts';
import { jsonTlaApply } from '../../trace/spec-descriptor.ts';
import type { TxEvent } from './types.ts';

export type TimedTxEvent = TxEvent & { at: number; seq: number };

const voteOrNone = (v: unknown): string | null => (v === 'yes' || v === 'no' || v === 'none' ? null : '"yes", "no" or "none"');
const oneOf = (...xs: string[]) => (v: unknown): string | null => (typeof v === 'string' && xs.includes(v) ? null : xs.map((x) => JSON.stringify(x)).join(' or '));
const ANSWERS = ['ok', 'alreadyWritten', 'preempted', 'trimmed', 'notAllocated', 'unknown'];

export const wormTxDescriptor: TraceDescriptor<{ captures: number }> = {
  name: 'WormTX',
  title: 'tla/apps/WormTX.tla (one transaction)',
  specFiles: ['tla/apps/TraceWormTX.tla', 'tla/apps/WormTX.tla', 'tla/apps/WOSApi.tla', 'tla/apps/TCommit.tla'],
  wrapper: 'TraceWormTX',
  checkHeader(h) {
    if (!Number.isSafeInteger(h.nrm) || (h.nrm as number) < 1 || (h.nrm as number) > 8) return 'header field "nrm" must be the number of participants (1..8)';
    return null;
  },
  events: {
    Precapture: { rm: naturalInt, answer: oneOf('ok', 'unknown') },
    Vote: { rm: naturalInt, vote: oneOf('yes', 'no'), answer: oneOf(...ANSWERS), value: voteOrNone },
    Capture: { rm: naturalInt, target: naturalInt, answer: oneOf(...ANSWERS), value: voteOrNone },
    AbortWrite: { rm: naturalInt, target: naturalInt, answer: oneOf(...ANSWERS), value: voteOrNone },
    Read: { rm: naturalInt, target: naturalInt, value: oneOf('yes', 'no') },
    Decide: { rm: naturalInt, outcome: oneOf('commit', 'abort') },
  },
  checkAgainstHeader(e, h) {
    const n = h.nrm as number;
    for (const f of ['rm', 'target']) if (typeof e[f] === 'number' && (e[f] as number) >= n) return `${e.action}: ${f} ${e[f] as number} is not a participant (nrm = ${n})`;
    return null;
  },
  summary: {
    init: () => ({ captures: 0 }),
    observe(s, e) {
      if (e.action === 'Capture' || e.action === 'Precapture') s.captures++;
    },
  },
  constants(h, { captures }) {
    return {
      // Every id the trace can take, plus one per RM so that TimeoutIdLeft (a model bound that
      // keeps ids for the pre-captures still to come) never blocks a capture the code made.
      definitions: [`NRMDef == ${h.nrm as number}`, `MaxIdDef == ${(h.nrm as number) + captures}`],
      cfg: ['NRM <- NRMDef', 'MaxId <- MaxIdDef', 'Unwritten = Unwritten', 'NoMeta = NoMeta', 'LateWrites = TRUE', 'Bug = "none"'],
    };
  },
  eventValue(e) {
    const r: Record<string, string | number> = { action: e.action };
    for (const f of ['rm', 'target', 'vote', 'answer', 'value', 'outcome']) if (e[f] !== undefined) r[f] = e[f] as string | number;
    return r;
  },
  context(e, state) {
    const out: string[] = [];
    const show = (name: string, key: number): void => {
      const v = jsonTlaApply(state[name], key);
      if (v !== undefined) out.push(`${name}[${key}] = ${formatTla(v)}`);
    };
    if (typeof e.rm === 'number') for (const n of ['rmState', 'holding']) show(n, e.rm);
    if (typeof e.target === 'number') for (const n of ['val', 'capt', 'pending']) show(n, e.target);
    else if (typeof e.rm === 'number') for (const n of ['val', 'capt', 'pending']) show(n, e.rm);
    return out;
  },
};

interface Node {
  seq: number;
  line: EventLine;
  /** The register (participant index) the event is about. */
  reg: number;
  rm: number;
  kind: 'precapture' | 'vote' | 'capture' | 'abortWrite' | 'read' | 'decide';
  answer?: string;
  value?: string;
  id?: Ballot;
  /** Captured this register with this id (ok, nothing written). */
  capId?: Ballot;
  /** A write: when it was sent (the arrival number of its `sent` event). */
  sentSeq?: number;
}

export interface TxTrace {
  t: number;
  header: HeaderLine;
  events: EventLine[];
  /** True when the transaction had a timeout capture or an answer lost (worth validating first). */
  eventful: boolean;
}

/** txTraces cuts the RMs' events into one ordered trace per transaction. */
export function txTraces(events: readonly TimedTxEvent[], started: ReadonlyMap<number, readonly number[]>, window: number): TxTrace[] {
  const byT = new Map<number, TimedTxEvent[]>();
  const pre = new Map<string, TimedTxEvent[]>(); // `${rm}/${w}` -> the window's captureSegment answers
  for (const e of events) {
    if (e.ev === 'precapture') {
      const k = `${e.rm}/${e.w}`;
      if (!pre.has(k)) pre.set(k, []);
      pre.get(k)!.push(e);
      continue;
    }
    if (!('t' in e)) continue;
    let l = byT.get(e.t);
    if (!l) byT.set(e.t, (l = []));
    l.push(e);
  }
  const out: TxTrace[] = [];
  for (const [t, parts] of started) {
    const own = parts.flatMap((r) => pre.get(`${r}/${Math.floor(t / window)}`) ?? []);
    const evs = [...own, ...(byT.get(t) ?? [])].sort((a, b) => a.seq - b.seq);
    const ix = new Map(parts.map((r, i) => [r, i]));
    const nodes: Node[] = [];
    const answered = new Set<string>(); // `${rm}/${call}`
    for (const e of evs) if (e.ev === 'vote' || e.ev === 'abortWrite') answered.add(`${e.rm}/${e.call}`);
    const sentAt = new Map<string, number>(); // `${rm}/${call}` -> seq of its `sent`
    for (const e of evs) if (e.ev === 'sent') sentAt.set(`${e.rm}/${e.call}`, e.seq);
    let eventful = false;
    const lost: Node[] = [];
    for (const e of evs) {
      const rm = ix.get(e.rm);
      if (rm === undefined) continue;
      switch (e.ev) {
        case 'precapture': {
          // Any answer but ok (a timeout, an error) leaves the RM without an id: it tries again.
          const answer = e.answer === 'ok' ? 'ok' : 'unknown';
          nodes.push({ seq: e.seq, rm, reg: rm, kind: 'precapture', answer, ...(answer === 'ok' && e.id ? { capId: e.id } : {}), line: { action: 'Precapture', rm, answer } });
          break;
        }
        case 'sent':
          if (!answered.has(`${e.rm}/${e.call}`) && e.target === e.rm) {
            lost.push({ seq: e.seq, rm, reg: rm, kind: 'vote', answer: 'unknown', value: e.vote, id: e.id, line: { action: 'Vote', rm, vote: e.vote, answer: 'unknown', value: 'none' } });
          }
          break;
        case 'vote': {
          const answer = e.answer === 'timeout' ? 'unknown' : e.answer;
          const n: Node = { seq: e.seq, rm, reg: rm, kind: 'vote', answer, value: answer === 'alreadyWritten' ? e.value : e.vote, id: e.id, sentSeq: sentAt.get(`${e.rm}/${e.call}`), line: { action: 'Vote', rm, vote: e.vote, answer, value: e.value ?? 'none' } };
          if (answer === 'unknown') lost.push(n);
          else nodes.push(n);
          break;
        }
        case 'capture': {
          const reg = ix.get(e.target);
          if (reg === undefined) break;
          eventful = true;
          const answer = e.answer === 'timeout' ? 'unknown' : e.answer;
          nodes.push({ seq: e.seq, rm, reg, kind: 'capture', answer, value: e.value, ...(answer === 'ok' && !e.value ? { capId: e.id } : {}), line: { action: 'Capture', rm, target: reg, answer, value: e.value ?? 'none' } });
          break;
        }
        case 'abortWrite': {
          const reg = ix.get(e.target);
          if (reg === undefined) break;
          const answer = e.answer === 'timeout' ? 'unknown' : e.answer;
          nodes.push({ seq: e.seq, rm, reg, kind: 'abortWrite', answer, value: answer === 'alreadyWritten' ? e.value : 'no', id: e.id, sentSeq: sentAt.get(`${e.rm}/${e.call}`), line: { action: 'AbortWrite', rm, target: reg, answer, value: e.value ?? 'none' } });
          break;
        }
        case 'read': {
          const reg = ix.get(e.target);
          if (reg === undefined) break;
          nodes.push({ seq: e.seq, rm, reg, kind: 'read', value: e.value, line: { action: 'Read', rm, target: reg, value: e.value } });
          break;
        }
        case 'decide':
          nodes.push({ seq: e.seq, rm, reg: rm, kind: 'decide', line: { action: 'Decide', rm, outcome: e.outcome } });
          break;
      }
    }
    // Observations: who saw which value where.
    const observes = (n: Node): boolean => n.kind === 'read' || (n.kind === 'capture' && n.value !== undefined) || n.answer === 'alreadyWritten';
    const okWrite = (n: Node): boolean => (n.kind === 'vote' || n.kind === 'abortWrite') && n.answer === 'ok';
    // A lost write is kept only as the source of a value nobody else wrote.
    for (const w of lost) {
      const seen = nodes.some((n) => observes(n) && n.reg === w.reg && n.value === w.value);
      const written = nodes.some((n) => okWrite(n) && n.reg === w.reg && n.value === w.value);
      if (seen && !written) {
        nodes.push(w);
        eventful = true;
      }
    }
    nodes.sort((a, b) => a.seq - b.seq);
    const edges = nodes.map(() => new Set<number>());
    const edge = (a: number, b: number): void => {
      if (a !== b) edges[a]!.add(b);
    };
    const idx = (n: Node): number => nodes.indexOf(n);
    for (let reg = 0; reg < parts.length; reg++) {
      const caps = nodes.filter((n) => n.reg === reg && n.capId).sort((a, b) => compareBallots(a.capId!, b.capId!));
      for (let i = 0; i + 1 < caps.length; i++) edge(idx(caps[i]!), idx(caps[i + 1]!));
      for (const w of nodes.filter((n) => n.reg === reg && (n.kind === 'vote' || n.kind === 'abortWrite') && n.id)) {
        const own = caps.find((c) => compareBallots(c.capId!, w.id!) === 0);
        if (own) edge(idx(own), idx(w));
        const later = caps.filter((c) => compareBallots(c.capId!, w.id!) > 0);
        if (w.answer === 'ok') for (const c of later) edge(idx(w), idx(c));
        if (w.answer === 'preempted' && later[0]) edge(idx(later[0]), idx(w));
        // A write answered preempted found the register unwritten (else it would have answered
        // alreadyWritten): it took effect before the write that filled it, if it was sent
        // before that write's answer came back.
        if (w.answer === 'preempted' && w.sentSeq !== undefined) {
          for (const o of nodes) if (o.reg === reg && okWrite(o) && w.sentSeq < o.seq) edge(idx(w), idx(o));
        }
      }
      for (const o of nodes.filter((n) => n.reg === reg && observes(n))) {
        const src = nodes.find((n) => n.reg === reg && okWrite(n) && n.value === o.value) ?? nodes.find((n) => n.reg === reg && n.answer === 'unknown' && n.kind !== 'capture' && n.value === o.value);
        if (src) {
          edge(idx(src), idx(o));
          continue;
        }
        // Only a preempted write put it there: it landed later (a capture's phase 1 or a read
        // found it and completed it). Its preemption needs a capture above its id first: when no
        // answered capture was one, the capture that found it was (it took a fresh ballot).
        const p = nodes.find((n) => n.reg === reg && n.answer === 'preempted' && (n.kind === 'vote' || n.kind === 'abortWrite') && n.value === o.value);
        if (!p) continue;
        edge(idx(p), idx(o));
        if (!caps.some((c) => p.id && compareBallots(c.capId!, p.id) > 0)) {
          const syn: Node = { seq: p.seq - 0.5, rm: o.rm, reg, kind: 'capture', answer: 'unknown', line: { action: 'Capture', rm: o.rm, target: reg, answer: 'unknown', value: 'none' } };
          nodes.push(syn);
          edges.push(new Set([idx(p)]));
        }
      }
    }
    for (const [i, n] of nodes.entries()) {
      // The spec's VoteNo with answer ok is also the RM's decision (abort).
      if (n.kind === 'vote' && n.value === 'no' && n.answer === 'ok') {
        for (let j = i + 1; j < nodes.length; j++) if (nodes[j]!.rm === n.rm && nodes[j]!.capId) edge(j, i);
      }
      if (n.kind === 'decide') {
        for (let j = 0; j < i; j++) if (nodes[j]!.rm === n.rm && nodes[j]!.answer !== 'unknown') edge(j, i);
        // A vote or a timeout capture is only ever sent while undecided: one whose answer came
        // back after the decision took effect before it (its linearization point is ours to pick).
        for (let j = i + 1; j < nodes.length; j++) {
          const m = nodes[j]!;
          if (m.rm === n.rm && (m.kind === 'vote' || m.capId) && m.seq > n.seq) edge(j, i);
        }
      }
      if (n.kind === 'abortWrite') {
        for (let j = i - 1; j >= 0; j--) {
          const c = nodes[j]!;
          if (c.kind === 'capture' && c.rm === n.rm && c.reg === n.reg) {
            edge(j, i);
            break;
          }
        }
      }
    }
    // Kahn's algorithm, smallest arrival first among the ready.
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
    if (nodes.some((n) => n.answer === 'unknown' || n.answer === 'preempted')) eventful = true;
    out.push({ t, header: { trace: 'WormTX', nrm: parts.length, t, rms: parts.map((r) => `rm${r}`) }, events: final.map((n) => n.line), eventful });
  }
  return out;
}

export interface TxTraceVerdict {
  events: number;
  accepted: boolean;
  message: string;
  /** The state WormTX.tla reached at the end of each validated transaction's trace. */
  finalStates: Map<number, Record<string, JsonTla>>;
}

/**
 * checkTxTrace validates the traces of up to `limit` transactions (the eventful ones first: a
 * timeout capture, a lost answer, a preemption; then the others in order) with the embedded
 * checker. The message says how many were checked of how many, and names the first rejected
 * event.
 */
export async function checkTxTrace(events: readonly TimedTxEvent[], o: { started: ReadonlyMap<number, readonly number[]>; window: number; limit?: number }): Promise<TxTraceVerdict> {
  const { checkTrace, describeEvent } = await import('../../trace/validate.ts');
  const { pickEngine } = await import('../../tla/engines.ts');
  const engine = pickEngine('embedded');
  const all = txTraces(events, o.started, o.window);
  const limit = o.limit ?? 12;
  const chosen = [...all.filter((t) => t.eventful), ...all.filter((t) => !t.eventful)].slice(0, limit);
  let n = 0;
  const finalStates = new Map<number, Record<string, JsonTla>>();
  for (const tr of chosen) {
    const v = await checkTrace({ header: tr.header, events: tr.events }, engine);
    n += tr.events.length;
    if (v.accepted && v.finalState) finalStates.set(tr.t, v.finalState);
    if (!v.accepted) {
      const f = v.firstUnmatched;
      return { events: n, accepted: false, finalStates, message: `transaction ${tr.t}: event ${f ? f.index + 1 : '?'} of ${tr.events.length} matches no behaviour of WormTX: ${f ? describeEvent(f.event) : ''}${v.context.length ? ` (before it: ${v.context.join(', ')})` : ''}` };
    }
  }
  return { events: n, accepted: true, finalStates, message: `${chosen.length} of ${all.length} transactions validated against WormTX.tla (${chosen.filter((t) => t.eventful).length} with timeouts, preemptions or lost answers)` };
}

