/**
 * recordWosTrace runs one seeded, faulty simulation (the same fault schedule as the WORPaxos
 * traces: loss, duplication, reordering, server crashes and restarts, isolation, client crashes,
 * src/trace/record.ts traceSimConfig) over two segments of three registers with trim on, and
 * turns its whole history, every call of every client, into one WOS trace (wos.ts), with the
 * order of its captures read from the acceptors' events (wos-capture-order.ts).
 */
import type { TraceEvent } from '../core/trace.ts';
import { serverIds, simulate, type SimConfig } from '../sim/run.ts';
import type { ServerBug } from '../sim/server.ts';
import { traceSimConfig } from './record.ts';
import { captureOrder } from './wos-capture-order.ts';
import { wosTraceOf, type WosTrace } from './wos.ts';

/** The seeds CI validates (test/trace/wos.test.ts) and `npm run verify` shows in its WOS layer. */
export const WOS_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/**
 * Calls per client of a WOS trace: enough that segments get allocated, written and trimmed, and
 * that clients race (at 20, before the capture order was pinned, seed 2 had more than 10,000
 * candidate states; now every seed stays below WOS_MAX_CANDIDATES).
 */
export const WOS_DEFAULT_OPS = 20;

/** The most candidate states CI lets a WOS or WOSImpl trace of WOS_SEEDS reach: a regression in pinning shows here first. */
export const WOS_MAX_CANDIDATES = 1_000;

/** The long run CI validates at both levels (calls per client): the validator keeps up with a whole run. */
export const WOS_LONG_RUN = { seed: 3, ops: 200 } as const;

/** wosSimConfig: the faulty run of `seed`, with a workload that touches every WOS call. */
export function wosSimConfig(seed: number, ops = WOS_DEFAULT_OPS): SimConfig {
  return { ...traceSimConfig(seed, ops), workload: { segments: 2, offsets: 3, trimWeight: 3 } };
}

export interface WosRecorded {
  trace: WosTrace;
  /** The simulator's own safety checks (linearizability, write-once); empty on a good run. */
  violations: string[];
}

/** recordWosTrace: the WOS trace of seed's run (with `bug`, of servers with that deliberate bug). */
export function recordWosTrace(seed: number, ops = WOS_DEFAULT_OPS, bug: ServerBug | null = null): WosRecorded {
  const cfg = wosSimConfig(seed, ops);
  const events: TraceEvent[] = [];
  const r = simulate({ ...cfg, bug, traceSink: (e) => events.push(e) });
  const order = captureOrder(events, r.log.calls, wosQuorum(cfg), cfg.workload.offsets);
  return { trace: wosTraceOf(r.log.calls, cfg.workload.segments, cfg.workload.offsets, { seed }, order), violations: r.violations };
}

/** The acceptors a register's capture needs in the run of cfg: a majority of its partition's. */
export function wosQuorum(cfg: SimConfig): number {
  const partition = serverIds(cfg)[0];
  if (!partition || partition.length === 0) throw new Error('wosQuorum: the run has no servers');
  return Math.floor(partition.length / 2) + 1;
}
