/**
 * runVerify runs `npm run verify` layer by layer (global, wor, wos, each application): the
 * layer's models, then its traces (WORPaxos traces for wor; each application's simulations with
 * their traces), their action coverage against the layer's linkage tables, the mutation score
 * when bench/results/mutation/mutation.json exists, and the spec–code linkage. Each finished
 * item is handed to `onLine` at once, so the report streams.
 */
import { join } from 'node:path';
import { APP_SIMULATIONS } from '../apps/registry.ts';
import type { CheckEngine } from '../tla/engine.ts';
import { loadManifest } from '../tla/manifest.ts';
import { checkAllLinkage, type LinkageReport } from '../trace/linkage.ts';
import { LINKAGE_TABLES } from '../trace/linkage-tables/index.ts';
import { descriptorNames, descriptorOf } from '../trace/registry.ts';
import { APP_SEEDS, runApps, type AppOutcome } from './apps.ts';
import { addCounts, coverageLine, coverageOf } from './coverage.ts';
import { layerOfModel, orderLayers } from './layers.ts';
import { selectModels, runModels } from './models.ts';
import { mutationLine, readMutationScores, type MutationScore } from './mutation.ts';
import { PROJECT_ROOT } from './paths.ts';
import { layerProblems, modelLine, traceLine, type LayerReport, type TraceRow, type VerifyReport } from './report.ts';
import { CARELESS_TRACE_SEEDS, runCarelessTraces, runTraces, runTrimTraces, TRACE_SEEDS, TRIM_TRACE_SEEDS, type TraceOutcome } from './traces.ts';
import { runWosTraces } from './wos-traces.ts';
import { runAcceptorTraces } from './acceptor-traces.ts';
import { runClusterTrace } from './cluster-traces.ts';
import { runWosClusterTraces } from './wos-cluster.ts';
import { WOS_SEEDS } from '../trace/wos-record.ts';
import { WOSIMPL_SEEDS } from '../trace/wosimpl-record.ts';
import { ACCEPTOR_SEEDS } from '../trace/record-acceptor.ts';

export interface VerifyOptions {
  engine: CheckEngine;
  manifest: string;
  includeNonCi: boolean;
  filter?: string;
  workers?: number;
  /** Only these layers (default: all). */
  layers?: string[];
  traceSeeds?: number;
  appSeeds?: number;
  /** Stryker's JSON report (default bench/results/mutation/mutation.json). */
  mutationFile?: string;
  /** Every finished item, as one line of text (layer headers start with "== "). */
  onLine?: (line: string) => void;
  /** Before a long item starts (a model, a seed), for progress on stderr. */
  onStart?: (what: string) => void;
}

/** The layer that checks the WORPaxos traces of seeded simulations. */
export const WOR_TRACE_LAYER = 'wor';
/** The layer that checks the whole-system WOS traces of seeded simulations, API and protocol level (wos-traces.ts). */
export const WOS_TRACE_LAYER = 'wos';

const worRow = (o: TraceOutcome): TraceRow => ({
  subject: 'WORPaxos',
  seed: o.seed,
  events: o.events,
  verdict: o.verdict,
  seconds: o.seconds,
  detail: o.detail ?? '',
  violations: [],
  ...(o.rejected ? { diagram: o.rejected } : {}),
});

const appRow = (o: AppOutcome): TraceRow => ({
  subject: o.app,
  seed: o.seed,
  events: o.trace?.events ?? Object.values(o.counts).reduce((a, b) => a + b, 0),
  verdict: o.trace === null ? 'not checked' : o.trace.accepted ? 'accepted' : 'rejected',
  seconds: o.seconds,
  detail: o.trace === null ? o.traceNote : o.trace.accepted ? '' : o.trace.message,
  violations: o.violations,
  ...(o.rejected ? { diagram: o.rejected } : {}),
});

export async function runVerify(o: VerifyOptions): Promise<VerifyReport> {
  const t0 = performance.now();
  const say = (line: string) => o.onLine?.(line);
  const notes: string[] = [];

  // Linkage first: it is quick, and a gap says the traces below may check the wrong thing.
  const linkage = checkAllLinkage(LINKAGE_TABLES, descriptorNames(), descriptorOf, PROJECT_ROOT);
  const linkLayer = (r: LinkageReport) => LINKAGE_TABLES.find((t) => t.descriptor === r.descriptor)?.layer ?? 'linkage';

  let mutation: Record<string, MutationScore> | null = null;
  const mutationFile = o.mutationFile ?? join(PROJECT_ROOT, 'bench', 'results', 'mutation', 'mutation.json');
  try {
    mutation = readMutationScores(mutationFile, PROJECT_ROOT);
  } catch (err) {
    notes.push(`mutation score not read: ${err instanceof Error ? err.message : String(err)}`);
  }

  const { models } = loadManifest(o.manifest);
  const selected = selectModels(models, o.includeNonCi, o.filter);
  const appLayers = Object.keys(APP_SIMULATIONS);
  const all = orderLayers([...selected.map(layerOfModel), WOR_TRACE_LAYER, WOS_TRACE_LAYER, ...appLayers, ...linkage.map(linkLayer)]);
  const layers = o.layers ? all.filter((l) => o.layers!.includes(l)) : all;

  const report: VerifyReport = { engine: o.engine.name, seconds: 0, layers: [], notes };
  for (const layer of layers) {
    say(`== ${layer}`);
    const l: LayerReport = { layer, models: [], traces: [], coverage: [], mutation: mutation?.[layer] ?? null, linkage: linkage.filter((r) => linkLayer(r) === layer) };
    report.layers.push(l);

    const mine = selected.filter((m) => layerOfModel(m) === layer);
    if (mine.length > 0) {
      l.models = await runModels({
        manifest: o.manifest,
        engine: o.engine,
        includeNonCi: o.includeNonCi,
        filter: o.filter,
        select: (m) => layerOfModel(m) === layer,
        workers: o.workers,
        onStart: (e) => o.onStart?.(`model ${e.config}`),
        onDone: (m) => say(modelLine(m)),
      });
    }

    const counts: Record<string, Record<string, number>> = {};
    if (layer === WOR_TRACE_LAYER) {
      const outs = await runTraces(o.engine, o.traceSeeds ?? TRACE_SEEDS, (s) => o.onStart?.(`WORPaxos trace, seed ${s}`), (t) => {
        const row = worRow(t);
        l.traces.push(row);
        say(traceLine(row));
      });
      for (const t of outs) addCounts((counts.WORPaxos ??= {}), t.actions);
      // Every register of a segment trimmed while calls are under way (record.ts trimTraceConfig).
      // --trace-seeds N takes the first N-1 of them: N = 1 is the metadata WOR of seed 1 alone,
      // the smallest run (test/verify/verify-cli.test.ts shows its coverage gap failing verify).
      const trimSeeds = o.traceSeeds === undefined ? TRIM_TRACE_SEEDS : TRIM_TRACE_SEEDS.slice(0, o.traceSeeds - 1);
      const trimmed = await runTrimTraces(o.engine, trimSeeds, (s) => o.onStart?.(`WORPaxos trimmed-segment traces, seed ${s}`), (t) => {
        const row = { ...worRow(t), subject: 'WORPaxos trimmed segment' };
        l.traces.push(row);
        say(traceLine(row));
      });
      for (const t of trimmed) addCounts((counts.WORPaxos ??= {}), t.actions);
      // Every register of a run of careless and hostile clients (record.ts sharedIdsTraceConfig):
      // writes with capture ids their writers do not hold are ForgedWrites. --trace-seeds N takes
      // the first N-1 of them, as for the trimmed segments.
      const carelessSeeds = o.traceSeeds === undefined ? CARELESS_TRACE_SEEDS : CARELESS_TRACE_SEEDS.slice(0, o.traceSeeds - 1);
      const careless = await runCarelessTraces(o.engine, carelessSeeds, (s) => o.onStart?.(`WORPaxos careless and hostile clients, seed ${s}`), (t) => {
        const row = { ...worRow(t), subject: 'WORPaxos careless and hostile clients' };
        l.traces.push(row);
        say(traceLine(row));
      });
      for (const t of careless) addCounts((counts.WORPaxos ??= {}), t.actions);
      // The acceptors of every register, ranges, trim and hand-over included (acceptor-traces.ts).
      // --trace-seeds N takes the first N of them too (at most ACCEPTOR_SEEDS).
      const acceptorSeeds = o.traceSeeds === undefined ? ACCEPTOR_SEEDS : ACCEPTOR_SEEDS.slice(0, o.traceSeeds);
      runAcceptorTraces(acceptorSeeds, (s) => o.onStart?.(`WORAcceptor traces, seed ${s}`), (t) => {
        l.traces.push(t.row);
        say(traceLine(t.row));
        addCounts((counts.WORAcceptor ??= {}), t.counts);
      });
      // A real TCP/SQLite cluster with a server restart, every register checked (cluster-traces.ts).
      o.onStart?.('cluster (TCP) trace');
      const cluster = await runClusterTrace();
      l.traces.push(cluster);
      say(traceLine(cluster));
    }
    if (layer === WOS_TRACE_LAYER) {
      // --trace-seeds N takes the first N of the WOS and WOSImpl seeds too.
      const wosSeeds = o.traceSeeds === undefined ? WOS_SEEDS : WOS_SEEDS.slice(0, o.traceSeeds);
      const implSeeds = o.traceSeeds === undefined ? WOSIMPL_SEEDS : WOSIMPL_SEEDS.slice(0, o.traceSeeds);
      runWosTraces(wosSeeds, (s, subject) => o.onStart?.(`${subject} trace, seed ${s}`), (t) => {
        l.traces.push(t.row);
        say(traceLine(t.row));
        addCounts((counts[t.row.subject] ??= {}), t.counts);
      }, implSeeds);
      // A real cluster, servers in their own processes, one killed -9 and restarted: the whole run
      // at both levels (wos-cluster.ts).
      o.onStart?.('WOS cluster (TCP) traces');
      for (const t of await runWosClusterTraces()) {
        l.traces.push(t.row);
        say(traceLine(t.row));
        addCounts((counts[t.row.subject.split(' ')[0]!] ??= {}), t.counts);
      }
    }
    if (appLayers.includes(layer)) {
      await runApps(o.appSeeds ?? APP_SEEDS, (app, s) => o.onStart?.(`${app} simulation, seed ${s}`), (a) => {
        const row = appRow(a);
        l.traces.push(row);
        say(traceLine(row));
        const table = LINKAGE_TABLES.find((t) => t.layer === layer);
        if (table) addCounts((counts[table.descriptor] ??= {}), a.counts);
      }, [layer]);
    }
    for (const table of LINKAGE_TABLES.filter((t) => t.layer === layer)) {
      if (!counts[table.descriptor]) continue;
      const c = coverageOf(table, counts[table.descriptor]!);
      l.coverage.push(c);
      say(`coverage ${coverageLine(c)}`);
    }
    for (const r of l.linkage) say(`linkage ${r.descriptor} (${r.spec}): ${r.events.length} events, ${r.actions.length} spec actions, ${r.gaps.length ? `${r.gaps.length} GAP(S): ${r.gaps.join(' | ')}` : 'no gap'}`);
    if (l.mutation) say(mutationLine(l.mutation));
    const problems = layerProblems(l);
    say(`${layer}: ${problems.length ? `FAIL (${problems.join('; ')})` : 'ok'}`);
  }
  report.seconds = (performance.now() - t0) / 1000;
  return report;
}
