/**
 * A 3-server loopback cluster for the runtime benchmark: real `wormspace server` processes with
 * fsync on (SQLite WAL, synchronous=FULL), temp data folders, and their group-commit counters read
 * through SIGUSR2.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GroupCommitStats } from '../src/storage/group-commit.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/wormspace.js');

/**
 * BENCH_NODE_ARGS: extra node flags for the processes a benchmark starts, e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses --cpu-prof in NODE_OPTIONS).
 */
export const BENCH_NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

interface Member {
  child: ChildProcess;
  address: string;
  lines: string[];
  waiters: ((line: string) => void)[];
}

export class BenchCluster {
  private constructor(
    readonly root: string,
    private readonly members: Member[],
  ) {}

  get addresses(): string[] {
    return this.members.map((m) => m.address);
  }

  /** The server processes' ids, for reading their CPU time (cpuMillis). */
  get pids(): number[] {
    return this.members.map((m) => m.child.pid!);
  }

  static async start(servers = 3): Promise<BenchCluster> {
    // The data folders live on the same disk as the project, so fsync costs what it costs there.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wormspace-bench-'));
    const members = await Promise.all(
      Array.from({ length: servers }, (_, i) => {
        const child = spawn(process.execPath, [...BENCH_NODE_ARGS, BIN, 'server', '--listen', '127.0.0.1:0', '--data', path.join(root, `s${i + 1}`)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] }); // ipc: the server stops if this process dies
        const member: Member = { child, address: '', lines: [], waiters: [] };
        let buffer = '';
        child.stdout!.on('data', (d: Buffer) => {
          buffer += d.toString();
          let nl;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            const w = member.waiters.shift();
            if (w) w(line);
            else member.lines.push(line);
          }
        });
        return new Promise<Member>((resolve, reject) => {
          member.waiters.push((line) => {
            const m = /listening on (\S+)/.exec(line);
            if (!m) return reject(new Error(`unexpected server output: ${line}`));
            member.address = m[1]!;
            resolve(member);
          });
          child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
        });
      }),
    );
    return new BenchCluster(root, members);
  }

  /** stats asks every server for its group-commit counters and sums them. */
  async stats(): Promise<GroupCommitStats> {
    const all = await Promise.all(
      this.members.map(
        (m) =>
          new Promise<GroupCommitStats>((resolve) => {
            m.waiters.push((line) => resolve(JSON.parse(line.replace(/^stats /, '')) as GroupCommitStats));
            m.child.kill('SIGUSR2');
          }),
      ),
    );
    return all.reduce(
      (a, b) => ({
        batches: a.batches + b.batches,
        items: a.items + b.items,
        largestBatch: Math.max(a.largestBatch, b.largestBatch),
        commitMicrosTotal: a.commitMicrosTotal + b.commitMicrosTotal,
      }),
      { batches: 0, items: 0, largestBatch: 0, commitMicrosTotal: 0 },
    );
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.members.map(
        (m) =>
          new Promise<void>((resolve) => {
            if (m.child.exitCode !== null || m.child.signalCode !== null) return resolve();
            m.child.once('exit', () => resolve());
            m.child.kill('SIGTERM');
            setTimeout(() => m.child.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * cpuMillis is the CPU time (user + system) the processes have used so far, from /proc; NaN where
 * /proc is not there. CPU per operation is what a benchmark on a shared, loaded machine can still
 * compare between runs when its throughput cannot.
 */
export function cpuMillis(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name (which may hold spaces) start at field 3: utime is 14, stime 15.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return NaN;
    }
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: Linux reports process times in 1/100 s on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
