/**
 * `wormspace verify` (`npm run verify`), the project's main job: model-check every layer's
 * models from tla/models.json and print a per-layer table. It fails if any model's verdict or
 * state counts differ from the manifest.
 */
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { positiveInt } from '../options.ts';
import { parseEngineChoice, pickEngine } from '../../tla/engines.ts';
import { MODELS_MANIFEST } from '../../verify/paths.ts';
import { runModels, type ModelOutcome } from '../../verify/models.ts';
import { appsOk, appsSummary, appsTable, runApps } from '../../verify/apps.ts';
import { renderTable } from '../../verify/table.ts';
import { coverage, runTraces, tracesOk, tracesTable } from '../../verify/traces.ts';

interface VerifyFlags {
  engine: string;
  all?: boolean;
  filter?: string;
  manifest: string;
  workers: number;
  json?: boolean;
}

/** layerSummary counts, per layer in manifest order, the models that behaved as recorded. */
export function layerSummary(outcomes: ModelOutcome[]): string[][] {
  const layers = new Map<string, { ok: number; total: number; states: number; seconds: number }>();
  for (const o of outcomes) {
    const name = o.entry.layer ?? '-';
    const l = layers.get(name) ?? { ok: 0, total: 0, states: 0, seconds: 0 };
    l.total++;
    if (o.problems.length === 0) l.ok++;
    l.states += o.result?.distinct ?? 0;
    l.seconds += o.result?.seconds ?? 0;
    layers.set(name, l);
  }
  return [...layers].map(([name, l]) => [name, `${l.ok}/${l.total}`, String(l.states), l.seconds.toFixed(1)]);
}

function row(o: ModelOutcome): string[] {
  const r = o.result;
  return [
    o.entry.layer ?? '',
    o.entry.config,
    o.entry.expect,
    r ? r.verdict : 'error',
    r ? String(r.distinct) : '',
    r ? String(r.generated) : '',
    r ? r.seconds.toFixed(1) : '',
    o.problems.length > 0
      ? `MISMATCH: ${o.problems.join('; ')}`
      : r?.skipped?.length
        ? `ok, but not checked by this engine: ${r.skipped.join(', ')} (TLC checks it)`
        : 'ok',
  ];
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('model-check every model in tla/models.json against its recorded verdict and state counts, then check the traces of seeded faulty simulations against WORPaxos, then run every application simulation on seeded faults')
    .option('--engine <engine>', 'embedded | tlc | auto', 'auto')
    .option('--all', 'also run the large models marked "ci": false')
    .option('--filter <text>', 'only models whose spec or config path contains TEXT')
    .option('--manifest <path>', 'the manifest to run', MODELS_MANIFEST)
    .option('--workers <n>', 'worker threads per model', positiveInt('--workers'), 1)
    .option('--json', 'print one JSON object with every outcome')
    .action(async (flags: VerifyFlags) => {
      const engine = pickEngine(parseEngineChoice(flags.engine));
      if (!flags.json) process.stderr.write(`Model checking with the ${engine.name} engine (${flags.manifest})\n`);
      const outcomes = await runModels({
        manifest: flags.manifest,
        engine,
        includeNonCi: flags.all === true,
        filter: flags.filter,
        workers: flags.workers,
        onStart: flags.json ? undefined : (e, i, n) => process.stderr.write(`[${i + 1}/${n}] ${e.config} ...\n`),
      });
      if (outcomes.length === 0) throw new UserError('no model matched; check --filter and the manifest');
      const failed = outcomes.filter((o) => o.problems.length > 0);
      // The traces phase: seeded simulations whose traces must satisfy WORPaxos.
      const traces = await runTraces(engine, undefined, flags.json ? undefined : (seed) => process.stderr.write(`[trace] seed ${seed} ...\n`));
      // The apps phase: each application's simulation, its invariants and its trace against its spec.
      const apps = await runApps(undefined, flags.json ? undefined : (app, seed) => process.stderr.write(`[apps] ${app} seed ${seed} ...\n`));
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ engine: engine.name, ok: failed.length === 0 && tracesOk(traces) && appsOk(apps), models: outcomes.map((o) => ({ ...o.entry, result: o.result && { ...o.result, trace: undefined }, problems: o.problems })), traces, apps })}\n`,
        );
      } else {
        const header = ['layer', 'model', 'expect', 'verdict', 'distinct', 'generated', 'seconds', 'status'];
        process.stdout.write(`${renderTable(header, outcomes.map(row))}\n\n`);
        process.stdout.write(`${renderTable(['layer', 'as expected', 'distinct states', 'seconds'], layerSummary(outcomes))}\n\n`);
        process.stdout.write(`${outcomes.length - failed.length} of ${outcomes.length} models as expected (${engine.name} engine).\n`);
        process.stdout.write(`\n${tracesTable(traces)}\n\n${traces.filter((t) => t.verdict === 'accepted').length} of ${traces.length} traces accepted by WORPaxos.\n${coverage(traces)}\n`);
        if (apps.length > 0) process.stdout.write(`\n${appsTable(apps)}\n\n${appsSummary(apps)}\n`);
      }
      if (failed.length > 0 || !tracesOk(traces) || !appsOk(apps)) process.exitCode = 1;
    });
}
