/**
 * The trace descriptor of WORPaxos (tla/wor/WORPaxos.tla, wrapper tla/wor/TraceWORPaxos.tla): the
 * trace of ONE register. Header: `{"trace":"WORPaxos","seed":7,"seg":0,"off":-1,"acceptors":[...],
 * "clients":[1,2,3],"values":[...]}`. Ids map as the spec needs: acceptors are strings, clients
 * numbers, values strings; a missing ballot is NoId (<<0, 0>>) and a missing value the model
 * value None; ballots are <<round, clientId>>.
 */
import { isBallot, type Ballot } from '../core/ballot.ts';
import type { JsonTla } from '../tla/result.ts';
import { formatTla } from '../tla/print.ts';
import {
  jsonTlaApply, nonEmptyString, orNull, positiveInt, anyString,
  type EventLine, type FieldCheck, type HeaderLine, type TraceDescriptor,
} from './spec-descriptor.ts';

const ballot: FieldCheck = (v) => (isBallot(v) && v[0] >= 1 ? null : 'a ballot [round >= 1, clientId]');
/** A ballot, or the unsafe write's [0, 0] (capture id 0: WORPaxos UnsafeWrite, at NoId). */
export const ballotOrUnsafe: FieldCheck = (v) => (isBallot(v) && (v[0] >= 1 || (v[0] === 0 && v[1] === 0)) ? null : 'a ballot [round >= 1, clientId], or [0, 0]');
// An acceptor that took an unsafe write states <<0,0>> as its promise and accepted ballot.
const ballotOrNull: FieldCheck = (v) => (v === null ? null : ballotOrUnsafe(v));
const quorum: FieldCheck = (v) => (v === null || (Array.isArray(v) && v.every((a) => typeof a === 'string')) ? null : 'a list of acceptors or null');
const replies: FieldCheck = (v) => {
  const ok =
    Array.isArray(v) &&
    v.every((r) => {
      const o = r as Record<string, unknown>;
      return typeof r === 'object' && r !== null && typeof o.acceptor === 'string' && (o.acceptedBallot === null || isBallot(o.acceptedBallot)) && (o.acceptedValue === null || typeof o.acceptedValue === 'string');
    });
  return ok ? null : 'a list of {acceptor, acceptedBallot, acceptedValue}';
};
const result: FieldCheck = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'an object {status, value?, captureId?}';
  const r = v as Record<string, unknown>;
  if (typeof r.status !== 'string') return 'an object whose status is a string';
  if (r.value !== undefined && r.value !== null && typeof r.value !== 'string') return 'an object whose value is a string';
  if (r.captureId !== undefined && r.captureId !== null && !isBallot(r.captureId)) return 'an object whose captureId is a ballot';
  return null;
};
const valueOrNull = orNull(anyString);
// `orNull` would say "a string or null"; keep the historic wording of the value check.

const ACCEPTOR_STATE: Record<string, FieldCheck> = { acceptor: nonEmptyString, promised: ballotOrNull, acceptedBallot: ballotOrNull, acceptedValue: valueOrNull };
const client = positiveInt;

/** The fields each action needs, and their checks. Extra fields are allowed and ignored. */
export const WOR_EVENT_FIELDS: Record<string, Record<string, FieldCheck>> = {
  Promise: { ...ACCEPTOR_STATE, ballot },
  RejectPrepare: { ...ACCEPTOR_STATE, ballot },
  // An unsafe write's Accept is at [0, 0].
  Accepted: { ...ACCEPTOR_STATE, ballot: ballotOrUnsafe },
  RejectAccept: { ...ACCEPTOR_STATE, ballot: ballotOrUnsafe },
  ReadReply: { ...ACCEPTOR_STATE, client, n: positiveInt },
  CrashAcceptor: { acceptor: nonEmptyString },
  RecoverAcceptor: { acceptor: nonEmptyString },
  Capture: { client, ballot },
  CaptureDone: { client, result, quorum },
  CapturePreempted: { client, result },
  Write: { client, ballot: ballotOrUnsafe, value: anyString, callerValue: valueOrNull, quorum },
  WriteDone: { client, result },
  WritePreempted: { client, result },
  Timeout: { client, result },
  Read: { client, n: positiveInt },
  ReadDone: { client, n: positiveInt, result, replies },
  // A read repairs at the top ballot it saw: [0, 0] when that is an unsafe write's.
  Repair: { client, n: positiveInt, ballot: ballotOrUnsafe, value: anyString, replies },
  RepairDone: { client, result },
  RepairPreempted: { client, result },
  // A capture id passes from `client` to `to` (record.ts: a capture call's holder, a writer).
  HandOver: { client, to: positiveInt },
  Release: { client },
  // The holder of a capture id whose revealed value the capture call completed above it.
  ForgetRevealed: { client },
  // A write with a capture id its writer does not hold: any ballot, made up or guessed.
  ForgedWrite: { client, ballot, value: anyString },
};

function checkHeader(obj: Record<string, unknown>): string | null {
  if (!Number.isSafeInteger(obj.seg) || !Number.isSafeInteger(obj.off)) return 'the header needs integer "seg" and "off"';
  if (!Array.isArray(obj.acceptors) || obj.acceptors.length === 0 || !obj.acceptors.every((a) => typeof a === 'string')) return 'the header needs "acceptors": a non-empty list of strings';
  if (!Array.isArray(obj.clients) || !obj.clients.every((c) => Number.isSafeInteger(c) && c >= 1)) return 'the header needs "clients": a list of positive integers';
  if (!Array.isArray(obj.values) || !obj.values.every((v) => typeof v === 'string')) return 'the header needs "values": a list of strings';
  return null;
}

/** worValuesOf lists the register values an event mentions (the model's Value must hold them all). */
export function worValuesOf(e: EventLine): string[] {
  const out: string[] = [];
  const r = e.result as { value?: unknown } | undefined;
  for (const v of [e.value, e.callerValue, e.acceptedValue, r?.value]) if (typeof v === 'string') out.push(v);
  return out;
}

/** The header's values as a set, per header: a long trace's header names thousands. */
const headerValues = new WeakMap<HeaderLine, Set<string>>();

function checkAgainstHeader(e: EventLine, h: HeaderLine): string | null {
  if (e.acceptor !== undefined && !(h.acceptors as string[]).includes(e.acceptor as string)) return `acceptor ${JSON.stringify(e.acceptor)} is not in the header's acceptors`;
  if (e.client !== undefined && !(h.clients as number[]).includes(e.client as number)) return `client ${e.client as number} is not in the header's clients`;
  if (e.to !== undefined && !(h.clients as number[]).includes(e.to as number)) return `client ${e.to as number} is not in the header's clients`;
  let values = headerValues.get(h);
  if (values === undefined) headerValues.set(h, (values = new Set(h.values as string[])));
  for (const v of worValuesOf(e)) if (!values.has(v)) return `value ${JSON.stringify(v)} is not in the header's values`;
  return null;
}

const NONE: JsonTla = { $model: 'None' };
const ballotValue = (b: unknown): JsonTla => (isBallot(b) ? [(b as Ballot)[0], (b as Ballot)[1]] : [0, 0]);
const valueValue = (v: unknown): JsonTla => (typeof v === 'string' ? v : NONE);

/** eventValue renders one event as the TLA+ record the wrapper reads, with the fields its action uses. */
function eventValue(e: EventLine): JsonTla {
  const r: Record<string, JsonTla> = { action: e.action };
  if (e.acceptor !== undefined) r.acceptor = e.acceptor as string;
  if (e.client !== undefined) r.client = e.client as number;
  if (e.to !== undefined) r.to = e.to as number;
  if (e.ballot !== undefined) r.ballot = ballotValue(e.ballot);
  if (e.promised !== undefined) r.promised = ballotValue(e.promised);
  if (e.acceptedBallot !== undefined) r.acceptedBallot = ballotValue(e.acceptedBallot);
  if (e.acceptedValue !== undefined) r.acceptedValue = valueValue(e.acceptedValue);
  if (e.value !== undefined) r.value = valueValue(e.value);
  if (e.callerValue !== undefined) r.callerValue = valueValue(e.callerValue);
  if (e.n !== undefined) r.n = e.n as number;
  if (typeof e.forged === 'boolean') r.forged = e.forged;
  if (e.result !== undefined) {
    const res = e.result as { status: string; value?: unknown; captureId?: unknown };
    r.result = { code: res.status, val: valueValue(res.value), id: ballotValue(res.captureId) };
  }
  if (e.replies !== undefined) {
    const rs = e.replies as { acceptor: string; acceptedBallot: unknown; acceptedValue: unknown }[];
    r.replies = { $set: rs.map((x) => ({ from: x.acceptor, acceptedBallot: ballotValue(x.acceptedBallot), acceptedValue: valueValue(x.acceptedValue) })) };
  }
  // A null quorum (a write with a held capture id: no phase 1) leaves the field out.
  if (Array.isArray(e.quorum)) r.quorum = { $set: (e.quorum as string[]).slice() };
  return r;
}

interface Bounds {
  maxRound: number;
  maxReads: number;
}

const str = (s: string): string => JSON.stringify(s);
/** setLines joins a set literal's elements, eight a line. */
const setLines = (xs: string[]): string => {
  const lines: string[] = [];
  for (let i = 0; i < xs.length; i += 8) lines.push(xs.slice(i, i + 8).join(', '));
  return lines.join(',\n    ');
};

export const worPaxosDescriptor: TraceDescriptor<Bounds> = {
  name: 'WORPaxos',
  title: 'tla/wor/WORPaxos.tla (one register)',
  specFiles: ['tla/wor/WORPaxos.tla', 'tla/wor/WOR.tla', 'tla/global/Network.tla', 'tla/wor/TraceWORPaxos.tla'],
  wrapper: 'TraceWORPaxos',
  checkHeader,
  events: WOR_EVENT_FIELDS,
  checkAgainstHeader,
  // The bounds the spec's finite sets need: the highest round and read nonce in the trace.
  summary: {
    init: () => ({ maxRound: 1, maxReads: 1 }),
    observe(s, e) {
      const res = e.result as { captureId?: unknown } | undefined;
      for (const b of [e.ballot, e.promised, e.acceptedBallot, res?.captureId]) if (isBallot(b)) s.maxRound = Math.max(s.maxRound, b[0]);
      if (typeof e.n === 'number') s.maxReads = Math.max(s.maxReads, e.n);
    },
  },
  constants(h, { maxRound, maxReads }) {
    return {
      definitions: [
        `AcceptorDef == {${(h.acceptors as string[]).map(str).join(', ')}}`,
        `ClientDef == {${(h.clients as number[]).join(', ')}}`,
        // Eight values a line: the TLA+ parser's cost grows with the square of a line's length
        // (a 100k-event trace names about 7,000 values: 9 s on one line, 0.3 s broken up).
        `ValueDef == {${setLines((h.values as string[]).map(str))}}`,
        '\\* Any client may write any value: the trace, not the model, says who wrote what.  A trace',
        '\\* whose captures never got to write names no value, yet Capture needs Wants[c] # {}.',
        'WantsDef == [c \\in ClientDef |-> IF ValueDef = {} THEN {"unobserved"} ELSE ValueDef]',
        `MaxRoundDef == ${maxRound}`,
        `MaxReadsDef == ${maxReads}`,
      ],
      cfg: [
        'Acceptor <- AcceptorDef',
        'Client <- ClientDef',
        'Value <- ValueDef',
        'None = None',
        'MaxRound <- MaxRoundDef',
        'MaxReads <- MaxReadsDef',
        'Wants <- WantsDef',
        'AcceptBelowPromise = FALSE',
        'WriteIgnoresAccepted = FALSE',
        'ReadWithoutRepair = FALSE',
        'BallotsOnly = FALSE',
        'WithCrashes = TRUE',
        'WithLoss = TRUE',
        'WithTimeouts = TRUE',
        // HandOver and Release are taken only at their events (record.ts), never as glue.
        'WithHandOver = TRUE',
        // Writes at capture id 0 (record.ts): a Write at [0, 0] is UnsafeWrite.
        'WithUnsafeWrite = TRUE',
        'UnsafeUnseen = FALSE',
        // Writes with a capture id the writer does not hold and no proof (record.ts: `keyed`
        // false, and the hostile client's copies): ForgedWrite. The code's acceptors must refuse
        // them (capture keys): with ForgedTaken off, an Accepted of one is rejected.
        'WithForgedWrites = TRUE',
        'ForgedTaken = FALSE',
      ],
    };
  },
  eventValue,
  // An acceptor event states the acceptor's durable state after its step; a state the step does
  // not change (a refusal, a reply, a repeat) must already be the spec's.
  pins(e) {
    if (typeof e.acceptor !== 'string' || e.promised === undefined) return [];
    const a = e.acceptor;
    return [
      { name: 'promised', key: a, value: ballotValue(e.promised) },
      { name: 'acceptedBallot', key: a, value: ballotValue(e.acceptedBallot) },
      { name: 'acceptedValue', key: a, value: valueValue(e.acceptedValue) },
    ];
  },
  context(e, state) {
    const out: string[] = [];
    const show = (name: string, key: string | number): void => {
      const v = jsonTlaApply(state[name], key);
      if (v !== undefined) out.push(`${name}[${JSON.stringify(key)}] = ${formatTla(v)}`);
    };
    if (typeof e.acceptor === 'string') for (const name of ['up', 'promised', 'acceptedBallot', 'acceptedValue']) show(name, e.acceptor);
    if (typeof e.client === 'number') for (const name of ['cs', 'round', 'result']) show(name, e.client);
    return out;
  },
};
