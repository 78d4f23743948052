/**
 * Kill test on loopback: a real WormSpace cluster (3 `wormspace server` processes, each in its
 * own process group), three `wormspace tx rm` processes started by the demo (runDemo), and a bank
 * driver running transfers in this process. A third of the way in, the last RM is killed with
 * SIGKILL right after a transaction request was sent to it (mid-transaction). The other RMs time
 * it out (they capture its vote register and write no), decide, and agree; the audit from the
 * vote registers finds every RM's decision alike, commits only on all-yes votes, and the total
 * money unchanged.
 *
 * Bounded: 30 transfers, a 400 ms vote timeout, a 90 s overall limit; everything this test starts
 * is killed in finally, by process group, even when it fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WormSpace } from '../../../src/client/wormspace.ts';
import { runDemo } from '../../../src/apps/wormtx/demo.ts';
import { BIN } from '../../e2e/processes.ts';

interface Proc {
  child: ChildProcess;
  exited: Promise<void>;
}

/** startServer runs `wormspace server` as the leader of its own process group; resolves with its address. */
function startServer(dataDir: string, procs: Proc[]): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'server', '--listen', '127.0.0.1:0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  procs.push({ child, exited });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start within 30 s: ${err}`)), 30_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening: ${err.trim()}`));
    });
  });
}

/** killGroups SIGKILLs every process group this test started and waits (bounded) for them to go. */
async function killGroups(procs: Proc[]): Promise<void> {
  for (const p of procs) {
    if (p.child.pid === undefined || p.child.exitCode !== null || p.child.signalCode !== null) continue;
    try {
      process.kill(-p.child.pid, 'SIGKILL');
    } catch {
      p.child.kill('SIGKILL');
    }
  }
  await Promise.race([Promise.all(procs.map((p) => p.exited)), new Promise((r) => setTimeout(r, 5000).unref())]);
}

// Every server this file starts; killed in the test's finally and again here, in case the test
// timed out while awaiting (its finally then never runs). The RM processes have an IPC channel
// to the demo's process and stop with it; the demo's own finally kills them too.
const procs: Proc[] = [];
afterAll(() => killGroups(procs));

describe('WormTX: kill -9 an RM mid-transaction', () => {
  it('the other RMs decide, all agree, and the total money is conserved', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wormtx-kill-'));
    const clients: WormSpace[] = [];
    try {
      const servers: string[] = [];
      for (let i = 0; i < 3; i++) servers.push(await startServer(path.join(root, `s${i}`), procs));
      const connect = async (): Promise<WormSpace> => {
        const ws = await WormSpace.connect({ servers, segmentSize: 1024, retry: { firstTimeoutMs: 200, maxTimeoutMs: 1000 }, maxTimeouts: 8 });
        clients.push(ws);
        return ws;
      };
      const log: string[] = [];
      const r = await runDemo({
        ws: await connect(),
        newClient: connect,
        clusterArgs: ['--servers', servers.join(',')],
        transfers: 30,
        concurrency: 3,
        killRm: true,
        inProcess: false,
        cfg: { nRms: 3, window: 64, accounts: 9, initialBalance: 100, voteTimeout: 400, pollInterval: 25 },
        settleMs: 20_000,
        log: (l) => log.push(l),
      });
      expect(log.join('\n')).toMatch(/kill -9 rm2 in the middle of a transaction/);
      expect(r.killed).toBe('rm2');
      expect(r.violations).toEqual([]);
      expect(r.agreed).toBe(true);
      expect(r.total).toBe(r.expectedTotal);
      expect(r.expectedTotal).toBe(900);
      expect(r.transfers).toBe(30);
      expect(r.committed).toBeGreaterThan(5);
      // The survivors decided transactions of the dead RM by writing no into its vote registers.
      expect(r.timedOutVotes).toBeGreaterThan(0);
    } finally {
      for (const c of clients) c.close();
      await killGroups(procs);
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);
});
