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

  static async start(servers = 3): Promise<BenchCluster> {
    // The data folders live on the same disk as the project, so fsync costs what it costs there.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wormspace-bench-'));
    const members = await Promise.all(
      Array.from({ length: servers }, (_, i) => {
        const child = spawn(process.execPath, [BIN, 'server', '--listen', '127.0.0.1:0', '--data', path.join(root, `s${i + 1}`)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] }); // ipc: the server stops if this process dies
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
