/**
 * WOS-level traces of a real cluster whose servers and clients are separate processes, each with
 * its own event log (event-log.ts), merged into one execution by merge.ts: the whole run as one
 * WOS trace (tla/wos/TraceWOS.tla) and one WOSImpl trace (tla/wos/TraceWOSImpl.tla), with the
 * capture order pinned (wos-capture-order.ts).
 *
 * In one process the WOS recorders take the call records of CallRecorder and the core's events in
 * the order they were emitted. Across processes neither exists: the calls are in the clients'
 * logs (TracedOp's Invoke and Return events carry the call's arguments and its answer) and the
 * acceptors' promises, which the capture order is read from, only in the servers' logs. So the
 * calls are rebuilt from the merged events, and the merged order stands for the emission order:
 * the capture order needs, for each capture, the point where a quorum of its register's
 * acceptors had promised its ballot, and the merge places every acceptor event after the client
 * event that sent its request and every client answer after the replies it used (merge.ts), so
 * that point lies between the call's invocation and its answer, as in one process.
 *
 * What the logs state differently from one process, and how it is mapped:
 * - Segments are any numbers (a `tx demo` uses 6082590003); WOS numbers them 0..N-1: the trace's
 *   segment k is the k-th lowest segment any event names (`segments` in the result says which).
 * - A client of the library runs calls concurrently; WOS's client runs one at a time. A call
 *   invoked while another call of its client is under way is run by a virtual client (an id above
 *   every real one), which is free again once the call answered. Nothing else changes: WOS capture
 *   ids are the code's ballots, whoever writes with them.
 * - A call whose client died (kill -9) has an Invoke and no Return: no answer (unknown), as a
 *   simulated client's crash; except a write whose phase 2 a quorum of acceptors accepted, which
 *   took effect there and gets the answer the code would have given (settle below).
 */
import { isBallot, type Ballot } from '../core/ballot.ts';
import type { AnyResult, Value } from '../core/messages.ts';
import type { TraceEvent } from '../core/trace.ts';
import type { Call, CallRecord } from '../sim/history.ts';
import type { Merged } from './merge.ts';
import { captureOrder } from './wos-capture-order.ts';
import { wosTraceOf, WosTraceError, type WosTrace } from './wos.ts';
import { wosImplTraceOf } from './wosimpl.ts';

export interface ClusterWos {
  /** The API-level trace (header trace "WOS"). */
  wos: WosTrace;
  /** The protocol-level trace (header trace "WOSImpl"). */
  wosimpl: WosTrace;
  /** The run's segments, in the trace's numbering: segments[k] is the trace's segment k. */
  segments: number[];
  calls: number;
  /** Calls with no answer (their client died, or the answer said nothing). */
  unanswered: number;
  /** Calls without an answer in their client's log whose write a quorum accepted: answered there (settle). */
  settled: number;
  /** Calls whose capture's place in the capture order is pinned (nc). */
  pinned: number;
  /** Calls run by virtual clients (a call that overlapped another call of its client). */
  virtual: number;
}

const num = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const str = (x: unknown): x is string => typeof x === 'string';
const idOf = (x: unknown): Ballot | null => (x === null || x === undefined ? null : isBallot(x) ? [x[0], x[1]] : (() => { throw new WosTraceError(`capture id ${JSON.stringify(x)} is not a ballot`); })());

/** callOf: the call an Invoke event names (its action is `Invoke${name}`); null for one WOS has no call for. */
function callOf(name: string, v: Record<string, unknown>, seg: number): Call | null {
  const bad = (what: string): never => {
    throw new WosTraceError(`Invoke${name} of client ${String(v.client)} (rid ${String(v.rid)}): ${what}`);
  };
  const off = (): number => (num(v.off) && v.off >= 0 ? v.off : bad('no offset'));
  const range = (): { start: number; end: number } => (num(v.start) && num(v.end) && v.start >= 0 && v.start < v.end ? { start: v.start, end: v.end } : bad('no range'));
  const value = (): Value => (str(v.value) ? v.value : bad('no value'));
  switch (name) {
    case 'Alloc':
      return { kind: 'alloc', seg, value: value() };
    case 'Check':
      return { kind: 'check', seg };
    case 'Trim':
      return { kind: 'trim', seg };
    case 'Capture':
      return { kind: 'capture', seg, off: off() };
    case 'Read':
      return { kind: 'read', seg, off: off() };
    case 'Write':
      return { kind: 'write', seg, off: off(), value: value(), captureId: idOf(v.captureId) };
    case 'CaptureSegment':
      return { kind: 'captureSegment', seg, ...range() };
    case 'WriteSegment':
      return { kind: 'writeSegment', seg, ...range(), value: value(), captureId: idOf(v.captureId) };
    default:
      return null;
  }
}

/**
 * wosOfMerged: the WOS and WOSImpl traces of a merged run (mergeLogs). `quorum` is the acceptors a
 * register's capture needs (default: a majority of the acceptors the logs name, one partition).
 */
export function wosOfMerged(merged: Merged, opts: { quorum?: number; extra?: Record<string, unknown> } = {}): ClusterWos {
  // Segments: every one an event names, renumbered 0..N-1 in order.
  const segSet = new Set<number>();
  for (const e of merged.events) if (num(e.vars.seg)) segSet.add(e.vars.seg);
  const segments = [...segSet].sort((a, b) => a - b);
  const segIndex = new Map(segments.map((s, i) => [s, i]));
  const realClients = new Set<number>();
  for (const e of merged.events) if (num(e.vars.client)) realClients.add(e.vars.client);
  let nextVirtual = Math.max(0, ...realClients) + 1;
  const free = new Map<number, number[]>(); // real client -> its idle virtual clients
  const busy = new Set<number>(); // WOS clients with a call under way

  const calls: CallRecord[] = [];
  const live = new Map<string, { rec: CallRecord; wosClient: number }>(); // `${client}/${rid}` -> call
  const events: TraceEvent[] = [];
  // The last phase-2 start (Write event) of each call, while it has no answer.
  const lastWrite = new Map<CallRecord, { at: number; off: number; ballot: Ballot; value: string; rid: number }>();
  let offsets = 1;
  let virtual = 0;
  merged.events.forEach((ev, at) => {
    const v = ev.vars;
    const seg = num(v.seg) ? segIndex.get(v.seg)! : undefined;
    const vars: Record<string, unknown> = seg === undefined ? { ...v } : { ...v, seg };
    if (!('acceptor' in v) && num(v.client) && num(v.rid)) {
      const key = `${v.client}/${v.rid}`;
      if (ev.action.startsWith('Invoke')) {
        if (seg === undefined) throw new WosTraceError(`${ev.action} of client ${v.client} (rid ${v.rid}) names no segment`);
        const call = callOf(ev.action.slice('Invoke'.length), v, seg);
        if (call !== null && !live.has(key)) {
          let wosClient = v.client;
          if (busy.has(wosClient)) {
            const idle = free.get(v.client) ?? [];
            wosClient = idle.shift() ?? nextVirtual++;
            free.set(v.client, idle);
            virtual++;
          }
          busy.add(wosClient);
          const rec: CallRecord = { id: calls.length, client: wosClient, call, invokedAt: at, returnedAt: null, result: null, liveness: false };
          calls.push(rec);
          live.set(key, { rec, wosClient });
          if ('off' in call) offsets = Math.max(offsets, call.off + 1);
          if ('end' in call) offsets = Math.max(offsets, call.end);
        } else {
          // Not a WOS call (or a repeated rid): kept in place under another name, so that the k-th
          // Invoke of a client stays its k-th call and event i stays merged event i.
          events.push({ action: `Unlisted${ev.action}`, vars });
          return;
        }
      }
      const l = live.get(key);
      if (l) {
        vars.client = l.wosClient;
        if (ev.action === 'Write' && isBallot(v.ballot) && num(v.off) && str(v.value)) lastWrite.set(l.rec, { at, off: v.off, ballot: v.ballot, value: v.value, rid: v.rid });
        if (ev.action.startsWith('Return')) {
          lastWrite.delete(l.rec);
          l.rec.result = (v.result ?? null) as AnyResult | null;
          l.rec.returnedAt = at;
          live.delete(key);
          busy.delete(l.wosClient);
          if (l.wosClient !== v.client) free.get(v.client)!.push(l.wosClient);
        }
      }
    }
    events.push({ action: ev.action, vars });
  });
  if (calls.length === 0) throw new WosTraceError('the logs hold no call of a client (no Invoke event): nothing to check at the WOS level');
  const quorum = opts.quorum ?? Math.floor(merged.acceptors.length / 2) + 1;
  // Unanswered writes the acceptors show decided: answered where their quorum accepted.
  const settledAt = settle(events, lastWrite, quorum);
  const all: TraceEvent[] = [];
  const srcs: (string | undefined)[] = [];
  events.forEach((e, i) => {
    all.push(e);
    srcs.push(merged.events[i]?.src);
    for (const r of settledAt.get(i) ?? []) {
      all.push(r);
      srcs.push(merged.events[i]?.src);
    }
  });
  const order = captureOrder(all, calls, quorum, offsets);
  const extra = { source: 'cluster', ...opts.extra };
  const wos = wosTraceOf(calls, segments.length, offsets, extra, order);
  // Each event names the log line it stands for (a Call its Invoke, a Return its Return, a
  // settled call's Return the Accepted that completed its quorum).
  for (const e of wos.events) {
    const from = typeof e.at === 'number' ? merged.events[Math.floor(e.at)]?.src : undefined;
    if (from !== undefined) e.log = from;
  }
  return {
    wos,
    wosimpl: wosImplTraceOf(all, calls, segments.length, offsets, extra, order, (i) => srcs[i]),
    segments,
    calls: calls.length,
    unanswered: calls.filter((c) => c.result === null || c.result.status === 'timeout').length,
    settled: [...settledAt.values()].reduce((n, rs) => n + rs.length, 0),
    pinned: order.size,
    virtual,
  };
}

/**
 * settle: the unanswered writes (their client died after its phase 2 started) whose value a quorum
 * of the register's acceptors accepted at the call's ballot. The call took effect there: the code
 * would have answered ok (its value decided at its own ballot), or alreadyWritten with the value
 * its phase 1 revealed and it completed. Each gets that answer, returned right after the Accepted
 * event that completed the quorum (a synthetic Return event, and returnedAt half past that
 * event's index). Returns event index -> the Return events to insert after it.
 */
function settle(events: readonly TraceEvent[], lastWrite: ReadonlyMap<CallRecord, { at: number; off: number; ballot: Ballot; value: string; rid: number }>, quorum: number): Map<number, TraceEvent[]> {
  const out = new Map<number, TraceEvent[]>();
  for (const [rec, w] of lastWrite) {
    if (rec.result !== null || rec.call.kind !== 'write') continue;
    const by = new Set<string>();
    for (let i = w.at + 1; i < events.length; i++) {
      const v = events[i]!.vars;
      if (events[i]!.action !== 'Accepted' || v.seg !== rec.call.seg || v.off !== w.off || !isBallot(v.ballot) || v.ballot[0] !== w.ballot[0] || v.ballot[1] !== w.ballot[1]) continue;
      by.add(String(v.acceptor));
      if (by.size < quorum) continue;
      const result = (w.value === rec.call.value ? { status: 'ok' } : { status: 'alreadyWritten', value: w.value }) as AnyResult;
      rec.result = result;
      rec.returnedAt = i + 0.5;
      const r: TraceEvent = { action: 'ReturnWrite', vars: { rid: w.rid, client: rec.client, seg: rec.call.seg, off: w.off, result, settled: true } };
      out.set(i, [...(out.get(i) ?? []), r]);
      break;
    }
  }
  return out;
}
