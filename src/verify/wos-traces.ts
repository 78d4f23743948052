/**
 * The WOS layer's traces in `npm run verify`, at both levels: the whole-system WOS trace of each
 * seed of WOS_SEEDS (src/trace/wos-record.ts: every call of a faulty simulation) against the API
 * level, tla/wos/WOS.tla; and the protocol-level trace of each seed of WOSIMPL_SEEDS
 * (src/trace/wosimpl-record.ts: the same runs at the WOR level) against tla/wos/WOSImpl.tla.
 * Both validated by the trace validator (src/trace/stream-validate.ts), as `trace check` does.
 */
import { validateTrace } from '../trace/stream-validate.ts';
import { recordWosTrace, WOS_SEEDS } from '../trace/wos-record.ts';
import type { WosTrace } from '../trace/wos.ts';
import { recordWosImplTrace, WOSIMPL_SEEDS } from '../trace/wosimpl-record.ts';
import type { TraceRow } from './report.ts';

export interface WosTraceOutcome {
  /** row.subject is the trace descriptor: WOS or WOSImpl. */
  row: TraceRow;
  /** Events per trace event name, for the layer's coverage. */
  counts: Record<string, number>;
}

type Recorder = (seed: number) => { trace: WosTrace; violations: string[] };

const LEVELS: { subject: string; record: Recorder }[] = [
  { subject: 'WOS', record: (s) => recordWosTrace(s) },
  { subject: 'WOSImpl', record: (s) => recordWosImplTrace(s) },
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
  for (const level of LEVELS) {
    for (const seed of level.subject === 'WOS' ? seeds : implSeeds) {
      onStart?.(seed, level.subject);
      const { trace, violations } = level.record(seed);
      const o = outcome(level.subject, seed, trace, violations);
      out.push(o);
      onDone?.(o);
    }
  }
  return out;
}
