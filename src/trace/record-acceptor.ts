/**
 * recordAcceptorTrace: the trace of the ACCEPTORS of one register (checked against
 * tla/wor/TraceWORAcceptor.tla, descriptor src/trace/woracceptor.ts). Unlike recordTrace
 * (record.ts), nothing a client does makes a register uncheckable here: batch range steps are
 * projected onto the register (range-projection.ts), a trimmed acceptor simply takes no further
 * step of it, and any capture id (handed over, made up, or the unsafe <<0,0>>) is a request of
 * the environment.
 */
import { compareBallots, ROUND_WINDOW, type Ballot } from '../core/ballot.ts';
import { proofHolds, type AcceptProof } from '../core/capture-key.ts';
import { HOSTILE_BALLOT_CLIENT, HOSTILE_NODE_ID } from '../sim/hostile.ts';
import { TRIM_OFFSET } from '../core/address.ts';
import { checkRange } from '../core/messages.ts';
import { serverIds, simulate, type SimConfig, type TimedTraceEvent } from '../sim/run.ts';
import type { ServerBug } from '../sim/server.ts';
import type { AnyTrace, TraceEventLine } from './format.ts';
import { DEFAULT_OPS, traceOf, traceSimConfig } from './record.ts';
import { projectRange, RegisterStates, type RegState } from './range-projection.ts';

const SINGLE = new Set(['Promise', 'RejectPrepare', 'Accepted', 'RejectAccept', 'ReadReply']);
const RANGE = new Set(['PromiseRange', 'RejectPrepareRange', 'AcceptedRange']);
/** Steps of a whole segment (acceptor.ts onTrimSegment, and step's answer on a trimmed segment). */
const SEGMENT = new Set(['Trim', 'RejectTrim', 'ReplyTrimmed']);

type Vars = Record<string, unknown>;

/**
 * The workload of the acceptor traces that CI and `npm run verify` check: more offsets than
 * recordTrace's default so that ranges span several registers, and trims on.
 */
export const ACCEPTOR_WORKLOAD = { segments: 1, offsets: 6, trimWeight: 1 } as const;
/** The seeds CI (test/trace/woracceptor.test.ts) and verify's wor layer check. */
export const ACCEPTOR_SEEDS: readonly number[] = [1, 2, 3, 4];

/** The request an acceptor is handling (its last Deliver), and whether it concerns this register. */
interface InHand {
  here: boolean;
  req: Vars;
}

export interface ExtractOptions {
  /** The servers' round window (SimConfig.roundWindow; default ROUND_WINDOW). */
  roundWindow?: number;
}

/**
 * extractAcceptorEvents picks register (seg, off)'s acceptor steps out of a run's events, with
 * the requests delivered to each acceptor and its replies (the simulator's `Deliver` and `Reply`
 * events, SimConfig.traceIo), projected onto the register: a request over a range goes to each
 * register of the range, a TrimSegment to every register of the segment, and a step or reply goes
 * where its request went. The trace ends with an `End` event (every request answered).
 */
export function extractAcceptorEvents(all: readonly TimedTraceEvent[], acceptors: readonly string[], seg: number, off: number, opts: ExtractOptions = {}): TraceEventLine[] {
  const events: TraceEventLine[] = [];
  const states = new RegisterStates();
  const inHand = new Map<string, InHand>();
  // The capture key of each acceptor's promise of this register: the key of the Prepare (or
  // PrepareRange) whose Promise step changed the promise (acceptor.ts keeps it until the next).
  const keys = new Map<string, string | null>();
  const window = opts.roundWindow ?? ROUND_WINDOW;
  /** A Promise step of this register by acceptor a, from its state before: the key it now holds. */
  const promised = (a: string, before: RegState, ballot: Ballot): void => {
    if (before.promised === null || compareBallots(before.promised, ballot) !== 0) keys.set(a, (inHand.get(a)?.req.key as string | undefined) ?? null);
  };
  for (const ev of all) {
    const v = ev.vars as Vars;
    const a = ev.action;
    if (a === 'CrashAcceptor' || a === 'RecoverAcceptor') {
      if (acceptors.includes(v.acceptor as string)) events.push({ action: a, acceptor: v.acceptor as string, at: ev.at });
      continue;
    }
    if (typeof v.acceptor !== 'string' || !acceptors.includes(v.acceptor)) continue;
    if (a === 'Deliver') {
      const req = v.request as Vars;
      const line = deliverLine(v.acceptor, v.from, req, seg, off);
      inHand.set(v.acceptor, { here: line !== null, req });
      if (line) events.push({ ...line, ...checksOf(req, seg, off, states.get(v.acceptor, seg, off), keys.get(v.acceptor) ?? null, (o) => states.get(v.acceptor as string, seg, o), window), at: ev.at });
      continue;
    }
    const hand = inHand.get(v.acceptor);
    if (a === 'Reply') {
      if (hand?.here) events.push({ ...replyLine(v.acceptor, v.reply as Vars, off), at: ev.at });
      continue;
    }
    if (SEGMENT.has(a)) {
      if (v.seg !== seg) continue;
      // The acceptor dropped the segment (Trim): it answers Trimmed from now on (ReplyTrimmed), a
      // step of no register, and takes no step of any register of the segment again. A Trim or
      // RejectTrim answers a TrimSegment, which goes into every register's trace of the segment,
      // and a ReplyTrimmed goes where its request went, so the wrapper can check that; `own` says
      // this register is the segment's trim register, whose accepted value decides Trim/RejectTrim.
      if (a === 'Trim') {
        states.dropSegment(v.acceptor, seg);
        keys.delete(v.acceptor);
      }
      if (!hand?.here) continue;
      const line: TraceEventLine = { action: a, acceptor: v.acceptor, at: ev.at };
      if (a !== 'ReplyTrimmed') Object.assign(line, { trimmed: v.trimmed as boolean, own: off === TRIM_OFFSET });
      events.push(line);
      continue;
    }
    if (RANGE.has(a)) {
      if (v.seg !== seg) continue;
      const before = states.get(v.acceptor, seg, off);
      for (const s of projectRange(a, v, states)) {
        if (s.off !== off) continue;
        if (s.action === 'Promise') promised(v.acceptor, before, s.ballot);
        const line: TraceEventLine = { action: s.action, acceptor: s.acceptor, ballot: s.ballot, promised: s.promised, acceptedBallot: s.acceptedBallot, acceptedValue: s.acceptedValue, at: ev.at };
        // A refused AcceptRange says which value it carried: the wrapper takes that request only.
        if (s.value !== undefined) line.value = s.value;
        events.push(line);
      }
      continue;
    }
    if (!SINGLE.has(a) || v.seg !== seg) continue;
    const state = { promised: v.promised as Ballot | null, acceptedBallot: v.acceptedBallot as Ballot | null, acceptedValue: v.acceptedValue as string | null };
    const before = states.get(v.acceptor, seg, v.off as number);
    states.set(v.acceptor, seg, v.off as number, state);
    if (v.off !== off) continue;
    if (a === 'Promise') promised(v.acceptor, before, v.ballot as Ballot);
    const line: TraceEventLine = { action: a, acceptor: v.acceptor, ...state, at: ev.at };
    // The reader's id; its read nonce plays no part in an acceptor's step.
    if (a === 'ReadReply') line.client = clientOf(v.from);
    else line.ballot = v.ballot as Ballot;
    events.push(line);
  }
  events.push({ action: 'End' });
  return events;
}

/** The client id of a request's sender (`c3` -> 3; the hostile client: HOSTILE_BALLOT_CLIENT). */
function clientOf(from: unknown): number {
  return from === HOSTILE_NODE_ID ? HOSTILE_BALLOT_CLIENT : Number(String(from).replace(/^c/, ''));
}

/**
 * The acceptor's rules beyond Paxos that a request meets at this register, from the state its
 * earlier steps left (acceptor.ts; the wrapper makes the acceptor follow them):
 * - far: the request's round is more than the round window above the promise of this register
 *   (single requests) or of some register of the range: it must be refused (Invalid);
 * - clash: a Prepare of the ballot this register promised, with another capture key (or none
 *   where there was one): it must be refused;
 * - signed: an Accept carries a proof by the key of this register's promise, for its value and
 *   a range holding the register (always, where the promise has no key): only then may it be taken.
 */
function checksOf(req: Vars, seg: number, off: number, cur: RegState, key: string | null, stateOf: (off: number) => RegState, window: number): Partial<Record<'far' | 'clash' | 'signed', boolean>> {
  const ballot = req.ballot as Ballot;
  if (!isBallotValue(ballot)) return {};
  const tooFar = (s: RegState): boolean => ballot[0] - (s.promised === null ? 0 : s.promised[0]) > window;
  const [start, end] = [req.start as number, req.end as number];
  const validRange = checkRange(start, end) === null;
  switch (req.type) {
    case 'Prepare':
      return { far: tooFar(cur), clash: clashes(ballot, req.key, cur, key) };
    case 'PrepareRange':
      return { far: validRange && rangeOf(start, end).some((o) => tooFar(stateOf(o))), clash: clashes(ballot, req.key, cur, key) };
    case 'Accept':
      return { far: tooFar(cur), signed: key === null || proofHolds(key, seg, off, ballot, req.value as string, req.proof as AcceptProof | undefined) };
    case 'AcceptRange': {
      const proof: AcceptProof | undefined = typeof req.sig === 'string' ? { start, end, sig: req.sig } : undefined;
      return { far: validRange && rangeOf(start, end).some((o) => tooFar(stateOf(o))), signed: key === null || proofHolds(key, seg, off, ballot, req.value as string, proof) };
    }
    default:
      return {};
  }
}

function clashes(ballot: Ballot, reqKey: unknown, cur: RegState, key: string | null): boolean {
  return cur.promised !== null && compareBallots(cur.promised, ballot) === 0 && ((reqKey as string | undefined) ?? null) !== key;
}

function rangeOf(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}

const isBallotValue = (b: unknown): b is Ballot => Array.isArray(b) && b.length === 2 && b.every((x) => Number.isSafeInteger(x));
/** A ballot field of a reply: the Nack's <<0,0>> for "never promised" is the trace's null (NoId). */
const replyBallot = (b: unknown): Ballot | null => (isBallotValue(b) && !(b[0] === 0 && b[1] === 0) ? b : null);

/**
 * deliverLine projects a request delivered to an acceptor onto register (seg, off): null when the
 * request concerns no register of this trace. `request` names the request as sent; a range
 * request carries its bounds (rstart, rend).
 */
function deliverLine(acceptor: string, from: unknown, req: Vars, seg: number, off: number): TraceEventLine | null {
  if (req.seg !== seg) return null;
  const type = req.type as string;
  const line: TraceEventLine = { action: 'Deliver', acceptor };
  Object.assign(line, { request: type });
  switch (type) {
    case 'Prepare':
    case 'Accept':
    case 'ReadQuery':
      if (req.off !== off) return null;
      break;
    case 'PrepareRange':
    case 'AcceptRange':
      if (!((req.start as number) <= off && off < (req.end as number))) return null;
      Object.assign(line, { rstart: req.start, rend: req.end });
      break;
    case 'TrimSegment':
      break;
    default:
      return null;
  }
  if (type === 'ReadQuery') line.client = clientOf(from);
  if (isBallotValue(req.ballot)) line.ballot = req.ballot;
  if (typeof req.value === 'string') line.value = req.value;
  return line;
}

/** replyLine projects an acceptor's reply onto register off (a range reply: this register's part). */
function replyLine(acceptor: string, r: Vars, off: number): TraceEventLine {
  const line: TraceEventLine = { action: 'Reply', acceptor };
  const set = (reply: string, fields: Partial<TraceEventLine> = {}): TraceEventLine => Object.assign(line, { reply }, fields);
  if (isBallotValue(r.ballot)) line.ballot = r.ballot;
  const state = (x: Vars): Partial<TraceEventLine> => ({ acceptedBallot: replyBallot(x.acceptedBallot), acceptedValue: typeof x.acceptedValue === 'string' ? x.acceptedValue : null });
  switch (r.type) {
    case 'Promise':
      return set('Promise', state(r));
    case 'Nack':
    case 'ReadReply':
      return set(r.type, { promised: replyBallot(r.promised), ...state(r) });
    case 'Accepted':
    case 'Trimmed':
    case 'Invalid':
      return set(r.type);
    case 'PromiseRange': {
      const entry = (Array.isArray(r.accepted) ? (r.accepted as Vars[]) : []).find((x) => x.off === off);
      return set('Promise', entry ? state(entry) : { acceptedBallot: null, acceptedValue: null });
    }
    case 'AcceptedRange': {
      const entry = (Array.isArray(r.refused) ? (r.refused as Vars[]) : []).find((x) => x.off === off);
      return entry ? set('Nack', { promised: replyBallot(entry.promised), ...state(entry) }) : set('Accepted');
    }
    case 'NackRange':
      return set('NackRange', { promised: replyBallot(r.promised) });
    default:
      // Not a reply of the protocol: the wrapper matches it with no step.
      return set('none');
  }
}

/**
 * registersTouched lists the data and metadata registers of segment seg that some acceptor step,
 * or some request delivered to an acceptor (traceIo), touched.
 */
export function registersTouched(all: readonly TimedTraceEvent[], seg: number): number[] {
  const offs = new Set<number>();
  for (const ev of all) {
    const v = ev.vars as Vars;
    if (ev.action === 'Deliver') {
      const r = v.request as Vars;
      if (r.seg !== seg) continue;
      if (typeof r.off === 'number' && Number.isSafeInteger(r.off)) offs.add(r.off);
      const [start, end] = [r.start as number, r.end as number];
      // A valid range (a malformed one is refused whole, and concerns no register).
      if (checkRange(start, end) === null) for (let o = start; o < end; o++) offs.add(o);
      continue;
    }
    if (v.seg !== seg || typeof v.acceptor !== 'string') continue;
    if (SINGLE.has(ev.action)) offs.add(v.off as number);
    if (RANGE.has(ev.action)) for (let o = v.start as number; o < (v.end as number); o++) offs.add(o);
  }
  return [...offs].sort((a, b) => a - b);
}

export interface AcceptorRecordOptions {
  seed: number;
  ops?: number;
  bug?: ServerBug | null;
  overrides?: Partial<SimConfig>;
}

export interface AcceptorRecorded {
  /** One trace per register the run's acceptors touched in segment seg, by offset. */
  traces: Map<number, AnyTrace>;
  simEvents: number;
  /** How many batch range steps and trims of acceptors the run had (in segment seg). */
  rangeSteps: number;
  trims: number;
  violations: string[];
}

/**
 * recordAcceptorTraces runs one seeded simulation (the same derivation as recordTrace, so batch
 * operations are in the workload) and keeps the acceptor trace of every register of segment seg.
 */
export function recordAcceptorTraces(opts: AcceptorRecordOptions, seg = 0): AcceptorRecorded {
  const cfg = { ...traceSimConfig(opts.seed, opts.ops ?? DEFAULT_OPS), ...opts.overrides };
  const all: TimedTraceEvent[] = [];
  const result = simulate({ ...cfg, bug: opts.bug ?? null, traceSink: (e) => all.push(e), traceIo: true });
  const acceptors = serverIds(cfg)[0]!;
  const traces = new Map<number, AnyTrace>();
  for (const off of registersTouched(all, seg)) {
    traces.set(off, retitle(traceOf(extractAcceptorEvents(all, acceptors, seg, off), { seg, off, acceptors, seed: opts.seed })));
  }
  const count = (p: (ev: TimedTraceEvent) => boolean): number => all.filter((ev) => (ev.vars as Vars).seg === seg && p(ev)).length;
  return { traces, simEvents: all.length, rangeSteps: count((ev) => RANGE.has(ev.action)), trims: count((ev) => ev.action === 'Trim'), violations: result.violations };
}

// Same header as a WORPaxos trace (register, acceptors, clients, values); another spec.
function retitle(t: ReturnType<typeof traceOf>): AnyTrace {
  return { header: { ...t.header, trace: 'WORAcceptor' }, events: t.events as AnyTrace['events'] };
}
