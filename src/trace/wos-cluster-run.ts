/**
 * A traced multi-process cluster run for the WOS-level traces (wos-cluster.ts): three
 * `wormspace server --trace` processes (TCP, SQLite, each its own event log in `logDir`) and three
 * clients in this process, each with its own event log, running the random WOS workload
 * (wos-workload.ts) while one server is killed with SIGKILL and restarted on its data folder and
 * log; then a fourth client's log ends in the middle of a write (an unanswered call that took
 * effect), then a trim of segment 0 races a read and a write of it, and each client reads it (8
 * calls more in all). Used by test/trace/wos-cluster.test.ts, verify's wos layer (src/verify/wos-cluster.ts) and
 * by hand for measurements. Binds 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WormSpace } from '../client/wormspace.ts';
import { openEventLog, type EventLog } from './event-log.ts';
import { wosWorkload } from './wos-workload.ts';

const BIN = fileURLToPath(new URL('../../bin/wormspace.js', import.meta.url));

/** Registers per segment of the workload (the trace's offsets). */
export const CLUSTER_SEGMENT_SIZE = 3;

export interface ClusterRunOptions {
  /** Data folders go under root, one per server. */
  root: string;
  logDir: string;
  /** Calls per client (wosWorkload's; default 14). */
  calls?: number;
  /** Kill -9 server `kill.server` (0-2) `kill.afterMs` ms into the workload and restart it at once; the second half of each client's calls waits for the restart. Default: server 1 after 30 ms. null: no kill. */
  kill?: { server: number; afterMs: number } | null;
}

interface Child {
  child: ChildProcess;
  port: number;
  index: number;
}

/** startServerProcess spawns `wormspace server --trace` and resolves once it listens. */
function startServerProcess(root: string, logDir: string, index: number, port = 0): Promise<Child> {
  const dir = path.join(root, `s${index}`);
  const child = spawn(process.execPath, [BIN, 'server', '--listen', `127.0.0.1:${port}`, '--data', dir, '--trace', path.join(logDir, `server-${index}.ndjson`)], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), index });
    });
    child.stderr!.on('data', (d: Buffer) => void (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`server ${index} exited (${code}) before it listened${err ? `: ${err.trim().split('\n')[0]}` : ''}`)));
  });
}

async function stop(s: Child, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const gone = new Promise((r) => s.child.once('exit', r));
  s.child.kill(signal);
  // A server that does not stop on SIGTERM within 5 s is killed.
  const timer = signal === 'SIGTERM' ? setTimeout(() => s.child.kill('SIGKILL'), 5000) : null;
  await gone;
  if (timer) clearTimeout(timer);
}

/** runWosCluster runs the workload; every process's event log ends up in opts.logDir. */
export async function runWosCluster(opts: ClusterRunOptions): Promise<void> {
  fs.mkdirSync(opts.logDir, { recursive: true });
  const servers: (Child | null)[] = [];
  const clients: WormSpace[] = [];
  const logs: EventLog[] = [];
  const kill = opts.kill === undefined ? { server: 1, afterMs: 30 } : opts.kill;
  try {
    for (const i of [1, 2, 3]) servers.push(await startServerProcess(opts.root, opts.logDir, i));
    const addresses = servers.map((s) => `127.0.0.1:${s!.port}`);
    for (const clientId of [1, 2, 3]) {
      const log = openEventLog(path.join(opts.logDir, `client-${clientId}.ndjson`), `client ${clientId}`);
      logs.push(log);
      clients.push(await WormSpace.connect({ servers: addresses, segmentSize: CLUSTER_SEGMENT_SIZE, clientId, tracer: log.tracer, retry: { firstTimeoutMs: 100, maxTimeoutMs: 1000 }, maxTimeouts: 8 }));
    }
    // The kill comes `afterMs` into the workload, while calls are under way; the clients' second
    // half waits for the restart, so the restarted server takes part in the rest of the run.
    const calls = opts.calls ?? 14;
    const restart = (async (): Promise<void> => {
      if (kill === null) return;
      await new Promise((r) => setTimeout(r, kill.afterMs));
      const s = servers[kill.server]!;
      servers[kill.server] = null;
      await stop(s, 'SIGKILL');
      servers[kill.server] = await startServerProcess(opts.root, opts.logDir, s.index, s.port);
    })();
    const work = wosWorkload(CLUSTER_SEGMENT_SIZE, calls, { before: (i) => (i === Math.floor(calls / 2) ? restart : Promise.resolve()) });
    await Promise.all([...clients.map((c, k) => work(c, k + 1)), restart]);
    // A client dies mid-call (client 4, its own log): it allocates segment 0 (or finds it
    // allocated), then writes register 3, which no other client uses; its log ends at the start of
    // the write's phase 2 (a quorum promised, the Accepts are out), as if its process were killed
    // with SIGKILL there: no answer, no Return event. The servers' logs show a quorum promised (the
    // call's place in the capture order) and accepted (it took effect: wos-cluster.ts settles it).
    const doomedLog = openEventLog(path.join(opts.logDir, 'client-4.ndjson'), 'client 4');
    logs.push(doomedLog);
    let dead = false;
    const doomed: WormSpace = await WormSpace.connect({
      servers: servers.map((s) => `127.0.0.1:${s!.port}`),
      // One register more than the others use: its write's capture finds it empty, nothing races it.
      segmentSize: CLUSTER_SEGMENT_SIZE + 1,
      clientId: 4,
      maxTimeouts: 8,
      tracer: (e) => {
        if (dead) return;
        doomedLog.tracer(e);
        if (e.action === 'Write' && typeof e.vars.off === 'number' && e.vars.off >= 0) dead = true;
      },
    });
    clients.push(doomed);
    await doomed.alloc(0, 'm4');
    await doomed.write(0, CLUSTER_SEGMENT_SIZE, 'doomed');
    doomed.close();
    // Then client 3 trims segment 0 while the others read and write it: the trim WOR's decision,
    // each server's drop (the WOSImpl trace's Apply) and answers trimmed, whatever the workload drew.
    await Promise.all([clients[2]!.trim(0), clients[0]!.read(0, 1), clients[1]!.write(0, 2, 'late')]);
    await Promise.all(clients.slice(0, 3).map((c) => c.read(0, 0)));
  } finally {
    for (const c of clients) c.close();
    for (const l of logs) l.close();
    await Promise.all(servers.map((s) => (s ? stop(s, 'SIGTERM') : undefined)));
  }
}
