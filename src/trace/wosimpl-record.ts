/**
 * recordWosImplTrace runs the same seeded, faulty simulation as the WOS trace (wos-record.ts:
 * loss, duplication, reordering, server crashes and restarts, isolation, client crashes; two
 * segments of three registers, trim on) with the core's tracer on, and turns the core's events
 * and the run's call records into one protocol-level trace (wosimpl.ts, against WOSImpl.tla).
 */
import { simulate, type SimConfig, type SimResult, type TimedTraceEvent } from '../sim/run.ts';
import type { ServerBug } from '../sim/server.ts';
import { captureOrder } from './wos-capture-order.ts';
import { WOS_DEFAULT_OPS, WOS_SEEDS, wosQuorum, wosSimConfig } from './wos-record.ts';
import { wosTraceOf, type WosTrace } from './wos.ts';
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
  const r = recordWosRun(wosSimConfig(seed, ops), seed, bug);
  return { trace: r.wosimpl, violations: r.violations, servers: r.servers };
}

/** One run at both WOS levels, with what the acceptor traces of its registers need. */
export interface WosRun {
  /** The API-level trace (WOS.tla). */
  wos: WosTrace;
  /** The protocol-level trace (WOSImpl.tla). */
  wosimpl: WosTrace;
  violations: string[];
  servers: SimResult['servers'];
  /** The core's events in emission order (record-acceptor.ts reads every register's acceptors from them). */
  events: TimedTraceEvent[];
}

/**
 * recordWosRun simulates any configuration once (another workload: shared capture ids, a hostile
 * client, heavy trim) and builds both WOS-level traces of it, with the capture order read from
 * the acceptors' events.
 */
export function recordWosRun(cfg: SimConfig, seed: number, bug: ServerBug | null = null): WosRun {
  const events: TimedTraceEvent[] = [];
  const r = simulate({ ...cfg, bug, traceSink: (e) => events.push(e) });
  const order = captureOrder(events, r.log.calls, wosQuorum(cfg), cfg.workload.offsets);
  const { segments, offsets } = cfg.workload;
  return {
    wos: wosTraceOf(r.log.calls, segments, offsets, { seed }, order),
    wosimpl: wosImplTraceOf(events, r.log.calls, segments, offsets, { seed }, order),
    violations: r.violations,
    servers: r.servers,
    events,
  };
}
