/**
 * The "apps" phase of `wormspace verify`: every application registered in src/apps/registry.ts
 * runs seeds 1..APP_SEEDS on the simulator with every fault kind, and each run's violations (its
 * own invariants and the WOS layer's) fail verify. Whether the run's trace was checked against
 * the application's spec is shown per run, never assumed.
 */
import { APP_SIMULATIONS, type AppSimReport } from '../apps/registry.ts';
import { FAULT_KINDS } from '../apps/runtime/faults.ts';
import { renderTable } from './table.ts';

export const APP_SEEDS = 10;
export const APP_STEPS = 200;

export interface AppOutcome {
  app: string;
  seed: number;
  violations: string[];
  ops: number | string;
  trace: string;
  seconds: number;
}

export async function runApps(seeds = APP_SEEDS, onStart?: (app: string, seed: number) => void): Promise<AppOutcome[]> {
  const out: AppOutcome[] = [];
  for (const [name, load] of Object.entries(APP_SIMULATIONS)) {
    const sim = await load();
    for (let seed = 1; seed <= seeds; seed++) {
      onStart?.(name, seed);
      const t0 = performance.now();
      const r: AppSimReport = await sim.simulate({ seed, steps: APP_STEPS, faults: [...FAULT_KINDS], traceFile: null, checkTrace: true });
      const trace = r.trace ? (r.trace.accepted ? `accepted (${r.trace.events} events)` : `REJECTED: ${r.trace.message}`) : `not checked${r.traceNote ? `: ${r.traceNote}` : ''}`;
      out.push({ app: name, seed, violations: r.violations, ops: r.stats.ops ?? '', trace, seconds: (performance.now() - t0) / 1000 });
    }
  }
  return out;
}

/** appsOk: no run broke an invariant and no checked trace was rejected. */
export function appsOk(outcomes: AppOutcome[]): boolean {
  return outcomes.every((o) => o.violations.length === 0 && !o.trace.startsWith('REJECTED'));
}

export function appsTable(outcomes: AppOutcome[]): string {
  const rows = outcomes.map((o) => [o.app, String(o.seed), String(o.ops), o.violations.length === 0 ? 'ok' : `${o.violations.length}: ${o.violations[0]!.slice(0, 80)}`, o.trace.slice(0, 90), o.seconds.toFixed(1)]);
  return renderTable(['app', 'seed', 'ops', 'invariants', 'trace', 'seconds'], rows);
}
