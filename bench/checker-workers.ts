/**
 * Benchmark of `--workers` in the embedded checker (`npm run bench -- checker-workers`): the same
 * model with 1 and 2 workers, each run in a child process (`wormspace check`, under GNU time for
 * CPU seconds and peak memory), alternating 1, 2, 1, 2 so that a change in the machine's load
 * hits both. The model is BenchTwoPhase6 (test/checker/bench/, 101,632 distinct states);
 * BENCH_WORKERS_CFG picks another configuration of BenchTwoPhase.tla, or, with BENCH_WORKERS_SPEC
 * (a .tla path relative to the repository, e.g. tla/wor/MCWORPaxos.tla), a configuration path
 * relative to the repository; BENCH_WORKERS_ROUNDS the number of rounds (default 2). The load average is recorded next to each run: on a shared
 * machine a second worker only helps when a second core is free.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8');
    p.stderr.on('data', (d: string) => (err += d));
    p.on('close', () => {
      const wall = (performance.now() - t0) / 1000;
      try {
        const r = JSON.parse(out.trim().split('\n').pop() ?? '') as { verdict: string; distinct: number; generated: number; depth: number };
        if (r.verdict !== 'ok') throw new Error(`verdict ${r.verdict}`);
        const t = /BENCH-TIME ([\d.]+) ([\d.]+) (\d+)/.exec(err);
        resolve({ workers, distinct: r.distinct, generated: r.generated, depth: r.depth, wall, cpu: t ? Number(t[1]) + Number(t[2]) : NaN, rssMib: t ? Number(t[3]) / 1024 : NaN, load });
      } catch (e) {
        reject(new Error(`wormspace check --workers ${workers}: ${(e as Error).message}: ${err.slice(-300)}`));
      }
    });
  });
}

export async function run(): Promise<string> {
  const rounds = Number(process.env.BENCH_WORKERS_ROUNDS ?? 2);
  const runs: Run[] = [];
  for (let i = 0; i < rounds; i++) for (const w of [1, 2]) runs.push(await check(w));
  const same = runs.every((r) => r.distinct === runs[0].distinct && r.generated === runs[0].generated && r.depth === runs[0].depth);
  const best = (w: number) => Math.min(...runs.filter((r) => r.workers === w).map((r) => r.wall));
  const rows = runs.map(
    (r) => `| ${r.workers} | ${r.distinct} | ${r.generated} | ${r.depth} | ${r.wall.toFixed(1)} | ${r.cpu.toFixed(1)} | ${Math.round(r.distinct / r.wall)} | ${r.rssMib.toFixed(0)} | ${r.load.toFixed(1)} |`,
  );
  return [
    `### Embedded checker, 1 and 2 workers, on ${CFG.split('/').pop()} (${os.cpus().length} cores)`,
    '',
    '| workers | distinct | generated | depth | wall s (JVM-free, Node start included) | CPU s | distinct/s (wall) | peak RSS MiB | load average at start |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Same counts with 1 and 2 workers: ${same ? 'yes' : 'NO'}. Best wall time: 1 worker ${best(1).toFixed(1)} s, 2 workers ${best(2).toFixed(1)} s (speed-up ${(best(1) / best(2)).toFixed(2)}x).`,
  ].join('\n');
}
