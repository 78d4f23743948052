/**
 * The trace file: NDJSON, one JSON object per line. Line 1 is the header (`"trace": "WORPaxos"`,
 * the register traced and the constants of the model: acceptors, clients, values); every other
 * line is one event `{action, ...fields}` of that register, in the order the code took them.
 * Field names are the spec's (tla/wor/TraceWORPaxos.tla): ballots are [round, clientId] or null,
 * values are strings or null, acceptors strings, clients numbers. `parseTrace` checks every line
 * against EVENT_FIELDS and fails on the first bad one with its line number, so the validator
 * only ever sees well-formed events.
 */
import { isBallot, type Ballot } from '../core/ballot.ts';
import { UserError } from '../cli/errors.ts';

export interface TraceHeader {
  trace: 'WORPaxos';
  seed: number | null;
  seg: number;
  off: number;
  acceptors: string[];
  clients: number[];
  values: string[];
}

/** A caller's answer: status as the code names it, plus the value or capture id it carries. */
export interface TraceResult {
  status: string;
  value?: string | null;
  captureId?: Ballot | null;
}

export interface ReplySeen {
  acceptor: string;
  acceptedBallot: Ballot | null;
  acceptedValue: string | null;
}

export interface TraceEventLine {
  action: string;
  acceptor?: string;
  client?: number;
  ballot?: Ballot | null;
  promised?: Ballot | null;
  acceptedBallot?: Ballot | null;
  acceptedValue?: string | null;
  value?: string | null;
  callerValue?: string | null;
  n?: number;
  result?: TraceResult;
  /** The replies a read decided on (ReadDone, Repair): each acceptor's first reply. */
  replies?: ReplySeen[];
  /** The acceptors whose promises a phase 1 used (Write after phase 1, CaptureDone). */
  quorum?: string[] | null;
  /** Virtual time of the simulator, for people reading the file; not checked. */
  at?: number;
  /** The event's line in the file it was read from (set by parseTrace, never written). */
  line?: number;
}

export interface Trace {
  header: TraceHeader;
  events: TraceEventLine[];
}

type FieldKind = 'acceptor' | 'client' | 'ballot' | 'ballot?' | 'value' | 'value?' | 'n' | 'result' | 'replies' | 'quorum' | 'quorum?';

const ACCEPTOR_STATE: Record<string, FieldKind> = { acceptor: 'acceptor', promised: 'ballot?', acceptedBallot: 'ballot?', acceptedValue: 'value?' };

/** The fields each action needs, and their kinds. Extra fields are allowed and ignored. */
export const EVENT_FIELDS: Record<string, Record<string, FieldKind>> = {
  Promise: { ...ACCEPTOR_STATE, ballot: 'ballot' },
  RejectPrepare: { ...ACCEPTOR_STATE, ballot: 'ballot' },
  Accepted: { ...ACCEPTOR_STATE, ballot: 'ballot' },
  RejectAccept: { ...ACCEPTOR_STATE, ballot: 'ballot' },
  ReadReply: { ...ACCEPTOR_STATE, client: 'client', n: 'n' },
  CrashAcceptor: { acceptor: 'acceptor' },
  RecoverAcceptor: { acceptor: 'acceptor' },
  Capture: { client: 'client', ballot: 'ballot' },
  CaptureDone: { client: 'client', result: 'result', quorum: 'quorum?' },
  CapturePreempted: { client: 'client', result: 'result' },
  Write: { client: 'client', ballot: 'ballot', value: 'value', callerValue: 'value?', quorum: 'quorum?' },
  WriteDone: { client: 'client', result: 'result' },
  WritePreempted: { client: 'client', result: 'result' },
  Timeout: { client: 'client', result: 'result' },
  Read: { client: 'client', n: 'n' },
  ReadDone: { client: 'client', n: 'n', result: 'result', replies: 'replies' },
  Repair: { client: 'client', n: 'n', ballot: 'ballot', value: 'value', replies: 'replies' },
  RepairDone: { client: 'client', result: 'result' },
  RepairPreempted: { client: 'client', result: 'result' },
};

function kindError(kind: FieldKind, v: unknown): string | null {
  switch (kind) {
    case 'acceptor':
      return typeof v === 'string' && v.length > 0 ? null : 'a non-empty string';
    case 'client':
    case 'n':
      return Number.isSafeInteger(v) && (v as number) >= 1 ? null : 'a positive integer';
    case 'ballot':
      return isBallot(v) && v[0] >= 1 ? null : 'a ballot [round >= 1, clientId]';
    case 'ballot?':
      return v === null || (isBallot(v) && v[0] >= 1) ? null : 'a ballot [round >= 1, clientId] or null';
    case 'value':
      return typeof v === 'string' ? null : 'a string';
    case 'value?':
      return v === null || typeof v === 'string' ? null : 'a string or null';
    case 'quorum':
    case 'quorum?':
      if (kind === 'quorum?' && v === null) return null;
      return Array.isArray(v) && v.every((a) => typeof a === 'string') ? null : `a list of acceptors${kind === 'quorum?' ? ' or null' : ''}`;
    case 'replies': {
      const ok =
        Array.isArray(v) &&
        v.every((r) => {
          const o = r as Record<string, unknown>;
          return typeof r === 'object' && r !== null && typeof o.acceptor === 'string' && (o.acceptedBallot === null || isBallot(o.acceptedBallot)) && (o.acceptedValue === null || typeof o.acceptedValue === 'string');
        });
      return ok ? null : 'a list of {acceptor, acceptedBallot, acceptedValue}';
    }
    case 'result': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'an object {status, value?, captureId?}';
      const r = v as Record<string, unknown>;
      if (typeof r.status !== 'string') return 'an object whose status is a string';
      if (r.value !== undefined && r.value !== null && typeof r.value !== 'string') return 'an object whose value is a string';
      if (r.captureId !== undefined && r.captureId !== null && !isBallot(r.captureId)) return 'an object whose captureId is a ballot';
      return null;
    }
  }
}

/** checkEvent returns why an event object is malformed, or null. */
export function checkEvent(obj: Record<string, unknown>): string | null {
  if (typeof obj.action !== 'string') return 'no "action" string';
  // Own keys only: "toString" or "__proto__" are no actions.
  const fields = Object.hasOwn(EVENT_FIELDS, obj.action) ? EVENT_FIELDS[obj.action] : undefined;
  if (!fields) return `unknown action ${JSON.stringify(obj.action)}`;
  for (const [name, kind] of Object.entries(fields)) {
    if (!Object.hasOwn(obj, name)) return `${obj.action}: missing field "${name}"`;
    const bad = kindError(kind, obj[name]);
    if (bad) return `${obj.action}: field "${name}" must be ${bad}, got ${JSON.stringify(obj[name])}`;
  }
  return null;
}

function checkHeader(obj: Record<string, unknown>): string | null {
  if (obj.trace !== 'WORPaxos') return 'the header must have "trace": "WORPaxos"';
  if (!Number.isSafeInteger(obj.seg) || !Number.isSafeInteger(obj.off)) return 'the header needs integer "seg" and "off"';
  if (!Array.isArray(obj.acceptors) || obj.acceptors.length === 0 || !obj.acceptors.every((a) => typeof a === 'string')) return 'the header needs "acceptors": a non-empty list of strings';
  if (!Array.isArray(obj.clients) || !obj.clients.every((c) => Number.isSafeInteger(c) && c >= 1)) return 'the header needs "clients": a list of positive integers';
  if (!Array.isArray(obj.values) || !obj.values.every((v) => typeof v === 'string')) return 'the header needs "values": a list of strings';
  return null;
}

/** parseTrace reads an NDJSON trace; any problem is a UserError naming the line. */
export function parseTrace(text: string, name = 'trace'): Trace {
  const lines = text.split('\n');
  let header: TraceHeader | null = null;
  const events: TraceEventLine[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${name}:${i + 1}`;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      throw new UserError(`${where}: not JSON (${(e as Error).message})`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new UserError(`${where}: each line must be a JSON object`);
    const rec = obj as Record<string, unknown>;
    if (header === null) {
      const bad = checkHeader(rec);
      if (bad) throw new UserError(`${where}: ${bad}`);
      header = rec as unknown as TraceHeader;
      return;
    }
    const bad = checkEvent(rec);
    if (bad) throw new UserError(`${where}: ${bad}`);
    events.push({ ...(rec as unknown as TraceEventLine), line: i + 1 });
  });
  if (header === null) throw new UserError(`${name}: empty trace (no header line)`);
  const h: TraceHeader = header;
  for (const e of events) {
    if (e.acceptor !== undefined && !h.acceptors.includes(e.acceptor)) throw new UserError(`${name}:${e.line}: acceptor ${JSON.stringify(e.acceptor)} is not in the header's acceptors`);
    if (e.client !== undefined && !h.clients.includes(e.client)) throw new UserError(`${name}:${e.line}: client ${e.client} is not in the header's clients`);
    for (const v of valuesOf(e)) if (!h.values.includes(v)) throw new UserError(`${name}:${e.line}: value ${JSON.stringify(v)} is not in the header's values`);
  }
  return { header: h, events };
}

/** valuesOf lists the register values an event mentions (the model's Value must hold them all). */
export function valuesOf(e: TraceEventLine): string[] {
  const out: string[] = [];
  for (const v of [e.value, e.callerValue, e.acceptedValue, e.result?.value]) if (typeof v === 'string') out.push(v);
  return out;
}

/** lineOf gives the file line of event i (0-based) of a parsed trace, or of a recorded one. */
export function lineOf(trace: Trace, i: number): number {
  return trace.events[i]?.line ?? i + 2;
}

/** formatTrace renders a trace as NDJSON (header first), without parse bookkeeping. */
export function formatTrace(trace: Trace): string {
  const out = [JSON.stringify(trace.header)];
  for (const e of trace.events) {
    const { line: _line, ...rest } = e;
    out.push(JSON.stringify(rest));
  }
  return `${out.join('\n')}\n`;
}
