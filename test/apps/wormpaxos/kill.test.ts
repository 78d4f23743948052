/**
 * Kill test on loopback: a real WormSpace cluster (3 server processes), three `wormspace kv
 * serve` replica processes, eight closed-loop clients putting and getting four keys. Mid-load the
 * leader's process is killed with SIGKILL; a new leader takes over, the load finishes, and the
 * whole history (with a final read of every key) is linearizable, so no acknowledged put was
 * lost. Bounded: 320 operations; the load stops issuing after 120 s.
 *
 * Under load (2 cores shared by several runs) a replica may take seconds to answer a status
 * request, so the test never bets on one short status call: it polls until a condition holds
 * (a leader to kill, a surviving leader), each poll with its own timeout, within a deadline.
 */
import fs from 'node:fs';
import { freePorts } from '../../../src/apps/runtime/free-port.ts';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, spawnTracked } from '../../e2e/processes.ts';
import { KvClient, KvError } from '../../../src/apps/wormpaxos/tcp.ts';
import { checkKv, type KvOp } from '../../../src/apps/wormpaxos/linearizability.ts';
import type { KvReply } from '../../../src/apps/wormpaxos/node.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wormpaxos-kill-'));
afterAll(() => {
  killAll();
  fs.rmSync(root, { recursive: true, force: true });
});

/** startServer starts `wormspace server` on a free port and resolves with its address (waits up to 60 s: the machine may be loaded). */
function startServer(dataDir: string): Promise<string> {
  const child = spawnTracked(['server', '--listen', '127.0.0.1:0', '--data', dataDir]);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start within 60 s: ${err}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
}

function startReplica(id: string, port: number, peers: string, servers: string): Promise<ChildProcess> {
  const child = spawnTracked(['kv', 'serve', '--id', id, '--listen', `127.0.0.1:${port}`, '--peers', peers, '--servers', servers, '--tick', '40', '--election-ticks', '5']);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`replica ${id} did not start within 60 s: ${err}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
  });
}

describe('WormPaxos kill -9 of the leader on loopback', () => {
  it('a new leader takes over, no acknowledged put is lost, the history is linearizable', async () => {
    const serverList = (await Promise.all([1, 2, 3].map((i) => startServer(path.join(root, `s${i}`))))).join(',');
    const ports = await freePorts(3);
    const ids = ['r1', 'r2', 'r3'];
    const addrs = ports.map((p) => `127.0.0.1:${p}`);
    const procs = await Promise.all(ids.map((id, i) => startReplica(id, ports[i]!, ids.map((o, j) => (o === id ? '' : `${o}=${addrs[j]}`)).filter(Boolean).join(','), serverList)));

    const history: KvOp[] = [];
    const TOTAL = 320;
    const KILL_AT = 100;
    let issued = 0;
    let finished = 0;
    let killed: string | null = null;
    const t0 = performance.now();
    const now = (): number => performance.now() - t0;
    const statusOf = async (addr: string): Promise<KvReply | null> => {
      const c = new KvClient([addr], 3000);
      try {
        return (await c.request({ op: 'status' }, 1)).reply;
      } catch {
        return null;
      } finally {
        c.close();
      }
    };
    /** leaderAmong polls `among` until one reports leading (and passes `accept`), or the deadline passes: its index, or null. */
    const leaderAmong = async (among: readonly number[], deadlineMs: number, accept: (id: string) => boolean = () => true): Promise<number | null> => {
      const until = performance.now() + deadlineMs;
      while (performance.now() < until) {
        for (const i of among) {
          const s = await statusOf(addrs[i]!);
          if (s && s.status === 'status' && s.leading !== null && accept(s.id)) return i;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      return null;
    };
    const killLeader = async (): Promise<void> => {
      const i = await leaderAmong([0, 1, 2], 60_000);
      if (i === null) return;
      killed = ids[i]!;
      procs[i]!.kill('SIGKILL');
    };
    const client = async (c: number): Promise<void> => {
      const kv = new KvClient(addrs, 2000);
      let n = 0;
      try {
        while (issued < TOTAL && now() < 120_000) {
          issued++;
          n++;
          const key = `k${(c + n) % 4}`;
          const isPut = n % 3 !== 0;
          const op: KvOp = { kind: isPut ? 'put' : 'get', key, value: isPut ? `c${c}-${n}` : null, call: now(), ret: null, client: `c${c}` };
          history.push(op);
          try {
            const { reply } = await kv.request(isPut ? { op: 'put', id: kv.newPutId(), key, value: op.value! } : { op: 'get', key }, 30);
            if (reply.status === 'ok') {
              op.ret = now();
              if (!isPut) op.value = reply.value ?? null;
            }
          } catch (err) {
            if (!(err instanceof KvError)) throw err; // gave up: the outcome stays unknown (ret null)
          }
          finished++;
          if (finished === KILL_AT && killed === null) await killLeader();
        }
      } finally {
        kv.close();
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, c) => client(c)));
    expect(killed).not.toBeNull();
    // A final read of every key, after the load, through the survivors.
    const survivors = addrs.filter((_, i) => ids[i] !== killed);
    const reader = new KvClient(survivors, 3000);
    for (let k = 0; k < 4; k++) {
      const op: KvOp = { kind: 'get', key: `k${k}`, value: null, call: now(), ret: null, client: 'final' };
      op.value = await reader.get(op.key);
      op.ret = now();
      history.push(op);
    }
    // A survivor now leads (polled: an election under load may still be settling).
    const survivorIdx = ids.flatMap((id, i) => (id === killed ? [] : [i]));
    const lead = await leaderAmong(survivorIdx, 60_000, (id) => id !== killed);
    const newLeader = lead === null ? null : ids[lead]!;
    reader.close();
    const acked = history.filter((o) => o.ret !== null).length;
    expect(acked).toBeGreaterThan(TOTAL * 0.9);
    expect(newLeader).not.toBeNull();
    expect(newLeader).not.toBe(killed);
    const lin = checkKv(history);
    expect(lin.failures).toEqual([]);
    // Bounded: the load stops at 120 s, the polls at their deadlines (the test's timeout is the hard bound).
    expect(now()).toBeLessThan(240_000);
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
  }, 360_000);
});
