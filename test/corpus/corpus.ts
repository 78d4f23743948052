/**
 * The corpus of TLA+ models and their expected results (expected.json), shared by the corpus
 * test, the engine-agreement test, the checker benchmark and the recorder.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckResult, JsonTla, TraceStep, Verdict } from '../../src/tla/result.ts';
import { VERDICTS } from '../../src/tla/result.ts';

export const CORPUS_DIR = dirname(fileURLToPath(import.meta.url));

/** The fields both engines are compared on. */
export interface Outcome {
  verdict: Verdict;
  violated: string | null;
  distinct: number;
  generated: number;
  depth: number;
  traceLength: number;
}

export interface CorpusModel extends Outcome {
  name: string;
  spec: string;
  config: string;
  /** False for the benchmark models, which are too big for CI. */
  ci: boolean;
  note: string;
  /** Liveness properties the embedded checker must report as skipped. */
  skipped?: string[];
  /** Where the embedded checker is meant to differ from TLC (a liveness violation it skips). */
  embedded?: Partial<Outcome>;
  /** A regular expression the one-line message of an error verdict must match. */
  messageMatches?: string;
  /** Lines the spec prints (Print, PrintT), as TLC prints them. */
  outputIncludes?: string[];
  tlcMessage?: string | null;
  /** TLC's counterexample (action, location, state of each step), when there is one. */
  trace?: TraceStep[];
  tlcSeconds?: number;
  tlcDistinctPerSecond?: number;
  tlcGeneratedPerSecond?: number;
}

/** loadCorpus reads expected.json and checks that every entry is well-formed. */
export function loadCorpus(): CorpusModel[] {
  const doc = JSON.parse(readFileSync(join(CORPUS_DIR, 'expected.json'), 'utf8')) as { models: CorpusModel[] };
  const names = new Set<string>();
  for (const m of doc.models) {
    if (names.has(m.name)) throw new Error(`expected.json: duplicate model name ${m.name}`);
    names.add(m.name);
    if (!VERDICTS.includes(m.verdict)) throw new Error(`expected.json: ${m.name} has unknown verdict ${m.verdict}`);
    for (const k of ['distinct', 'generated', 'depth', 'traceLength'] as const) {
      if (!Number.isInteger(m[k]) || m[k] < 0) throw new Error(`expected.json: ${m.name}.${k} is not a count`);
    }
  }
  return doc.models;
}

export function specPath(m: CorpusModel): string {
  return join(CORPUS_DIR, m.spec);
}

export function configPath(m: CorpusModel): string {
  return join(CORPUS_DIR, m.config);
}

/** expectedOutcome is what an engine must report: TLC's result, with the embedded overrides for the embedded checker. */
export function expectedOutcome(m: CorpusModel, engine: 'tlc' | 'embedded'): Outcome {
  const base: Outcome = {
    verdict: m.verdict,
    violated: m.violated,
    distinct: m.distinct,
    generated: m.generated,
    depth: m.depth,
    traceLength: m.traceLength,
  };
  return engine === 'embedded' ? { ...base, ...m.embedded } : base;
}

export function outcomeOf(r: CheckResult): Outcome {
  return {
    verdict: r.verdict,
    violated: r.violated,
    distinct: r.distinct,
    generated: r.generated,
    depth: r.depth,
    traceLength: r.trace.length,
  };
}

/** outcomeDifferences lists, one line each, where an engine's outcome differs from the expected one. */
export function outcomeDifferences(expected: Outcome, got: Outcome): string[] {
  const keys = Object.keys(expected) as (keyof Outcome)[];
  return keys.filter((k) => expected[k] !== got[k]).map((k) => `${k}: expected ${JSON.stringify(expected[k])}, got ${JSON.stringify(got[k])}`);
}

/**
 * embeddedDifferences checks a result of the embedded checker against a model's expectations:
 * the outcome, the liveness properties reported as skipped, and for error verdicts the
 * location in the one-line message, and the lines the spec prints.
 */
export function embeddedDifferences(m: CorpusModel, r: CheckResult, output: string[]): string[] {
  let diffs = outcomeDifferences(expectedOutcome(m, 'embedded'), outcomeOf(r));
  if (endsInLasso(m.trace)) {
    // TLC's liveness counterexample depends on its random fingerprint seed: compare the shape.
    diffs = diffs.filter((d) => !d.startsWith('traceLength:'));
    diffs.push(...lassoDifferences(r.trace));
  }
  const wantSkipped = [...(m.skipped ?? [])].sort();
  const gotSkipped = [...(r.skipped ?? [])].sort();
  if (JSON.stringify(wantSkipped) !== JSON.stringify(gotSkipped)) {
    diffs.push(`skipped: expected ${JSON.stringify(wantSkipped)}, got ${JSON.stringify(gotSkipped)}`);
  }
  if (m.messageMatches !== undefined && !new RegExp(m.messageMatches).test(r.message ?? '')) {
    diffs.push(`message: expected to match /${m.messageMatches}/, got ${JSON.stringify(r.message ?? null)}`);
  }
  for (const line of m.outputIncludes ?? []) {
    if (!output.includes(line)) diffs.push(`output: expected the line ${JSON.stringify(line)}, got ${JSON.stringify(output)}`);
  }
  return diffs;
}

/** endsInLasso: a liveness counterexample (it ends with `Stuttering` or `Back to state N: ...`). */
export function endsInLasso(trace: TraceStep[] | undefined): boolean {
  const last = trace?.[trace.length - 1];
  return last !== undefined && (last.action === 'Stuttering' || last.action.startsWith('Back to state'));
}

/**
 * lassoDifferences checks the shape of a liveness counterexample: an initial state, states, and
 * a last step that stutters or goes back to an earlier state (`Back to state N: Action`, N within
 * the trace, with the action's location).
 */
export function lassoDifferences(trace: TraceStep[]): string[] {
  const out: string[] = [];
  if (trace.length < 2) return [`lasso: expected at least a state and a closing step, got ${trace.length} steps`];
  if (trace[0]!.action !== 'Initial predicate') out.push(`lasso: first step is ${JSON.stringify(trace[0]!.action)}`);
  const last = trace[trace.length - 1]!;
  const states = trace.slice(0, -1);
  if (states.some((s) => Object.keys(s.state).length === 0)) out.push('lasso: a state step without state');
  if (last.action !== 'Stuttering') {
    const m = /^Back to state (\d+): \S/.exec(last.action);
    if (!m) out.push(`lasso: last step is ${JSON.stringify(last.action)}`);
    else if (Number(m[1]) < 1 || Number(m[1]) > states.length) out.push(`lasso: goes back to state ${m[1]} of ${states.length}`);
    else if (last.location === undefined) out.push('lasso: the closing action has no location');
  }
  return out;
}

/**
 * canonical renders a value so that equal TLA+ values compare equal as strings: object keys
 * sorted, and set elements sorted, since TLC orders strings by when it interned them (and
 * differently with -tool), which no engine can reproduce.
 */
export function canonical(v: JsonTla): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    if ('$set' in v && Array.isArray(v.$set)) return `{"$set":[${v.$set.map(canonical).sort().join(',')}]}`;
    const o = v as Record<string, JsonTla>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k]!)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** traceStates lists a counterexample's states, canonical. */
export function traceStates(trace: TraceStep[]): string[] {
  return trace.map((step) => {
    // TLC prints a variable that an action left unassigned as `null`; the embedded checker omits it.
    const state = Object.fromEntries(Object.entries(step.state).filter(([, v]) => canonical(v) !== '{"$model":"null"}'));
    return canonical(state);
  });
}

/** traceDifferences compares two counterexamples step by step: action, location and state. */
export function traceDifferences(expected: TraceStep[], got: TraceStep[]): string[] {
  const diffs: string[] = [];
  if (expected.length !== got.length) diffs.push(`length: expected ${expected.length}, got ${got.length}`);
  const wantStates = traceStates(expected);
  const gotStates = traceStates(got);
  for (let i = 0; i < Math.min(expected.length, got.length); i++) {
    const [e, g] = [expected[i]!, got[i]!];
    if (e.action !== g.action) diffs.push(`step ${i + 1} action: expected ${JSON.stringify(e.action)}, got ${JSON.stringify(g.action)}`);
    if ((e.location ?? null) !== (g.location ?? null)) diffs.push(`step ${i + 1} location: expected ${JSON.stringify(e.location ?? null)}, got ${JSON.stringify(g.location ?? null)}`);
    if (wantStates[i] !== gotStates[i]) diffs.push(`step ${i + 1} state: expected ${wantStates[i]}, got ${gotStates[i]}`);
  }
  return diffs;
}
