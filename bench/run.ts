/**
 * The benchmark harness behind `npm run bench`: runs the benchmark modules under bench/ (all of
 * them, or those named on the command line) and writes each one's table to
 * bench/results/<name>.md with the date and the machine's facts.
 *
 * A benchmark module is a file bench/<file>.ts that exports `run(): Promise<string>` (a
 * markdown table or section) and a `name`, either as named exports or as the default export
 * `{ name, run }`. Files that do not export `run` are helpers: they are never imported, so
 * importing cannot start anything by side effect.
 *
 *   npm run bench                     every benchmark
 *   npm run bench -- checker-vs-tlc   only the named ones
 *   npm run bench -- --list           list them
 *   npm run bench -- apps             a group: the application benchmarks in turn (GROUPS)
 *   npm run bench -- traces --warm    options (`--x`) are handed to each chosen benchmark's run()
 *
 * Notes written by hand below the HAND_WRITTEN_MARKER line of a results file (bench/results-file.ts)
 * are kept when the table is regenerated.
 *
 * BENCH_TIMEOUT_S (default 3600) bounds each benchmark; one that overruns or throws is
 * reported, the others still run, and the exit code is 1.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resultsFileText } from './results-file.ts';

export interface Benchmark {
  name: string;
  /** flags: the command line's `--x` options (other than --list), for the benchmarks that take any. */
  run(flags: string[]): Promise<string>;
}

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = join(BENCH_DIR, 'results');
const EXPORTS_RUN = /^export\s+(?:async\s+function\s+run\b|function\s+run\b|const\s+run\b|default\b)/m;

/** benchmarkFiles lists the files under bench/ that export `run`, without importing any. */
export function benchmarkFiles(dir: string = BENCH_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== basename(fileURLToPath(import.meta.url)))
    .filter((f) => EXPORTS_RUN.test(readFileSync(join(dir, f), 'utf8')))
    .sort()
    .map((f) => join(dir, f));
}

async function loadBenchmark(file: string): Promise<Benchmark | null> {
  const mod = (await import(pathToFileURL(file).href)) as Partial<Benchmark> & { default?: Partial<Benchmark> };
  const candidate = typeof mod.run === 'function' ? mod : mod.default;
  if (!candidate || typeof candidate.run !== 'function') return null;
  const name = typeof candidate.name === 'string' && candidate.name !== '' ? candidate.name : basename(file, '.ts');
  return { name, run: candidate.run.bind(candidate) };
}

/** machineFacts describes where the numbers were measured, for the results file. */
export function machineFacts(): string {
  const cpus = os.cpus();
  return [
    `- date: ${new Date().toISOString()}`,
    `- machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown cpu'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the start`,
    `- software: Node ${process.version}, ${os.type()} ${os.release()} ${os.arch()}`,
  ].join('\n');
}

function withTimeout<T>(promise: Promise<T>, seconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${seconds} s (BENCH_TIMEOUT_S)`)), seconds * 1000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Groups: a name on the command line that stands for several benchmarks, run in this order. */
export const GROUPS: Record<string, string[]> = {
  apps: ['apps-wormpaxos', 'apps-wormlog', 'apps-wormtx'],
};

async function main(argv: string[]): Promise<number> {
  const flags = argv.filter((a) => a.startsWith('--') && a !== '--list');
  const args = argv.filter((a) => !flags.includes(a)).flatMap((a) => GROUPS[a] ?? [a]);
  const benchmarks = (await Promise.all(benchmarkFiles().map(loadBenchmark))).filter((b): b is Benchmark => b !== null);
  if (args.includes('--list')) {
    for (const b of benchmarks) console.log(b.name);
    for (const [g, members] of Object.entries(GROUPS)) console.log(`${g} (group: ${members.join(', ')})`);
    return 0;
  }
  const unknown = args.filter((a) => !benchmarks.some((b) => b.name === a));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')}; available: ${benchmarks.map((b) => b.name).join(', ')}`);
    return 2;
  }
  // In the order asked for (a group's order), each once.
  const chosen = args.length > 0 ? [...new Set(args)].map((a) => benchmarks.find((b) => b.name === a)!) : benchmarks;
  const timeoutS = Number(process.env.BENCH_TIMEOUT_S ?? 3600);
  mkdirSync(RESULTS_DIR, { recursive: true });
  let failures = 0;
  for (const b of chosen) {
    const facts = machineFacts();
    const started = performance.now();
    console.error(`bench ${b.name}: running`);
    try {
      const table = await withTimeout(b.run(flags), timeoutS, `benchmark ${b.name}`);
      const seconds = (performance.now() - started) / 1000;
      const out = join(RESULTS_DIR, `${b.name}.md`);
      const previous = existsSync(out) ? readFileSync(out, 'utf8') : undefined;
      writeFileSync(out, resultsFileText(`# Benchmark: ${b.name}\n\n${facts}\n- duration: ${seconds.toFixed(1)} s\n\n${table.trim()}\n`, previous));
      console.log(`${table.trim()}\n\nbench ${b.name}: written to ${out} (${seconds.toFixed(1)} s)\n`);
    } catch (err) {
      failures += 1;
      console.error(`bench ${b.name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return failures > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // exit() rather than exitCode: a benchmark that overran may still hold timers or sockets.
  main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
    console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
