/**
 * The `npm run verify` report: per layer (global, wor, wos, each application), the models it
 * checked, the traces it validated, the action coverage of those traces, the mutation score
 * where a mutation run left one, and the spec–code linkage of its traced specs. The same data is
 * printed as text while verify runs (one line per finished item, reportLines), summarised at the
 * end (summaryTable), written as JSON (--json) and as a page (--html, html.ts).
 */
import type { LinkageReport } from '../trace/linkage.ts';
import type { EventLine } from '../trace/spec-descriptor.ts';
import type { Coverage } from './coverage.ts';
import type { ModelOutcome } from './models.ts';
import type { MutationScore } from './mutation.ts';
import { renderTable } from './table.ts';

/** One validated trace: a WOR trace of a seeded run, or one application run with its trace. */
export interface TraceRow {
  /** What was traced: `WORPaxos`, `wormlog`, ... */
  subject: string;
  seed: number;
  events: number;
  verdict: 'accepted' | 'rejected' | 'untraceable' | 'not checked';
  seconds: number;
  /** Why rejected, untraceable or not checked, or what the check said; one line. */
  detail: string;
  /** Broken invariants of an application run (empty for WOR traces). */
  violations: string[];
  /** Events of a rejected trace, for the sequence diagram. */
  diagram?: { events: EventLine[]; unmatched: number | null };
}

export interface LayerReport {
  layer: string;
  models: ModelOutcome[];
  traces: TraceRow[];
  coverage: Coverage[];
  mutation: MutationScore | null;
  linkage: LinkageReport[];
}

export interface VerifyReport {
  engine: string;
  seconds: number;
  layers: LayerReport[];
  /** A problem outside any layer (an unreadable mutation report, say). */
  notes: string[];
}

export const modelOk = (o: ModelOutcome): boolean => o.problems.length === 0;
export const traceOk = (t: TraceRow): boolean => t.violations.length === 0 && (t.verdict === 'accepted' || t.verdict === 'not checked');

/** layerProblems: why a layer fails (empty when it passes). Unchecked traces are reported, not failed. */
export function layerProblems(l: LayerReport): string[] {
  const out: string[] = [];
  const badModels = l.models.filter((m) => !modelOk(m));
  if (badModels.length) out.push(`${badModels.length} model(s) not as recorded`);
  const badTraces = l.traces.filter((t) => !traceOk(t));
  if (badTraces.length) out.push(`${badTraces.length} trace(s) rejected, untraceable or with broken invariants`);
  for (const c of l.coverage) if (c.missing.length) out.push(`${c.descriptor}: never exercised: ${c.missing.join(', ')}`);
  const gaps = l.linkage.flatMap((r) => r.gaps);
  if (gaps.length) out.push(`${gaps.length} linkage gap(s)`);
  return out;
}

export const reportOk = (r: VerifyReport): boolean => r.layers.every((l) => layerProblems(l).length === 0);

export function modelLine(o: ModelOutcome): string {
  const r = o.result;
  const verdict = r ? `${r.verdict}${r.violated ? ` (${r.violated})` : ''}` : 'error';
  const status = o.problems.length > 0 ? `MISMATCH: ${o.problems.join('; ')}` : r?.skipped?.length ? `ok, but not checked by this engine: ${r.skipped.join(', ')} (TLC checks it)` : 'ok';
  return `model ${o.entry.config}: expect ${o.entry.expect}, got ${verdict}, ${r ? `${r.distinct} distinct / ${r.generated} generated states, ${r.seconds.toFixed(1)} s` : ''}: ${status}`;
}

export function traceLine(t: TraceRow): string {
  const inv = t.violations.length ? `; ${t.violations.length} broken invariant(s): ${t.violations[0]}` : '';
  return `trace ${t.subject} seed ${t.seed}: ${t.verdict.toUpperCase() === 'ACCEPTED' ? 'accepted' : t.verdict.toUpperCase()} (${t.events} events, ${t.seconds.toFixed(1)} s)${t.detail ? `: ${t.detail}` : ''}${inv}`;
}

function mutationCell(m: MutationScore | null): string {
  if (m === null) return '-';
  if (m.score === null) return m.stale.length > 0 ? 'stale' : 'n/a';
  return `${m.score}% (${m.survived} survived)${m.stale.length > 0 ? ', stale files' : ''}`;
}

/** summaryRow: one line of the per-layer table printed at the end. */
export function summaryRow(l: LayerReport): string[] {
  const models = l.models.length ? `${l.models.filter(modelOk).length}/${l.models.length}` : '-';
  const states = l.models.reduce((n, m) => n + (m.result?.distinct ?? 0), 0);
  const checked = l.traces.filter((t) => t.verdict !== 'not checked');
  const traces = l.traces.length ? `${checked.filter((t) => t.verdict === 'accepted').length}/${checked.length} accepted${checked.length < l.traces.length ? `, ${l.traces.length - checked.length} NOT checked` : ''}` : '-';
  const events = l.traces.reduce((n, t) => n + t.events, 0);
  const coverage = l.coverage.length
    ? l.coverage.map((c) => `${Object.values(c.events).filter((n) => n > 0).length}/${Object.keys(c.events).length} events${c.missing.length ? ' (MISSING)' : ''}`).join(', ')
    : '-';
  const linkage = l.linkage.length ? (l.linkage.some((r) => r.gaps.length) ? 'GAPS' : 'ok') : '-';
  const problems = layerProblems(l);
  return [l.layer, models, String(states), traces, String(events), coverage, linkage, mutationCell(l.mutation), problems.length ? 'FAIL' : 'ok'];
}

export const SUMMARY_HEADER = ['layer', 'models', 'distinct states', 'traces', 'trace events', 'coverage', 'linkage', 'mutation', 'verdict'];

export function summaryTable(r: VerifyReport): string {
  return renderTable(SUMMARY_HEADER, r.layers.map(summaryRow));
}

/** failureLines: every reason the report fails, one per line, by layer. */
export function failureLines(r: VerifyReport): string[] {
  return r.layers.flatMap((l) => layerProblems(l).map((p) => `${l.layer}: ${p}`));
}
