/**
 * The "apps" phase of `wormspace verify`: every application registered in src/apps/registry.ts
 * runs on the simulator with every fault for a few seeds (APP_SEEDS), checking its invariants and
 * validating its trace against its spec. A violation or a rejected trace fails verify; a trace
 * that could not be checked (an application without a trace wrapper yet) is never counted as
 * accepted: the table and the summary line say NOT checked, with the reason.
 */
import { APP_SIMULATIONS } from '../apps/registry.ts';
import { FAULT_KINDS } from '../apps/runtime/faults.ts';
import { renderTable } from './table.ts';

/** Seeds 1..APP_SEEDS per application (CI runs a fixed few in test/apps/<app>/). */
export const APP_SEEDS = 8;
export const APP_STEPS = 40;

export interface AppOutcome {
  app: string;
  seed: number;
  violations: string[];
  trace: { events: number; accepted: boolean; message: string } | null;
  /** Why the trace was not checked (trace === null). */
  traceNote: string;
  seconds: number;
}

export async function runApps(seeds = APP_SEEDS, onStart?: (app: string, seed: number) => void): Promise<AppOutcome[]> {
  const out: AppOutcome[] = [];
  for (const [app, load] of Object.entries(APP_SIMULATIONS)) {
    const sim = await load();
    for (let seed = 1; seed <= seeds; seed++) {
      onStart?.(app, seed);
      const t0 = performance.now();
      const r = await sim.simulate({ seed, steps: APP_STEPS, faults: [...FAULT_KINDS], traceFile: null, checkTrace: true });
      out.push({ app, seed, violations: r.violations, trace: r.trace, traceNote: r.traceNote ?? '', seconds: (performance.now() - t0) / 1000 });
    }
  }
  return out;
}

/** appsOk: no run broke an invariant and no checked trace was rejected (unchecked traces are reported, not passed). */
export const appsOk = (outs: AppOutcome[]): boolean => outs.every((o) => o.violations.length === 0 && o.trace?.accepted !== false);

/** appsSummary is verify's last line for the apps layer: clean runs, accepted traces, and traces NOT checked. */
export function appsSummary(outs: AppOutcome[]): string {
  const clean = outs.filter((o) => o.violations.length === 0).length;
  const accepted = outs.filter((o) => o.trace?.accepted === true).length;
  const unchecked = [...new Set(outs.filter((o) => o.trace === null).map((o) => o.app))];
  const rejected = outs.filter((o) => o.trace?.accepted === false).length;
  return `${clean} of ${outs.length} application runs kept their invariants; traces: ${accepted} accepted, ${rejected} rejected, ${outs.length - accepted - rejected} NOT checked${unchecked.length > 0 ? ` (${unchecked.join(', ')}: no trace conformance yet, see docs/apps.md)` : ''}.`;
}

export function appsTable(outs: AppOutcome[]): string {
  const rows = outs.map((o) => [
    'apps',
    o.app,
    String(o.seed),
    o.violations.length === 0 ? 'ok' : `${o.violations.length} violation(s): ${o.violations[0]}`,
    o.trace ? `${o.trace.accepted ? 'accepted' : 'REJECTED'} (${o.trace.events} events)${o.trace.accepted ? '' : `: ${o.trace.message}`}` : `NOT checked${o.traceNote ? `: ${o.traceNote.slice(0, 60)}` : ''}`,
    o.seconds.toFixed(1),
  ]);
  return renderTable(['layer', 'application', 'seed', 'invariants', 'trace', 'seconds'], rows);
}
