/**
 * The checker benchmark: the embedded checker and TLC (when TLA2TOOLS_JAR is set) on the same
 * large corpus models (the `ci: false` entries of test/corpus/expected.json), one worker each,
 * side by side: distinct and generated states, seconds, states per second, and whether the
 * counts are TLC's recorded ones.
 *
 * Each engine runs in a child process of its own (for TLC, a process group that includes the
 * JVM), killed after BENCH_CHECKER_TIMEOUT_S seconds (default 600), so that a slow or stuck
 * run cannot hold the benchmark; the child also reports its peak memory (maxRSS). Besides each
 * engine's own wall-clock seconds, the CPU seconds of the whole child tree (node, and TLC's JVM
 * with its GC threads) are read from /proc, since the machine is shared and wall clock moves
 * with the load.
 * BENCH_CHECKER_MODELS=TwoPhase/Big6,... picks models by name.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { embeddedEngine } from '../src/checker/index.ts';
import { tlcEngine } from '../src/tla/runner/index.ts';
import { formatProgress, type CheckEngine } from '../src/tla/engine.ts';
import type { CheckResult } from '../src/tla/result.ts';
import { configPath, loadCorpus, specPath, type CorpusModel } from '../test/corpus/corpus.ts';

export const name = 'checker-vs-tlc';

const SELF = fileURLToPath(import.meta.url);
const TIMEOUT_S = Number(process.env.BENCH_CHECKER_TIMEOUT_S ?? 600);

type EngineName = 'embedded' | 'tlc';

interface Run {
  engine: EngineName;
  result: CheckResult | null;
  /** Peak resident memory of the child process in MiB (the node process; TLC's JVM is apart). */
  maxRssMib: number | null;
  /** CPU seconds of the child and its descendants (null where /proc is not available). */
  cpuSeconds: number | null;
  failure: string | null;
}

/**
 * childrenCpuSeconds reads this process's cutime + cstime: the CPU time of the children it has
 * waited for, including their own waited-for descendants. Linux only; null elsewhere.
 */
function childrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** runInChild runs one engine on one model in a child process group, bounded in time. */
function runInChild(engine: EngineName, m: CorpusModel): Promise<Run> {
  const cpuBefore = childrenCpuSeconds();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--child', engine, specPath(m), configPath(m)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true, // its own process group, so that a timeout also stops TLC's JVM
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, TIMEOUT_S * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const cpuAfter = childrenCpuSeconds();
      const cpuSeconds = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
      if (timedOut) return resolve({ engine, result: null, maxRssMib: null, cpuSeconds, failure: `stopped after ${TIMEOUT_S} s` });
      try {
        const parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { result: CheckResult; maxRssMib: number };
        resolve({ engine, result: parsed.result, maxRssMib: parsed.maxRssMib, cpuSeconds, failure: null });
      } catch {
        resolve({ engine, result: null, maxRssMib: null, cpuSeconds, failure: `child exited with code ${code} without a result` });
      }
    });
  });
}

/** childMain is the child side: run the engine, report progress on stderr and the result as JSON. */
async function childMain(engineName: string, spec: string, config: string): Promise<void> {
  const engines: Record<string, CheckEngine> = { embedded: embeddedEngine, tlc: tlcEngine };
  const engine = engines[engineName];
  if (!engine) throw new Error(`unknown engine ${engineName}`);
  const result = await engine.check({
    spec,
    config,
    workers: 1,
    onProgress: (p) => process.stderr.write(`  [${engineName}] ${formatProgress(p)}\n`),
  });
  const maxRssMib = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ result: { ...result, trace: [] }, maxRssMib })}\n`);
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

function row(m: CorpusModel, run: Run): string {
  const r = run.result;
  if (!r) return `| ${m.name} | ${run.engine} | - | - | - | - | - | - | - | - | ${run.failure} |`;
  const agrees = r.verdict === m.verdict && r.distinct === m.distinct && r.generated === m.generated ? 'yes' : `no (TLC recorded ${m.verdict}, ${int(m.distinct)} distinct, ${int(m.generated)} generated)`;
  const rss = run.engine === 'embedded' && run.maxRssMib !== null ? int(run.maxRssMib) : '-';
  const cpu = run.cpuSeconds !== null ? run.cpuSeconds.toFixed(1) : '-';
  const perCpu = run.cpuSeconds ? int(r.distinct / run.cpuSeconds) : '-';
  return `| ${m.name} | ${run.engine} | ${int(r.distinct)} | ${int(r.generated)} | ${r.seconds.toFixed(1)} | ${int(r.distinct / r.seconds)} | ${int(r.generated / r.seconds)} | ${cpu} | ${perCpu} | ${rss} | ${agrees} |`;
}

function ratioLine(m: CorpusModel, embedded: Run, tlc: Run | null): string | null {
  if (!tlc?.result || !embedded.result) return null;
  const e = embedded.result.distinct / embedded.result.seconds;
  const t = tlc.result.distinct / tlc.result.seconds;
  const cpu = embedded.cpuSeconds && tlc.cpuSeconds ? `, ${(tlc.cpuSeconds / embedded.cpuSeconds).toFixed(2)}× per CPU second` : '';
  return `- ${m.name}: the embedded checker runs at ${(e / t).toFixed(2)}× TLC's distinct states per second (wall clock)${cpu}`;
}

export async function run(): Promise<string> {
  const only = process.env.BENCH_CHECKER_MODELS?.split(',').map((s) => s.trim()).filter(Boolean);
  const models = loadCorpus().filter((m) => !m.ci && (!only || only.includes(m.name)));
  const withTlc = Boolean(process.env.TLA2TOOLS_JAR);
  const rows: string[] = [];
  const ratios: string[] = [];
  for (const m of models) {
    process.stderr.write(`checker-vs-tlc: ${m.name}\n`);
    const embedded = await runInChild('embedded', m);
    const tlc = withTlc ? await runInChild('tlc', m) : null;
    rows.push(row(m, embedded));
    if (tlc) rows.push(row(m, tlc));
    const ratio = ratioLine(m, embedded, tlc);
    if (ratio) ratios.push(ratio);
  }
  return [
    `One worker each; every run in its own child process, stopped after ${TIMEOUT_S} s. Seconds are each engine's own wall-clock timing (for TLC the whole run, JVM start included); CPU seconds are those of the whole child tree (for TLC the JVM with its GC threads). Memory is the peak RSS of the embedded checker's process.${withTlc ? '' : ' TLC was not run: TLA2TOOLS_JAR is not set.'}`,
    '',
    '| model | engine | distinct | generated | seconds | distinct/s | generated/s | CPU s | distinct/CPU s | peak MiB | counts as TLC recorded |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    ...(ratios.length > 0 ? ['', ...ratios] : []),
  ].join('\n');
}

export default { name, run };

const args = process.argv.slice(2);
if (process.argv[1] === SELF && args[0] === '--child') {
  childMain(args[1]!, args[2]!, args[3]!).then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
} else if (process.argv[1] === SELF) {
  run().then((table) => console.log(table));
}
