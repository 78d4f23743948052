/**
 * The trace file: NDJSON, one JSON object per line. Line 1 is the header (`"trace": "WORPaxos"`,
 * the register traced and the constants of the model: acceptors, clients, values); every other
 * line is one event `{action, ...fields}` of that register, in the order the code took them.
 * Field names are the spec's (tla/wor/TraceWORPaxos.tla): ballots are [round, clientId] or null,
 * values are strings or null, acceptors strings, clients numbers. `parseTrace` checks every line
 * against EVENT_FIELDS and fails on the first bad one with its line number, so the validator
 * only ever sees well-formed events.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Ballot } from '../core/ballot.ts';
import { fileError, UserError } from '../cli/errors.ts';
import { descriptorNames, descriptorOf } from './registry.ts';
import { checkEventShape, type EventLine, type HeaderLine, type TraceDescriptor } from './spec-descriptor.ts';
import { WOR_EVENT_FIELDS, worPaxosDescriptor, worValuesOf } from './worpaxos.ts';

export type TraceHeader = {
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

export type TraceEventLine = {
  action: string;
  acceptor?: string;
  client?: number;
  /** HandOver: the client that gets the capture id. */
  to?: number;
  /** RejectAccept: whether the refused Accept was a forged write's (no capture id held), where known. */
  forged?: boolean;
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

/** The fields each WORPaxos action needs (the WORPaxos descriptor's schema, src/trace/worpaxos.ts). */
export const EVENT_FIELDS = WOR_EVENT_FIELDS;

/** Any trace, of any registered spec: its header (which names the spec) and its events. */
export interface AnyTrace {
  header: HeaderLine;
  events: EventLine[];
}

/** A line of a trace file, with its 1-based number. */
export interface SourceLine {
  line: number;
  text: string;
}

/** The longest line a trace may have (a corrupt file without newlines must not eat the memory). */
export const MAX_LINE_BYTES = 16 * 2 ** 20;

/** textLines splits an in-memory NDJSON text into numbered lines. */
export function* textLines(text: string): Generator<SourceLine> {
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    if (end > start || nl !== -1) yield { line, text: text.slice(start, end) };
    if (nl === -1) return;
    start = nl + 1;
    line++;
  }
}

/**
 * fileLines reads an NDJSON file in chunks of 1 MiB and yields its numbered lines: memory stays
 * bounded by the longest line, whatever the file's size. A file that cannot be read, or a line
 * longer than MAX_LINE_BYTES, is a UserError naming the file (and the line).
 */
export function* fileLines(path: string, name = path): Generator<SourceLine> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw fileError(name, err, 'read the trace');
  }
  try {
    const buf = Buffer.allocUnsafe(2 ** 20);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    let line = 1;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        throw fileError(name, err, 'read the trace');
      }
      const chunk = n === 0 ? decoder.end() : decoder.write(buf.subarray(0, n));
      let text = rest + chunk;
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl === -1) break;
        yield { line, text: text.slice(start, nl) };
        line++;
        start = nl + 1;
      }
      text = text.slice(start);
      if (text.length > MAX_LINE_BYTES) throw new UserError(`${name}:${line}: line longer than ${MAX_LINE_BYTES} bytes`);
      rest = text;
      if (n === 0) {
        if (rest !== '') yield { line, text: rest };
        return;
      }
    }
  } finally {
    closeSync(fd);
  }
}

function headerError(): string {
  return `the header must have "trace": ${descriptorNames().map((n) => JSON.stringify(n)).join(' | ')}`;
}

function decode(l: SourceLine, name: string): Record<string, unknown> | null {
  if (l.text.trim() === '') return null;
  let obj: unknown;
  try {
    obj = JSON.parse(l.text);
  } catch (e) {
    throw new UserError(`${name}:${l.line}: not JSON (${(e as Error).message})`);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new UserError(`${name}:${l.line}: each line must be a JSON object`);
  return obj as Record<string, unknown>;
}

/** An opened trace: its descriptor and header, and an iterator over its checked events. */
export interface TraceStream {
  descriptor: TraceDescriptor;
  header: HeaderLine;
  events: Generator<EventLine>;
}

/**
 * openTrace reads the header from `lines` and returns the events as a lazy iterator: each line is
 * decoded and checked against the descriptor's schema and the header when it is reached, and a
 * bad line is a UserError `name:line: ...`. Nothing is kept: memory is one line. `checked`: the
 * lines were already checked (a second pass over the same file) and are only decoded.
 */
export function openTrace(lines: Iterator<SourceLine>, name = 'trace', checked = false): TraceStream {
  let header: HeaderLine | null = null;
  let descriptor: TraceDescriptor | undefined;
  for (let r = lines.next(); !r.done; r = lines.next()) {
    const rec = decode(r.value, name);
    if (rec === null) continue;
    descriptor = descriptorOf(rec.trace);
    if (!descriptor && rec.events === 'wormspace') {
      // One process's raw event log (cluster/server/client --trace DIR) is not a trace yet: it
      // holds every register's events of that process only. Say how to make one.
      const proc = typeof rec.process === 'string' ? ` of ${rec.process}` : '';
      throw new UserError(`${name}:${r.value.line}: this is one process's raw event log${proc}, not a trace; merge the folder's logs into one register's trace first: wormspace trace merge DIR --seg N [--off K] --out trace.ndjson`);
    }
    if (!descriptor) throw new UserError(`${name}:${r.value.line}: ${headerError()}`);
    const bad = descriptor.checkHeader(rec);
    if (bad) throw new UserError(`${name}:${r.value.line}: ${bad}`);
    header = rec as HeaderLine;
    break;
  }
  if (header === null || !descriptor) throw new UserError(`${name}: empty trace (no header line)`);
  const d = descriptor;
  const h = header;
  function* events(): Generator<EventLine> {
    let index = 0;
    for (let r = lines.next(); !r.done; r = lines.next()) {
      const decoded = decode(r.value, name);
      if (decoded === null) continue;
      index++;
      const rec = d.upgrade ? d.upgrade(decoded, index) : decoded;
      if (checked) {
        (rec as EventLine).line = r.value.line;
        yield rec as EventLine;
        continue;
      }
      const bad = checkEventShape(d, rec);
      if (bad) throw new UserError(`${name}:${r.value.line}: ${bad}`);
      // rec is this line's own object (fresh from JSON.parse, or the descriptor's upgrade of it).
      const e = rec as EventLine;
      e.line = r.value.line;
      const wrong = d.checkAgainstHeader?.(e, h);
      if (wrong) throw new UserError(`${name}:${r.value.line}: ${wrong}`);
      yield e;
    }
  }
  return { descriptor: d, header: h, events: events() };
}

/** parseAnyTrace reads a whole NDJSON trace of any registered spec; a problem is a UserError naming the line. */
export function parseAnyTrace(text: string, name = 'trace'): AnyTrace {
  const t = openTrace(textLines(text), name);
  return { header: t.header, events: [...t.events] };
}

/** checkEvent returns why a WORPaxos event object is malformed, or null. */
export function checkEvent(obj: Record<string, unknown>): string | null {
  return checkEventShape(worPaxosDescriptor, obj);
}

/** parseTrace reads a WORPaxos NDJSON trace; any problem is a UserError naming the line. */
export function parseTrace(text: string, name = 'trace'): Trace {
  const t = parseAnyTrace(text, name);
  if (t.header.trace !== 'WORPaxos') throw new UserError(`${name}: a trace of ${t.header.trace}, not of WORPaxos`);
  return t as unknown as Trace;
}

/** valuesOf lists the register values an event mentions (the model's Value must hold them all). */
export function valuesOf(e: TraceEventLine): string[] {
  return worValuesOf(e);
}

/** lineOf gives the file line of event i (0-based) of a parsed trace, or of a recorded one. */
export function lineOf(trace: AnyTrace | Trace, i: number): number {
  return trace.events[i]?.line ?? i + 2;
}

/** formatTrace renders a trace as NDJSON (header first), without parse bookkeeping. */
export function formatTrace(trace: AnyTrace | Trace): string {
  const out = [JSON.stringify(trace.header)];
  for (const e of trace.events) {
    const { line: _line, ...rest } = e;
    out.push(JSON.stringify(rest));
  }
  return `${out.join('\n')}\n`;
}
