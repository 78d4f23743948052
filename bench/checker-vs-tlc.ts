/**
 * The checker benchmark: the embedded checker and TLC (when TLA2TOOLS_JAR is set) side by side,
 * one worker each, on every model of tla/models.json and on the large corpus models (the
 * `ci: false` entries of test/corpus/expected.json): verdict, distinct and generated states,
 * depth, seconds, states per second, CPU seconds and peak memory, and whether each engine gives
 * the recorded result. Every disagreement (between the engines, or with the record) is listed
 * under the table.
 *
 * Each engine runs in a child process of its own (for TLC, a process group that includes the
 * JVM), killed after BENCH_CHECKER_TIMEOUT_S seconds (default 600), so that a slow or stuck
 * run cannot hold the benchmark. The child runs under /usr/bin/time where it exists, whose peak
 * RSS is that of the largest process of the tree (the JVM for TLC, node for the embedded
 * checker); without it the embedded checker reports its own maxRSS and TLC's memory is not
 * measured. Besides each engine's own wall-clock seconds, the CPU seconds of the whole child
 * tree (node, and TLC's JVM with its GC threads) are read from /proc, since the machine is
 * shared and wall clock moves with the load.
 *
 * BENCH_CHECKER_SET=models|corpus|all (default all) picks the model lists; BENCH_CHECKER_SET=corpus-ci
 * runs the corpus's `ci: true` models instead (runCorpusCi: small models, both engines in this
 * process, one row per model) and writes bench/results/checker-vs-tlc-corpus.md;
 * BENCH_CHECKER_MODELS=TwoPhase/Big6,wor/MCWORPaxos_Big,... picks models by name (a models.json
 * model is named by its config path without `.cfg`) and runs them in that order. BENCH_CHECKER_PARTIAL=FILE rewrites FILE
 * with the table so far after every model, so that a run stopped early (a loaded machine)
 * still leaves the models it finished.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkModelInterruptible, embeddedEngine } from '../src/checker/index.ts';
import { tlcEngine } from '../src/tla/runner/index.ts';
import { formatProgress, type CheckEngine } from '../src/tla/engine.ts';
import { loadManifest } from '../src/tla/manifest.ts';
import type { CheckResult, Verdict } from '../src/tla/result.ts';
import { MODELS_MANIFEST } from '../src/verify/paths.ts';
import { configPath, loadCorpus, specPath } from '../test/corpus/corpus.ts';

const SET = process.env.BENCH_CHECKER_SET ?? 'all';
/** The results file follows the set: the ci corpus models have a table of their own. */
export const name = SET === 'corpus-ci' ? 'checker-vs-tlc-corpus' : 'checker-vs-tlc';

const SELF = fileURLToPath(import.meta.url);
const TIMEOUT_S = Number(process.env.BENCH_CHECKER_TIMEOUT_S ?? 600);
const TIME = '/usr/bin/time';

type EngineName = 'embedded' | 'tlc';

/** The result a model is recorded with: TLC's, in tla/models.json or test/corpus/expected.json. */
interface Recorded {
  verdict: Verdict;
  violated: string | null;
  distinct: number;
  generated: number;
  depth: number;
}

/** One model of the benchmark, from either list. */
export interface BenchModel {
  /** `wor/MCWORPaxos_Big` (models.json: the config path without `.cfg`) or `TwoPhase/Big6` (corpus). */
  name: string;
  source: 'models.json' | 'corpus';
  spec: string;
  config: string;
  recorded: Recorded;
}

/** benchModels lists the models of tla/models.json and the corpus's ci: false models. */
export function benchModels(set: string = SET): BenchModel[] {
  if (!['all', 'models', 'corpus', 'corpus-ci'].includes(set)) throw new Error(`BENCH_CHECKER_SET must be all, models, corpus or corpus-ci, not ${set}`);
  const out: BenchModel[] = [];
  if (set === 'corpus-ci') {
    return loadCorpus()
      .filter((c) => c.ci)
      .map((m) => ({ name: m.name, source: 'corpus' as const, spec: specPath(m), config: configPath(m), recorded: m }));
  }
  if (set !== 'corpus') {
    const { root, models } = loadManifest(MODELS_MANIFEST);
    for (const m of models) {
      out.push({
        name: m.config.replace(/\.cfg$/, ''),
        source: 'models.json',
        spec: join(root, m.spec),
        config: join(root, m.config),
        recorded: { verdict: m.expect, violated: m.violated ?? null, distinct: m.distinct, generated: m.generated, depth: m.depth ?? -1 },
      });
    }
  }
  if (set !== 'models') {
    for (const m of loadCorpus().filter((c) => !c.ci)) {
      out.push({ name: m.name, source: 'corpus', spec: specPath(m), config: configPath(m), recorded: m });
    }
  }
  return out;
}

interface Run {
  engine: EngineName;
  result: CheckResult | null;
  /** Peak resident memory in MiB of the largest process of the child's tree (null: not measured). */
  peakMib: number | null;
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

/** readTimeFile reads the `%M` (peak RSS in KiB) that /usr/bin/time wrote, in MiB. */
function readPeakMib(file: string): number | null {
  try {
    const kib = Number(/(\d+)\s*$/.exec(readFileSync(file, 'utf8').trim())?.[1]);
    return Number.isFinite(kib) && kib > 0 ? kib / 1024 : null;
  } catch {
    return null;
  }
}

/** runInChild runs one engine on one model in a child process group, bounded in time. */
function runInChild(engine: EngineName, m: BenchModel): Promise<Run> {
  const cpuBefore = childrenCpuSeconds();
  const timed = existsSync(TIME);
  const tmp = mkdtempSync(join(tmpdir(), 'bench-checker-'));
  const timeFile = join(tmp, 'time');
  const node = [process.execPath, '--import', 'tsx', SELF, '--child', engine, m.spec, m.config];
  const [command, ...args] = timed ? [TIME, '-o', timeFile, '-f', '%M', ...node] : node;
  return new Promise((resolve) => {
    const child = spawn(command!, args, {
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
      const timePeak = timed ? readPeakMib(timeFile) : null;
      rmSync(tmp, { recursive: true, force: true });
      if (timedOut) return resolve({ engine, result: null, peakMib: null, cpuSeconds, failure: `stopped after ${TIMEOUT_S} s` });
      try {
        const parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { result: CheckResult; maxRssMib: number };
        // Without /usr/bin/time only the node child's own peak is known: right for the embedded
        // checker, meaningless for TLC (the JVM is apart).
        const peakMib = timePeak ?? (engine === 'embedded' ? parsed.maxRssMib : null);
        resolve({ engine, result: parsed.result, peakMib, cpuSeconds, failure: null });
      } catch {
        resolve({ engine, result: null, peakMib: null, cpuSeconds, failure: `child exited with code ${code} without a result` });
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

function fail(message: string): never {
  throw new Error(message);
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** differences lists how a result differs from another outcome (the record, or the other engine). */
export function differences(expected: Recorded, r: CheckResult): string[] {
  const out: string[] = [];
  if (r.verdict !== expected.verdict) out.push(`verdict ${r.verdict} vs ${expected.verdict}${r.message ? ` (${r.message})` : ''}`);
  if ((r.violated ?? null) !== (expected.violated ?? null)) out.push(`violated ${r.violated} vs ${expected.violated}`);
  if (r.distinct !== expected.distinct) out.push(`distinct ${int(r.distinct)} vs ${int(expected.distinct)}`);
  if (r.generated !== expected.generated) out.push(`generated ${int(r.generated)} vs ${int(expected.generated)}`);
  if (expected.depth >= 0 && r.depth !== expected.depth) out.push(`depth ${r.depth} vs ${expected.depth}`);
  if (r.skipped && r.skipped.length > 0) out.push(`not checked: ${r.skipped.join(', ')}`);
  return out;
}

function row(m: BenchModel, run: Run): string {
  const r = run.result;
  if (!r) return `| ${m.name} | ${run.engine} | - | - | - | - | - | - | - | - | - | ${run.failure} |`;
  const diff = differences(m.recorded, r);
  const agrees = diff.length === 0 ? 'yes' : `no: ${diff.join('; ')}`;
  const peak = run.peakMib !== null ? int(run.peakMib) : '-';
  const cpu = run.cpuSeconds !== null ? run.cpuSeconds.toFixed(1) : '-';
  const perCpu = run.cpuSeconds ? int(r.distinct / run.cpuSeconds) : '-';
  const verdict = r.violated ? `${r.verdict} (${r.violated})` : r.verdict;
  const perSecond = r.seconds > 0 ? int(r.distinct / r.seconds) : '-';
  return `| ${m.name} | ${run.engine} | ${verdict} | ${int(r.distinct)} | ${int(r.generated)} | ${r.depth} | ${r.seconds.toFixed(1)} | ${perSecond} | ${cpu} | ${perCpu} | ${peak} | ${agrees} |`;
}

/** Ratio of the embedded checker's distinct states per second to TLC's, wall clock and CPU. */
function ratio(embedded: Run, tlc: Run): { wall: number; cpu: number | null } | null {
  if (!tlc.result || !embedded.result || embedded.result.seconds <= 0 || tlc.result.seconds <= 0) return null;
  const wall = embedded.result.distinct / embedded.result.seconds / (tlc.result.distinct / tlc.result.seconds);
  const cpu = embedded.cpuSeconds && tlc.cpuSeconds ? tlc.cpuSeconds / embedded.cpuSeconds : null;
  return { wall, cpu };
}

/**
 * runCorpusCi runs the corpus's `ci: true` models (small: most take milliseconds) on both
 * engines. A child process per run would measure node's and the JVM's start, so the embedded
 * checker runs in this process (CPU from process.cpuUsage) and TLC through its runner (CPU of
 * the JVM from /proc, JVM start included: it is part of what TLC costs on a small model). One row
 * per model: the counts when both engines agree with each other and with the record, else the
 * differences.
 */
async function runCorpusCi(models: BenchModel[], withTlc: boolean): Promise<string> {
  const rows: string[] = [];
  const disagreements: string[] = [];
  let embeddedCpu = 0;
  let tlcCpu: number | null = withTlc ? 0 : null;
  let agreeing = 0;
  const quiet = () => {};
  for (const m of models) {
    process.stderr.write(`checker-vs-tlc (corpus-ci): ${m.name}\n`);
    const options = { spec: m.spec, config: m.config, workers: 1, timeoutSeconds: TIMEOUT_S, onOutput: quiet };
    const cpu0 = process.cpuUsage();
    const embedded = await checkModelInterruptible(options);
    const cpu = process.cpuUsage(cpu0);
    const eCpu = (cpu.user + cpu.system) / 1e6;
    embeddedCpu += eCpu;
    let tlc: CheckResult | null = null;
    let tCpu: number | null = null;
    if (withTlc) {
      const before = childrenCpuSeconds();
      tlc = await tlcEngine.check(options);
      const after = childrenCpuSeconds();
      tCpu = before !== null && after !== null ? after - before : null;
      if (tlcCpu !== null && tCpu !== null) tlcCpu += tCpu;
    }
    const diffs = [
      ...differences(m.recorded, embedded).map((d) => `embedded against the record: ${d}`),
      ...(tlc ? differences(m.recorded, tlc).map((d) => `TLC against the record: ${d}`) : []),
      ...(tlc ? differences(tlc, embedded).map((d) => `embedded against TLC: ${d}`) : []),
      ...(embedded.stopped ? [`embedded stopped (${embedded.stopped})`] : []),
      ...(tlc?.stopped ? [`TLC stopped (${tlc.stopped})`] : []),
    ];
    if (diffs.length === 0) agreeing++;
    else disagreements.push(`- ${m.name}: ${diffs.join('; ')}`);
    const verdict = embedded.violated ? `${embedded.verdict} (${embedded.violated})` : embedded.verdict;
    rows.push(
      `| ${m.name} | ${verdict} | ${int(embedded.distinct)} | ${int(embedded.generated)} | ${embedded.depth} | ${eCpu.toFixed(3)} | ${tCpu !== null ? tCpu.toFixed(2) : '-'} | ${tlc ? tlc.seconds.toFixed(2) : '-'} | ${diffs.length === 0 ? (tlc ? 'yes' : 'yes (record only)') : 'no'} |`,
    );
  }
  const peak = process.resourceUsage().maxRSS / 1024;
  return [
    `The ${models.length} \`ci: true\` models of test/corpus, one worker each, the embedded checker in the benchmark's own process (CPU seconds from process.cpuUsage, model loading included) and TLC through its runner (CPU seconds of the JVM, its start included). "same" means both engines gave the recorded verdict, violated name, distinct and generated counts and depth (the verdict and counts shown are the embedded checker's).${withTlc ? '' : ' TLC was not run: TLA2TOOLS_JAR is not set.'}`,
    '',
    `- models: ${models.length}; the same on both engines and as recorded: ${agreeing}`,
    `- CPU seconds in all: embedded ${embeddedCpu.toFixed(1)}${tlcCpu !== null ? `, TLC ${tlcCpu.toFixed(1)}` : ''}`,
    `- peak RSS of the benchmark process (the embedded checker, all models one after the other): ${int(peak)} MiB`,
    '',
    '| model | verdict | distinct | generated | depth | embedded CPU s | TLC CPU s | TLC s | same |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    '### Disagreements',
    '',
    ...(disagreements.length > 0 ? disagreements : ['None: both engines gave the recorded verdict, violated name, distinct and generated counts and depth on every model.']),
  ].join('\n');
}

export async function run(): Promise<string> {
  if (SET === 'corpus-ci') {
    const only = process.env.BENCH_CHECKER_MODELS?.split(',').map((s) => s.trim()).filter(Boolean);
    const all = benchModels();
    const models = only ? only.map((n) => all.find((m) => m.name === n) ?? fail(`BENCH_CHECKER_MODELS: no model ${n}`)) : all;
    return runCorpusCi(models, Boolean(process.env.TLA2TOOLS_JAR));
  }
  const only = process.env.BENCH_CHECKER_MODELS?.split(',').map((s) => s.trim()).filter(Boolean);
  // With BENCH_CHECKER_MODELS, in the order given (e.g. smallest first, so that a run cut short by
  // a deadline still has the most models).
  const all = benchModels();
  const models = only ? only.map((n) => all.find((m) => m.name === n) ?? fail(`BENCH_CHECKER_MODELS: no model ${n}`)) : all;
  const withTlc = Boolean(process.env.TLA2TOOLS_JAR);
  const rows: string[] = [];
  const disagreements: string[] = [];
  const ratios: string[] = [];
  let current = '';
  for (const m of models) {
    process.stderr.write(`checker-vs-tlc: ${m.name}\n`);
    if (m.source !== current) {
      current = m.source;
      rows.push(`| **${m.source === 'corpus' ? 'test/corpus (ci: false)' : 'tla/models.json'}** | | | | | | | | | | | |`);
    }
    const embedded = await runInChild('embedded', m);
    const tlc = withTlc ? await runInChild('tlc', m) : null;
    rows.push(row(m, embedded));
    if (tlc) rows.push(row(m, tlc));
    for (const run of tlc ? [embedded, tlc] : [embedded]) {
      if (!run.result) disagreements.push(`- ${m.name}, ${run.engine}: ${run.failure}`);
      else {
        const diff = differences(m.recorded, run.result);
        if (diff.length > 0) disagreements.push(`- ${m.name}, ${run.engine} against the record: ${diff.join('; ')}`);
      }
    }
    if (tlc?.result && embedded.result) {
      const diff = differences({ ...tlc.result, violated: tlc.result.violated }, embedded.result);
      if (diff.length > 0) disagreements.push(`- ${m.name}, embedded against TLC: ${diff.join('; ')}`);
      const q = ratio(embedded, tlc);
      // Only models that run long enough for a rate to mean something (JVM start is ~1 s).
      if (q && tlc.result.distinct >= 20_000) {
        ratios.push(`- ${m.name}: ${q.wall.toFixed(2)}× TLC's distinct states per second (wall clock)${q.cpu !== null ? `, ${q.cpu.toFixed(2)}× per CPU second` : ''}`);
      }
    }
    if (process.env.BENCH_CHECKER_PARTIAL) {
      const done = `Partial: ${models.indexOf(m) + 1} of ${models.length} models, written ${new Date().toISOString()}.`;
      writeFileSync(process.env.BENCH_CHECKER_PARTIAL, `${done}\n\n${report(rows, disagreements, ratios, withTlc)}\n`);
    }
  }
  return report(rows, disagreements, ratios, withTlc);
}

function report(rows: string[], disagreements: string[], ratios: string[], withTlc: boolean): string {
  return [
    `One worker each; every run in its own child process, stopped after ${TIMEOUT_S} s. Seconds are each engine's own wall-clock timing (for TLC the whole run, JVM start included, so small models measure the JVM); CPU seconds are those of the whole child tree (for TLC the JVM with its GC threads). Peak MiB is the peak RSS of the largest process of the run (the JVM for TLC, the node process for the embedded checker), from /usr/bin/time. "as recorded" compares verdict, violated name, distinct, generated and depth with tla/models.json or test/corpus/expected.json.${withTlc ? '' : ' TLC was not run: TLA2TOOLS_JAR is not set.'}`,
    '',
    '| model | engine | verdict | distinct | generated | depth | seconds | distinct/s | CPU s | distinct/CPU s | peak MiB | as recorded |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    '### Disagreements',
    '',
    ...(disagreements.length > 0 ? disagreements : ['None: both engines gave the recorded verdict, violated name, distinct and generated counts and depth on every model.']),
    ...(ratios.length > 0 ? ['', '### Speed (models with at least 20,000 distinct states)', '', ...ratios] : []),
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
