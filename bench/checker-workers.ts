/**
 * Benchmark of `--workers` in the embedded checker (`npm run bench -- checker-workers`): the same
 * model with 1 and 2 workers, each run in a child process (`wormspace check`, under GNU time for
 * CPU seconds and peak memory), alternating 1, 2, 1, 2 so that a change in the machine's load
 * hits both. The model is BenchTwoPhase6 (test/checker/bench/, 101,632 distinct states);
 * BENCH_WORKERS_CFG picks another configuration of BenchTwoPhase.tla, or, with BENCH_WORKERS_SPEC
 * (a .tla path relative to the repository, e.g. tla/wor/MCWORPaxos.tla), a configuration path
 * relative to the repository; BENCH_WORKERS_ROUNDS the number of rounds (default 2). The load average is recorded next to each run: on a shared
 * machine a second worker only helps when a second core is free.
 *
 * The CPU seconds of each thread of the checker are sampled from /proc while it runs (Linux), and
 * the busiest `workers` threads (the search threads; V8's GC helpers use far less) are reported:
 * with autogroup scheduling a process gets the same share of an overloaded machine whether it
 * runs one thread or two, so wall time there cannot show parallelism, while the busiest thread's
 * CPU time is the run's length on a machine with a core free for each worker.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const name = 'checker-workers';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OWN_SPEC = process.env.BENCH_WORKERS_SPEC;
const SPEC = OWN_SPEC ? join(ROOT, OWN_SPEC) : join(ROOT, 'test', 'checker', 'bench', 'BenchTwoPhase.tla');
const CFG = OWN_SPEC
  ? join(ROOT, process.env.BENCH_WORKERS_CFG ?? OWN_SPEC.replace(/\.tla$/, '.cfg'))
  : join(ROOT, 'test', 'checker', 'bench', `${process.env.BENCH_WORKERS_CFG ?? 'BenchTwoPhase6'}.cfg`);
if (!existsSync(SPEC) || !existsSync(CFG)) throw new Error(`checker-workers: no such spec or config: ${SPEC}, ${CFG}`);

interface Run {
  workers: number;
  distinct: number;
  generated: number;
  depth: number;
  wall: number;
  cpu: number;
  rssMib: number;
  load: number;
  /** CPU seconds of the busiest `workers` threads, busiest first (empty without /proc) */
  threads: number[];
}

const TICKS = 100; // USER_HZ: /proc/<pid>/task/<tid>/stat counts CPU time in 1/100 s on Linux

/** threadTicks reads utime + stime of every thread of process pid (empty when it is gone). */
function threadTicks(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // The fields after the command name (which may hold spaces) start at state, field 3.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), Number(f[11]) + Number(f[12]));
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/** nodePid finds the checker's process: the child itself, or the child of /usr/bin/time. */
function nodePid(pid: number, timed: boolean): number | null {
  if (!timed) return pid;
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return kids.length > 0 ? Number(kids[0]) : null;
  } catch {
    return null;
  }
}

function check(workers: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const load = os.loadavg()[0];
    const args = [join(ROOT, 'bin', 'wormspace.js'), 'check', SPEC, '--config', CFG, '--engine', 'embedded', '--workers', String(workers), '--json'];
    const timed = existsSync('/usr/bin/time');
    const p = timed
      ? spawn('/usr/bin/time', ['-f', 'BENCH-TIME %U %S %M', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const t0 = performance.now();
    // Per-thread CPU, sampled until the process ends: the last value seen of each thread (a
    // worker thread ends, and leaves /proc, before the process does).
    const last = new Map<number, number>();
    const sampler = setInterval(() => {
      const pid = p.pid === undefined ? null : nodePid(p.pid, timed);
      if (pid === null) return;
      for (const [tid, ticks] of threadTicks(pid)) last.set(tid, ticks);
    }, 200);
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8');
    p.stderr.on('data', (d: string) => (err += d));
    p.on('close', () => {
      clearInterval(sampler);
      const wall = (performance.now() - t0) / 1000;
      const threads = [...last.values()].sort((a, b) => b - a).slice(0, workers).map((t) => t / TICKS);
      try {
        const r = JSON.parse(out.trim().split('\n').pop() ?? '') as { verdict: string; distinct: number; generated: number; depth: number };
        if (r.verdict !== 'ok') throw new Error(`verdict ${r.verdict}`);
        const t = /BENCH-TIME ([\d.]+) ([\d.]+) (\d+)/.exec(err);
        resolve({ workers, distinct: r.distinct, generated: r.generated, depth: r.depth, wall, cpu: t ? Number(t[1]) + Number(t[2]) : NaN, rssMib: t ? Number(t[3]) / 1024 : NaN, load, threads });
      } catch (e) {
        reject(new Error(`wormspace check --workers ${workers}: ${(e as Error).message}: ${err.slice(-300)}`));
      }
    });
  });
}

/** busiest: the critical path in CPU time, the busiest search thread, for 1 and for 2 workers. */
function busiest(runs: Run[]): string {
  const of = (w: number) => Math.min(...runs.filter((r) => r.workers === w && r.threads.length > 0).map((r) => r.threads[0]));
  const one = of(1);
  const two = of(2);
  if (!Number.isFinite(one) || !Number.isFinite(two)) return 'Per-thread CPU time was not sampled (no /proc).';
  return `Busiest search thread (best run): 1 worker ${one.toFixed(1)} CPU s, 2 workers ${two.toFixed(1)} CPU s: ${(one / two).toFixed(2)}x shorter, what --workers 2 gains when each worker has a core of its own.`;
}

export async function run(): Promise<string> {
  const rounds = Number(process.env.BENCH_WORKERS_ROUNDS ?? 2);
  const runs: Run[] = [];
  for (let i = 0; i < rounds; i++) for (const w of [1, 2]) runs.push(await check(w));
  const same = runs.every((r) => r.distinct === runs[0].distinct && r.generated === runs[0].generated && r.depth === runs[0].depth);
  const best = (w: number) => Math.min(...runs.filter((r) => r.workers === w).map((r) => r.wall));
  const rows = runs.map(
    (r) => `| ${r.workers} | ${r.distinct} | ${r.generated} | ${r.depth} | ${r.wall.toFixed(1)} | ${r.cpu.toFixed(1)} | ${r.threads.map((x) => x.toFixed(1)).join(' + ') || 'n/a'} | ${Math.round(r.distinct / r.wall)} | ${r.rssMib.toFixed(0)} | ${r.load.toFixed(1)} |`,
  );
  return [
    `### Embedded checker, 1 and 2 workers, on ${CFG.split('/').pop()} (${os.cpus().length} cores)`,
    '',
    '| workers | distinct | generated | depth | wall s (JVM-free, Node start included) | CPU s | CPU s of the search threads | distinct/s (wall) | peak RSS MiB | load average at start |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Same counts with 1 and 2 workers: ${same ? 'yes' : 'NO'}. Best wall time: 1 worker ${best(1).toFixed(1)} s, 2 workers ${best(2).toFixed(1)} s (speed-up ${(best(1) / best(2)).toFixed(2)}x).`,
    busiest(runs),
  ].join('\n');
}
