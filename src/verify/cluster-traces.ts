/**
 * The real-cluster row of `npm run verify`'s wor layer: three TCP/SQLite servers and three
 * clients in this process, each writing its own event log (src/trace/event-log.ts), racing
 * allocs, reads and writes on one segment while one server restarts on its data folder; then
 * `trace check DIR`'s check of every register the logs name (src/trace/cluster-check.ts).
 *
 * Why in verify and not only in a test: the report's traces are otherwise all simulated; this row
 * shows the same validator accepting what the real servers, the real client library and the
 * merge of independent logs produce. It is bounded (a few dozen calls, client timeouts) and binds
 * 127.0.0.1 only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WormSpace } from '../client/wormspace.ts';
import { startServer, type RunningServer } from '../server/server.ts';
import { checkCluster } from '../trace/cluster-check.ts';
import { openEventLog, type EventLog } from '../trace/event-log.ts';
import type { TraceRow } from './report.ts';

const SEG = 3;

export async function runClusterTrace(): Promise<TraceRow> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wormspace-verify-cluster-'));
  const t0 = performance.now();
  const row = (verdict: TraceRow['verdict'], events: number, detail: string): TraceRow => ({ subject: 'cluster (TCP)', seed: 0, events, verdict, seconds: (performance.now() - t0) / 1000, detail, violations: [] });
  try {
    const logDir = path.join(root, 'logs');
    try {
      await runWorkload(root, logDir);
    } catch (e) {
      return row('untraceable', 0, `the cluster run failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const v = checkCluster(logDir);
    const events = v.registers.reduce((n, r) => n + r.events, 0);
    if (v.accepted) return row('accepted', events, `${v.registers.length} of ${v.registers.length} registers accepted; ${v.events} events of ${v.processes} processes, a server restarted`);
    const bad = v.registers.find((r) => r.verdict !== 'accepted');
    if (!bad) return row('untraceable', events, 'the logs name no register: nothing was checked');
    return row(bad.verdict === 'rejected' ? 'rejected' : 'untraceable', events, `register (${bad.seg}, ${bad.off < 0 ? 'meta' : bad.off}): ${bad.verdict}: ${bad.detail}`);
  } catch (e) {
    return row('untraceable', 0, `the logs could not be checked: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** runWorkload runs the cluster and its clients in this process; every process logs to logDir. */
async function runWorkload(root: string, logDir: string): Promise<void> {
  const logs: EventLog[] = [];
  const servers: (RunningServer | null)[] = [];
  const clients: WormSpace[] = [];
  const start = async (i: number, port = 0): Promise<RunningServer> => {
    const log = openEventLog(path.join(logDir, `server-${i}.ndjson`), `server ${i}`, { server: true });
    logs.push(log);
    return startServer({ host: '127.0.0.1', port, dataDir: path.join(root, `s${i}`), traceLog: log });
  };
  try {
    for (const i of [1, 2, 3]) servers.push(await start(i));
    const addresses = servers.map((s) => s!.address);
    for (const clientId of [1, 2, 3]) {
      const log = openEventLog(path.join(logDir, `client-${clientId}.ndjson`), `client ${clientId}`);
      logs.push(log);
      clients.push(await WormSpace.connect({ servers: addresses, segmentSize: 8, clientId, tracer: log.tracer, retry: { firstTimeoutMs: 100, maxTimeoutMs: 1000 }, maxTimeouts: 20 }));
    }
    // Three clients race to allocate the segment (one wins, all learn it) and read it.
    await Promise.all(clients.map(async (c, k) => {
      await c.check(SEG);
      await c.alloc(SEG, `meta-${k + 1}`);
      await c.read(SEG, 0);
    }));
    // Server 1 restarts on its data folder and log (the trace's CrashAcceptor/RecoverAcceptor);
    // while it is down its slot is empty, so a failed restart leaves nothing to close twice.
    const port = servers[0]!.port;
    await servers[0]!.close();
    servers[0] = null;
    servers[0] = await start(1, port);
    // Then they race to write the same registers and read them back.
    await Promise.all(clients.map(async (c, k) => {
      for (const off of [1, 2]) {
        await c.write(SEG, off, `v${off}-${k + 1}`);
        await c.read(SEG, off);
      }
      await c.check(SEG);
    }));
  } finally {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s?.close()));
    for (const l of logs) l.close();
  }
}
