/**
 * Benchmark of the embedded checker alone (`npm run bench -- checker`):
 * 1. states per second, single worker, on BenchTwoPhase (test/checker/bench/): two-phase commit
 *    with 7 resource managers, records, functions and sets of records, 592,896 distinct states;
 *    beside TLC's numbers on the same model when TLA2TOOLS_JAR is set;
 * 2. the fingerprint set beyond Node's 2^24-entry limit of Set/Map: 20 million insertions,
 *    time and bytes per entry.
 * Each checker run happens in a child process so that its peak memory (maxRSS) is its own.
 * BENCH_CHECKER_CFG=BenchTwoPhaseSmall picks the small configuration (for a quick look).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkModel } from '../src/checker/index.ts';
import { FpSet } from '../src/checker/fpset.ts';

export const name = 'checker';

const SELF = fileURLToPath(import.meta.url);
const MODEL_DIR = join(dirname(SELF), '..', 'test', 'checker', 'bench');
const SPEC = join(MODEL_DIR, 'BenchTwoPhase.tla');
const CFG = join(MODEL_DIR, `${process.env.BENCH_CHECKER_CFG ?? 'BenchTwoPhase'}.cfg`);
// The memory scale test: 10,004,569 distinct states (Grid.tla with N = 3162).
const GRID_SPEC = join(MODEL_DIR, 'Grid.tla');
const GRID_CFG = join(MODEL_DIR, 'Grid10M.cfg');

interface Measured {
  verdict: string;
  distinct: number;
  generated: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMib: number;
}

function child(args: string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', SELF, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d: string) => (out += d));
    p.on('close', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as Measured);
      } catch {
        reject(new Error(`child exited with ${code}: ${out.slice(-300)}`));
      }
    });
  });
}

/** tlc runs TLC on the same model (one worker) and parses its counts and time. */
function tlc(jar: string): Promise<Measured | null> {
  return new Promise((resolve) => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-tlc-'));
    const t0 = performance.now();
    // GNU time, when present, reports the JVM's CPU time and peak memory (the machine may be shared,
    // so CPU seconds compare engines better than wall seconds).
    const timed = existsSync('/usr/bin/time');
    const java = ['java', '-XX:+UseParallelGC', '-cp', jar, 'tlc2.TLC', '-workers', '1', '-metadir', join(dir, 'states'), '-config', CFG, SPEC];
    const p = timed
      ? spawn('/usr/bin/time', ['-f', 'BENCH-TIME %U %S %M', ...java], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(java[0], java.slice(1), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8');
    p.stderr.on('data', (d: string) => (err += d));
    p.on('close', () => {
      rmSync(dir, { recursive: true, force: true });
      const m = /([\d,]+) states generated, ([\d,]+) distinct states found, 0 states left on queue/.exec(out);
      if (!m) return resolve(null);
      const num = (s: string) => Number(s.replace(/,/g, ''));
      const seconds = (performance.now() - t0) / 1000;
      const t = /BENCH-TIME ([\d.]+) ([\d.]+) (\d+)/.exec(err);
      resolve({
        verdict: /No error has been found/.test(out) ? 'ok' : 'other',
        distinct: num(m[2]),
        generated: num(m[1]),
        seconds,
        cpuSeconds: t ? Number(t[1]) + Number(t[2]) : NaN,
        maxRssMib: t ? Number(t[3]) / 1024 : NaN,
      });
    });
    p.on('error', () => resolve(null));
  });
}

function fpsetScale(n: number): { seconds: number; bytesPerEntry: number; size: number } {
  const set = new FpSet(16);
  const heap0 = process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  let x = 0x12345678;
  let y = 0x9abcdef0;
  for (let i = 0; i < n; i++) {
    // xorshift: distinct pseudo-random 64-bit fingerprints
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    y = (y + 0x6d2b79f5) | 0;
    set.putIfAbsent(x >>> 0, y >>> 0, i);
  }
  const seconds = (performance.now() - t0) / 1000;
  const bytes = process.memoryUsage().arrayBuffers - heap0;
  return { seconds, bytesPerEntry: bytes / set.size, size: set.size };
}

export async function run(): Promise<string> {
  const emb = await child(['--child-embedded']);
  const jar = process.env.TLA2TOOLS_JAR;
  const t = jar && existsSync(jar) ? await tlc(jar) : null;
  const rate = (m: Measured, secs: number) => (Number.isFinite(secs) ? Math.round(m.distinct / secs).toLocaleString('en-US') : '-');
  const fix = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
  const row = (label: string, m: Measured) =>
    `| ${label} | ${m.verdict} | ${m.distinct} | ${m.generated} | ${fix(m.seconds)} | ${fix(m.cpuSeconds)} | ${rate(m, m.seconds)} | ${rate(m, m.cpuSeconds)} | ${Number.isFinite(m.maxRssMib) ? m.maxRssMib.toFixed(0) : '-'} |`;
  const rows = [
    '| engine | verdict | distinct | generated | wall s | CPU s | distinct/s (wall) | distinct/s (CPU) | peak RSS MiB |',
    '|---|---|---|---|---|---|---|---|---|',
    row('embedded', emb),
  ];
  if (t) rows.push(row('TLC (1 worker, incl. JVM start)', t));
  else rows.push('| TLC | not run: set TLA2TOOLS_JAR to compare | | | | | | | |');
  const grid = process.env.BENCH_CHECKER_SKIP_GRID ? null : await child(['--child-embedded', '--grid']);
  const fp = fpsetScale(20_000_000);
  return [
    `### Embedded checker on ${CFG.split('/').pop()} (single worker)`,
    '',
    ...rows,
    '',
    '### Memory at 10 million distinct states (Grid.tla, N = 3162)',
    '',
    '| engine | verdict | distinct | generated | wall s | CPU s | distinct/s (wall) | distinct/s (CPU) | peak RSS MiB |',
    '|---|---|---|---|---|---|---|---|---|',
    grid ? row('embedded', grid) : '| embedded | skipped (BENCH_CHECKER_SKIP_GRID) | | | | | | | |',
    '',
    '### Fingerprint set beyond 2^24 entries',
    '',
    '| entries | seconds | inserts/s | bytes per entry (table) |',
    '|---|---|---|---|',
    `| ${fp.size.toLocaleString('en-US')} | ${fp.seconds.toFixed(1)} | ${Math.round(fp.size / fp.seconds).toLocaleString('en-US')} | ${fp.bytesPerEntry.toFixed(1)} |`,
    '',
  ].join('\n');
}

if (process.argv.includes('--child-embedded')) {
  const c0 = process.cpuUsage();
  const grid = process.argv.includes('--grid');
  const r = checkModel({ spec: grid ? GRID_SPEC : SPEC, config: grid ? GRID_CFG : CFG, workers: 1 });
  const c = process.cpuUsage(c0);
  const out: Measured = {
    verdict: r.verdict,
    distinct: r.distinct,
    generated: r.generated,
    seconds: r.seconds,
    cpuSeconds: (c.user + c.system) / 1e6,
    maxRssMib: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
} else if (process.argv[1] === SELF) {
  run().then((s) => process.stdout.write(s + '\n'));
}
