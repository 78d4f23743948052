/**
 * The "traces" phase of `wormspace verify`: run K seeded simulations with faults, record the
 * trace of the metadata WOR of segment 0 in each (src/trace/record.ts), and validate every trace
 * against WORPaxos with the verify run's engine. A rejected trace (or one the spec cannot
 * describe) fails verify: it is an execution of the code that the spec does not allow.
 */
import type { CheckEngine } from '../tla/engine.ts';
import { EVENT_FIELDS } from '../trace/format.ts';
import { DEFAULT_OPS, recordSharedIds, recordTrace, recordTrimmedSegment, type RegisterRecorded } from '../trace/record.ts';
import { checkTrace, describeEvent } from '../trace/validate.ts';
import type { EventLine } from '../trace/spec-descriptor.ts';
import { renderTable } from './table.ts';

/**
 * Seeds 1..TRACE_SEEDS; each check takes about a second with the embedded engine. 12, not 8:
 * seed 12 is the first whose trace has a Timeout (measured over seeds 1..60), and the coverage
 * check (coverage.ts) requires one.
 */
export const TRACE_SEEDS = 12;

export interface TraceOutcome {
  seed: number;
  events: number;
  verdict: 'accepted' | 'rejected' | 'untraceable';
  seconds: number;
  /** Why it was rejected or untraceable, on one line. */
  detail: string | null;
  /** Events per spec action in the trace. */
  actions: Record<string, number>;
  /** A rejected trace's events (for the report's sequence diagram), and the unmatched one's index. */
  rejected?: { events: EventLine[]; unmatched: number | null };
}

export async function runTraces(engine: CheckEngine, seeds = TRACE_SEEDS, onStart?: (seed: number) => void, onDone?: (o: TraceOutcome) => void): Promise<TraceOutcome[]> {
  const out: TraceOutcome[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    onStart?.(seed);
    const o = await traceSeed(engine, seed);
    out.push(o);
    onDone?.(o);
  }
  return out;
}

/** traceSeed records the trace of one seeded simulation and validates it. */
async function traceSeed(engine: CheckEngine, seed: number): Promise<TraceOutcome> {
  const rec = recordTrace({ seed, ops: DEFAULT_OPS });
  const events = rec.trace.events.length;
  const actions: Record<string, number> = {};
  for (const e of rec.trace.events) actions[e.action] = (actions[e.action] ?? 0) + 1;
  if (rec.problems.length > 0) return { seed, events, verdict: 'untraceable', seconds: 0, detail: rec.problems.join('; '), actions };
  const v = await checkTrace(rec.trace, engine);
  const u = v.firstUnmatched;
  return {
    seed,
    events,
    verdict: v.accepted ? 'accepted' : 'rejected',
    seconds: v.seconds,
    detail: u && `event ${u.index + 1}: ${describeEvent(u.event)}`,
    actions,
    ...(v.accepted ? {} : { rejected: { events: rec.trace.events as EventLine[], unmatched: u ? u.index : null } }),
  };
}

/**
 * Seeds of the trimming workload (record.ts trimTraceConfig) whose runs trim segment 0 while calls
 * are under way (2-3 acceptors drop it, 6-21 ops answer trimmed): every register of segment 0 is
 * checked, for one register a trim being an acceptor's crash for good (docs/traces.md).
 */
export const TRIM_TRACE_SEEDS = [3, 4, 10];

/** runTrimTraces: one outcome per seed, accepted when every register of segment 0 is. */
export function runTrimTraces(engine: CheckEngine, seeds: readonly number[] = TRIM_TRACE_SEEDS, onStart?: (seed: number) => void, onDone?: (o: TraceOutcome) => void): Promise<TraceOutcome[]> {
  return runWholeRuns(engine, seeds, (seed) => {
    const run = recordTrimmedSegment(seed);
    const registers = run.registers;
    return run.trims === 0
      ? { registers, nothing: 'the run trimmed nothing: not the case this row checks' }
      : { registers, summary: `${run.registers.length} registers of segment 0 (meta, trim, 0, 1), ${run.trims} acceptor trims` };
  }, onStart, onDone);
}

/**
 * Seeds of the careless and hostile workload (record.ts sharedIdsTraceConfig): shared capture
 * ids, made-up ones, and a hostile client copying ballots into Accepts of its own; every register
 * of both segments is checked, each write with an id its writer does not hold being a WORPaxos
 * ForgedWrite (docs/traces.md).
 */
export const CARELESS_TRACE_SEEDS = [1, 2];

/** runCarelessTraces: one outcome per seed, accepted when every register of the run is. */
export function runCarelessTraces(engine: CheckEngine, seeds: readonly number[] = CARELESS_TRACE_SEEDS, onStart?: (seed: number) => void, onDone?: (o: TraceOutcome) => void): Promise<TraceOutcome[]> {
  return runWholeRuns(engine, seeds, (seed) => {
    const run = recordSharedIds(seed);
    const forged = run.registers.reduce((n, r) => n + r.trace.events.filter((e) => e.action === 'ForgedWrite').length, 0);
    if (run.violations.length > 0) return { registers: run.registers, nothing: `the simulator found a violation: ${run.violations[0]}` };
    return forged === 0
      ? { registers: run.registers, nothing: 'no write with a capture id its writer does not hold: not the case this row checks' }
      : { registers: run.registers, summary: `${run.registers.length} registers of segments 0 and 1 (meta, 0, 1, 2), ${forged} forged writes` };
  }, onStart, onDone);
}

interface WholeRun {
  registers: RegisterRecorded[];
  /** Why the run does not show what its row checks (the row is then untraceable). */
  nothing?: string;
  /** The accepted row's detail. */
  summary?: string;
}

/** runWholeRuns: per seed, record a whole run and check every register; the first failure is the row's detail. */
async function runWholeRuns(engine: CheckEngine, seeds: readonly number[], record: (seed: number) => WholeRun, onStart?: (seed: number) => void, onDone?: (o: TraceOutcome) => void): Promise<TraceOutcome[]> {
  const out: TraceOutcome[] = [];
  for (const seed of seeds) {
    onStart?.(seed);
    const started = Date.now();
    const run = record(seed);
    const actions: Record<string, number> = {};
    let events = 0;
    let o: TraceOutcome | null = null;
    for (const r of run.registers) {
      events += r.trace.events.length;
      for (const e of r.trace.events as EventLine[]) actions[e.action] = (actions[e.action] ?? 0) + 1;
      const where = `${r.seg}, ${r.off < 0 ? (r.off === -1 ? 'meta' : 'trim') : String(r.off)}`;
      if (o) continue;
      if (r.problems.length > 0) {
        o = { seed, events: 0, verdict: 'untraceable', seconds: 0, detail: `register (${where}): ${r.problems.join('; ')}`, actions };
        continue;
      }
      const v = await checkTrace(r.trace, engine);
      const u = v.firstUnmatched;
      if (!v.accepted) o = { seed, events: 0, verdict: 'rejected', seconds: 0, detail: `register (${where}), event ${u ? u.index + 1 : '?'}: ${u ? describeEvent(u.event) : ''}`, actions, rejected: { events: r.trace.events as EventLine[], unmatched: u ? u.index : null } };
    }
    const seconds = (Date.now() - started) / 1000;
    const done: TraceOutcome = o ? { ...o, events, seconds } : { seed, events, verdict: run.nothing ? 'untraceable' : 'accepted', seconds, detail: run.nothing ?? run.summary ?? null, actions };
    out.push(done);
    onDone?.(done);
  }
  return out;
}

export function tracesTable(outcomes: TraceOutcome[]): string {
  const rows = outcomes.map((o) => [String(o.seed), String(o.events), o.verdict, o.seconds.toFixed(2), o.detail ?? '']);
  return renderTable(['seed', 'events', 'verdict', 'seconds', 'first unmatched event'], rows);
}

/**
 * coverage says which event kinds the traces exercised and which never occurred (after CCF's
 * coverage postconditions): a kind that never occurs is a part of the spec the traces never test.
 */
export function coverage(outcomes: TraceOutcome[]): string {
  const total: Record<string, number> = {};
  for (const o of outcomes) for (const [a, n] of Object.entries(o.actions)) total[a] = (total[a] ?? 0) + n;
  const seen = Object.keys(EVENT_FIELDS).filter((a) => total[a]);
  const never = Object.keys(EVENT_FIELDS).filter((a) => !total[a]);
  return `events per action: ${seen.map((a) => `${a} ${total[a]}`).join(', ')}${never.length > 0 ? `; never: ${never.join(', ')}` : ''}`;
}

export const tracesOk = (outcomes: TraceOutcome[]): boolean => outcomes.every((o) => o.verdict === 'accepted');
