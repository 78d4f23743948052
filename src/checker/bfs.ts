/**
 * Breadth-first exhaustive search, counted exactly as TLC's ModelChecker counts: `generated` is
 * the number of initial states plus every successor produced (duplicates included); a state that
 * fails a CONSTRAINT/ACTION_CONSTRAINT is neither stored nor queued, but invariants are checked on
 * it; [][A]_v properties are checked on every transition; deadlock is a state with no successor.
 *
 * Memory: per distinct state only its fingerprint, its parent's id and the index of the action
 * that produced it are kept (about 30 bytes with the fingerprint table). Counterexamples are
 * rebuilt by re-executing the recorded actions from the initial states.
 */
import { EvalError, fmtLoc, tlcLocation, type Loc } from './errors.ts';
import { FpSet } from './fpset.ts';
import { FP, fp, fpState } from './fingerprint.ts';
import { RT } from './compile.ts';
import type { Model, Check } from './model.ts';
import type { SplitAction } from './split-next.ts';
import {
  FcnV, ModelV, RcdV, SetV, TupV, LazySet, elems, mkFcn, mkSet, show, toFcnLike, type Value, isModel, isSetEnum, isFcn, isTup, isRcd, isLazySet,
} from './values.ts';
import type { StopReason, Verdict } from '../tla/result.ts';
import { tlcStats } from './stdlib.ts';
import type { BehaviourGraph } from './liveness/graph.ts';

export interface RawStep {
  label: string;
  location?: string;
  state: Value[];
}

export interface SearchOutcome {
  verdict: Verdict;
  violated: string | null;
  distinct: number;
  generated: number;
  depth: number;
  trace: RawStep[];
  message?: string;
  queue: number;
  /** Set when the driver stopped the search before it was complete (searchSteps). */
  stopped?: StopReason;
}

export interface SearchProgress {
  generated: number;
  distinct: number;
  queue: number;
  depth: number;
}

/**
 * Thrown by a shard's barrier when the parallel search is being stopped (`--timeout`, Ctrl-C,
 * SIGTERM): the shard's search ends there with its counts so far, like a stopped single search.
 */
export class StopSearch extends Error {
  constructor(readonly reason: StopReason) {
    super(`search stopped (${reason})`);
  }
}

class Halt {
  constructor(readonly outcome: Omit<SearchOutcome, 'distinct' | 'generated' | 'depth' | 'queue'>) {}
}

/** Growable typed arrays for per-state records. */
class Records {
  parent = new Int32Array(1 << 16);
  action = new Int32Array(1 << 16);
  hi = new Uint32Array(1 << 16);
  lo = new Uint32Array(1 << 16);
  n = 0;
  add(parent: number, action: number, hi: number, lo: number): number {
    if (this.n === this.parent.length) {
      const cap = this.n * 2;
      const grow = <T extends Int32Array | Uint32Array>(a: T, C: new (n: number) => T): T => {
        const b = new C(cap);
        b.set(a);
        return b;
      };
      this.parent = grow(this.parent, Int32Array);
      this.action = grow(this.action, Int32Array);
      this.hi = grow(this.hi, Uint32Array);
      this.lo = grow(this.lo, Uint32Array);
    }
    const id = this.n++;
    this.parent[id] = parent;
    this.action[id] = action;
    this.hi[id] = hi;
    this.lo[id] = lo;
    return id;
  }
}

/** permute applies a permutation of model values to a value, deeply. */
function permute(v: Value, p: Map<ModelV, Value>): Value {
  if (isModel(v)) return p.get(v) ?? v;
  if (typeof v !== 'object') return v;
  if (isSetEnum(v) || isLazySet(v)) return mkSet(elems(v).map((e) => permute(e, p)));
  if (isTup(v)) return new TupV(v.elems.map((e) => permute(e, p)));
  if (isRcd(v)) return new RcdV(v.names, v.vals.map((e) => permute(e, p)));
  if (isFcn(v)) return mkFcn(v.dom.map((e) => permute(e, p)), v.vals.map((e) => permute(e, p)));
  return v;
}

/**
 * symmetryGroup closes the SYMMETRY permutations under composition, as TLC does: with
 * Permutations(A) \cup Permutations(B) the group is the product of both.
 */
function symmetryGroup(perms: Value[]): Map<ModelV, Value>[] {
  const gens = perms.map((perm) => {
    const f = toFcnLike(perm);
    const map = new Map<ModelV, Value>();
    if (f) f.dom.forEach((d, i) => isModel(d) && map.set(d, f.vals[i]));
    return map;
  });
  const key = (p: Map<ModelV, Value>) =>
    [...p.entries()]
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => `${a.name}>${isModel(b) ? b.name : show(b)}`)
      .sort()
      .join(',');
  const seen = new Map<string, Map<ModelV, Value>>();
  const queue: Map<ModelV, Value>[] = [];
  for (const g of gens) {
    const k = key(g);
    if (!seen.has(k)) {
      seen.set(k, g);
      queue.push(g);
    }
  }
  const limit = 100_000;
  for (let i = 0; i < queue.length && seen.size < limit; i++) {
    for (const g of gens) {
      // compose: (p then g)
      const p = queue[i];
      const c = new Map<ModelV, Value>();
      const dom = new Set<ModelV>([...p.keys(), ...g.keys()]);
      for (const x of dom) {
        const y = p.get(x) ?? x;
        const z = isModel(y) ? (g.get(y) ?? y) : y;
        c.set(x, z);
      }
      const k = key(c);
      if (!seen.has(k)) {
        seen.set(k, c);
        queue.push(c);
      }
    }
  }
  return [...seen.values()];
}

/**
 * Shard: one worker of a parallel search. The seen-set is shared; the worker takes the initial
 * states `takeInit` accepts; a new state is explored by the worker that `keep` assigns it to (by
 * fingerprint; the shard sends the others away); `barrier` (after the initial states and after
 * each level) waits for every worker, adds the states received from the others to the frontier,
 * and says whether any worker has states left, so levels stay in step and the depth is the
 * single-worker depth.
 */
export interface Shard {
  seen: { putIfAbsent(hi: number, lo: number, id: number): number; readonly size: number };
  takeInit(index: number): boolean;
  keep(hi: number, lo: number, state: Value[]): boolean;
  barrier(frontier: Value[][], ids: number[]): boolean;
  /** Why the parallel search is being stopped, or undefined; read every 16 states. */
  stopRequested(): StopReason | undefined;
}

/** Options of search and searchSteps. */
export interface SearchOptions {
  onProgress?: (p: SearchProgress) => void;
  progressMs?: number;
  maxStates?: number;
  actionStats?: number[];
  /** liveness: record every distinct state and transition here */
  graph?: BehaviourGraph;
  /** parallel search (parallel/): this worker's part of a search shared with other workers */
  shard?: Shard;
  /** searchSteps yields about this often (milliseconds); without it the search never yields */
  yieldMs?: number;
}

/** search runs the whole search synchronously. */
export function search(m: Model, opts: SearchOptions): SearchOutcome {
  const steps = searchSteps(m, { ...opts, yieldMs: undefined });
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * searchSteps is the search as a generator that yields the counts so far about every
 * `opts.yieldMs` milliseconds, so that an asynchronous driver can let timers and signals in
 * (`wormspace check --timeout`, Ctrl-C). Resumed with a StopReason, it stops there and returns the
 * counts reached, with `stopped` set; resumed with undefined, it goes on.
 */
export function* searchSteps(m: Model, opts: SearchOptions): Generator<SearchProgress, SearchOutcome, StopReason | undefined> {
  const nvars = m.varNames.length;
  const graph = opts.graph;
  const shard = opts.shard;
  const fps = shard ? shard.seen : new FpSet(16);
  const rec = new Records();
  let generated = 0;
  let depth = 0;
  let queueLen = 0;
  const perms: Map<ModelV, Value>[] | null = m.symmetry ? symmetryGroup(m.symmetry) : null;

  /** fingerprint of a state, through VIEW and SYMMETRY; result in fpHi/fpLo. */
  const fingerprint = (s: Value[]): void => {
    if (m.view) {
      const saved = RT.s;
      RT.s = s;
      try {
        fp(m.view([]));
      } finally {
        RT.s = saved;
      }
    } else fpState(s);
    if (perms) {
      let bh = FP.hi;
      let bl = FP.lo;
      for (const p of perms) {
        const ps = s.map((v) => permute(v, p));
        if (m.view) {
          const saved = RT.s;
          RT.s = ps;
          try {
            fp(m.view([]));
          } finally {
            RT.s = saved;
          }
        } else fpState(ps);
        if (FP.hi < bh || (FP.hi === bh && FP.lo < bl)) {
          bh = FP.hi;
          bl = FP.lo;
        }
      }
      setFp(bh, bl);
    }
  };
  let outHi = 0;
  let outLo = 0;
  const setFp = (h: number, l: number) => {
    outHi = h;
    outLo = l;
  };
  /** fpOf fingerprints a state into (outHi, outLo); fpPair allocates, for the rare callers. */
  const fpOf = (s: Value[]): void => {
    outHi = -1;
    fingerprint(s);
    if (outHi === -1) {
      outHi = FP.hi;
      outLo = FP.lo;
    }
  };
  const fpPair = (s: Value[]): [number, number] => {
    fpOf(s);
    return [outHi, outLo];
  };

  const evalState = (c: Check, s: Value[]): boolean => {
    RT.s = s;
    const v = c.eval([]);
    if (typeof v !== 'boolean') throw new EvalError(`${c.name} should be a boolean, but is ${show(v)}`, c.loc);
    return v;
  };
  const evalAction = (c: Check, s: Value[], t: Value[]): boolean => {
    RT.s = s;
    RT.t = t;
    const v = c.eval([]);
    if (typeof v !== 'boolean') throw new EvalError(`${c.name} should be a boolean, but is ${show(v)}`, c.loc);
    return v;
  };

  const initialStates = (): Value[][] => {
    const out: Value[][] = [];
    const t: (Value | undefined)[] = new Array(nvars).fill(undefined);
    RT.s = t as Value[];
    RT.t = t;
    RT.na = 0;
    RT.nv = nvars;
    const run = (i: number): void => {
      if (i === m.init.length) {
        const missing = m.varNames.filter((_, j) => t[j] === undefined);
        if (missing.length > 0) {
          throw new EvalError(`The initial predicate does not assign ${missing.length > 1 ? 'the variables' : 'the variable'} ${missing.join(', ')}`);
        }
        out.push(t.slice() as Value[]);
        return;
      }
      m.init[i]([], () => run(i + 1));
    };
    run(0);
    return out;
  };

  // One next-state buffer for the whole search: actions assign and unassign it as they backtrack.
  const tbuf: (Value | undefined)[] = new Array(nvars).fill(undefined);
  const successors = (a: SplitAction, s: Value[]): Value[][] => {
    const out: Value[][] = [];
    const t = tbuf;
    for (let j = 0; j < nvars; j++) t[j] = undefined;
    RT.na = 0;
    RT.nv = nvars;
    RT.s = s;
    RT.t = t;
    a.act(a.frame, () => {
      for (let j = 0; j < nvars; j++) {
        if (t[j] === undefined) {
          const missing = m.varNames.filter((_, i) => t[i] === undefined);
          throw new EvalError(`Successor state is not completely specified by action ${a.label}; not assigned: ${missing.join(', ')}`, a.loc);
        }
      }
      out.push(t.slice() as Value[]);
    });
    return out;
  };

  /** traceTo rebuilds the states from an initial state to state `id` by re-execution. */
  const traceTo = (id: number): RawStep[] => {
    const ids: number[] = [];
    for (let i = id; i >= 0; i = rec.parent[i]) ids.push(i);
    ids.reverse();
    const steps: RawStep[] = [];
    let cur: Value[] | null = null;
    for (const i of ids) {
      const want = [rec.hi[i], rec.lo[i]];
      const cands: Value[][] = cur === null ? initialStates() : successors(m.actions[rec.action[i]], cur);
      const hit = cands.find((c: Value[]) => {
        const [h, l] = fpPair(c);
        return h === want[0] && l === want[1];
      });
      if (!hit) throw new Error('internal error: cannot rebuild the counterexample');
      const a = cur === null ? null : m.actions[rec.action[i]];
      steps.push(a ? { label: a.label, location: tlcLocation(a.loc), state: hit } : { label: 'Initial predicate', state: hit });
      cur = hit;
    }
    return steps;
  };

  const stepOf = (a: SplitAction | null, s: Value[]): RawStep =>
    a ? { label: a.label, location: tlcLocation(a.loc), state: s } : { label: 'Initial predicate', state: s };

  // Successors are processed one by one as the action produces them, as TLC's Worker.addElement
  // does: `generated` counts up to the successor that violates a property, not the whole batch.
  let curS: Value[] = [];
  let curAi = 0;
  let curA: SplitAction | null = null;
  let succCount = 0;
  let level = 1;
  let curSucc: Value[] | null = null;
  const processSucc = (t: Value[]): void => {
    curSucc = t;
    const s = curS;
    tlcStats.level = level + 1;
    const a = curA!;
    let inModel = true;
    for (const c of m.constraints) if (!evalState(c, t)) inModel = false;
    if (inModel) for (const c of m.actionConstraints) if (!evalAction(c, s, t)) inModel = false;
    let unseen = true;
    let newId = -1;
    let h = 0;
    let l = 0;
    if (inModel) {
      fpOf(t);
      h = outHi;
      l = outLo;
      newId = rec.n;
      const old = fps.putIfAbsent(h, l, newId);
      unseen = old === -1;
      if (unseen) {
        rec.add(curId, curAi, h, l);
        if (level + 1 > depth) depth = level + 1;
        graph?.addState(newId, t);
      }
      graph?.addEdge(curId, unseen ? newId : old, curAi);
    }
    if (unseen) {
      for (const inv of m.invariants) {
        if (!evalState(inv, t)) {
          throw new Halt({ verdict: 'invariant', violated: inv.name || tlcLocation(inv.loc), trace: [...traceTo(curId), stepOf(a, t)], message: `Invariant ${inv.name || tlcLocation(inv.loc)} is violated.` });
        }
      }
    }
    for (const p of m.impliedActions) {
      if (!evalAction(p, s, t)) {
        throw new Halt({ verdict: 'property', violated: p.name || tlcLocation(p.loc), trace: [...traceTo(curId), stepOf(a, t)], message: `Action property ${p.name || tlcLocation(p.loc)} is violated.` });
      }
    }
    if (inModel && unseen && (!shard || shard.keep(h, l, t))) {
      next.push(t);
      nextIds.push(newId);
      queueLen++;
    }
    curSucc = null;
  };
  const emit = (): void => {
    const t = tbuf.slice() as Value[];
    generated++;
    for (let j = 0; j < nvars; j++) {
      if (tbuf[j] === undefined) {
        // TLC counts the incomplete state as generated and shows it at the end of the trace.
        const missing = m.varNames.filter((_, i) => tbuf[i] === undefined);
        curSucc = t;
        throw new EvalError(`Successor state is not completely specified by action ${curA!.label}; not assigned: ${missing.join(', ')}`, curA!.loc);
      }
    }
    if (opts.actionStats) opts.actionStats[curAi] = (opts.actionStats[curAi] ?? 0) + 1;
    succCount++;
    const na = RT.na;
    try {
      processSucc(t);
    } finally {
      RT.s = curS;
      RT.t = tbuf;
      RT.na = na;
      RT.nv = nvars;
      tlcStats.level = level;
    }
  };

  let inInit = true;
  let frontier: Value[][] = [];
  let frontierIds: number[] = [];
  let next: Value[][] = [];
  let nextIds: number[] = [];
  let curId = -1;
  let lastProgress = Date.now();
  const progressMs = opts.progressMs ?? 3000;
  const yieldMs = opts.yieldMs;
  let lastYield = lastProgress;
  let explored = 0;

  try {
    // Initial states (TLC's DoInitFunctor).
    Object.assign(tlcStats, { level: 1, distinct: 0, generated: 0, queue: 0, diameter: 0 });
    const inits = initialStates();
    for (let ii = 0; ii < inits.length; ii++) {
      const s = inits[ii];
      if (shard && !shard.takeInit(ii)) continue;
      generated++;
      const inModel = m.constraints.every((c) => evalState(c, s));
      let seen = false;
      if (inModel) {
        const [h, l] = fpPair(s);
        const id = rec.n;
        seen = fps.putIfAbsent(h, l, id) !== -1;
        if (!seen) {
          graph?.addInit(id, s);
          rec.add(-1, -1, h, l);
          frontier.push(s);
          frontierIds.push(id);
          depth = 1;
        }
      }
      if (!seen) {
        for (const inv of m.invariants) {
          if (!evalState(inv, s)) throw new Halt({ verdict: 'invariant', violated: inv.name || tlcLocation(inv.loc), trace: [stepOf(null, s)], message: `Invariant ${inv.name || tlcLocation(inv.loc)} is violated by the initial state.` });
        }
        for (const p of m.impliedInits) {
          if (!evalState(p, s)) throw new Halt({ verdict: 'property', violated: p.name, trace: [stepOf(null, s)], message: `Property ${p.name} is violated by the initial state.` });
        }
      }
    }
    queueLen = frontier.length;
    inInit = false;

    while (shard ? shard.barrier(frontier, frontierIds) : frontier.length > 0) {
      // The barrier evened out the shards' queues: this shard's queue is its frontier.
      if (shard) queueLen = frontier.length;
      for (let qi = 0; qi < frontier.length; qi++) {
        const s = frontier[qi];
        curId = frontierIds[qi];
        (frontier as (Value[] | null)[])[qi] = null; // let the state be collected
        queueLen--;
        curS = s;
        succCount = 0;
        tlcStats.level = level;
        tlcStats.distinct = fps.size;
        tlcStats.generated = generated;
        tlcStats.queue = queueLen;
        tlcStats.diameter = depth;
        for (let ai = 0; ai < m.actions.length; ai++) {
          const a = m.actions[ai];
          curAi = ai;
          curA = a;
          for (let j = 0; j < nvars; j++) tbuf[j] = undefined;
          RT.na = 0;
          RT.nv = nvars;
          RT.s = s;
          RT.t = tbuf;
          a.act(a.frame, emit);
        }
        const deadlocked = succCount === 0;
        if (deadlocked && m.checkDeadlock) {
          throw new Halt({ verdict: 'deadlock', violated: null, trace: traceTo(curId), message: 'Deadlock reached.' });
        }
        // The clock is read every 16 states: a state with many successors can take milliseconds.
        if ((++explored & 15) === 0 && (opts.onProgress || yieldMs !== undefined || shard)) {
          const stopping = shard?.stopRequested();
          if (stopping !== undefined) return { verdict: 'ok', violated: null, distinct: fps.size, generated, depth, trace: [], queue: queueLen, stopped: stopping };
          const now = Date.now();
          if (opts.onProgress && now - lastProgress >= progressMs) {
            lastProgress = now;
            opts.onProgress({ generated, distinct: fps.size, queue: queueLen, depth });
          }
          if (yieldMs !== undefined && now - lastYield >= yieldMs) {
            const stop = yield { generated, distinct: fps.size, queue: queueLen, depth };
            lastYield = Date.now();
            if (stop !== undefined) return { verdict: 'ok', violated: null, distinct: fps.size, generated, depth, trace: [], queue: queueLen, stopped: stop };
          }
        }
        if (opts.maxStates && fps.size > opts.maxStates) {
          throw new Halt({ verdict: 'error', violated: null, trace: [], message: `stopped after ${opts.maxStates} distinct states (limit)` });
        }
      }
      frontier = next;
      frontierIds = nextIds;
      next = [];
      nextIds = [];
      level++;
    }
    return { verdict: 'ok', violated: null, distinct: fps.size, generated, depth, trace: [], queue: 0 };
  } catch (e) {
    const base = { distinct: fps.size, generated, depth, queue: queueLen };
    // TLC reports no counts when an initial state already fails.
    if (e instanceof Halt) return inInit ? { ...e.outcome, distinct: 0, generated: 0, depth: 0, queue: 0 } : { ...e.outcome, ...base };
    if (e instanceof StopSearch) return { verdict: 'ok', violated: null, trace: [], ...base, stopped: e.reason };
    if (e instanceof EvalError) {
      let trace: RawStep[] = [];
      try {
        // TLC shows the path to the state being explored, and the successor being checked.
        if (curId >= 0) trace = traceTo(curId);
        if (curSucc !== null && curA !== null) trace.push(stepOf(curA, curSucc));
      } catch {
        trace = [];
      }
      return { verdict: 'error', violated: null, trace, message: errorMessage(e), ...base };
    }
    throw e;
  }
}

export function errorMessage(e: EvalError): string {
  const l: Loc | null = e.loc;
  return l ? `${fmtLoc(l)}: ${e.message}` : e.message;
}
