/**
 * The WOS layer's traces in `npm run verify`, at both levels: the whole-system WOS trace of each
 * seed of WOS_SEEDS (src/trace/wos-record.ts: every call of a faulty simulation) against the API
 * level, tla/wos/WOS.tla; and the protocol-level trace of each seed of WOSIMPL_SEEDS
 * (src/trace/wosimpl-record.ts: the same runs at the WOR level) against tla/wos/WOSImpl.tla.
 * Both validated by the trace validator (src/trace/stream-validate.ts), as `trace check` does.
 */
import { validateTrace } from '../trace/stream-validate.ts';
import { WOS_SEEDS, wosSimConfig } from '../trace/wos-record.ts';
import type { WosTrace } from '../trace/wos.ts';
import { recordWosRun, WOSIMPL_SEEDS, type WosRun } from '../trace/wosimpl-record.ts';
import type { TraceRow } from './report.ts';

export interface WosTraceOutcome {
  /** row.subject is the trace descriptor: WOS or WOSImpl. */
  row: TraceRow;
  /** Events per trace event name, for the layer's coverage. */
  counts: Record<string, number>;
}

/** The two levels' traces of one run (recordWosRun): a seed is simulated once for both. */
const LEVELS: { subject: string; trace: (r: WosRun) => WosTrace }[] = [
  { subject: 'WOS', trace: (r) => r.wos },
  { subject: 'WOSImpl', trace: (r) => r.wosimpl },
];

function outcome(subject: string, seed: number, trace: WosTrace, violations: string[]): WosTraceOutcome {
  const counts: Record<string, number> = {};
  for (const e of trace.events) counts[e.action] = (counts[e.action] ?? 0) + 1;
  const v = validateTrace(trace);
  const u = v.firstUnmatched;
  const why = v.mismatch?.conjunct ? `; false: ${v.mismatch.conjunct.text} (${v.mismatch.conjunct.location})` : '';
  return {
    row: {
      subject,
      seed,
      events: trace.events.length,
      verdict: v.accepted ? 'accepted' : 'rejected',
      seconds: v.seconds,
      detail: u ? `event ${u.index + 1} (line ${u.line}): ${u.event.action}${why}` : '',
      violations,
      ...(v.accepted ? {} : { diagram: { events: trace.events, unmatched: u ? u.index : null } }),
    },
    counts,
  };
}

/**
 * runWosTraces validates the API-level traces of `seeds` (default WOS_SEEDS), then the
 * protocol-level ones of `implSeeds` (default WOSIMPL_SEEDS).
 */
export function runWosTraces(
  seeds: readonly number[] = WOS_SEEDS,
  onStart?: (seed: number, subject: string) => void,
  onDone?: (o: WosTraceOutcome) => void,
  implSeeds: readonly number[] = WOSIMPL_SEEDS,
): WosTraceOutcome[] {
  const out: WosTraceOutcome[] = [];
  // Runs of the seeds both levels check, kept (without their events) until the second level used them.
  const kept = new Map<number, WosRun>();
  const both = new Set(seeds.filter((s) => implSeeds.includes(s)));
  const runOf = (seed: number): WosRun => {
    const done = kept.get(seed);
    if (done) {
      kept.delete(seed);
      return done;
    }
    const r = recordWosRun(wosSimConfig(seed), seed);
    if (both.has(seed)) kept.set(seed, { ...r, events: [] });
    return r;
  };
  for (const level of LEVELS) {
    for (const seed of level.subject === 'WOS' ? seeds : implSeeds) {
      onStart?.(seed, level.subject);
      const r = runOf(seed);
      const o = outcome(level.subject, seed, level.trace(r), r.violations);
      out.push(o);
      onDone?.(o);
    }
  }
  return out;
}
