/**
 * recordTrace runs one seeded simulation (src/sim) with faults and keeps the trace of ONE register
 * in the spec's terms (see format.ts). The simulator reports every core event of every register;
 * this file picks the events of the register, and adds what an event cannot know alone:
 * - which register a client's answer (WriteDone, ReadDone, Timeout, ...) belongs to: the last
 *   register that the same call (client, rid) started an action on;
 * - the nonce n of a read (the client's k-th read of this register), and which read a ReadReply
 *   served (the sim stamps acceptor events with the request's sender and rid).
 *
 * Only registers that WORPaxos can describe are traced: no batch (range) operation, no trim, no
 * unsafe write (ballot <<0,0>>), no capture call (its id is handed over) and no write with a
 * capture id of another client touch them. The metadata WOR of a segment (alloc = capture+write, check and the allocation
 * guard = read) is such a register, and the default. `eligibility` says why another is not.
 */
import { META_OFFSET } from '../core/address.ts';
import type { Ballot } from '../core/ballot.ts';
import { Prng } from '../sim/prng.ts';
import type { ServerBug } from '../sim/server.ts';
import { DEFAULT_CONFIG, serverIds, simulate, type FaultEvent, type SimConfig, type SimResult, type TimedTraceEvent } from '../sim/run.ts';
import type { ReplySeen, Trace, TraceEventLine, TraceResult } from './format.ts';
import { valuesOf } from './format.ts';

export interface RecordOptions {
  seed: number;
  /** Calls per simulated client (the trace grows with it). */
  ops?: number;
  seg?: number;
  off?: number;
  /** A deliberate server bug of the simulator (negative tests: its traces must be rejected). */
  bug?: ServerBug | null;
  /** Changes to the derived simulation (heavier faults, more clients), applied last. */
  overrides?: Partial<SimConfig>;
}

export const DEFAULT_OPS = 6;

/**
 * traceSimConfig derives a small, faulty run from the seed: one partition of three acceptors,
 * three clients on one segment (so their calls collide on its registers), message loss and
 * duplication, reordering by random delays, and a schedule of server crashes and restarts,
 * isolations and client crashes. Trim is off: WORPaxos has no trim.
 */
export function traceSimConfig(seed: number, ops = DEFAULT_OPS): SimConfig {
  const p = new Prng((seed * 2_654_435_761) >>> 0);
  const until = 1_500;
  const schedule: FaultEvent[] = [];
  for (let k = p.range(1, 5); k > 0; k--) {
    const at = p.int(until);
    switch (p.int(4)) {
      case 0:
        schedule.push({ at, kind: 'crashServer', server: p.int(3) }, { at: at + p.range(20, 400), kind: 'restartServer', server: p.int(3) });
        break;
      case 1:
        schedule.push({ at, kind: 'isolateServer', server: p.int(3) }, { at: at + p.range(20, 400), kind: 'heal' });
        break;
      case 2:
        schedule.push({ at, kind: 'crashClient', client: p.int(3) });
        break;
      default:
        schedule.push({ at, kind: 'crashServer', server: p.int(3) });
    }
  }
  return {
    ...DEFAULT_CONFIG,
    seed,
    partitions: 1,
    serversPerPartition: 3,
    clients: 3,
    callsPerClient: ops,
    workload: { segments: 1, offsets: 2, trimWeight: 0 },
    faults: { lossPct: p.range(2, 15), dupPct: p.range(2, 15), delayMin: 1, delayMax: p.range(5, 40) },
    schedule: schedule.sort((a, b) => a.at - b.at),
    safetyUntil: until,
    livenessFor: 10_000,
  };
}

type Vars = Record<string, unknown>;

const ACCEPTOR_ACTIONS = new Set(['Promise', 'RejectPrepare', 'Accepted', 'RejectAccept', 'ReadReply']);
const RANGE_ACTIONS = new Set(['PromiseRange', 'RejectPrepareRange', 'AcceptedRange']);
const CLIENT_STARTS = new Set(['Capture', 'Write', 'Read', 'Repair']);
const CLIENT_ANSWERS = new Set(['CaptureDone', 'CapturePreempted', 'WriteDone', 'WritePreempted', 'Timeout', 'ReadDone', 'RepairDone', 'RepairPreempted']);

function sameBallot(a: unknown, b: readonly number[]): boolean {
  return Array.isArray(a) && a[0] === b[0] && a[1] === b[1];
}

function resultOf(r: unknown): TraceResult {
  const o = r as { status: string; value?: string; captureId?: Ballot };
  const out: TraceResult = { status: o.status };
  if (typeof o.value === 'string') out.value = o.value;
  if (o.captureId) out.captureId = o.captureId;
  return out;
}

/**
 * extractRegister turns the simulator's events into the trace of register (seg, off), or
 * returns the reasons WORPaxos cannot describe it.
 */
export function extractRegister(all: readonly TimedTraceEvent[], acceptors: readonly string[], seg: number, off: number): { events: TraceEventLine[]; problems: string[] } {
  const events: TraceEventLine[] = [];
  const problems = new Set<string>();
  const current = new Map<string, number | 'range'>(); // `${client}/${rid}` -> the register its call works on
  const reads = new Map<number, number>(); // client -> reads of this register so far
  const readNonce = new Map<string, number>(); // `${client}/${rid}` -> n of its read
  for (const ev of all) {
    const v = ev.vars as Vars;
    const a = ev.action;
    if (a === 'CrashAcceptor' || a === 'RecoverAcceptor') {
      if (acceptors.includes(v.acceptor as string)) events.push({ action: a, acceptor: v.acceptor as string, at: ev.at });
      continue;
    }
    if (v.seg !== seg) continue;
    if (a === 'Trim' || a === 'ReplyTrimmed' || a === 'TrimSegment') {
      problems.add('its segment was trimmed');
      continue;
    }
    if (RANGE_ACTIONS.has(a) || a === 'CaptureSegment' || a === 'WriteSegment') {
      if ((v.start as number) <= off && off < (v.end as number)) problems.add(`a batch operation (${a}) touched it`);
      if (v.client !== undefined) current.set(`${v.client}/${v.rid}`, 'range');
      continue;
    }
    if (ACCEPTOR_ACTIONS.has(a)) {
      if (v.off !== off) continue;
      const line: TraceEventLine = {
        action: a,
        acceptor: v.acceptor as string,
        promised: v.promised as Ballot | null,
        acceptedBallot: v.acceptedBallot as Ballot | null,
        acceptedValue: v.acceptedValue as string | null,
      };
      if (a === 'ReadReply') {
        const client = Number(String(v.from).replace(/^c/, ''));
        const n = readNonce.get(`${client}/${v.rid}`);
        if (n === undefined) {
          problems.add(`a ReadReply answered a read it cannot place (from ${String(v.from)}, rid ${String(v.rid)})`);
          continue;
        }
        line.client = client;
        line.n = n;
      } else {
        line.ballot = v.ballot as Ballot;
        if (sameBallot(v.ballot, [0, 0])) problems.add('an unsafe write (capture id 0) reached it');
      }
      events.push({ ...line, at: ev.at });
      continue;
    }
    const client = v.client as number;
    const key = `${client}/${v.rid}`;
    if (CLIENT_STARTS.has(a)) {
      current.set(key, v.off as number);
      if (v.off !== off) continue;
      if (a === 'Read') {
        const n = (reads.get(client) ?? 0) + 1;
        reads.set(client, n);
        readNonce.set(key, n);
        events.push({ action: a, client, n, at: ev.at });
      } else if (a === 'Capture') {
        events.push({ action: a, client, ballot: v.ballot as Ballot, at: ev.at });
      } else if (a === 'Write') {
        const ballot = v.ballot as Ballot;
        if (ballot[1] !== client) problems.add(ballot[0] === 0 ? 'an unsafe write (capture id 0) reached it' : 'a capture id was handed to another client');
        // A WriteOp (a held capture id) has no phase 1: no quorum.
        const quorum = (v.quorum ?? null) as string[] | null;
        events.push({ action: a, client, ballot, value: v.value as string, callerValue: (v.callerValue ?? null) as string | null, quorum, at: ev.at });
      } else {
        events.push({ action: a, client, ballot: v.ballot as Ballot, value: v.value as string, n: readNonce.get(key), replies: v.replies as ReplySeen[], at: ev.at });
      }
      continue;
    }
    if (CLIENT_ANSWERS.has(a) && current.get(key) === off) {
      // WORPaxos's capturing client holds the id until it writes with it; the code's client
      // hands the id to the caller and moves on (src/sim/workload.ts pools it for any client).
      if (a === 'CaptureDone' && (v.result as { status?: string }).status === 'ok') problems.add('a capture call took a capture id (the spec has no hand-over)');
      const line: TraceEventLine = { action: a, client, result: resultOf(v.result), at: ev.at };
      if (a === 'ReadDone') {
        line.n = readNonce.get(key);
        line.replies = (v.replies ?? []) as ReplySeen[];
      }
      if (a === 'CaptureDone') line.quorum = (v.quorum ?? null) as string[] | null;
      events.push(line);
    }
  }
  return { events, problems: [...problems] };
}

/** constantsOf lists the constants a trace needs: every client and value it mentions. */
function constantsOf(events: readonly TraceEventLine[]): { clients: number[]; values: string[] } {
  const clients = new Set<number>();
  const values = new Set<string>();
  for (const e of events) {
    if (e.client !== undefined) clients.add(e.client);
    for (const b of [e.ballot, e.promised, e.acceptedBallot, e.result?.captureId]) if (b) clients.add(b[1]);
    for (const x of valuesOf(e)) values.add(x);
  }
  return { clients: [...clients].sort((a, b) => a - b), values: [...values].sort() };
}

export interface Recorded {
  trace: Trace;
  /** Why WORPaxos cannot describe the register (then the trace is not checkable). */
  problems: string[];
  /** The simulation's own checkers' findings, for the record. */
  violations: string[];
  simEvents: number;
  /** The run itself: its servers and history (refinement mappings read the final state). */
  sim: SimResult;
}

/**
 * traceOf builds a checkable trace from a register's events (from extractRegister), with the
 * header's constants taken from the events: for runtimes other than the simulator (the TCP
 * servers and client library trace the same events).
 */
export function traceOf(events: TraceEventLine[], where: { seg: number; off: number; acceptors: string[]; seed?: number | null }): Trace {
  const { clients, values } = constantsOf(events);
  return { header: { trace: 'WORPaxos', seed: where.seed ?? null, seg: where.seg, off: where.off, acceptors: where.acceptors, clients, values }, events };
}

export function recordTrace(opts: RecordOptions): Recorded {
  const seg = opts.seg ?? 0;
  const off = opts.off ?? META_OFFSET;
  const cfg = { ...traceSimConfig(opts.seed, opts.ops ?? DEFAULT_OPS), ...opts.overrides };
  const all: TimedTraceEvent[] = [];
  const result = simulate({ ...cfg, bug: opts.bug ?? null, traceSink: (e) => all.push(e) });
  const acceptors = serverIds(cfg)[0]!;
  const { events, problems } = extractRegister(all, acceptors, seg, off);
  return {
    trace: traceOf(events, { seg, off, acceptors, seed: opts.seed }),
    problems,
    violations: result.violations,
    simEvents: all.length,
    sim: result,
  };
}
