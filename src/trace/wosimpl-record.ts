/**
 * recordWosImplTrace runs the same seeded, faulty simulation as the WOS trace (wos-record.ts:
 * loss, duplication, reordering, server crashes and restarts, isolation, client crashes; two
 * segments of three registers, trim on) with the core's tracer on, and turns the core's events
 * and the run's call records into one protocol-level trace (wosimpl.ts, against WOSImpl.tla).
 */
import type { TraceEvent } from '../core/trace.ts';
import { simulate, type SimResult } from '../sim/run.ts';
import type { ServerBug } from '../sim/server.ts';
import { captureOrder } from './wos-capture-order.ts';
import { WOS_DEFAULT_OPS, WOS_SEEDS, wosQuorum, wosSimConfig } from './wos-record.ts';
import type { WosTrace } from './wos.ts';
import { wosImplTraceOf } from './wosimpl.ts';

/** The seeds CI validates at the protocol level (test/trace/wosimpl.test.ts) and `npm run verify` shows: those of the API level. */
export const WOSIMPL_SEEDS = WOS_SEEDS;

export interface WosImplRecorded {
  trace: WosTrace;
  /** The simulator's own safety checks; empty on a good run. */
  violations: string[];
  /** The servers as the run left them (their durable state), for the refinement mapping (refinement/wosimpl.ts). */
  servers: SimResult['servers'];
}

export function recordWosImplTrace(seed: number, ops = WOS_DEFAULT_OPS, bug: ServerBug | null = null): WosImplRecorded {
  const cfg = wosSimConfig(seed, ops);
  const events: TraceEvent[] = [];
  const r = simulate({ ...cfg, bug, traceSink: (e) => events.push(e) });
  const order = captureOrder(events, r.log.calls, wosQuorum(cfg), cfg.workload.offsets);
  return { trace: wosImplTraceOf(events, r.log.calls, cfg.workload.segments, cfg.workload.offsets, { seed }, order), violations: r.violations, servers: r.servers };
}
