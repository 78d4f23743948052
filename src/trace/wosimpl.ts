/**
 * Whole-system WOS traces at the protocol level: every call of a run as the client library builds
 * it from write-once registers, checked against tla/wos/WOSImpl.tla through the wrapper
 * tla/wos/TraceWOSImpl.tla (descriptor `WOSImpl`, registered in registry.ts).
 *
 * Header: `{"trace":"WOSImpl","segments":2,"offsets":3}`. Events, in the order the run took them:
 *   Call         {client, ...the WOS trace's Call fields (wos.ts), meta, mvalue, mc, td}
 *   MetaChecked  {client}         the call's metadata-WOR read answered and the call goes on
 *   TrimDecided  {client}         trim: the trim WOR's decision answered (the drop comes next)
 *   Apply        {server, seg}    a server dropped the segment (its acceptor's Trim step)
 *   Return       {client}
 * `meta` is the answer of the call's metadata read (the allocation check of trim and register
 * calls): "ok" (with `mvalue`, the metadata), "unwritten", "trimmed", "other" (preempted or
 * timeout: says nothing), or "none" when the call made none (alloc, check, a register call whose
 * client had cached the allocation); `mc`/`td` say whether a MetaChecked/TrimDecided event follows.
 *
 * `nc` pins the capture order as in the WOS trace (wos-capture-order.ts).
 *
 * wosImplTraceOf builds it from the core's trace events (src/core/trace.ts: TracedOp's
 * Invoke/Return, each proposer op's start and answer, each acceptor's Trim), in the order they
 * were emitted, and the call records of the same run (their answers): the simulator's
 * (wosimpl-record.ts) or a real client library's (CallRecorder with the clients' tracer).
 */
import { META_OFFSET, TRIM_OFFSET } from '../core/address.ts';
import type { AnyResult } from '../core/messages.ts';
import type { TraceEvent } from '../core/trace.ts';
import type { CallRecord } from '../sim/history.ts';
import type { JsonTla } from '../tla/result.ts';
import { formatTla } from '../tla/print.ts';
import { anyString, bool, jsonTlaApply, naturalInt, nonEmptyString, orNull, positiveInt, type EventLine, type HeaderLine, type TraceDescriptor } from './spec-descriptor.ts';
import { callEvent, upgradeCall, WosTraceError, wosDescriptor, WOS_EVENT_FIELDS, type WosTrace } from './wos.ts';

const METAS = ['none', 'ok', 'unwritten', 'trimmed', 'other'];

export const WOSIMPL_EVENT_FIELDS = {
  Call: {
    ...WOS_EVENT_FIELDS.Call,
    meta: (v: unknown) => (typeof v === 'string' && METAS.includes(v) ? null : `one of ${METAS.join(', ')}`),
    mvalue: orNull(anyString),
    mc: bool,
    td: bool,
  },
  MetaChecked: { client: positiveInt },
  TrimDecided: { client: positiveInt },
  Apply: { server: nonEmptyString, seg: naturalInt },
  Return: { client: positiveInt },
};

interface Summary {
  wos: ReturnType<typeof wosDescriptor.summary.init>;
  allocs: number;
}

export const wosImplDescriptor: TraceDescriptor<Summary> = {
  name: 'WOSImpl',
  title: 'tla/wos/WOSImpl.tla (every call of a run, at the WOR level)',
  specFiles: ['tla/wos/TraceWOSImpl.tla', 'tla/wos/WOSImpl.tla', 'tla/wos/WOS.tla', 'tla/wos/WORAtomic.tla'],
  wrapper: 'TraceWOSImpl',
  checkHeader: (h) => wosDescriptor.checkHeader(h),
  events: WOSIMPL_EVENT_FIELDS,
  upgrade: upgradeCall,
  checkAgainstHeader(e, h) {
    if (e.action === 'Apply' && (e.seg as number) >= (h.segments as number)) return `Apply: segment ${e.seg as number} is not below the header's ${h.segments as number} segments`;
    return wosDescriptor.checkAgainstHeader!(e, h);
  },
  summary: {
    init: (h) => ({ wos: wosDescriptor.summary.init(h), allocs: 0 }),
    observe(s, e) {
      if (e.action === 'Apply') return;
      wosDescriptor.summary.observe(s.wos, e);
      if (e.action !== 'Call') return;
      if (typeof e.mvalue === 'string') s.wos.values.add(e.mvalue);
      if (e.kind === 'alloc') s.allocs++;
    },
  },
  constants(h, s) {
    const base = wosDescriptor.constants(h, s.wos);
    // WOSImpl uses segment 0 for "none" (trimming[c], NoAlloc): its segments are 1..N, the trace's
    // segment s is WOSImpl's s + 1 (eventValue shifts it).
    const defs = base.definitions.map((d) => (d.startsWith('SegDef ==') ? `SegDef == 1..${h.segments as number}` : d));
    return {
      definitions: [...defs, `MaxCtlIdDef == ${s.allocs + 1}`],
      cfg: [
        ...base.cfg,
        'MaxCtlId <- MaxCtlIdDef',
        // the code as it is: none of WOSImpl's deliberate bugs
        'AllocWithoutConsensus = FALSE',
        'WriteIgnoresTrim = FALSE',
        'ReadSkipsAllocCheck = FALSE',
      ],
    };
  },
  eventValue(e): JsonTla {
    if (e.action === 'Apply') return { action: 'Apply', server: e.server as string, seg: (e.seg as number) + 1 };
    if (e.action !== 'Call') return { action: e.action, client: e.client as number };
    const base = wosDescriptor.eventValue(e) as Record<string, JsonTla>;
    return { ...base, seg: (e.seg as number) + 1, meta: e.meta as string, mvalue: e.mvalue === null ? { $model: 'None' } : (e.mvalue as string), mc: e.mc as boolean, td: e.td as boolean };
  },
  context(e, state) {
    if (e.action === 'Apply') {
      const v = jsonTlaApply(state.trimWor, (e.seg as number) + 1);
      return v === undefined ? [] : [`trimWor[${(e.seg as number) + 1}] = ${formatTla(v)}`];
    }
    const out: string[] = [];
    const c = e.client as number;
    for (const n of ['pc', 'bar', 'cur', 'resp', 'allocating', 'trimming']) {
      const v = jsonTlaApply(state[n], c);
      if (v !== undefined) out.push(`${n}[${c}] = ${formatTla(v)}`);
    }
    if (e.action === 'Call') {
      const seg = (e.seg as number) + 1;
      for (const n of ['metaWor', 'trimWor', 'applied']) {
        const v = jsonTlaApply(state[n], seg);
        if (v !== undefined) out.push(`${n}[${seg}] = ${formatTla(v)}`);
      }
    }
    return out;
  },
};

// ---------------------------------------------------------------- the builder

/** The metadata read's answer as the trace states it. */
function metaOf(r: { status?: unknown; value?: unknown }): { meta: string; mvalue: string | null } {
  if (r.status === 'ok' && typeof r.value === 'string') return { meta: 'ok', mvalue: r.value };
  if (r.status === 'unwritten' || r.status === 'trimmed') return { meta: r.status, mvalue: null };
  return { meta: 'other', mvalue: null };
}

/** Does the call go on after its metadata read answered `meta` (else that answer is the call's)? */
const goesOn = (kind: string, meta: string): boolean => meta === 'ok' || (kind === 'trim' && meta === 'trimmed');

/** A proposer op's answer (BaseOp.finish): `...Done`, `...Preempted`, `Timeout`. */
const isAnswer = (action: string): boolean => action === 'Timeout' || action.endsWith('Done') || action.endsWith('Preempted');

interface Live {
  rec: CallRecord;
  /** The register the op currently running works on (its start event's `off`), or null. */
  sub: number | null;
  call: EventLine;
}

/**
 * wosImplTraceOf: the protocol-level trace of a run from its core trace events (in emission order)
 * and its call records. The k-th Invoke of a client is its k-th call record (by invocation): a
 * client runs one call at a time, as the simulator's and the recorded real clients do.
 */
export function wosImplTraceOf(
  events: readonly TraceEvent[],
  calls: readonly CallRecord[],
  segments: number,
  offsets: number,
  extra: Record<string, unknown> = {},
  captureOrder: ReadonlyMap<number, number> = new Map(),
  /** Where event i came from (a log line, `server-2.ndjson:57`): written as the trace event's `log`. */
  sourceOf?: (i: number) => string | undefined,
): WosTrace {
  const queue = new Map<number, CallRecord[]>();
  for (const rec of [...calls].sort((a, b) => a.invokedAt - b.invokedAt || a.id - b.id)) {
    if (!queue.has(rec.client)) queue.set(rec.client, []);
    queue.get(rec.client)!.push(rec);
  }
  const live = new Map<string, Live>();
  // Slots in event order; barrier slots of a call are dropped at the end if its answer is unknown.
  const out: { e: EventLine; of: Live | null }[] = [];
  const from = (i: number): { log?: string } => {
    const src = sourceOf?.(i);
    return src === undefined ? {} : { log: src };
  };
  for (const [i, ev] of events.entries()) {
    const v = ev.vars;
    if ('acceptor' in v) {
      if (ev.action === 'Trim' && v.trimmed === true) out.push({ e: { action: 'Apply', server: String(v.acceptor ?? 'server'), seg: v.seg as number, ...from(i) }, of: null });
      continue;
    }
    if (typeof v.client !== 'number' || typeof v.rid !== 'number') continue;
    const key = `${v.client}/${v.rid}`;
    if (ev.action.startsWith('Invoke')) {
      const rec = queue.get(v.client)?.shift();
      if (!rec) throw new WosTraceError(`client ${v.client}: ${ev.action} (rid ${v.rid}) has no call record`);
      const call = { ...callEvent(rec, captureOrder.get(rec.id) ?? null), meta: 'none', mvalue: null, mc: false, td: false, ...from(i) };
      const l: Live = { rec, sub: null, call };
      live.set(key, l);
      out.push({ e: call, of: l });
      continue;
    }
    const l = live.get(key);
    if (!l) continue; // a crashed client's op, or a reply after the call ended
    const kind = l.call.kind as string;
    if (ev.action.startsWith('Return')) {
      live.delete(key);
      if (l.call.status !== 'unknown') out.push({ e: { action: 'Return', client: l.rec.client, ...from(i) }, of: l });
      continue;
    }
    if (!isAnswer(ev.action)) {
      if (typeof v.off === 'number') l.sub = v.off;
      else if (ev.action !== 'Repair') l.sub = null;
      continue;
    }
    const r = (v.result ?? {}) as AnyResult & { value?: unknown };
    if (l.sub === META_OFFSET && kind !== 'alloc' && kind !== 'check' && l.call.meta === 'none') {
      Object.assign(l.call, metaOf(r));
      if (goesOn(kind, l.call.meta as string)) {
        l.call.mc = true;
        out.push({ e: { action: 'MetaChecked', client: l.rec.client, ...from(i) }, of: l });
      }
    } else if (l.sub === TRIM_OFFSET && kind === 'trim' && !l.call.td) {
      if (r.status === 'ok' || r.status === 'alreadyWritten' || r.status === 'trimmed') {
        l.call.td = true;
        out.push({ e: { action: 'TrimDecided', client: l.rec.client, ...from(i) }, of: l });
      }
    }
    l.sub = null; // the op answered; the next one names its register when it starts
  }
  const kept = out.filter((x) => x.of === null || x.e.action === 'Call' || x.of.call.status !== 'unknown');
  // A Return names the NDJSON line of its Call (line 1 is the header), for a reader of a rejection.
  const callLine = new Map<Live, number>();
  kept.forEach((x, i) => {
    if (x.e.action === 'Call') callLine.set(x.of!, i + 2);
    else if (x.e.action === 'Return') x.e.call = callLine.get(x.of!)!;
  });
  return { header: { trace: 'WOSImpl', ...extra, segments, offsets }, events: kept.map((x) => x.e) };
}
