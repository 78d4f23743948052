/**
 * The real-world yardstick: the embedded checker against TLC on the public tlaplus/Examples
 * models that TLC checks exhaustively in at most 10 seconds (by the `runtime` its manifests
 * record). The Examples are not part of this project; point the script at a checkout:
 *
 *   node --import tsx bench/examples.ts /path/to/Examples [--filter SUBSTR] [--tlc-cache FILE]
 *        [--timeout SECONDS] [--out FILE] [--community JAR]
 *
 * TLC runs with TLA2TOOLS_JAR (plus the CommunityModules jar given by --community or
 * COMMUNITY_MODULES_JAR, on the class path as the Examples' CI does), one worker, through the
 * project's TLC runner interpretation. Its results are cached in --tlc-cache (default
 * bench/results/examples-tlc.json) keyed by model path and the Examples commit, so re-running
 * after a checker change costs only the embedded runs. A model TLC cannot run here (a missing
 * module such as TLAPS or Apalache) is compared with the counts the Examples manifest records,
 * and marked so.
 *
 * A model agrees when the verdict, the distinct and generated states and the depth are TLC's;
 * the embedded checker's liveness properties listed as skipped are reported beside.
 * --out (default bench/results/examples.md) gets the table; the summary goes to stdout.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interpretTlcOutput } from '../src/tla/runner/interpret.ts';
import { tlcArguments } from '../src/tla/runner/tlc.ts';
import type { CheckResult, Verdict } from '../src/tla/result.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface ExampleModel {
  module: string;
  model: string;
  manifest: { result: string; distinctStates?: number; totalStates?: number; stateDepth?: number; runtime: string };
}

interface Outcome {
  verdict: Verdict | 'timeout' | 'crash';
  distinct: number;
  generated: number;
  depth: number;
  message?: string;
  skipped?: string[];
  seconds: number;
}

function arg(name: string, fallback: string | undefined): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** models lists the exhaustive-search models whose recorded TLC runtime is at most 10 s. */
export function models(examples: string): ExampleModel[] {
  const out: ExampleModel[] = [];
  const specs = join(examples, 'specifications');
  for (const dir of readdirSync(specs).sort()) {
    const file = join(specs, dir, 'manifest.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
      modules: { path: string; models: (ExampleModel['manifest'] & { path: string; mode: unknown })[] }[];
    };
    for (const mod of manifest.modules) {
      for (const m of mod.models) {
        if (m.mode !== 'exhaustive search') continue;
        const t = /^(\d+):(\d+):(\d+)$/.exec(m.runtime);
        if (!t || Number(t[1]) * 3600 + Number(t[2]) * 60 + Number(t[3]) > 10) continue;
        out.push({ module: mod.path, model: m.path, manifest: m });
      }
    }
  }
  return out;
}

function run(cmd: string, args: string[], cwd: string, timeoutS: number): Promise<{ out: string; err: string; code: number | null; timedOut: boolean; seconds: number }> {
  return new Promise((done) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    let timedOut = false;
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-p.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutS * 1000);
    p.on('close', (code) => {
      clearTimeout(timer);
      done({ out, err, code, timedOut, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

async function runTlcOn(examples: string, m: ExampleModel, cp: string, timeoutS: number): Promise<Outcome> {
  const spec = join(examples, m.module);
  const metadir = mkdtempSync(join(tmpdir(), 'examples-tlc-'));
  try {
    const args = tlcArguments({ java: 'java', jar: cp }, { spec, config: join(examples, m.model), workers: 1 }, metadir);
    const r = await run('java', args, dirname(spec), timeoutS);
    if (r.timedOut) return { verdict: 'timeout', distinct: 0, generated: 0, depth: 0, seconds: r.seconds };
    const res = interpretTlcOutput({ output: r.out, exitCode: r.code ?? 1, spec: basename(spec), seconds: r.seconds, stderr: r.err });
    return outcome(res, r.seconds);
  } finally {
    rmSync(metadir, { recursive: true, force: true });
  }
}

function outcome(r: CheckResult, seconds: number): Outcome {
  return {
    verdict: r.verdict,
    distinct: r.distinct,
    generated: r.generated,
    depth: r.depth,
    ...(r.message ? { message: r.message.split('\n')[0].slice(0, 200) } : {}),
    ...(r.skipped && r.skipped.length > 0 ? { skipped: r.skipped } : {}),
    seconds,
  };
}

async function runEmbeddedOn(examples: string, m: ExampleModel, timeoutS: number): Promise<Outcome> {
  const spec = join(examples, m.module);
  const r = await run(process.execPath, [join(ROOT, 'bin', 'wormspace.js'), 'check', spec, '--config', join(examples, m.model), '--engine', 'embedded', '--json'], dirname(spec), timeoutS);
  if (r.timedOut) return { verdict: 'timeout', distinct: 0, generated: 0, depth: 0, seconds: r.seconds };
  try {
    return outcome(JSON.parse(r.out.trim().split('\n').pop() ?? '') as CheckResult, r.seconds);
  } catch {
    return { verdict: 'crash', distinct: 0, generated: 0, depth: 0, message: (r.err || r.out).trim().split('\n').slice(-1)[0]?.slice(0, 200), seconds: r.seconds };
  }
}

/** A manifest's result word as a verdict. */
const MANIFEST_VERDICT: Record<string, Verdict> = {
  success: 'ok', 'safety failure': 'invariant', 'liveness failure': 'property', 'deadlock failure': 'deadlock', 'assumption failure': 'assume',
};

function same(t: Outcome, e: Outcome): boolean {
  if (t.verdict !== e.verdict) return false;
  if (t.verdict === 'parse-error' || t.verdict === 'error') return true;
  return t.distinct === e.distinct && t.generated === e.generated && t.depth === e.depth;
}

async function main(): Promise<void> {
  const examples = process.argv[2];
  if (!examples || !existsSync(join(examples, 'specifications'))) {
    console.error('usage: node --import tsx bench/examples.ts /path/to/tlaplus/Examples [--filter SUBSTR] [--tlc-cache FILE] [--timeout S] [--out FILE] [--community JAR]');
    process.exitCode = 2;
    return;
  }
  const filter = arg('--filter', '');
  const timeoutS = Number(arg('--timeout', '120'));
  const cacheFile = arg('--tlc-cache', join(ROOT, 'bench', 'results', 'examples-tlc.json'))!;
  const outFile = arg('--out', join(ROOT, 'bench', 'results', 'examples.md'))!;
  const jar = process.env.TLA2TOOLS_JAR;
  const community = arg('--community', process.env.COMMUNITY_MODULES_JAR);
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['-C', examples, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout: the cache is keyed by path only
  }
  const cache: { commit: string; tlc: string; results: Record<string, Outcome> } = existsSync(cacheFile)
    ? JSON.parse(readFileSync(cacheFile, 'utf8'))
    : { commit, tlc: '', results: {} };
  if (cache.commit !== commit) {
    console.error(`note: ${cacheFile} was recorded on Examples ${cache.commit}, this checkout is ${commit}; TLC is re-run`);
    cache.commit = commit;
    cache.results = {};
  }
  const list = models(examples).filter((m) => m.model.includes(filter ?? ''));
  const rows: string[] = [];
  let agree = 0;
  let agreeFull = 0;
  let compared = 0;
  const tally = new Map<string, number>();
  for (const m of list) {
    let t = cache.results[m.model];
    let source = 'TLC';
    if (!t && jar) {
      const cp = [jar, community].filter((x): x is string => !!x).join(':');
      t = await runTlcOn(examples, m, cp, timeoutS);
      cache.results[m.model] = t;
      if (!cache.tlc) cache.tlc = execFileSync('java', ['-cp', jar, 'tlc2.TLC', '-h'], { encoding: 'utf8' }).split('\n').find((l) => l.startsWith('TLC2')) ?? '';
      writeFileSync(cacheFile, JSON.stringify(cache, null, 1) + '\n');
    }
    if (!t || t.verdict === 'parse-error' || t.verdict === 'timeout' || t.verdict === 'crash' || (t.verdict === 'error' && m.manifest.result !== 'error')) {
      // TLC could not run it here (no jar, or a module of the Examples' CI we lack): the manifest's numbers.
      if (m.manifest.distinctStates === undefined) {
        rows.push(`| ${m.model.replace('specifications/', '')} | no TLC result here (${t?.message ?? t?.verdict ?? 'no jar'}) | | |`);
        tally.set('no TLC', (tally.get('no TLC') ?? 0) + 1);
        continue;
      }
      t = { verdict: MANIFEST_VERDICT[m.manifest.result] ?? 'error', distinct: m.manifest.distinctStates, generated: m.manifest.totalStates ?? 0, depth: m.manifest.stateDepth ?? 0, seconds: 0 };
      source = 'manifest';
    }
    const e = await runEmbeddedOn(examples, m, timeoutS);
    compared++;
    const ok = same(t, e);
    let kind: string;
    if (ok) {
      agree++;
      if (!e.skipped) agreeFull++;
      kind = e.skipped ? 'agree (liveness skipped)' : 'agree';
    } else if (e.verdict === 'parse-error' || e.verdict === 'error' || e.verdict === 'crash' || e.verdict === 'timeout') kind = `embedded ${e.verdict}`;
    else kind = 'different counts or verdict';
    tally.set(kind, (tally.get(kind) ?? 0) + 1);
    const fmt = (o: Outcome) => `${o.verdict} ${o.distinct}/${o.generated}/${o.depth}${o.skipped ? ` skipped ${o.skipped.join(',')}` : ''}`;
    rows.push(`| ${m.model.replace('specifications/', '')} | ${kind} | ${source} ${fmt(t)} | ${fmt(e)}${!ok && e.message ? `: ${e.message.replace(/\|/g, '\\|')}` : ''} |`);
    console.error(`${kind.padEnd(28)} ${m.model}`);
  }
  const summary = `${agree} of ${compared} compared models agree exactly (verdict, distinct, generated, depth); ${agreeFull} of them with nothing skipped. ${[...tally].map(([k, n]) => `${k}: ${n}`).join('; ')}.`;
  const md = [
    '# The embedded checker against TLC on tlaplus/Examples',
    '',
    `Examples commit ${commit}; models in exhaustive-search mode whose manifest runtime is at most 10 s (${list.length}); TLC: ${cache.tlc || 'none'}, one worker. Columns: verdict distinct/generated/depth.`,
    '',
    summary,
    '',
    '| model | result | TLC | embedded |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(outFile, md);
  console.log(summary);
}

await main();
