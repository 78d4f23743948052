/**
 * recordAcceptorTrace: the trace of the ACCEPTORS of one register (checked against
 * tla/wor/TraceWORAcceptor.tla, descriptor src/trace/woracceptor.ts). Unlike recordTrace
 * (record.ts), nothing a client does makes a register uncheckable here: batch range steps are
 * projected onto the register (range-projection.ts), a trimmed acceptor simply takes no further
 * step of it, and any capture id (handed over, made up, or the unsafe <<0,0>>) is a request of
 * the environment.
 */
import type { Ballot } from '../core/ballot.ts';
import { TRIM_OFFSET } from '../core/address.ts';
import { serverIds, simulate, type SimConfig, type TimedTraceEvent } from '../sim/run.ts';
import type { ServerBug } from '../sim/server.ts';
import type { AnyTrace, TraceEventLine } from './format.ts';
import { DEFAULT_OPS, traceOf, traceSimConfig } from './record.ts';
import { projectRange, RegisterStates } from './range-projection.ts';

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

/** extractAcceptorEvents picks register (seg, off)'s acceptor steps out of a run's events. */
export function extractAcceptorEvents(all: readonly TimedTraceEvent[], acceptors: readonly string[], seg: number, off: number): TraceEventLine[] {
  const events: TraceEventLine[] = [];
  const states = new RegisterStates();
  for (const ev of all) {
    const v = ev.vars as Vars;
    const a = ev.action;
    if (a === 'CrashAcceptor' || a === 'RecoverAcceptor') {
      if (acceptors.includes(v.acceptor as string)) events.push({ action: a, acceptor: v.acceptor as string, at: ev.at });
      continue;
    }
    if (typeof v.acceptor !== 'string' || !acceptors.includes(v.acceptor)) continue;
    if (SEGMENT.has(a)) {
      if (v.seg !== seg) continue;
      // The acceptor dropped the segment (Trim): it answers Trimmed from now on (ReplyTrimmed), a
      // step of no register, and takes no step of any register of the segment again. The events
      // go into every register's trace of the segment, so the wrapper can check that; `own` says
      // this register is the segment's trim register, whose accepted value decides Trim/RejectTrim.
      if (a === 'Trim') states.dropSegment(v.acceptor, seg);
      const line: TraceEventLine = { action: a, acceptor: v.acceptor, at: ev.at };
      if (a !== 'ReplyTrimmed') Object.assign(line, { trimmed: v.trimmed as boolean, own: off === TRIM_OFFSET });
      events.push(line);
      continue;
    }
    if (RANGE.has(a)) {
      if (v.seg !== seg) continue;
      for (const s of projectRange(a, v, states)) {
        if (s.off !== off) continue;
        const line: TraceEventLine = { action: s.action, acceptor: s.acceptor, ballot: s.ballot, promised: s.promised, acceptedBallot: s.acceptedBallot, acceptedValue: s.acceptedValue, at: ev.at };
        // A refused AcceptRange says which value it carried: the wrapper takes that request only.
        if (s.value !== undefined) line.value = s.value;
        events.push(line);
      }
      continue;
    }
    if (!SINGLE.has(a) || v.seg !== seg) continue;
    const state = { promised: v.promised as Ballot | null, acceptedBallot: v.acceptedBallot as Ballot | null, acceptedValue: v.acceptedValue as string | null };
    states.set(v.acceptor, seg, v.off as number, state);
    if (v.off !== off) continue;
    const line: TraceEventLine = { action: a, acceptor: v.acceptor, ...state, at: ev.at };
    // The reader's id; its read nonce plays no part in an acceptor's step.
    if (a === 'ReadReply') line.client = Number(String(v.from).replace(/^c/, ''));
    else line.ballot = v.ballot as Ballot;
    events.push(line);
  }
  return events;
}

/** registersTouched lists the data and metadata registers of segment seg that some acceptor step touched. */
export function registersTouched(all: readonly TimedTraceEvent[], seg: number): number[] {
  const offs = new Set<number>();
  for (const ev of all) {
    const v = ev.vars as Vars;
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
  const result = simulate({ ...cfg, bug: opts.bug ?? null, traceSink: (e) => all.push(e) });
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
