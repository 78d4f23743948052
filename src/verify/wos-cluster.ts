/**
 * The real-cluster rows of `npm run verify`'s wos layer, the sibling of the wor layer's
 * `cluster (TCP)` row (cluster-traces.ts): three `wormspace server --trace` processes (TCP,
 * SQLite) and three clients, each with its own event log, run the random WOS workload
 * (src/trace/wos-workload.ts: allocs, captures handed to other clients, writes, ranges, reads,
 * checks, trims) while one server is killed with SIGKILL and restarted
 * (src/trace/wos-cluster-run.ts); the logs are merged and the whole run is checked as one trace
 * against WOS.tla and one against WOSImpl.tla, as `trace check DIR --wos-only` does
 * (src/trace/cluster-check.ts). One row per level. Bounded (14 calls per client, client
 * timeouts); binds 127.0.0.1 only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkWosLevels } from '../trace/cluster-check.ts';
import { mergeLogs, readLogs } from '../trace/merge.ts';
import { runWosCluster } from '../trace/wos-cluster-run.ts';
import { wosOfMerged } from '../trace/wos-cluster.ts';
import type { WosTraceOutcome } from './wos-traces.ts';

/** Calls per client of verify's cluster run. */
export const WOS_CLUSTER_CALLS = 14;

const SUBJECT = (level: string): string => `${level} cluster (TCP)`;

export async function runWosClusterTraces(): Promise<WosTraceOutcome[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wormspace-verify-wos-cluster-'));
  const t0 = performance.now();
  const failed = (detail: string): WosTraceOutcome[] =>
    ['WOS', 'WOSImpl'].map((level) => ({ row: { subject: SUBJECT(level), seed: 0, events: 0, verdict: 'untraceable' as const, seconds: (performance.now() - t0) / 1000, detail, violations: [] }, counts: {} }));
  try {
    const logDir = path.join(root, 'logs');
    try {
      await runWosCluster({ root, logDir, calls: WOS_CLUSTER_CALLS });
    } catch (e) {
      return failed(`the cluster run failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const merged = mergeLogs(readLogs(logDir));
    const levels = checkWosLevels(merged);
    // The events per trace event name, for the layer's coverage (the traces are rebuilt: cheap).
    let counts: Record<string, Record<string, number>> = {};
    try {
      const w = wosOfMerged(merged);
      counts = { WOS: countActions(w.wos.events), WOSImpl: countActions(w.wosimpl.events) };
    } catch {
      // not traceable: the rows say why
    }
    return levels.map((v) => ({
      row: {
        subject: SUBJECT(v.level),
        seed: 0,
        events: v.events,
        verdict: v.verdict === 'not traceable' ? 'untraceable' : v.verdict,
        seconds: v.seconds,
        detail: v.verdict === 'accepted'
          ? `${v.calls} calls (${v.pinned} captures pinned, ${v.unanswered} unanswered, ${v.settled} settled by the acceptors), at most ${v.maxCandidates} candidates; ${merged.events.length} events of ${merged.processes.length} processes, a server killed -9 and restarted, a client's log cut mid-call`
          : v.detail,
        violations: [],
      },
      counts: counts[v.level] ?? {},
    }));
  } catch (e) {
    return failed(`the logs could not be checked: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function countActions(events: readonly { action: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) out[e.action] = (out[e.action] ?? 0) + 1;
  return out;
}
