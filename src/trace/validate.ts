/**
 * checkTrace validates a trace against its spec (the header's descriptor) with any CheckEngine (TLC or the embedded
 * checker): the trace is ACCEPTED when the engine finds a state that consumed the whole log
 * (verdict `invariant` on TraceNotFinished) and REJECTED when the search ends without one
 * (verdict `ok`). For a rejected trace, the first event no behavior can take is found by bisection
 * on prefixes (a prefix of an accepted log is accepted), starting below the search depth, which
 * bounds how many events the longest behavior consumed.
 */
import type { CheckEngine } from '../tla/engine.ts';
import type { CheckResult, JsonTla } from '../tla/result.ts';
import { lineOf, type AnyTrace, type Trace } from './format.ts';
import { descriptorFor, writeTraceModel } from './model.ts';
import type { EventLine } from './spec-descriptor.ts';

export interface TraceVerdict {
  accepted: boolean;
  engine: string;
  events: number;
  /** Events some behavior of the spec consumed: all of them when accepted. */
  matched: number;
  /** The first event no behavior can take (rejected traces only). */
  firstUnmatched: { index: number; line: number; event: EventLine } | null;
  /** Wall-clock seconds of all engine runs, and how many runs (1 + bisection steps). */
  seconds: number;
  runs: number;
  /** States of the full run, for the record. */
  distinct: number;
  /** The spec state after the last event (accepted traces, when the engine reports it). */
  finalState: Record<string, JsonTla> | null;
  /**
   * Rejected traces: the spec's view, just before the unmatched event, of what that event
   * touches (the acceptor's or the client's variables), as `name = TLA+ value` lines.
   */
  context: string[];
}

export class TraceCheckError extends Error {}

async function runPrefix(trace: AnyTrace, k: number, engine: CheckEngine): Promise<CheckResult> {
  const model = writeTraceModel({ header: trace.header, events: trace.events.slice(0, k) });
  try {
    const r = await engine.check({ spec: model.spec, config: model.config, workers: 1 });
    if (r.verdict === 'invariant' && r.violated === 'TraceNotFinished') return r;
    if (r.verdict === 'ok') return r;
    throw new TraceCheckError(`the ${engine.name} engine could not check the trace: ${r.verdict}${r.violated ? ` (${r.violated})` : ''}${r.message ? `: ${r.message}` : ''}`);
  } finally {
    model.remove();
  }
}

const isAccepted = (r: CheckResult): boolean => r.verdict === 'invariant';

export async function checkTrace(trace: AnyTrace | Trace, engine: CheckEngine): Promise<TraceVerdict> {
  const t0 = performance.now();
  const d = descriptorFor(trace.header);
  const n = trace.events.length;
  const full = await runPrefix(trace, n, engine);
  let runs = 1;
  const base = { engine: engine.name, events: n, distinct: full.distinct };
  if (isAccepted(full)) {
    const finalState = full.trace.length > 0 ? full.trace[full.trace.length - 1]!.state : null;
    return { ...base, accepted: true, matched: n, firstUnmatched: null, finalState, context: [], seconds: (performance.now() - t0) / 1000, runs };
  }
  let loResult: CheckResult | null = null;
  // Invariant: prefix lo is accepted, prefix hi is rejected.
  let lo = 0;
  let hi = Math.min(n, full.depth + 1);
  if (hi < n) {
    const r = await runPrefix(trace, hi, engine);
    runs++;
    if (isAccepted(r)) {
      [lo, hi] = [hi, n];
      loResult = r;
    }
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const r = await runPrefix(trace, mid, engine);
    runs++;
    if (isAccepted(r)) {
      lo = mid;
      loResult = r;
    } else hi = mid;
  }
  if (loResult === null) {
    loResult = await runPrefix(trace, lo, engine);
    runs++;
  }
  const index = hi - 1;
  const before = loResult.trace.length > 0 ? loResult.trace[loResult.trace.length - 1]!.state : null;
  return {
    ...base,
    accepted: false,
    matched: lo,
    firstUnmatched: { index, line: lineOf(trace, index), event: trace.events[index]! },
    finalState: null,
    context: before && d.context ? d.context(trace.events[index]!, before) : [],
    seconds: (performance.now() - t0) / 1000,
    runs,
  };
}

/** describeEvent renders an event on one line for a verdict: `Accepted acceptor=s0.1 ballot=[2,1] ...`. */
export function describeEvent(e: EventLine): string {
  const { action, at: _at, line: _line, ...rest } = e;
  const parts = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return [action, ...parts].join(' ');
}
