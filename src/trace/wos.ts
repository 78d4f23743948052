/**
 * Whole-system WOS traces: every API call of a run (every client, segment and register) with its
 * answer, checked against the API-level spec tla/wos/WOS.tla through the wrapper
 * tla/wos/TraceWOS.tla (descriptor `WOS`, registered in registry.ts).
 *
 * Header: `{"trace":"WOS","segments":2,"offsets":4}`. Events, ordered by the run's clock:
 *   {"action":"Call","client":3,"kind":"write","seg":0,"off":1,"lo":1,"hi":1,"value":"v3.7",
 *    "id":[4,2],"status":"ok","rvalue":null,"rid":null,"written":[],"refused":[],"unrepaired":[]}
 *   {"action":"Return","client":3}
 * A Call carries the call and the answer it got (status "unknown" when none came or it says
 * nothing: such a call may take effect later, or never); its Return follows when the answer came.
 * `kind` is alloc, check, trim, read, capture (capture and captureSegment: registers lo..hi),
 * write or writeSegment; `id` the capture id written with (null: the call captures itself,
 * [0,0]: the unsafe write); `rid` the capture id a capture answered; `rvalue` the value an answer
 * carries; `written` [{off, value}] the registers a capture found written; `refused` the offsets
 * a writeSegment answered preempted; `unrepaired` the offsets a captureSegment left promised above
 * its id; `nc` the place of the call's capture in the order the run's captures took effect
 * (wos-capture-order.ts; null: not known, the validator tries every place).
 *
 * The recorder (wosTraceOf) takes any list of call records with invocation and return times: the
 * simulator's history (src/sim/history.ts) or a real client library's (recordingClient below).
 */
import { isBallot, type Ballot } from '../core/ballot.ts';
import type { AnyResult } from '../core/messages.ts';
import type { Call, CallRecord } from '../sim/history.ts';
import type { JsonTla } from '../tla/result.ts';
import { formatTla } from '../tla/print.ts';
import {
  anyString, jsonTlaApply, naturalInt, orNull, positiveInt,
  type EventLine, type FieldCheck, type HeaderLine, type TraceDescriptor,
} from './spec-descriptor.ts';

const KINDS = ['alloc', 'check', 'trim', 'read', 'capture', 'write', 'writeSegment'];
const STATUSES = ['ok', 'alreadyWritten', 'unwritten', 'preempted', 'trimmed', 'notAllocated', 'unknown'];
const oneOf = (xs: string[]): FieldCheck => (v) => (typeof v === 'string' && xs.includes(v) ? null : `one of ${xs.join(', ')}`);
const ballot: FieldCheck = (v) => (isBallot(v) ? null : 'a ballot [round, clientId]');
const int: FieldCheck = (v) => (Number.isSafeInteger(v) ? null : 'an integer');
const offsets: FieldCheck = (v) => (Array.isArray(v) && v.every((x) => Number.isSafeInteger(x) && x >= 0) ? null : 'a list of offsets');
const offValues: FieldCheck = (v) =>
  Array.isArray(v) && v.every((w) => typeof w === 'object' && w !== null && Number.isSafeInteger((w as { off: unknown }).off) && typeof (w as { value: unknown }).value === 'string') ? null : 'a list of {off, value}';

export const WOS_EVENT_FIELDS: Record<string, Record<string, FieldCheck>> = {
  Call: {
    client: positiveInt, kind: oneOf(KINDS), seg: naturalInt, off: int, lo: int, hi: int,
    value: orNull(anyString), id: orNull(ballot), status: oneOf(STATUSES), rvalue: orNull(anyString),
    rid: orNull(ballot), written: offValues, refused: offsets, unrepaired: offsets, nc: orNull(positiveInt),
  },
  Return: { client: positiveInt },
};

interface Summary {
  clients: Set<number>;
  values: Set<string>;
  ballots: Map<string, Ballot>;
  captures: number;
}

const NONE: JsonTla = { $model: 'None' };
const key = (b: Ballot): string => `${b[0]},${b[1]}`;

function checkHeader(h: Record<string, unknown>): string | null {
  for (const f of ['segments', 'offsets']) if (!Number.isSafeInteger(h[f]) || (h[f] as number) < 1) return `header field "${f}" must be a positive integer`;
  return null;
}

function checkAgainstHeader(e: EventLine, h: HeaderLine): string | null {
  if (e.action !== 'Call') return null;
  if ((e.seg as number) >= (h.segments as number)) return `Call: segment ${e.seg as number} is not below the header's ${h.segments as number} segments`;
  const offs = h.offsets as number;
  const lo = e.lo as number, hi = e.hi as number;
  if (lo < 0 || hi >= offs || (lo > hi && !['alloc', 'check', 'trim'].includes(e.kind as string))) return `Call: registers ${lo}..${hi} are not a range of the header's ${offs} offsets`;
  return null;
}

/** A Call of a recorder older than the capture order states no order: nc null says exactly that. */
export function upgradeCall(e: Record<string, unknown>): Record<string, unknown> {
  return e.action === 'Call' && !('nc' in e) ? { ...e, nc: null } : e;
}

export const wosDescriptor: TraceDescriptor<Summary> = {
  name: 'WOS',
  title: 'tla/wos/WOS.tla (every call of a run)',
  specFiles: ['tla/wos/TraceWOS.tla', 'tla/wos/WOS.tla', 'tla/wos/WORAtomic.tla'],
  wrapper: 'TraceWOS',
  checkHeader,
  events: WOS_EVENT_FIELDS,
  upgrade: upgradeCall,
  checkAgainstHeader,
  summary: {
    init: () => ({ clients: new Set(), values: new Set(), ballots: new Map(), captures: 0 }),
    observe(s, e) {
      s.clients.add(e.client as number);
      if (e.action !== 'Call') return;
      for (const v of [e.value, e.rvalue]) if (typeof v === 'string') s.values.add(v);
      for (const w of e.written as { value: string }[]) s.values.add(w.value);
      if (isBallot(e.rid)) s.ballots.set(key(e.rid), e.rid);
      const k = e.kind as string;
      if (k === 'capture' || ((k === 'write' || k === 'writeSegment') && e.id === null)) s.captures++;
      if ((e.unrepaired as number[]).length > 0) s.captures++;
    },
  },
  constants(h, s) {
    const str = (x: string): string => JSON.stringify(x);
    const values = [...s.values].map(str).join(', ');
    return {
      definitions: [
        `SegDef == 0..${(h.segments as number) - 1}`,
        `OffDef == 0..${(h.offsets as number) - 1}`,
        `ClientDef == {${[...s.clients].sort((a, b) => a - b).join(', ')}}`,
        `ValueDef == {${values}}`,
        `MaxIdDef == ${s.captures + 1}`,
        `BallotDef == {${[...s.ballots.values()].map((b) => `<<${b[0]}, ${b[1]}>>`).join(', ')}}`,
      ],
      cfg: ['Seg <- SegDef', 'Off <- OffDef', 'Client <- ClientDef', 'Value <- ValueDef', 'Meta <- ValueDef', 'MaxId <- MaxIdDef', 'Ballot <- BallotDef', 'None = None'],
    };
  },
  eventValue(e): JsonTla {
    if (e.action === 'Return') return { action: 'Return', client: e.client as number };
    const orNone = (v: unknown): JsonTla => (v === null ? NONE : typeof v === 'string' ? v : [(v as Ballot)[0], (v as Ballot)[1]]);
    return {
      action: 'Call',
      client: e.client as number,
      kind: e.kind as string,
      seg: e.seg as number,
      off: e.off as number,
      lo: e.lo as number,
      hi: e.hi as number,
      value: orNone(e.value),
      id: orNone(e.id),
      status: e.status as string,
      rvalue: orNone(e.rvalue),
      rid: orNone(e.rid),
      written: { $set: (e.written as { off: number; value: string }[]).map((w) => ({ off: w.off, value: w.value })) },
      refused: { $set: (e.refused as number[]).slice() },
      unrepaired: { $set: (e.unrepaired as number[]).slice() },
      nc: e.nc === null ? NONE : (e.nc as number),
    };
  },
  context(e, state) {
    const out: string[] = [];
    const c = e.client as number;
    for (const n of ['pc', 'cur', 'resp']) {
      const v = jsonTlaApply(state[n], c);
      if (v !== undefined) out.push(`${n}[${c}] = ${formatTla(v)}`);
    }
    if (e.action === 'Call') {
      const seg = e.seg as number;
      for (const n of ['meta', 'trimmed']) {
        const v = jsonTlaApply(state[n], seg);
        if (v !== undefined) out.push(`${n}[${seg}] = ${formatTla(v)}`);
      }
      const regs = jsonTlaApply(state.reg, seg);
      for (let o = e.lo as number; o <= (e.hi as number); o++) {
        const v = jsonTlaApply(regs, o);
        if (v !== undefined) out.push(`reg[${seg}][${o}] = ${formatTla(v)}`);
      }
    }
    return out;
  },
};

// ---------------------------------------------------------------- the recorder

export interface WosTrace {
  header: HeaderLine;
  events: EventLine[];
}

/** A call record the recorder cannot state (a malformed record, never a workload's choice). */
export class WosTraceError extends Error {}

/** statusOf: the answer's status as the trace states it; unknown when it says nothing. */
function statusOf(call: Call, r: AnyResult | null): string {
  if (r === null || r.status === 'timeout') return 'unknown';
  // A preempted read, check, capture or trim tells nothing about the state (it may still take
  // effect: a capture's promises, a trim's drops).
  if (r.status === 'preempted' && ['read', 'check', 'capture', 'captureSegment', 'trim'].includes(call.kind)) return 'unknown';
  return r.status;
}

/** callEvent: the Call event of one record (answer included); nc its capture's place in the run's capture order, if known. */
export function callEvent(rec: CallRecord, nc: number | null = null): EventLine {
  const call = rec.call;
  const r = rec.result;
  const status = statusOf(call, r);
  const res = (status === 'unknown' ? null : r) as (AnyResult & Record<string, unknown>) | null;
  let off = 0, lo = 0, hi = -1;
  if ('off' in call) [off, lo, hi] = [call.off, call.off, call.off];
  if ('start' in call) [off, lo, hi] = [call.start, call.start, call.end - 1];
  const kind = call.kind === 'captureSegment' ? 'capture' : call.kind;
  const value = 'value' in call ? call.value : null;
  const id = 'captureId' in call ? call.captureId : null;
  if (id !== null && !isBallot(id)) throw new WosTraceError(`call ${rec.id}: capture id ${JSON.stringify(id)} is not a ballot`);
  let written: { off: number; value: string }[] = [];
  if (res && Array.isArray(res.written)) written = (res.written as { off: number; value: string }[]).map((w) => ({ off: w.off, value: w.value }));
  else if (res && typeof res.written === 'string' && 'off' in call) written = [{ off: call.off, value: res.written }];
  return {
    action: 'Call',
    client: rec.client,
    kind,
    seg: call.seg,
    off,
    lo,
    hi,
    value,
    id: id === null ? null : [id[0], id[1]],
    status,
    rvalue: res && typeof res.value === 'string' ? res.value : null,
    rid: res && isBallot(res.captureId) ? [res.captureId[0], res.captureId[1]] : null,
    written,
    refused: res && Array.isArray(res.preempted) ? (res.preempted as number[]).slice() : [],
    unrepaired: res && Array.isArray(res.unrepaired) ? (res.unrepaired as number[]).slice() : [],
    nc,
    at: rec.invokedAt,
  };
}

/**
 * wosTraceOf turns call records into one WOS trace. Events go by time: a call's Call at its
 * invocation, its Return at its answer (none for an unknown answer); at equal times Returns come
 * first (an answer that arrived at t cannot depend on a call invoked at t: messages take time).
 * Writes with a capture id no capture of the run answered (made up) are kept: the wrapper then
 * finds them unmatched, which is the finding. `captureOrder` (call id -> nc, wos-capture-order.ts)
 * pins the order of the captures where the run's acceptor events tell it.
 */
export function wosTraceOf(calls: readonly CallRecord[], segments: number, offsets: number, extra: Record<string, unknown> = {}, captureOrder: ReadonlyMap<number, number> = new Map()): WosTrace {
  const timed: { t: number; ret: boolean; id: number; e: EventLine }[] = [];
  for (const rec of calls) {
    const e = callEvent(rec, captureOrder.get(rec.id) ?? null);
    timed.push({ t: rec.invokedAt, ret: false, id: rec.id, e });
    if (e.status !== 'unknown') {
      if (rec.returnedAt === null) throw new WosTraceError(`call ${rec.id} has a result but no return time`);
      timed.push({ t: rec.returnedAt, ret: true, id: rec.id, e: { action: 'Return', client: rec.client, at: rec.returnedAt } });
    }
  }
  timed.sort((a, b) => a.t - b.t || Number(b.ret) - Number(a.ret) || a.id - b.id);
  // A Return names the NDJSON line of its Call (line 1 is the header), for a reader of a rejection.
  const callLine = new Map<number, number>();
  timed.forEach((x, i) => {
    if (!x.ret) callLine.set(x.id, i + 2);
    else x.e.call = callLine.get(x.id)!;
  });
  return { header: { trace: 'WOS', ...extra, segments, offsets }, events: timed.map((x) => x.e) };
}
