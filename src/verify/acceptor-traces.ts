/**
 * The WORAcceptor traces in `npm run verify`'s wor layer: for each seed of ACCEPTOR_SEEDS, one
 * faulty simulation with batch ranges, trim and capture ids handed over (ACCEPTOR_WORKLOAD), and
 * the acceptor trace of every register of segment 0 it touched (src/trace/record-acceptor.ts),
 * each validated against tla/wor/TraceWORAcceptor.tla by the trace validator. One row per seed:
 * accepted when every register's trace is; otherwise the first rejected register and its event.
 */
import { META_OFFSET } from '../core/address.ts';
import { ACCEPTOR_SEEDS, ACCEPTOR_WORKLOAD, recordAcceptorTraces } from '../trace/record-acceptor.ts';
import { validateTrace } from '../trace/stream-validate.ts';
import type { ServerBug } from '../sim/server.ts';
import type { TraceRow } from './report.ts';

export interface AcceptorTraceOutcome {
  row: TraceRow;
  /** Events per event name over all registers of the run, for the layer's coverage. */
  counts: Record<string, number>;
  /** How many registers were checked, range steps and trims the run had (the workload's reach). */
  registers: number;
  rangeSteps: number;
  trims: number;
}

/** `bug`: a deliberate server bug of the simulator (the tests' proof that a row can be rejected). */
export function runAcceptorTraces(seeds: readonly number[] = ACCEPTOR_SEEDS, onStart?: (seed: number) => void, onDone?: (o: AcceptorTraceOutcome) => void, bug: ServerBug | null = null): AcceptorTraceOutcome[] {
  const out: AcceptorTraceOutcome[] = [];
  for (const seed of seeds) {
    onStart?.(seed);
    const r = recordAcceptorTraces({ seed, bug, overrides: { workload: { ...ACCEPTOR_WORKLOAD } } });
    const counts: Record<string, number> = {};
    let events = 0;
    let seconds = 0;
    let detail = '';
    let diagram: TraceRow['diagram'];
    for (const [off, t] of r.traces) {
      events += t.events.length;
      for (const e of t.events) counts[e.action] = (counts[e.action] ?? 0) + 1;
      const v = validateTrace(t);
      seconds += v.seconds;
      if (v.accepted || detail) continue;
      const u = v.firstUnmatched;
      const why = v.mismatch?.conjunct ? `; false: ${v.mismatch.conjunct.text} (${v.mismatch.conjunct.location})` : '';
      detail = `register ${off === META_OFFSET ? 'meta' : off}: ${u ? `event ${u.index + 1} (line ${u.line}): ${u.event.action}${why}` : 'rejected'}`;
      diagram = { events: t.events, unmatched: u ? u.index : null };
    }
    const o: AcceptorTraceOutcome = {
      row: {
        subject: 'WORAcceptor',
        seed,
        events,
        verdict: detail ? 'rejected' : 'accepted',
        seconds,
        detail: detail || `${r.traces.size} registers, ${r.rangeSteps} range steps, ${r.trims} trims`,
        violations: r.violations,
        ...(diagram ? { diagram } : {}),
      },
      counts,
      registers: r.traces.size,
      rangeSteps: r.rangeSteps,
      trims: r.trims,
    };
    out.push(o);
    onDone?.(o);
  }
  return out;
}
