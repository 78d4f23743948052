/**
 * The trace descriptor of WormLog (src/trace/spec-descriptor.ts): `wormspace trace check` and
 * `checkTrace` (src/trace/validate.ts) read WormLog traces through it. Header: `{"trace":
 * "WormLog", segSize, nseg, sequencers, clients, readers, captures, ...}` (trace.ts writes it).
 *
 * The wrapper, tla/apps/TraceWormLog.tla, lets a WOS call take its step anywhere in its
 * linearization window, which each call states relative to itself (`back`: its index minus `inv`),
 * so that the streaming validator, which slides TraceLog, needs no table of absolute indexes; it
 * checks the first `Upto` events (all of them here) and looks `MaxBack` events ahead. The generic bisection
 * of a rejected trace slices the events, and a sliced log loses later events that an earlier one
 * may need early, so the event it names may come early; src/apps/wormlog/validate.ts bisects with
 * the whole log and `Upto` instead, and is what the simulation uses.
 */
import type { JsonTla } from '../../tla/result.ts';
import { anyString, bool, listOf, naturalInt, nonEmptyString, orNull, positiveInt, type EventLine, type FieldCheck, type HeaderLine, type TraceDescriptor } from '../../trace/spec-descriptor.ts';
import { JUNK_VALUE } from './node.ts';

export const WORMLOG_SPEC_FILES = ['tla/apps/WormLog.tla', 'tla/apps/WOSApi.tla', 'tla/apps/SharedLog.tla', 'tla/apps/TraceWormLog.tla'];

const str = (s: string): string => JSON.stringify(s);
const set = (xs: readonly string[]): string => `{${xs.map(str).join(', ')}}`;

/**
 * The wrapper's definitions and constants for a run's header (both paths use them: `trace check`
 * through this descriptor, the simulation's bisection through validate.ts). Upto and MaxBack are
 * the caller's: they depend on how much of the log is checked.
 */
export function wormLogConstants(h: { nseg: number; segSize: number; captures: number; clients: readonly string[]; sequencers: readonly string[]; readers: readonly string[] }): { definitions: string[]; cfg: string[] } {
  return {
    definitions: [`ClientDef == ${set(h.clients)}`, `SequencerDef == ${set(h.sequencers)}`, `ReaderDef == ${set(h.readers)}`],
    cfg: [
      `NSeg = ${h.nseg}`,
      `SegSize = ${h.segSize}`,
      'Client <- ClientDef',
      'Sequencer <- SequencerDef',
      'Reader <- ReaderDef',
      `MaxId = ${Math.max(1, h.captures)}`,
      'Junk = Junk',
      'Unwritten = Unwritten',
      'NoMeta = NoMeta',
      'LateWrites = TRUE',
      'Unheard = TRUE',
      'Bug = "none"',
    ],
  };
}

const inv = positiveInt;
const back = naturalInt;
const id = nonEmptyString;
const value = anyString;

export const WORMLOG_EVENT_FIELDS: Record<string, Record<string, FieldCheck>> = {
  SeqAlloc: { inv, back, s: nonEmptyString, seg: naturalInt },
  SeqAllocLost: { inv, back, s: nonEmptyString, seg: naturalInt },
  SeqCapture: { inv, back, s: nonEmptyString, seg: naturalInt, id },
  Grant: { s: nonEmptyString, c: nonEmptyString, slot: naturalInt, id },
  GrantLost: { s: nonEmptyString, slot: naturalInt },
  ClientWrite: { inv, back, c: nonEmptyString, slot: naturalInt, id, code: nonEmptyString, value: orNull(value), acked: bool },
  Read: { inv, back, r: nonEmptyString, pos: naturalInt, value },
  ReaderCapture: { inv, back, r: nonEmptyString, pos: naturalInt, id },
  ReaderFill: { inv, back, r: nonEmptyString, pos: naturalInt, id, code: nonEmptyString, value: orNull(value) },
  Stray: { inv, back, call: (v) => (v === 'write' || v === 'capture' || v === 'captureSegment' || v === 'alloc' ? null : 'write, capture, captureSegment or alloc') },
};

interface Summary {
  count: number;
  /** The largest `back` (at least 1): how far ahead the wrapper looks for calls to take early. */
  maxBack: number;
}

const strings = listOf((v) => (typeof v === 'string' ? null : 'x'), 'a list of strings');
const specValue = (v: unknown): JsonTla => (v === null || v === undefined ? 'none' : v === JUNK_VALUE ? { $model: 'Junk' } : String(v));

export const wormLogDescriptor: TraceDescriptor<Summary> = {
  name: 'WormLog',
  title: 'tla/apps/WormLog.tla (wrapper tla/apps/TraceWormLog.tla)',
  specFiles: WORMLOG_SPEC_FILES,
  wrapper: 'TraceWormLog',
  checkHeader(h) {
    for (const k of ['segSize', 'nseg']) if (positiveInt(h[k]) !== null) return `"${k}" must be a positive integer`;
    if (naturalInt(h.captures) !== null) return '"captures" must be a non-negative integer';
    for (const k of ['sequencers', 'clients', 'readers']) if (strings(h[k]) !== null) return `"${k}" must be a list of strings`;
    return null;
  },
  events: WORMLOG_EVENT_FIELDS,
  // Traces recorded before `back` existed (commit f2e4d0a) carry `inv` only. `back` is defined as
  // the event's own number minus `inv` (trace.ts writes exactly that), so it is derived, not
  // guessed: an old trace is checked as the recorder would write it today.
  upgrade(e, index) {
    if (Object.hasOwn(e, 'back') || !Number.isSafeInteger(e.inv) || (e.inv as number) < 1 || (e.inv as number) > index) return e;
    return { ...e, back: index - (e.inv as number) };
  },
  summary: {
    init: () => ({ count: 0, maxBack: 1 }),
    observe(s, e) {
      s.count++;
      if (typeof e.back === 'number' && e.back > s.maxBack) s.maxBack = e.back;
    },
  },
  lookahead: (s) => s.maxBack,
  constants(h: HeaderLine, s) {
    const c = wormLogConstants(h as unknown as Parameters<typeof wormLogConstants>[0]);
    return { definitions: c.definitions, cfg: [...c.cfg, `Upto = ${s.count}`, `MaxBack = ${s.maxBack}`] };
  },
  eventValue(e: EventLine): JsonTla {
    const r: { [k: string]: JsonTla } = { action: e.action };
    for (const k of ['s', 'c', 'r', 'id', 'code', 'call']) if (typeof e[k] === 'string') r[k] = e[k] as string;
    for (const k of ['seg', 'slot', 'pos', 'back']) if (typeof e[k] === 'number') r[k] = e[k] as number;
    if ('value' in e) r.value = specValue(e.value);
    if (typeof e.acked === 'boolean') r.acked = e.acked;
    return r;
  },
};
