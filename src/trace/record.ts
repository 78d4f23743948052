/**
 * recordTrace runs one seeded simulation (src/sim) with faults and keeps the trace of ONE register
 * in the spec's terms (see format.ts). The simulator reports every core event of every register;
 * this file picks the events of the register, and adds what an event cannot know alone:
 * - which register a client's answer (WriteDone, ReadDone, Timeout, ...) belongs to: the last
 *   register that the same call (client, rid) started an action on;
 * - the nonce n of a read (the client's k-th read of this register), and which read a ReadReply
 *   served (the sim stamps acceptor events with the request's sender and rid).
 *
 * Only registers that WORPaxos can describe are traced: no trim touches them; capture calls and
 * writes with their ids are hand-overs, the unsafe write (ballot <<0,0>>) is WORPaxos's
 * UnsafeWrite, batch ranges are projected onto the register (see extractRegister). docs/traces.md lists every refusal. The metadata WOR of a segment (alloc = capture+write, check and the allocation
 * guard = read) is such a register, and the default. `eligibility` says why another is not.
 */
import { META_OFFSET, TRIM_OFFSET } from '../core/address.ts';
import { compareBallots, type Ballot } from '../core/ballot.ts';
import { Prng } from '../sim/prng.ts';
import type { ServerBug } from '../sim/server.ts';
import { DEFAULT_CONFIG, serverIds, simulate, type FaultEvent, type SimConfig, type SimResult, type TimedTraceEvent } from '../sim/run.ts';
import type { ReplySeen, Trace, TraceEventLine, TraceResult } from './format.ts';
import { valuesOf } from './format.ts';
import { projectRange, RegisterStates } from './range-projection.ts';

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
 * Capture ids answered by capture calls are held, in the trace, by holder clients numbered from
 * HOLDER_BASE (one per id): the code's caller keeps the id while its client goes on with other
 * calls. No client of the code and no ballot has such an id: when the run's own ids reach into
 * that range, the holders move up (holderBase).
 */
export const HOLDER_BASE = 1000;

/**
 * holderBase: where this run's holders are numbered from. A client of the code picks its own id
 * (a careless or hostile one may pick 1001), and a holder must never be a real client: the base
 * is the first multiple of HOLDER_BASE such that no id the run uses falls among the `count`
 * holders above it.
 */
export function holderBase(used: Iterable<number>, count: number): number {
  const ids = [...used];
  let base = HOLDER_BASE;
  while (ids.some((id) => id > base && id <= base + count)) base += HOLDER_BASE;
  return base;
}

/** idsUsed lists every client id the events name: clients, senders (`cN`) and ballots' owners. */
function idsUsed(all: readonly TimedTraceEvent[]): Set<number> {
  const out = new Set<number>();
  const walk = (v: unknown, key: string | null): void => {
    if (Array.isArray(v)) {
      if (v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') out.add(v[1]);
      else for (const x of v) walk(x, null);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, k);
    } else if ((key === 'client' || key === 'to') && typeof v === 'number') out.add(v);
    else if (key === 'from' && typeof v === 'string' && /^c\d+$/.test(v)) out.add(Number(v.slice(1)));
  };
  for (const e of all) walk(e.vars, null);
  return out;
}

const ballotKey = (b: readonly number[]): string => `${b[0]},${b[1]}`;

/**
 * The ballots of register (seg, off) whose phase 1 carried a capture key: Capture events of the
 * register and CaptureSegment events whose range covers it, with `keyed`. (Rounds are per
 * register, so one ballot may be another register's phase 1 too.)
 */
function keyedPhase1Ballots(all: readonly TimedTraceEvent[], seg: number, off: number): Set<string> {
  const out = new Set<string>();
  for (const ev of all) {
    const v = ev.vars as Vars;
    if (v.keyed !== true || v.seg !== seg || !Array.isArray(v.ballot)) continue;
    const covers = ev.action === 'Capture' ? v.off === off : ev.action === 'CaptureSegment' && (v.start as number) <= off && off < (v.end as number);
    if (covers) out.add(ballotKey(v.ballot as unknown as Ballot));
  }
  return out;
}

/**
 * registerOf: the register a client event is about. Every event of a single-register op names it
 * (`off`), answers included; a range op's events name none, and are about the register its call
 * last started on (`current`).
 */
function registerOf(v: Vars, current: number | 'range' | undefined): number | 'range' | undefined {
  return typeof v.off === 'number' ? v.off : current;
}

/**
 * completionCalls finds the capture calls (`${client}/${rid}`) of register (seg, off) that
 * completed a value their phase 1 revealed: inside the call, a second Paxos run at a fresh ballot
 * (paxos-op.ts `completion`) traced as Capture, Write (no caller value), RepairDone, whose answer
 * comes before the capture's own. A read's fallback looks the same, but its call starts with Read.
 * For each: the capture id answered when the completion wrote the value (`written`), which is the
 * ballot of the call's own phase 1; null when it answered otherwise (the completion found nothing
 * and its ballot became the id, or it failed).
 */
function completionCalls(all: readonly TimedTraceEvent[], seg: number, off: number): Map<string, Ballot | null> {
  const reads = new Set<string>(); // calls that are not capture calls: reads, range captures
  const inner = new Set<string>();
  const answer = new Map<string, Ballot | null>();
  const completes = new Map<string, Ballot>(); // the capture id a completion's Capture names
  const current = new Map<string, number | undefined>();
  for (const ev of all) {
    const v = ev.vars as Vars;
    if (v.seg !== seg || v.client === undefined || typeof v.acceptor === 'string') continue;
    const key = `${v.client}/${v.rid}`;
    // A range capture's repairs of revealed registers look alike: rangeCaptures handles them.
    if (ev.action === 'CaptureSegment') reads.add(key);
    if (CLIENT_STARTS.has(ev.action)) current.set(key, v.off as number | undefined);
    if (registerOf(v, current.get(key)) !== off) continue;
    if (ev.action === 'Read') reads.add(key);
    if (ev.action === 'RepairDone' || ev.action === 'RepairPreempted' || (ev.action === 'Write' && v.callerValue === null)) inner.add(key);
    if (ev.action === 'Capture' && Array.isArray(v.completes)) {
      inner.add(key);
      if (!completes.has(key)) completes.set(key, v.completes as unknown as Ballot);
    }
    if (CLIENT_ANSWERS.has(ev.action)) {
      const r = v.result as { status?: string; captureId?: Ballot; written?: unknown };
      answer.set(key, ev.action === 'CaptureDone' && r.status === 'ok' && r.captureId && typeof r.written === 'string' ? r.captureId : null);
    }
  }
  const out = new Map<string, Ballot | null>();
  // The id is the one the answer names with the completed value (`written`); when the completion
  // found nothing, the answer names the completion's own ballot, and the id is the one its
  // Capture events name (`completes`; traces recorded before it existed: null, not traceable).
  for (const k of inner) if (!reads.has(k)) out.set(k, answer.get(k) ?? completes.get(k) ?? null);
  return out;
}

/** What a range capture (CaptureSegmentOp) answered about register `off`. */
interface RangeCapture {
  /** The capture id answered (ok), or null (preempted, timeout). */
  id: Ballot | null;
  /** The range capture completed a value revealed at `off` (its `written`). */
  repaired: boolean;
  /** Its completion at `off` found nothing (`unrepaired`). */
  unrepaired: boolean;
  /** Registers of the range the capture found written: a chained writeSegment reports nothing about them. */
  taken: Set<number>;
  /** The id its completion at `off` names (`completes` on the completion's Capture), if one started there. */
  completes: Ballot | null;
}

const RANGE_ANSWERS = new Set(['CaptureSegmentDone', 'CaptureSegmentPreempted', 'WriteSegmentDone', 'WriteSegmentPreempted']);

/**
 * rangeCompletion: the capture id of a range capture that ran a completion at this register
 * (it repaired a value there, or found none: `unrepaired`), else null.
 */
function rangeCompletion(rc: RangeCapture | undefined): Ballot | null {
  if (rc === undefined) return null;
  // A range capture that failed after its completion here began (another register's repair
  // failed, or the segment was trimmed) answers no id: the completion's Capture names it.
  return (rc.repaired || rc.unrepaired) && rc.id ? rc.id : rc.completes;
}

/** rangeCaptures: the answers of the range captures (`${client}/${rid}`) of segment seg that cover `off`. */
function rangeCaptures(all: readonly TimedTraceEvent[], seg: number, off: number): Map<string, RangeCapture> {
  const out = new Map<string, RangeCapture>();
  for (const ev of all) {
    const v = ev.vars as Vars;
    if (v.seg !== seg || v.client === undefined || typeof v.acceptor === 'string') continue;
    const key = `${v.client}/${v.rid}`;
    if (ev.action === 'CaptureSegment' && (v.start as number) <= off && off < (v.end as number)) out.set(key, { id: null, repaired: false, unrepaired: false, taken: new Set(), completes: null });
    if (ev.action === 'Capture' && v.off === off && Array.isArray(v.completes) && out.has(key)) out.get(key)!.completes ??= v.completes as unknown as Ballot;
    if (ev.action !== 'CaptureSegmentDone' || !out.has(key)) continue;
    const r = v.result as { status: string; captureId?: Ballot; written?: { off: number }[]; unrepaired?: number[] };
    const c = out.get(key)!;
    if (r.status !== 'ok' || !r.captureId) continue;
    c.id = r.captureId;
    c.taken = new Set((r.written ?? []).map((w) => w.off));
    c.repaired = c.taken.has(off);
    c.unrepaired = (r.unrepaired ?? []).includes(off);
  }
  return out;
}

/**
 * extractRegister turns the simulator's events into the trace of register (seg, off), or
 * returns the reasons WORPaxos cannot describe it.
 *
 * A capture call's id is a hand-over (WORPaxos HandOver, Release): after its CaptureDone the
 * capturing client hands the id to a holder (holderBase + k) and releases it; a write with the
 * id (a WriteOp, no phase 1) is preceded by a HandOver from the holder to the writer.
 *
 * A capture call that completed a revealed value is, for WORPaxos, the capture (answered, handed
 * to its holder and released as soon as the completion starts) and then a propose op of the same
 * client writing that value at the completion's ballot: its RepairDone is that write's WriteDone
 * (RepairPreempted its WritePreempted), and the call's own answer, which follows, says nothing
 * new and is left out.
 */
export function extractRegister(all: readonly TimedTraceEvent[], acceptors: readonly string[], seg: number, off: number): { events: TraceEventLine[]; problems: string[] } {
  const events: TraceEventLine[] = [];
  const problems = new Set<string>();
  const current = new Map<string, number | 'range'>(); // `${client}/${rid}` -> the register its call works on
  const reads = new Map<number, number>(); // client -> reads of this register so far
  const readNonce = new Map<string, number>(); // `${client}/${rid}` -> n of its read
  const holders = new Map<string, number>(); // capture id -> the holder client that has it
  const base = holderBase(idsUsed(all), all.length); // holders: base + 1, base + 2, ...
  const completions = completionCalls(all, seg, off);
  const completionStarted = new Set<string>(); // completion calls whose second Paxos run began
  const completionBallot = new Map<string, Ballot>(); // completion calls: the ballot of their second run
  const outerSeen = new Set<string>(); // completion calls whose phase 1 ballot (the id) was traced
  const ranges = rangeCaptures(all, seg, off);
  const states = new RegisterStates(); // this register's acceptor states, for range projections
  const overtaken = new Set<string>(); // ballots some acceptor of this register refused from above
  const answered = new Set<string>(); // range calls whose answer for this register was traced
  const rangeKind = new Map<string, 'capture' | 'write'>(); // range calls covering this register: the op under way
  // Clients the recorder makes up: holders of capture ids, and one per request of the hostile
  // client (HostileRead, HostileAccept), numbered from base + 1 (holderBase keeps them free).
  let pseudo = 0;
  const pseudoClient = (): number => base + ++pseudo;
  const hostileReads = new Map<string, number>(); // `${sender}/${rid}` of a hostile ReadQuery -> its pseudo client
  // The requests (`${sender}/${rid}`) that are forged writes' Accepts: an acceptor's refusal of one
  // says so (`forged`), so the wrapper pins the refused message's kind (ForgedAccept or Accept).
  const forgedRequests = new Set<string>();
  const handOver = (client: number, id: Ballot, at: number): void => {
    const holder = pseudoClient();
    holders.set(ballotKey(id), holder);
    events.push({ action: 'HandOver', client, to: holder, at }, { action: 'Release', client, at });
  };
  // Acceptors that dropped the segment (a trim). WORPaxos has no trim, but what a trim does to ONE
  // register is a crash for good: the acceptor keeps no state for it and answers nothing but
  // Trimmed, so it is down from then on (its restarts do not bring the register back).
  const trimmedAt = new Set<string>();
  const keyedIds = keyedPhase1Ballots(all, seg, off);
  for (const ev of all) {
    const v = ev.vars as Vars;
    const a = ev.action;
    if (a === 'CrashAcceptor' || a === 'RecoverAcceptor') {
      if (acceptors.includes(v.acceptor as string) && !trimmedAt.has(v.acceptor as string)) events.push({ action: a, acceptor: v.acceptor as string, at: ev.at });
      continue;
    }
    if (v.seg !== seg) continue;
    if (a === 'HostileRead' || a === 'HostileAccept') {
      // The hostile client (src/sim/hostile.ts) never waits for an answer: each of its requests
      // is a client of its own that makes the request and gives up at once. A ReadQuery is a
      // Read (its replies are placed by rid); a copied ballot with a value of its own is a
      // ForgedWrite (its proof, if any, is another value's); a verbatim replay is the
      // proposer's own Accept again, already in the spec's network: no step.
      if (v.off !== off || (a === 'HostileAccept' && v.verbatim === true)) continue;
      const client = pseudoClient();
      // Keyed as the acceptors' events name the request they answer: `${from}/${rid}`.
      const request = `${String(v.hostile)}/${String(v.rid)}`;
      if (a === 'HostileRead') {
        hostileReads.set(request, client);
        events.push({ action: 'Read', client, n: 1, at: ev.at });
      } else {
        forgedRequests.add(request);
        events.push({ action: 'ForgedWrite', client, ballot: v.ballot as Ballot, value: v.value as string, at: ev.at });
      }
      events.push({ action: 'Timeout', client, result: { status: 'timeout' }, at: ev.at });
      continue;
    }
    if (a === 'Trim' && typeof v.acceptor === 'string') {
      if (acceptors.includes(v.acceptor) && !trimmedAt.has(v.acceptor)) {
        trimmedAt.add(v.acceptor);
        states.dropSegment(v.acceptor, seg);
        events.push({ action: 'CrashAcceptor', acceptor: v.acceptor, at: ev.at });
      }
      continue;
    }
    // The Trimmed answers of a dropped segment, a client telling the partition to drop it, an
    // acceptor refusing that: steps of no register (the client's op answers `trimmed`, below).
    // A trim call's second half (TrimSegmentOp) works on no register: its answer (a Timeout when
    // too few servers acknowledged) is not the trim WOR's, whose write answered before it.
    if (a === 'TrimSegment' && v.client !== undefined) current.set(`${v.client}/${v.rid}`, 'range');
    if (a === 'ReplyTrimmed' || a === 'TrimSegment' || a === 'RejectTrim') continue;
    if (RANGE_ACTIONS.has(a)) {
      // An acceptor's range step, projected onto this register (range-projection.ts).
      if (!acceptors.includes(v.acceptor as string)) continue;
      for (const p of projectRange(a, v, states)) {
        if (p.off !== off) continue;
        if (p.action === 'RejectAccept' && p.promised && compareBallots(p.promised, p.ballot) > 0) overtaken.add(ballotKey(p.ballot));
        events.push({ action: p.action, acceptor: p.acceptor, ballot: p.ballot, promised: p.promised, acceptedBallot: p.acceptedBallot, acceptedValue: p.acceptedValue, at: ev.at });
      }
      continue;
    }
    if (a === 'CaptureSegment' || a === 'WriteSegment') {
      const key = `${v.client}/${v.rid}`;
      const client = v.client as number;
      const ballot = v.ballot as Ballot;
      if (!((v.start as number) <= off && off < (v.end as number))) {
        current.set(key, 'range');
        rangeKind.delete(key);
        continue;
      }
      current.set(key, off);
      rangeKind.set(key, a === 'CaptureSegment' ? 'capture' : 'write');
      if (a === 'CaptureSegment') {
        // Phase 1 of this register at the range's ballot: a Capture (a retry: another one).
        if (sameBallot(ballot, ranges.get(key)?.id ?? ranges.get(key)?.completes ?? [0, 0])) outerSeen.add(key);
        events.push({ action: 'Capture', client, ballot, at: ev.at });
        continue;
      }
      // AcceptRange at the id: a write of this register with the id, handed over by its holder;
      // with capture id 0, an unsafe write (WORPaxos UnsafeWrite: no id is held).
      if (ballot[0] !== 0) {
        const holder = holders.get(ballotKey(ballot));
        if (holder === undefined) problems.add('a write used a capture id that no capture call of this register answered');
        else events.push({ action: 'HandOver', client: holder, to: client, at: ev.at });
      }
      events.push({ action: 'Write', client, ballot, value: v.value as string, callerValue: v.value as string, quorum: null, at: ev.at });
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
        const hostileReader = hostileReads.get(`${String(v.from)}/${String(v.rid)}`);
        const client = hostileReader ?? Number(String(v.from).replace(/^c/, ''));
        const n = hostileReader !== undefined ? 1 : readNonce.get(`${client}/${v.rid}`);
        if (n === undefined) {
          problems.add(`a ReadReply answered a read it cannot place (from ${String(v.from)}, rid ${String(v.rid)})`);
          continue;
        }
        line.client = client;
        line.n = n;
      } else {
        line.ballot = v.ballot as Ballot;
        if (a === 'RejectAccept' && line.promised && compareBallots(line.promised, line.ballot) > 0) overtaken.add(ballotKey(line.ballot));
        if (a === 'RejectAccept' && v.from !== undefined) line.forged = forgedRequests.has(`${String(v.from)}/${String(v.rid)}`);
      }
      states.set(line.acceptor!, seg, off, { promised: line.promised ?? null, acceptedBallot: line.acceptedBallot ?? null, acceptedValue: line.acceptedValue ?? null });
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
        // A capture call with a completion whose id is unknown (null) is flagged; a plain capture
        // call (undefined) or a range capture's completion goes on.
        const id: Ballot | null | undefined = completions.has(key) ? (completions.get(key) ?? null) : (rangeCompletion(ranges.get(key)) ?? undefined);
        if (id === null) problems.add("a capture call's completion found the register unwritten or failed (the id it answers, if any, is the completion's ballot)");
        if (id && !completionStarted.has(key)) {
          if (sameBallot(v.ballot, id)) outerSeen.add(key);
          else if (outerSeen.has(key)) {
            // The completion starts: the capture of `id` is over and its id is the caller's.
            completionStarted.add(key);
            events.push({ action: 'CaptureDone', client, result: { status: 'ok', captureId: id }, quorum: null, at: ev.at });
            handOver(client, id, ev.at);
          }
        }
        if (completionStarted.has(key)) completionBallot.set(key, v.ballot as Ballot);
        events.push({ action: a, client, ballot: v.ballot as Ballot, at: ev.at });
      } else if (a === 'Write') {
        const ballot = v.ballot as Ballot;
        // A WriteOp (a held capture id) has no phase 1: no quorum.
        const quorum = (v.quorum ?? null) as string[] | null;
        // Capture id 0 is the unsafe write (WORPaxos UnsafeWrite): no id is held, none handed over.
        if (ballot[0] !== 0 && quorum === null) {
          const holder = holders.get(ballotKey(ballot));
          // A write without a proof (`keyed` false) whose id nobody answered, or whose phase 1 had a
          // key: made up or guessed, not handed over (a hand-over passes the key). WORPaxos
          // ForgedWrite: acceptors must refuse it, and its value is never chosen. (Where the run
          // has no capture keys, a handed-over id carries no proof either: a HandOver then.)
          if (v.keyed === false && (holder === undefined || keyedIds.has(ballotKey(ballot)))) {
            forgedRequests.add(`c${client}/${v.rid}`);
            events.push({ action: 'ForgedWrite', client, ballot, value: v.value as string, at: ev.at });
            continue;
          }
          if (holder === undefined) problems.add('a write used a capture id that no capture call of this register answered');
          else events.push({ action: 'HandOver', client: holder, to: client, at: ev.at });
        }
        events.push({ action: a, client, ballot, value: v.value as string, callerValue: (v.callerValue ?? null) as string | null, quorum, at: ev.at });
      } else {
        events.push({ action: a, client, ballot: v.ballot as Ballot, value: v.value as string, n: readNonce.get(key), replies: v.replies as ReplySeen[], at: ev.at });
      }
      continue;
    }
    // The answer of a single-register op on another register: a repair that a range capture runs
    // (under the range's rid) for another register of the range.
    if (registerOf(v, current.get(key)) !== off && typeof v.off === 'number') continue;
    const kind = rangeKind.get(key);
    // (A Timeout without an offset is the range call's own answer; one with an offset is a repair's.)
    if (kind !== undefined && (RANGE_ANSWERS.has(a) || (a === 'Timeout' && (v.off === undefined || !completionStarted.has(key))))) {
      // A range call's answer, for every register of the range (this one included).
      const rc = ranges.get(key) ?? { id: null, repaired: false, unrepaired: false, taken: new Set<number>() };
      const r = v.result as { status: string; captureId?: Ballot; preempted?: number[] };
      if (a.startsWith('WriteSegment') || (a === 'Timeout' && kind === 'write')) {
        if (answered.has(`${key}/w`)) continue;
        answered.add(`${key}/w`);
        // A register the chained capture found written, or one the write gave up on (refused, or
        // undecided when its patience ran out: `preempted` says both), is no success here.
        // A write answered `trimmed` gave up without learning anything of this register: a Timeout.
        const refused = r.status !== 'ok' || (r.preempted ?? []).includes(off) || rc.taken.has(off);
        const action = !refused ? 'WriteDone' : overtaken.has(ballotKey(events.findLast((e) => e.action === 'Write' && e.client === client)?.ballot ?? [0, 0])) && r.status !== 'timeout' && r.status !== 'trimmed' ? 'WritePreempted' : 'Timeout';
        const status = action === 'WriteDone' ? 'ok' : action === 'WritePreempted' ? 'preempted' : 'timeout';
        events.push({ action, client, result: { status }, at: ev.at });
        continue;
      }
      if (answered.has(key)) continue;
      answered.add(key);
      if (completionStarted.has(key)) {
        // The repair of this register answered already; or the range failed (another repair
        // failed, the segment was trimmed, time ran out) while it was under way: it gives up.
        if (!completionStarted.has(`${key}/answered`)) {
          completionStarted.add(`${key}/answered`);
          events.push({ action: 'Timeout', client, result: { status: 'timeout' }, at: ev.at });
        }
        continue;
      }
      if (r.status === 'ok' && r.captureId) {
        events.push({ action: 'CaptureDone', client, result: { status: 'ok', captureId: r.captureId }, quorum: null, at: ev.at });
        handOver(client, r.captureId, ev.at);
      } else {
        // The range failed: for this register, whose promises the range's tally does not show, a give-up.
        events.push({ action: 'Timeout', client, result: { status: 'timeout' }, at: ev.at });
      }
      continue;
    }
    if (kind !== undefined && RANGE_ANSWERS.has(a)) continue;
    if (CLIENT_ANSWERS.has(a) && registerOf(v, current.get(key)) === off && (v.result as { status?: string } | undefined)?.status === 'trimmed') {
      // An op that met a trimmed acceptor answers `trimmed` at once: for this register the client
      // gave up without an answer (WORPaxos's Timeout), whatever its op had reached.
      if (!completionStarted.has(`${key}/answered`)) events.push({ action: 'Timeout', client, result: { status: 'timeout' }, at: ev.at });
      if (completionStarted.has(key)) completionStarted.add(`${key}/answered`);
      continue;
    }
    if (CLIENT_ANSWERS.has(a) && registerOf(v, current.get(key)) === off) {
      // WORPaxos's capturing client holds the id until it writes with it; the code's client
      // hands the id to the caller and moves on (src/sim/workload.ts pools it for any client).
      let action = a;
      const rangeRepair = rangeCompletion(ranges.get(key));
      if ((a === 'RepairDone' || a === 'RepairPreempted') && ranges.has(key) && !rangeRepair) {
        // A failed range capture's completion, in a log recorded before completions named their id.
        problems.add("a range capture's completion answered here, but no event names the capture id it completes");
        continue;
      }
      if (completions.get(key) || rangeRepair) {
        if (!completionStarted.has(key)) {
          problems.add('a capture call answered before the completion of its revealed value started');
          continue;
        }
        // The completion's answer is the propose op's; the call's own answer after it is dropped.
        if (completionStarted.has(`${key}/answered`)) continue;
        completionStarted.add(`${key}/answered`);
        const done = completions.get(key) ?? rangeRepair;
        if (a === 'RepairDone' && (v.result as { status?: string }).status === 'unwritten' && done) {
          // A completion found nothing here (a range's `unrepaired`): for WORPaxos the client's
          // capture at the completion's ballot is over (its phase 1 found nothing), the client
          // goes on, and the id's holder forgets the value the id's phase 1 revealed. A capture
          // call (not a range) answers the completion's ballot as its capture id: that id is
          // handed over to a holder, as any capture call's; a range answers its own id.
          const ballot = completionBallot.get(key)!;
          events.push({ action: 'CaptureDone', client, result: { status: 'ok', captureId: ballot }, quorum: null, at: ev.at });
          if (completions.get(key)) handOver(client, ballot, ev.at);
          else events.push({ action: 'Release', client, at: ev.at });
          events.push({ action: 'ForgetRevealed', client: holders.get(ballotKey(done))!, at: ev.at });
          continue;
        }
        action = a === 'RepairDone' ? 'WriteDone' : a === 'RepairPreempted' ? 'WritePreempted' : a;
      }
      const line: TraceEventLine = { action, client, result: resultOf(v.result), at: ev.at };
      const done = completions.get(key) ?? rangeRepair;
      if (done && action === 'WriteDone' && (v.result as { status?: string }).status === 'ok') {
        // The completion chose the revealed value above the id: the id's writes carry their own.
        events.push(line, { action: 'ForgetRevealed', client: holders.get(ballotKey(done))!, at: ev.at });
        continue;
      }
      if (a === 'ReadDone') {
        line.n = readNonce.get(key);
        line.replies = (v.replies ?? []) as ReplySeen[];
      }
      if (a === 'CaptureDone') line.quorum = (v.quorum ?? null) as string[] | null;
      events.push(line);
      const id = (v.result as { status?: string; captureId?: Ballot }).captureId;
      // The caller keeps the id; the client goes on with other calls.
      if (a === 'CaptureDone' && id && (v.result as { status?: string }).status === 'ok' && !completions.has(key)) handOver(client, id, ev.at);
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
    if (e.to !== undefined) clients.add(e.to);
    // A ballot's client, not the unsafe ballot [0, 0]'s 0 (the header's clients are positive).
    for (const b of [e.ballot, e.promised, e.acceptedBallot, e.result?.captureId]) if (b && b[1] > 0) clients.add(b[1]);
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

/**
 * trimTraceConfig: traceSimConfig's run with trims on (one segment, data registers 0 and 1, 8 calls
 * per client): most seeds trim segment 0 while calls are under way, so its registers' traces hold
 * acceptors that dropped the segment and ops answered `trimmed` (docs/traces.md).
 */
export function trimTraceConfig(seed: number, ops = 8): SimConfig {
  return { ...traceSimConfig(seed, ops), workload: { segments: 1, offsets: 2, trimWeight: 4 } };
}

/** The registers of segment 0 in a trimTraceConfig run: metadata, trim, data 0 and 1. */
export const TRIMMED_REGISTERS = [META_OFFSET, TRIM_OFFSET, 0, 1] as const;

/**
 * recordTrimmedSegment runs trimTraceConfig(seed) once and records the trace of every register of
 * segment 0, with the number of acceptor trims in the run.
 */
export function recordTrimmedSegment(seed: number): { registers: RegisterRecorded[]; trims: number; all: TimedTraceEvent[]; acceptors: string[] } {
  const run = recordRegisters(trimTraceConfig(seed), seed, null, TRIMMED_REGISTERS.map((off) => ({ seg: 0, off })));
  const trims = run.all.filter((e) => e.action === 'Trim' && typeof e.vars.acceptor === 'string').length;
  return { registers: run.registers, trims, all: run.all, acceptors: run.acceptors };
}

/** One register's trace of a whole run, with what the recorder refused in it. */
export interface RegisterRecorded {
  seg: number;
  off: number;
  trace: Trace;
  problems: string[];
}

/** recordRegisters simulates cfg once (with `bug`) and records the trace of each of `registers` (first partition). */
function recordRegisters(cfg: SimConfig, seed: number, bug: ServerBug | null, registers: readonly { seg: number; off: number }[]): { registers: RegisterRecorded[]; all: TimedTraceEvent[]; acceptors: string[]; violations: string[] } {
  const all: TimedTraceEvent[] = [];
  const result = simulate({ ...cfg, bug, traceSink: (e) => all.push(e) });
  const acceptors = serverIds(cfg)[0]!;
  const out = registers.map(({ seg, off }) => {
    const { events, problems } = extractRegister(all, acceptors, seg, off);
    return { seg, off, trace: traceOf(events, { seg, off, acceptors, seed }), problems };
  });
  return { registers: out, all, acceptors, violations: result.violations };
}

/**
 * sharedIdsTraceConfig: traceSimConfig's run with careless and hostile clients: writers share
 * capture ids (workload `shareIds`: an id is written with by several clients at once, unsafe
 * writes repeat, and some writes use capture ids nobody holds, made up or guessed next to those
 * in use), and a HostileClient (src/sim/hostile.ts) copies the ballots it reads into Accepts of
 * its own values and replays Accepts verbatim. A write with an id its writer does not hold carries
 * no proof (no capture key) and is traced as WORPaxos ForgedWrite (docs/traces.md). Two segments
 * of three data registers, trims off, 20 calls per client: about 200 forged writes a run.
 */
export function sharedIdsTraceConfig(seed: number, ops = 20): SimConfig {
  return { ...traceSimConfig(seed, ops), workload: { segments: 2, offsets: 3, trimWeight: 0, shareIds: true }, hostile: true };
}

/** The registers of a sharedIdsTraceConfig run: metadata and data offsets 0-2 of segments 0 and 1. */
export const SHARED_IDS_REGISTERS: readonly { seg: number; off: number }[] = [0, 1].flatMap((seg) => [META_OFFSET, 0, 1, 2].map((off) => ({ seg, off })));

/**
 * recordSharedIds runs sharedIdsTraceConfig(seed) once (with `bug`, of servers with that
 * deliberate bug) and records the trace of every register, with the simulator's own findings.
 */
export function recordSharedIds(seed: number, bug: ServerBug | null = null): { registers: RegisterRecorded[]; violations: string[] } {
  const run = recordRegisters(sharedIdsTraceConfig(seed), seed, bug, SHARED_IDS_REGISTERS);
  return { registers: run.registers, violations: run.violations };
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
