/**
 * The trace descriptor of WormPaxos (src/trace/spec-descriptor.ts): `wormspace trace check` and
 * `checkTrace` (src/trace/validate.ts) read WormPaxos traces through it. Header: `{"trace":
 * "WormPaxos", firstSeg, segSize, nseg, replicas, commands, captures, ...}` (trace.ts writes it).
 *
 * The wrapper, tla/apps/TraceWormPaxos.tla, lets a WOS call take its step anywhere in its
 * linearization window, which each event states relative to itself (`back`), so that the
 * streaming validator, which slides TraceLog, needs no other constant; it checks the first `Upto`
 * events (all of them here). The look-ahead of the streaming validator (256 events by default)
 * must cover the longest window. As for WormLog, the
 * generic bisection of a rejected trace slices the events, so the event it names may come early;
 * src/apps/wormpaxos/validate.ts bisects with the whole log and `Upto` instead, and is what the
 * simulation uses.
 */
import type { JsonTla } from '../../tla/result.ts';
import { anyString, bool, listOf, naturalInt, nonEmptyString, orNull, positiveInt, type EventLine, type FieldCheck, type HeaderLine, type TraceDescriptor } from '../../trace/spec-descriptor.ts';
import { NOOP_VALUE } from './trace.ts';

export const WORMPAXOS_SPEC_FILES = ['tla/apps/WormPaxos.tla', 'tla/apps/WOSApi.tla', 'tla/apps/ReplicatedLog.tla', 'tla/apps/TraceWormPaxos.tla'];

/** The model's constants for a trace header (shared with validate.ts). */
export function wormPaxosConstants(h: { nseg: number; segSize: number; captures: number; maxBatch?: number }): string[] {
  return [
    `NSeg = ${h.nseg}`,
    `SegSize = ${h.segSize}`,
    'Replica <- ReplicaDef',
    'Command <- CommandDef',
    `MaxBatch = ${Math.max(1, h.maxBatch ?? 1)}`,
    'Noop = Noop',
    `MaxId = ${Math.max(1, h.captures)}`,
    'Unwritten = Unwritten',
    'NoMeta = NoMeta',
    'LateWrites = TRUE',
    'Unheard = TRUE',
    'Bug = "none"',
  ];
}

const inv = positiveInt;
const back = naturalInt;
const r = nonEmptyString;
const c = nonEmptyString;
const id = nonEmptyString;
const pos = naturalInt;
const seg = naturalInt;
const naturals = listOf((v) => naturalInt(v), 'a list of non-negative integers');
/** A batch of put ids; a plain string is a batch of one (traces recorded before batching). */
const batch: FieldCheck = (v) => (typeof v === 'string' && v !== '' ? null : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x !== '') ? null : 'a put id or a non-empty list of put ids');
/** A register's value: a batch, or "#noop". */
const regValue: FieldCheck = (v) => (typeof v === 'string' ? null : batch(v));
/** Optional (traces recorded before captures reported their unrepaired offsets lack it). */
const optNaturals: FieldCheck = (v) => (v === undefined ? null : naturals(v));

export const WORMPAXOS_EVENT_FIELDS: Record<string, Record<string, FieldCheck>> = {
  Submit: { r, c },
  Drop: { r, c },
  Ack: { r, c },
  Learn: { r, pos, value: anyString },
  Issue: { r, pos, c: batch },
  Skip: { r, pos },
  StepDown: { r, seg },
  Alloc: { inv, back, r, seg },
  AllocLost: { inv, back, r, seg },
  Capture: { inv, back, r, seg, id, stale: optNaturals },
  Write: { inv, back, r, pos, c: batch, id, code: nonEmptyString, value: orNull(regValue) },
  WriteLost: { r, pos, c: batch, id },
  SealCapture: { inv, back, r, seg, lo: naturalInt, hi: naturalInt, id, full: bool, stale: optNaturals },
  SealWrite: { inv, back, r, landed: naturals },
  SealLost: { r },
  ReadEmpty: { inv, back, r, pos },
  Stray: { inv, back, call: (v) => (v === 'write' || v === 'captureSegment' || v === 'writeSegment' || v === 'alloc' ? null : 'write, captureSegment, writeSegment or alloc') },
};

interface Summary {
  count: number;
}

const strings = listOf((v) => (typeof v === 'string' ? null : 'x'), 'a list of strings');
const str = (s: string): string => JSON.stringify(s);
/** A Learn's entry: a put id or Noop. */
const entryValue = (v: unknown): JsonTla => (v === null || v === undefined ? 'none' : v === NOOP_VALUE ? { $model: 'Noop' } : String(v));
/** A batch as a TLA+ sequence of put ids (a plain string: a batch of one). */
const batchValue = (v: unknown): JsonTla => (Array.isArray(v) ? v.map(String) : [String(v)]);
/** A register's value: a batch, Noop, or none. */
const regTla = (v: unknown): JsonTla => (v === null || v === undefined ? 'none' : v === NOOP_VALUE ? { $model: 'Noop' } : batchValue(v));
const BATCH_C = new Set(['Issue', 'Write', 'WriteLost']);

export const wormPaxosDescriptor: TraceDescriptor<Summary> = {
  name: 'WormPaxos',
  title: 'tla/apps/WormPaxos.tla (wrapper tla/apps/TraceWormPaxos.tla)',
  specFiles: WORMPAXOS_SPEC_FILES,
  wrapper: 'TraceWormPaxos',
  checkHeader(h) {
    for (const k of ['segSize', 'nseg']) if (positiveInt(h[k]) !== null) return `"${k}" must be a positive integer`;
    if (h.maxBatch !== undefined && positiveInt(h.maxBatch) !== null) return '"maxBatch" must be a positive integer';
    if (naturalInt(h.captures) !== null) return '"captures" must be a non-negative integer';
    for (const k of ['replicas', 'commands']) if (strings(h[k]) !== null) return `"${k}" must be a list of strings`;
    return null;
  },
  events: WORMPAXOS_EVENT_FIELDS,
  checkAgainstHeader(e, h) {
    if (typeof e.r === 'string' && !(h.replicas as string[]).includes(e.r)) return `replica ${JSON.stringify(e.r)} is not in the header's "replicas"`;
    for (const c of Array.isArray(e.c) ? (e.c as unknown[]) : [e.c]) if (typeof c === 'string' && !(h.commands as string[]).includes(c)) return `command ${JSON.stringify(c)} is not in the header's "commands"`;
    return null;
  },
  summary: {
    init: () => ({ count: 0 }),
    observe(s) {
      s.count++;
    },
  },
  constants(h: HeaderLine, s) {
    const set = (xs: unknown): string => `{${(xs as string[]).map(str).join(', ')}}`;
    return {
      definitions: [`ReplicaDef == ${set(h.replicas)}`, `CommandDef == ${set(h.commands)}`],
      cfg: [...wormPaxosConstants({ nseg: h.nseg as number, segSize: h.segSize as number, captures: h.captures as number, maxBatch: typeof h.maxBatch === 'number' ? h.maxBatch : 1 }), `Upto = ${s.count}`],
    };
  },
  eventValue(e: EventLine): JsonTla {
    const rec: { [k: string]: JsonTla } = { action: e.action };
    for (const k of ['r', 'id', 'code', 'call']) if (typeof e[k] === 'string') rec[k] = e[k] as string;
    if (e.c !== undefined) rec.c = BATCH_C.has(e.action) ? batchValue(e.c) : String(e.c);
    for (const k of ['seg', 'pos', 'lo', 'hi', 'back']) if (typeof e[k] === 'number') rec[k] = e[k] as number;
    if ('value' in e) rec.value = e.action === 'Learn' ? entryValue(e.value) : regTla(e.value);
    if (typeof e.full === 'boolean') rec.full = e.full;
    if (Array.isArray(e.landed)) rec.landed = { $set: e.landed as number[] };
    if (Array.isArray(e.stale)) rec.stale = { $set: e.stale as number[] };
    return rec;
  },
};
