/**
 * `wormspace verify` (`npm run verify`), the project's main job: layer by layer (global, wor,
 * wos, each application) model-check the layer's models from tla/models.json, validate its
 * traces (WORPaxos traces of seeded simulations; each application's simulations), measure the
 * action coverage of those traces against the spec–code linkage tables, show the mutation score
 * when a mutation run left one, and check the linkage itself. Lines are printed as each item
 * finishes; a per-layer summary ends the run. It fails if a model's verdict or state counts
 * differ from the manifest, a trace is rejected, an event that must be exercised never is, or
 * the linkage has a gap. `--html FILE` writes the same report as a page.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { fileError, UserError } from '../errors.ts';
import { positiveInt } from '../options.ts';
import { parseEngineChoice, pickEngine } from '../../tla/engines.ts';
import { renderHtml } from '../../verify/html.ts';
import { failureLines, reportOk, summaryTable, type VerifyReport } from '../../verify/report.ts';
import { runVerify } from '../../verify/run.ts';
import { knownLayers } from '../../verify/layers.ts';
import { MODELS_MANIFEST, PROJECT_ROOT } from '../../verify/paths.ts';
import { checkAllLinkage, linkageText } from '../../trace/linkage.ts';
import { LINKAGE_TABLES } from '../../trace/linkage-tables/index.ts';
import { descriptorNames, descriptorOf } from '../../trace/registry.ts';

interface VerifyFlags {
  engine: string;
  all?: boolean;
  filter?: string;
  manifest: string;
  workers: number;
  json?: boolean;
  html?: string;
  layer?: string;
  traceSeeds?: number;
  appSeeds?: number;
  mutation?: string;
  linkage?: boolean;
}

/** reportJson: the report as one JSON object (diagram events left out: the HTML page draws them). */
export function reportJson(r: VerifyReport): string {
  return JSON.stringify({
    engine: r.engine,
    ok: reportOk(r),
    seconds: Math.round(r.seconds),
    failures: failureLines(r),
    notes: r.notes,
    layers: r.layers.map((l) => ({
      layer: l.layer,
      models: l.models.map((o) => ({ ...o.entry, result: o.result && { ...o.result, trace: undefined }, problems: o.problems })),
      traces: l.traces.map(({ diagram, ...t }) => ({ ...t, unmatched: diagram ? diagram.unmatched : undefined })),
      coverage: l.coverage,
      mutation: l.mutation,
      linkage: l.linkage,
    })),
  });
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('per layer (global, wor, wos, each application): model-check its models of tla/models.json against their recorded verdicts and state counts, validate its traces (WORPaxos traces of seeded faulty simulations; each application simulation), check the traces\' action coverage and the spec-code linkage, and show the mutation score where one was measured')
    .option('--engine <engine>', 'embedded | tlc | auto', 'auto')
    .option('--all', 'also run the large models marked "ci": false')
    .option('--filter <text>', 'only models whose spec or config path contains TEXT')
    .option('--manifest <path>', 'the manifest to run', MODELS_MANIFEST)
    .option('--workers <n>', 'worker threads per model', positiveInt('--workers'), 1)
    .option('--layer <names>', `only these layers, comma-separated (${knownLayers().join(', ')})`)
    .option('--trace-seeds <n>', 'WORPaxos trace seeds (default 12); the WORAcceptor, WOS and WOSImpl traces take the first N of theirs, the trimmed-segment and careless-client traces the first N-1', positiveInt('--trace-seeds'))
    .option('--app-seeds <n>', 'seeds per application simulation (default 8)', positiveInt('--app-seeds'))
    .option('--mutation <file>', "Stryker's JSON report (default bench/results/mutation/mutation.json; a missing file is skipped)")
    .option('--html <file>', 'also write the report as a self-contained HTML page, with a sequence diagram of each rejected trace')
    .option('--linkage', 'only check the spec-code linkage and print its tables (event -> spec actions -> function)')
    .option('--json', 'print one JSON object with every outcome')
    .action(async (flags: VerifyFlags) => {
      if (flags.linkage) {
        const reports = checkAllLinkage(LINKAGE_TABLES, descriptorNames(), descriptorOf, PROJECT_ROOT);
        if (flags.json) process.stdout.write(`${JSON.stringify({ ok: reports.every((r) => r.gaps.length === 0), linkage: reports })}\n`);
        else {
          for (const r of reports) {
            const table = LINKAGE_TABLES.find((t) => t.descriptor === r.descriptor);
            process.stdout.write(`${(table ? linkageText(table, r) : r.gaps.map((g) => `GAP: ${g}`)).join('\n')}\n`);
          }
        }
        if (reports.some((r) => r.gaps.length > 0)) process.exitCode = 1;
        return;
      }
      const engine = pickEngine(parseEngineChoice(flags.engine));
      const layers = flags.layer?.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = layers?.filter((l) => !knownLayers().includes(l) && l !== 'linkage') ?? [];
      if (layers && (layers.length === 0 || unknown.length > 0)) throw new UserError(`no layer matched --layer ${unknown.join(',') || flags.layer}; layers: ${knownLayers().join(', ')}`);
      const out = (s: string) => process.stdout.write(`${s}\n`);
      if (!flags.json) process.stderr.write(`Verifying with the ${engine.name} engine (${flags.manifest})\n`);
      const report = await runVerify({
        engine,
        manifest: flags.manifest,
        includeNonCi: flags.all === true,
        filter: flags.filter,
        workers: flags.workers,
        layers,
        traceSeeds: flags.traceSeeds,
        appSeeds: flags.appSeeds,
        mutationFile: flags.mutation,
        onLine: flags.json ? undefined : out,
        onStart: flags.json ? undefined : (what) => process.stderr.write(`... ${what}\n`),
      });
      if (report.layers.length === 0) throw new UserError(`no layer matched --layer ${flags.layer ?? ''}; layers: ${knownLayers().join(', ')}`);
      if (report.layers.every((l) => l.models.length === 0 && l.traces.length === 0 && l.linkage.length === 0)) throw new UserError('nothing to verify: no model matched; check --filter, --layer and the manifest');
      if (flags.html) {
        try {
          writeFileSync(flags.html, renderHtml(report));
        } catch (err) {
          throw fileError(flags.html, err, 'write the report');
        }
      }
      if (flags.json) out(reportJson(report));
      else {
        out('');
        out(summaryTable(report));
        out('');
        for (const n of report.notes) out(`note: ${n}`);
        const fails = failureLines(report);
        const models = report.layers.flatMap((l) => l.models);
        out(`${models.filter((m) => m.problems.length === 0).length} of ${models.length} models as expected (${engine.name} engine); ${fails.length ? `FAIL: ${fails.join('; ')}` : 'every layer ok'} (${report.seconds.toFixed(0)} s).`);
        if (flags.html) out(`report written to ${flags.html}`);
      }
      if (!reportOk(report)) process.exitCode = 1;
    });
}
