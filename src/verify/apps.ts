/**
 * The "apps" phase of `wormspace verify`: every application registered in src/apps/registry.ts
 * runs on the simulator with every fault for a few seeds (APP_SEEDS), checking its invariants and
 * validating its trace against its spec. A violation or a rejected trace fails verify; a trace
 * that could not be checked (an application without a trace wrapper yet) is never counted as
 * accepted: the table and the summary line say NOT checked, with the reason.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_SIMULATIONS } from '../apps/registry.ts';
import type { EventLine } from '../trace/spec-descriptor.ts';
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
  /** Occurrences of each trace event in the run's trace file (see eventsOfTraceFile). */
  counts: Record<string, number>;
  /** A rejected trace's events, for the report's sequence diagram. */
  rejected?: { events: EventLine[]; unmatched: number | null };
}

/**
 * The RMs of WormTX record raw events (`ev`); src/apps/wormtx/trace.ts turns each into the trace
 * event named here (a lost vote, `sent`, becomes a Vote too, and is counted under `sent`).
 */
const RAW_EVENT: Record<string, string> = { precapture: 'Precapture', vote: 'Vote', capture: 'Capture', abortWrite: 'AbortWrite', read: 'Read', decide: 'Decide' };

/**
 * eventsOfTraceFile reads the NDJSON an application simulation wrote: lines with an `action` are
 * trace events (WormLog); lines with an `ev` are raw RM events (WormTX), named as their trace
 * events. The header and other lines are skipped.
 */
export function eventsOfTraceFile(text: string): EventLine[] {
  const out: EventLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (typeof o.action === 'string') out.push(o as EventLine);
    else if (typeof o.ev === 'string') out.push({ ...o, action: RAW_EVENT[o.ev] ?? o.ev });
  }
  return out;
}

/**
 * unmatchedOf: the index of the first unmatched event when the message names it in the trace
 * file's numbering (`event 173 (NDJSON line 174: ...`, WormLog and WormPaxos); null otherwise
 * (WormTX numbers events within one transaction's trace).
 */
export function unmatchedOf(message: string, events: number): number | null {
  const m = /^event (\d+) \(NDJSON line/.exec(message);
  const i = m ? Number(m[1]) - 1 : -1;
  return i >= 0 && i < events ? i : null;
}

export async function runApps(seeds = APP_SEEDS, onStart?: (app: string, seed: number) => void, onDone?: (o: AppOutcome) => void, only?: string[]): Promise<AppOutcome[]> {
  const out: AppOutcome[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'wormspace-verify-'));
  try {
    for (const [app, load] of Object.entries(APP_SIMULATIONS)) {
      if (only && !only.includes(app)) continue;
      const sim = await load();
      for (let seed = 1; seed <= seeds; seed++) {
        onStart?.(app, seed);
        const t0 = performance.now();
        const traceFile = join(dir, `${app}-${seed}.ndjson`);
        const r = await sim.simulate({ seed, steps: APP_STEPS, faults: [...FAULT_KINDS], traceFile, checkTrace: true });
        let events: EventLine[] = [];
        try {
          events = eventsOfTraceFile(readFileSync(traceFile, 'utf8'));
        } catch {
          // The simulation wrote no trace (none requested by this application): nothing to count.
        }
        const counts: Record<string, number> = {};
        for (const e of events) counts[e.action] = (counts[e.action] ?? 0) + 1;
        const o: AppOutcome = { app, seed, violations: r.violations, trace: r.trace, traceNote: r.traceNote ?? '', seconds: (performance.now() - t0) / 1000, counts };
        if (r.trace && !r.trace.accepted) o.rejected = { events, unmatched: unmatchedOf(r.trace.message, events.length) };
        out.push(o);
        onDone?.(o);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
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
