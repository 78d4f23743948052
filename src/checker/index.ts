/**
 * The embedded TLA+ model checker (issue 3): parse (tree-sitter), compile to closures, and
 * search breadth-first with TLC's counting. `embeddedEngine` is the CheckEngine the CLI uses.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { stopReasonOf, type CheckEngine, type CheckOptions } from '../tla/engine.ts';
import type { CheckResult, JsonTla, StopReason, TraceStep } from '../tla/result.ts';
import { ConfigError, EvalError, ParseError, tlcLocation } from './errors.ts';
import { loadModel } from './model.ts';
import { errorMessage, searchSteps, type RawStep, type SearchProgress } from './bfs.ts';
import { RT } from './compile.ts';
import { setPrintSink } from './stdlib.ts';
import { checkParallel } from './parallel/index.ts';
import { BehaviourGraph, Pace, checkLiveness, planLiveness, type LivenessPlan } from './liveness/index.ts';
import {
  FcnV, LazySet, ModelV, RcdV, SetV, TupV, elems, type Value, isModel, isSetEnum, isFcn, isTup, isRcd, isLazySet,
} from './values.ts';

/** toJson renders a value as JsonTla (see src/tla/result.ts). */
export function toJson(v: Value): JsonTla {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (isModel(v)) return { $model: v.name };
  if (isSetEnum(v) || isLazySet(v)) return { $set: elems(v).map(toJson) };
  if (isTup(v)) return v.elems.map(toJson);
  if (isRcd(v)) {
    const o: { [k: string]: JsonTla } = {};
    v.names.forEach((n, i) => (o[n] = toJson(v.vals[i])));
    return o;
  }
  // A function over strings is a record (the JsonTla contract, src/tla/result.ts).
  if (isFcn(v) && v.dom.length > 0 && v.dom.every((d) => typeof d === 'string')) {
    const o: { [k: string]: JsonTla } = {};
    v.dom.forEach((d, i) => (o[d as string] = toJson(v.vals[i])));
    return o;
  }
  if (isFcn(v)) return { $function: v.dom.map((d, i) => [toJson(d), toJson(v.vals[i])] as [JsonTla, JsonTla]) };
  return String(v);
}

function steps(varNames: string[], raw: RawStep[]): TraceStep[] {
  return raw.map((r) => {
    const state: Record<string, JsonTla> = {};
    varNames.forEach((n, i) => {
      if (r.state[i] !== undefined) state[n] = toJson(r.state[i]);
    });
    return r.location ? { action: r.label, location: r.location, state } : { action: r.label, state };
  });
}

/** How often an interruptible check lets the event loop in: timers and signals wait at most this long. */
const YIELD_MS = 25;

/** checkModel runs the whole pipeline synchronously. Never throws for bad input. */
export function checkModel(options: CheckOptions & { maxStates?: number }): CheckResult {
  const steps = checkSteps(options, undefined);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * checkModelInterruptible runs the pipeline, letting the event loop in every YIELD_MS during the
 * search, and stops it when `options.signal` is aborted or `options.timeoutSeconds` have passed
 * since the start: the result then has `stopped` and the counts reached.
 */
export async function checkModelInterruptible(options: CheckOptions & { maxStates?: number }): Promise<CheckResult> {
  const deadline = options.timeoutSeconds === undefined ? Infinity : performance.now() + options.timeoutSeconds * 1000;
  const stopReason = (): StopReason | undefined => {
    if (options.signal?.aborted) return stopReasonOf(options.signal);
    return performance.now() >= deadline ? 'timeout' : undefined;
  };
  const steps = checkSteps(options, YIELD_MS);
  let r = steps.next();
  while (!r.done) {
    await nextTurn();
    r = steps.next(stopReason());
  }
  return r.value;
}

/** checkSteps is the pipeline; the search yields every `yieldMs` (see searchSteps). */
function* checkSteps(options: CheckOptions & { maxStates?: number }, yieldMs: number | undefined): Generator<SearchProgress, CheckResult, StopReason | undefined> {
  const t0 = performance.now();
  const done = (r: Omit<CheckResult, 'engine' | 'seconds'>): CheckResult => ({
    engine: 'embedded',
    ...r,
    seconds: (performance.now() - t0) / 1000,
  });
  const fail = (verdict: 'parse-error' | 'error', message: string) =>
    done({ verdict, violated: null, distinct: 0, generated: 0, depth: 0, trace: [], message });
  // Print/PrintT lines go to the caller, or to stdout as TLC prints them.
  setPrintSink(options.onOutput ?? ((line) => process.stdout.write(line + '\n')));
  let model;
  try {
    model = loadModel(options.spec, options.config);
  } catch (e) {
    if (e instanceof ParseError) return fail('parse-error', e.message);
    if (e instanceof ConfigError) return fail('error', e.message);
    if (e instanceof EvalError) return fail('error', errorMessage(e));
    return fail('error', `internal error while loading the model: ${(e as Error).message}`);
  }
  let plan: LivenessPlan | null;
  try {
    plan = planLiveness(model);
  } catch (e) {
    if (e instanceof ParseError) return fail('parse-error', e.message);
    if (e instanceof EvalError) return fail('error', errorMessage(e));
    return fail('error', `internal error while reading the temporal properties: ${(e as Error).message}`);
  }
  for (const u of plan?.unsupported ?? []) options.onOutput?.(`Temporal property ${u.name} is not checked by the embedded checker: ${u.reason}`);
  const skipped = [...model.skipped, ...(plan?.unsupported ?? []).map((u) => u.name)];
  const graph = plan && plan.properties.length > 0 ? new BehaviourGraph() : undefined;
  // ASSUME
  for (const a of model.assumes) {
    let v: Value;
    try {
      RT.s = [];
      v = a.eval([]);
    } catch (e) {
      // TLC reports an assumption it cannot evaluate with the assumption exit code (10).
      if (e instanceof EvalError) {
        return done({
          verdict: 'assume', violated: null, distinct: 0, generated: 0, depth: 0, trace: [],
          message: `Evaluating assumption ${tlcLocation(a.loc)} failed: ${errorMessage(e)}`,
        });
      }
      throw e;
    }
    if (v !== true) {
      return done({
        verdict: 'assume', violated: tlcLocation(a.loc), distinct: 0, generated: 0, depth: 0, trace: [],
        message: `Assumption ${tlcLocation(a.loc)} is false.`,
      });
    }
  }
  if (model.assumeOnly) {
    // TLC with a .cfg that names no behaviour: the assumptions hold, nothing else to check.
    return done({ verdict: 'ok', violated: null, distinct: 0, generated: 0, depth: 0, trace: [] });
  }
  const t1 = performance.now();
  let out;
  try {
    out = yield* searchSteps(model, {
      maxStates: options.maxStates,
      graph,
      yieldMs,
      onProgress: options.onProgress
        ? (p) => options.onProgress!({ ...p, seconds: (performance.now() - t1) / 1000 })
        : undefined,
    });
  } catch (e) {
    if (e instanceof EvalError) return fail('error', errorMessage(e));
    // Definitions are compiled on first use; their static errors can surface during the search.
    if (e instanceof ParseError) return fail('parse-error', e.message);
    if (e instanceof ConfigError) return fail('error', e.message);
    if (e instanceof RangeError) return fail('error', `evaluation too deep: ${e.message}`);
    return fail('error', `internal error: ${(e as Error).message}`);
  }
  // Liveness, on the whole state graph once the search found no safety violation (as TLC). It
  // yields at the same pace as the search, so --timeout, Ctrl-C and SIGTERM stop it too: the
  // result is then `stopped` with the complete search's counts and `stoppedIn: 'liveness'`.
  let stoppedIn: 'liveness' | undefined;
  if (out.verdict === 'ok' && !out.stopped && plan && graph) {
    options.onOutput?.(`Checking temporal properties for the complete state space with ${out.distinct.toLocaleString('en-US')} total distinct states`);
    const live = checkLiveness(model, plan, graph, new Pace(yieldMs));
    try {
      let r = live.next();
      while (!r.done) {
        const stop = yield { generated: out.generated, distinct: out.distinct, queue: 0, depth: out.depth };
        if (stop !== undefined) {
          live.return(null);
          Object.assign(out, { stopped: stop, queue: 0 });
          stoppedIn = 'liveness';
          break;
        }
        r = live.next();
      }
      const v = r.done ? r.value : null;
      if (v) Object.assign(out, { verdict: 'property', violated: v.name, trace: v.trace, message: `Temporal property ${v.name} was violated.` });
    } catch (e) {
      if (e instanceof EvalError) Object.assign(out, { verdict: 'error', message: errorMessage(e) });
      else if (e instanceof ParseError) Object.assign(out, { verdict: 'parse-error', message: e.message });
      else Object.assign(out, { verdict: 'error', message: `internal error in liveness checking: ${(e as Error).message}` });
    }
  }
  const result = done({
    verdict: out.verdict,
    violated: out.violated,
    distinct: out.distinct,
    generated: out.generated,
    depth: out.depth,
    trace: steps(model.varNames, out.trace),
    ...(out.message && out.verdict !== 'ok' ? { message: out.message } : {}),
    ...(skipped.length > 0 ? { skipped } : {}),
    ...(out.stopped ? { stopped: out.stopped, queue: out.queue } : {}),
    ...(stoppedIn ? { stoppedIn } : {}),
  });
  options.onProgress?.({ generated: out.generated, distinct: out.distinct, queue: out.queue, depth: out.depth, seconds: (performance.now() - t1) / 1000 });
  return result;
}

export const embeddedEngine: CheckEngine = {
  name: 'embedded',
  async check(options: CheckOptions): Promise<CheckResult> {
    const stoppable = options.timeoutSeconds !== undefined || options.signal !== undefined;
    // --workers N > 1: worker threads (parallel/index.ts), stopped by the calling thread.
    if (options.workers > 1) return checkParallel(options, (o) => (stoppable ? checkModelInterruptible(o) : checkModel(o)));
    return stoppable ? checkModelInterruptible(options) : checkModel(options);
  },
};
