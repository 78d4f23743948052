/**
 * The WOS layer's traces in `npm run verify`: the whole-system WOS trace of each seed of
 * WOS_SEEDS (src/trace/wos-record.ts: every call of a faulty simulation), validated against
 * tla/wos/WOS.tla by the trace validator (src/trace/stream-validate.ts), as `trace check` does.
 */
import { validateTrace } from '../trace/stream-validate.ts';
import { recordWosTrace, WOS_SEEDS } from '../trace/wos-record.ts';
import type { TraceRow } from './report.ts';

export interface WosTraceOutcome {
  row: TraceRow;
  /** Events per trace event name (Call, Return), for the layer's coverage. */
  counts: Record<string, number>;
}

export function runWosTraces(seeds: readonly number[] = WOS_SEEDS, onStart?: (seed: number) => void, onDone?: (o: WosTraceOutcome) => void): WosTraceOutcome[] {
  const out: WosTraceOutcome[] = [];
  for (const seed of seeds) {
    onStart?.(seed);
    const { trace, violations } = recordWosTrace(seed);
    const counts: Record<string, number> = {};
    for (const e of trace.events) counts[e.action] = (counts[e.action] ?? 0) + 1;
    const v = validateTrace(trace);
    const u = v.firstUnmatched;
    const why = v.mismatch?.conjunct ? `; false: ${v.mismatch.conjunct.text} (${v.mismatch.conjunct.location})` : '';
    const o: WosTraceOutcome = {
      row: {
        subject: 'WOS',
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
    out.push(o);
    onDone?.(o);
  }
  return out;
}
