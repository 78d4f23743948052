/**
 * The WormTX demo (`wormspace tx demo`): three RMs (child processes running `wormspace tx rm`, or
 * in this process with --in-process) against a running WormSpace cluster, a bank driver running
 * transfers, optionally kill -9 of one RM in the middle of a transaction, and the audit: every RM
 * decided alike, commits only on all-yes, the total balance conserved, and every running RM's
 * balances equal what the vote registers say.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../runtime/free-port.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WormSpace } from '../../client/wormspace.ts';
import type { TcpHost } from '../runtime/host-tcp.ts';
import { audit, regKey, registerValue } from './audit.ts';
import { BankDriver } from './bank.ts';
import { rpcDriverIo, startRmHost } from './tcp.ts';
import { rmName, voteAddr, type Outcome, type TxConfig, type TxEvent, type TxMsg, type TxReply, type TxRequest, type VoteValue } from './types.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/wormspace.js');

export interface DemoOptions {
  ws: WormSpace;
  /** A fresh client of the same cluster, one per in-process RM (each RM has its own ballot id). */
  newClient: () => Promise<WormSpace>;
  /** Flags that make a child `wormspace tx rm` reach the same cluster (--servers ... etc.). */
  clusterArgs: string[];
  transfers: number;
  concurrency: number;
  killRm: boolean;
  inProcess: boolean;
  cfg: Omit<TxConfig, 'segBase'>;
  /** Wait this long at most for the RMs to settle after the last transfer. */
  settleMs: number;
  log?: (line: string) => void;
}

export interface DemoReport {
  segBase: number;
  transfers: number;
  committed: number;
  gaveUp: number;
  unknown: number;
  transactions: number;
  abortedTx: number;
  latencyMs: { p50: number; p99: number; mean: number };
  killed: string | null;
  /** Vote registers holding a no that another RM wrote (it timed the owner out): how the others decided without a dead RM. */
  timedOutVotes: number;
  /** Participants whose decision the driver heard, per transaction, all alike. */
  agreed: boolean;
  total: number;
  expectedTotal: number;
  violations: string[];
}

/** claimBase allocates a fresh run marker segment, so runs never share vote registers. */
export async function claimBase(ws: WormSpace): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const base = 1_000_000 + Math.floor(Math.random() * 1_000_000) * 10_000;
    const r = await ws.alloc(base, JSON.stringify({ wormtxRun: Date.now() }));
    if (r.status === 'ok') return base;
    if (r.status === 'timeout') throw new Error('timeout: no quorum of the cluster answered while claiming a run segment');
  }
  throw new Error('could not claim a free run segment in 20 tries');
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

interface RmProc {
  child: ChildProcess;
  exited: Promise<void>;
}

function spawnRm(rm: number, addr: string, peers: string, cfg: TxConfig, clusterArgs: string[]): Promise<RmProc> {
  const args = [BIN, 'tx', 'rm', '--id', String(rm), '--listen', addr, '--peers', peers, '--seg-base', String(cfg.segBase), '--rms', String(cfg.nRms), '--accounts', String(cfg.accounts), '--window', String(cfg.window), '--vote-timeout', String(cfg.voteTimeout), '--poll', String(cfg.pollInterval), '--initial', String(cfg.initialBalance), ...clusterArgs];
  // With an IPC channel the RM stops by itself if the demo dies.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${rmName(rm)} did not start within 15 s: ${err.trim()}`)), 15_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/listening on/.test(out)) {
        clearTimeout(timer);
        resolve({ child, exited });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${rmName(rm)} exited before listening: ${err.trim().split('\n')[0] ?? ''}`));
    });
  });
}

export async function runDemo(o: DemoOptions): Promise<DemoReport> {
  const log = o.log ?? (() => {});
  const segBase = await claimBase(o.ws);
  const cfg: TxConfig = { ...o.cfg, segBase };
  const ports = await Promise.all(Array.from({ length: cfg.nRms }, () => freePort()));
  const addrs = ports.map((p) => `127.0.0.1:${p}`);
  const peers = addrs.map((a, r) => `${rmName(r)}=${a}`).join(',');
  const procs: RmProc[] = [];
  const hosts: Array<TcpHost<TxMsg, TxRequest, TxReply, TxEvent>> = [];
  const hostClients: WormSpace[] = [];
  const victim = o.killRm ? cfg.nRms - 1 : -1;
  let killed: string | null = null;
  try {
    if (o.inProcess) {
      for (let r = 0; r < cfg.nRms; r++) {
        const ws = await o.newClient();
        hostClients.push(ws);
        hosts.push(await startRmHost({ rm: r, cfg, ws, listen: { host: '127.0.0.1', port: ports[r]! }, peers: Object.fromEntries(addrs.map((a, i) => [rmName(i), a])) }));
      }
    } else {
      for (let r = 0; r < cfg.nRms; r++) procs.push(await spawnRm(r, addrs[r]!, peers, cfg, o.clusterArgs));
    }
    log(`${cfg.nRms} RMs up (${o.inProcess ? 'in this process' : 'child processes'}), vote segments from ${segBase + 1}`);
    let submitted = 0;
    const killAt = Math.max(1, Math.floor(o.transfers / 3));
    const io = rpcDriverIo(addrs, 10_000, {
      afterSubmit: (rm) => {
        if (rm !== victim || killed !== null) return;
        if (++submitted < killAt) return;
        // Mid-transaction: the request is on its way (or being voted on) when the RM dies.
        killed = rmName(rm);
        log(`kill -9 ${killed} in the middle of a transaction`);
        if (procs[rm]) procs[rm].child.kill('SIGKILL');
        else void hosts[rm]?.close();
      },
    });
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const driver = new BankDriver(cfg, io, { transfers: o.transfers, concurrency: o.concurrency, maxAttempts: 5, replyTimeout: cfg.voteTimeout * 6 + 2000, maxAmount: 30, restartBackoff: 20 }, () => done());
    driver.start();
    await finished;
    // Let the running RMs settle (a transaction of the dead RM is decided by timing it out).
    const live = Array.from({ length: cfg.nRms }, (_, r) => r).filter((r) => r !== victim || killed === null);
    const deadline = Date.now() + o.settleMs;
    let balances: Array<{ name: string; balances: Record<string, number> }> = [];
    const violations: string[] = [];
    for (;;) {
      const replies = await Promise.all(live.map((r) => io.clients[r]!.call('request', { kind: 'balances' }, 5000).catch((e: Error) => e)));
      const bad = replies.find((x) => x instanceof Error);
      if (bad) {
        violations.push(`a running RM did not answer: ${(bad as Error).message}`);
        break;
      }
      const rs = replies as Array<Extract<TxReply, { kind: 'balances' }>>;
      balances = rs.map((x) => ({ name: rmName(x.rm), balances: x.balances }));
      if (rs.every((x) => x.undecided === 0 && !x.recovering)) break;
      if (Date.now() > deadline) {
        violations.push(`RMs still undecided ${o.settleMs} ms after the last transfer: ${rs.map((x) => `${rmName(x.rm)}=${x.undecided}`).join(', ')}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // Ground truth from the vote registers.
    const registers = new Map<string, VoteValue | null>();
    const reads: Array<Promise<void>> = [];
    for (const [t, parts] of driver.started) {
      for (const r of parts) {
        const { seg, off } = voteAddr(cfg, r, t);
        reads.push(
          (async () => {
            for (let k = 0; k < 5; k++) {
              const v = registerValue((await o.ws.read(seg, off)) as { status: string; value?: string });
              if (v !== undefined) return void registers.set(regKey(t, r), v);
            }
            violations.push(`could not read the vote register of ${rmName(r)} for transaction ${t}`);
          })(),
        );
      }
    }
    await Promise.all(reads);
    const decided = new Map<number, Map<string, Outcome>>();
    for (const [t, m] of driver.answers) decided.set(t, new Map([...m].map(([r, x]) => [rmName(r), x])));
    const a = audit({ cfg, started: driver.started, registers, decided, rmBalances: balances });
    let timedOutVotes = 0;
    for (const [t, parts] of driver.started) for (const r of parts) if (registers.get(regKey(t, r))?.v === 'no' && registers.get(regKey(t, r))?.by !== r) timedOutVotes++;
    violations.push(...a.violations);
    io.close();
    const lat = driver.records.filter((r) => r.outcome === 'commit').map((r) => r.commitLatency);
    return {
      segBase,
      transfers: driver.records.length,
      committed: driver.records.filter((r) => r.outcome === 'commit').length,
      gaveUp: driver.records.filter((r) => r.outcome === 'abort').length,
      unknown: driver.records.filter((r) => r.outcome === 'unknown').length,
      transactions: driver.nextT,
      abortedTx: driver.nextT - a.committed.size,
      latencyMs: { p50: percentile(lat, 50), p99: percentile(lat, 99), mean: lat.length ? lat.reduce((s, x) => s + x, 0) / lat.length : 0 },
      killed,
      timedOutVotes,
      agreed: driver.disagreements().length === 0,
      total: a.total,
      expectedTotal: cfg.initialBalance * cfg.accounts,
      violations,
    };
  } finally {
    for (const h of hosts) await h.close();
    for (const ws of hostClients) ws.close();
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
    await Promise.all(
      procs.map((p) =>
        Promise.race([p.exited, new Promise<void>((r) => setTimeout(r, 5000).unref())]).then(() => {
          if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
        }),
      ),
    );
  }
}
