/**
 * Liveness checking on the behaviour graph, as TLC does it after the state space is explored:
 * for each temporal property P, look for a behaviour of the specification that violates P, i.e.
 * a fair path of the product of the behaviour graph with the tableau of ~P (plus the
 * specification's temporal conjuncts other than WF/SF) that visits every acceptance set
 * infinitely often. Such a path ends in a strongly connected component; WF_v(A) and SF_v(A) are
 * conditions on that component (Emerson and Lei's algorithm: justice for WF and for the
 * tableau's acceptance sets, compassion for SF). The counterexample is a lasso: the shortest
 * path to the component, then a cycle through it that visits one witness of each condition, and
 * "Back to state N" (or "Stuttering" when the cycle is the stuttering step), as TLC prints it.
 */
import { EvalError } from '../errors.ts';
import { RT } from '../compile.ts';
import { show, type Value } from '../values.ts';
import { buildTableau, type Tableau } from './tableau.ts';
import type { BehaviourGraph } from './graph.ts';
import type { Atom, Fairness, Ltl } from './formula.ts';

export interface LassoStep {
  /** state id in the behaviour graph */
  state: number;
  /** action index that led here (INITIAL for the first state) */
  action: number;
}

/**
 * Pace: how often a liveness check that may be stopped lets its driver in. The check functions
 * below are generators that yield (nothing) when `due()` says so; the driver (checkSteps in
 * ../index.ts) lets the event loop in there and ends the generator when the check is stopped
 * (`--timeout`, Ctrl-C, SIGTERM). Without `ms` a check never yields.
 */
export class Pace {
  private n = 0;
  private last = Date.now();
  constructor(private readonly ms?: number) {}
  /** True about every `ms` milliseconds (the clock is read every 16 calls). */
  due(): boolean {
    if (this.ms === undefined || (++this.n & 15) !== 0) return false;
    const now = Date.now();
    if (now - this.last < this.ms) return false;
    this.last = now;
    return true;
  }
}

/** The steps of a liveness check: it yields where it may be stopped. */
export type LivenessSteps<T> = Generator<void, T, undefined>;

export interface Lasso {
  /** the states of the prefix and of the cycle, first state first */
  steps: LassoStep[];
  /**
   * index (0-based) in steps of the state the cycle returns to, or -1 for final stuttering; when
   * it is not -1, the last step is the one that closes the cycle (its state is steps[backTo]'s)
   */
  backTo: number;
}

const FOUND = { found: true };
/** the action of a lasso's first state */
export const INITIAL = -2;

/** Atom values, computed at most once per state (or per edge for action atoms). */
class Evaluator {
  private stateCache = new Map<number, Int8Array>();
  private edgeCache = new Map<number, Int8Array>();
  private tbuf: (Value | undefined)[];
  constructor(
    private readonly g: BehaviourGraph,
    private readonly nvars: number,
  ) {
    this.tbuf = new Array(nvars).fill(undefined);
  }

  atState(a: Atom, sid: number): boolean {
    let c = this.stateCache.get(a.id);
    if (!c) this.stateCache.set(a.id, (c = new Int8Array(this.g.size)));
    const hit = c[sid];
    if (hit !== 0) return hit === 2;
    const v = a.kind === 'enabled' ? this.enabled(a, sid) : this.evalBool(a, this.g.states[sid], null);
    c[sid] = v ? 2 : 1;
    return v;
  }

  /** action atoms on edge e (index into the graph's CSR arrays), from state sid */
  atEdge(a: Atom, sid: number, e: number): boolean {
    let c = this.edgeCache.get(a.id);
    if (!c) this.edgeCache.set(a.id, (c = new Int8Array(this.g.edges)));
    const hit = c[e];
    if (hit !== 0) return hit === 2;
    const v = this.evalBool(a, this.g.states[sid], this.g.states[this.g.to[e]]);
    c[e] = v ? 2 : 1;
    return v;
  }

  private evalBool(a: Atom, s: Value[], t: Value[] | null): boolean {
    RT.s = s;
    if (t) RT.t = t;
    const v = a.expr!(a.frame.slice());
    if (typeof v !== 'boolean') throw new EvalError(`a temporal formula's operand should be a boolean, but is ${show(v)}`, a.loc);
    return v;
  }

  private enabled(a: Atom, sid: number): boolean {
    const s = this.g.states[sid];
    const t = this.tbuf;
    for (let j = 0; j < this.nvars; j++) t[j] = undefined;
    RT.na = 0;
    RT.nv = this.nvars;
    RT.s = s;
    RT.t = t;
    const sub = a.sub;
    try {
      a.act!(a.frame.slice(), () => {
        if (!sub) throw FOUND;
        const full = t.map((v, i) => (v === undefined ? s[i] : v)) as Value[];
        const before = sub(a.frame.slice());
        RT.s = full;
        let after: Value;
        try {
          after = sub(a.frame.slice());
        } finally {
          RT.s = s;
        }
        if (show(after) !== show(before)) throw FOUND;
      });
    } catch (e) {
      if (e === FOUND) return true;
      throw e;
    } finally {
      for (let j = 0; j < this.nvars; j++) t[j] = undefined;
    }
    return false;
  }
}

/** The product of the behaviour graph and a tableau, built from the initial states. */
interface Product {
  st: number[];
  tab: number[];
  /** successors: product node, and the graph edge it follows */
  adj: number[][];
  edge: number[][];
  parent: number[];
  parentEdge: number[];
}

function* buildProduct(g: BehaviourGraph, t: Tableau, ev: Evaluator, pace: Pace): LivenessSteps<Product> {
  const nT = t.nodes.length;
  const index = new Map<number, number>();
  const p: Product = { st: [], tab: [], adj: [], edge: [], parent: [], parentEdge: [] };
  const stateOk = (q: number, s: number): boolean => {
    for (const l of t.nodes[q].lits) if (l.atom.kind !== 'action' && ev.atState(l.atom, s) === l.neg) return false;
    return true;
  };
  const edgeOk = (q: number, s: number, e: number): boolean => {
    for (const l of t.nodes[q].lits) if (l.atom.kind === 'action' && ev.atEdge(l.atom, s, e) === l.neg) return false;
    return true;
  };
  const add = (s: number, q: number, parent: number, pe: number): number => {
    const k = s * nT + q;
    let i = index.get(k);
    if (i === undefined) {
      i = p.st.length;
      index.set(k, i);
      p.st.push(s);
      p.tab.push(q);
      p.adj.push([]);
      p.edge.push([]);
      p.parent.push(parent);
      p.parentEdge.push(pe);
    }
    return i;
  };
  for (const s of g.inits) for (const q of t.nodes) if (q.initial && stateOk(q.id, s)) add(s, q.id, -1, -1);
  for (let i = 0; i < p.st.length; i++) {
    if (pace.due()) yield;
    const s = p.st[i];
    const q = p.tab[i];
    for (let e = g.off[s]; e < g.off[s + 1]; e++) {
      if (!edgeOk(q, s, e)) continue;
      const to = g.to[e];
      for (const q2 of t.nodes[q].succ) {
        if (!stateOk(q2, to)) continue;
        const j = add(to, q2, i, e);
        p.adj[i].push(j);
        p.edge[i].push(e);
      }
    }
  }
  return p;
}

/** Tarjan's algorithm on the nodes with inSet[n] = 1, iteratively; SCCs in completion order. */
function* sccs(p: Product, inSet: Uint8Array, roots: number[], pace: Pace): LivenessSteps<number[][]> {
  const n = p.st.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  const callStack: { v: number; i: number }[] = [];
  for (const r of roots) {
    if (!inSet[r] || index[r] !== -1) continue;
    callStack.push({ v: r, i: 0 });
    index[r] = low[r] = counter++;
    stack.push(r);
    onStack[r] = 1;
    while (callStack.length > 0) {
      if (pace.due()) yield;
      const top = callStack[callStack.length - 1];
      const v = top.v;
      const adj = p.adj[v];
      if (top.i < adj.length) {
        const w = adj[top.i++];
        if (!inSet[w]) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          callStack.push({ v: w, i: 0 });
        } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      callStack.pop();
      if (callStack.length > 0) {
        const u = callStack[callStack.length - 1].v;
        low[u] = Math.min(low[u], low[v]);
      }
      if (low[v] === index[v]) {
        const comp: number[] = [];
        for (;;) {
          const w = stack.pop()!;
          onStack[w] = 0;
          comp.push(w);
          if (w === v) break;
        }
        out.push(comp.reverse());
      }
    }
  }
  return out;
}

/** A condition on a component: a node or an edge (inside it) that witnesses it. */
interface Justice {
  node?: (pn: number) => boolean;
  edge?: (pn: number, e: number) => boolean;
}

interface Compassion {
  enabled: (pn: number) => boolean;
  step: (pn: number, e: number) => boolean;
}

/** some: whether pred holds for an item, yielding at the pace (pred may evaluate ENABLED). */
function* some(items: number[], pred: (v: number) => boolean, pace: Pace): LivenessSteps<boolean> {
  for (const v of items) {
    if (pace.due()) yield;
    if (pred(v)) return true;
  }
  return false;
}

function* findFair(p: Product, inSet: Uint8Array, roots: number[], justice: Justice[], compassion: Compassion[], pace: Pace): LivenessSteps<number[] | null> {
  for (const comp of yield* sccs(p, inSet, roots, pace)) {
    const inC = new Uint8Array(p.st.length);
    for (const v of comp) inC[v] = 1;
    // A component is a cycle only if it has an edge inside it.
    if (!(yield* some(comp, (v) => p.adj[v].some((w) => inC[w]), pace))) continue;
    const bad: Compassion[] = [];
    for (const c of compassion) {
      if (!(yield* some(comp, c.enabled, pace))) continue;
      const stepIn = yield* some(comp, (v) => p.adj[v].some((w, j) => inC[w] && c.step(v, p.edge[v][j])), pace);
      if (!stepIn) bad.push(c);
    }
    if (bad.length > 0) {
      // SF is violated here unless the cycle avoids the states where the action is enabled.
      const sub = new Uint8Array(p.st.length);
      for (const v of comp) if (!bad.some((c) => c.enabled(v))) sub[v] = 1;
      const r = yield* findFair(p, sub, comp, justice, compassion, pace);
      if (r) return r;
      continue;
    }
    let ok = true;
    for (const j of justice) {
      const met = yield* some(comp, (v) => (j.node?.(v) ?? false) || (j.edge ? p.adj[v].some((w, k) => inC[w] && j.edge!(v, p.edge[v][k])) : false), pace);
      if (!met) {
        ok = false;
        break;
      }
    }
    if (ok) return comp;
  }
  return null;
}

/** pathWithin: shortest path inside `inC` from `from` to a node satisfying `goal`, as (node, edge) steps. */
function pathWithin(p: Product, inC: Uint8Array, from: number, goal: (v: number) => boolean, atLeastOne: boolean): { node: number; edge: number }[] | null {
  if (!atLeastOne && goal(from)) return [];
  const prev = new Map<number, { from: number; edge: number }>();
  const queue = [from];
  const seen = new Set<number>(atLeastOne ? [] : [from]);
  for (let qi = 0; qi < queue.length; qi++) {
    const v = queue[qi];
    for (let k = 0; k < p.adj[v].length; k++) {
      const w = p.adj[v][k];
      if (!inC[w] || seen.has(w)) continue;
      seen.add(w);
      prev.set(w, { from: v, edge: p.edge[v][k] });
      if (goal(w)) {
        const out: { node: number; edge: number }[] = [];
        for (let x = w; ; ) {
          const pr = prev.get(x)!;
          out.push({ node: x, edge: pr.edge });
          if (pr.from === from) break;
          x = pr.from;
        }
        return out.reverse();
      }
      queue.push(w);
    }
  }
  return null;
}

export interface LivenessInput {
  graph: BehaviourGraph;
  nvars: number;
  fairness: Fairness[];
  /** the formula whose fair behaviours are counterexamples: ~P /\ (temporal conjuncts of the spec) */
  negated: Ltl;
}

/**
 * findViolation returns a lasso of the behaviour graph satisfying the formula fairly, or null.
 * It yields at `pace` (see Pace) in the product's construction and the component search.
 */
export function* findViolation(inp: LivenessInput, pace: Pace = new Pace()): LivenessSteps<Lasso | null> {
  const g = inp.graph;
  const ev = new Evaluator(g, inp.nvars);
  const tab = buildTableau(inp.negated);
  if (tab.nodes.length === 0) return null;
  const p = yield* buildProduct(g, tab, ev, pace);
  const n = p.st.length;
  if (n === 0) return null;
  const justice: Justice[] = [];
  for (const acc of tab.acceptance) justice.push({ node: (v) => acc[p.tab[v]] });
  for (const f of inp.fairness) {
    if (f.strong) continue;
    justice.push({ node: (v) => !ev.atState(f.enabled, p.st[v]), edge: (v, e) => ev.atEdge(f.step, p.st[v], e) });
  }
  const compassion: Compassion[] = inp.fairness
    .filter((f) => f.strong)
    .map((f) => ({ enabled: (v: number) => ev.atState(f.enabled, p.st[v]), step: (v: number, e: number) => ev.atEdge(f.step, p.st[v], e) }));
  const all = new Uint8Array(n).fill(1);
  const roots = Array.from({ length: n }, (_, i) => i);
  const comp = yield* findFair(p, all, roots, justice, compassion, pace);
  if (!comp) return null;
  return lasso(p, g, comp, justice, compassion);
}

function lasso(p: Product, g: BehaviourGraph, comp: number[], justice: Justice[], compassion: Compassion[]): Lasso {
  const inC = new Uint8Array(p.st.length);
  for (const v of comp) inC[v] = 1;
  // Entry: the node of the component reached first by the breadth-first construction.
  const entry = Math.min(...comp);
  const prefix: { node: number; edge: number }[] = [];
  for (let v = entry; v !== -1; v = p.parent[v]) prefix.push({ node: v, edge: p.parentEdge[v] });
  prefix.reverse();
  // Goals on the cycle: a witness of each justice condition, and the step of each SF action
  // that is enabled somewhere in the component.
  type Goal = { node?: (v: number) => boolean; edge?: (v: number, e: number) => boolean };
  const goals: Goal[] = [...justice];
  for (const c of compassion) if (comp.some((v) => c.enabled(v))) goals.push({ edge: c.step });
  const cycle: { node: number; edge: number }[] = [];
  let cur = entry;
  const visited = (goal: Goal): boolean => {
    const nodes = [entry, ...cycle.map((s) => s.node)];
    if (goal.node && nodes.some((v) => goal.node!(v))) return true;
    if (goal.edge) {
      let from = entry;
      for (const s of cycle) {
        if (goal.edge(from, s.edge)) return true;
        from = s.node;
      }
    }
    return false;
  };
  for (const goal of goals) {
    if (visited(goal)) continue;
    // Reach a node that is a witness, or the source of a witnessing edge and then take it.
    const isSource = (v: number) => (goal.node?.(v) ?? false) || (goal.edge ? p.adj[v].some((w, k) => inC[w] && goal.edge!(v, p.edge[v][k])) : false);
    const path = pathWithin(p, inC, cur, isSource, false)!;
    cycle.push(...path);
    if (path.length > 0) cur = path[path.length - 1].node;
    if (!(goal.node?.(cur) ?? false) && goal.edge) {
      const k = p.adj[cur].findIndex((w, k2) => inC[w] && goal.edge!(cur, p.edge[cur][k2]));
      const w = p.adj[cur][k];
      cycle.push({ node: w, edge: p.edge[cur][k] });
      cur = w;
    }
  }
  // Back to the entry, with at least one step.
  const back = pathWithin(p, inC, cur, (v) => v === entry, cycle.length === 0)!;
  cycle.push(...back);
  // Steps that keep the state (stuttering, an action such as x' = x, or the tableau moving on)
  // are not printed; a cycle made only of them is TLC's "Stuttering".
  const steps: LassoStep[] = [{ state: p.st[prefix[0].node], action: INITIAL }];
  for (const s of prefix.slice(1)) if (p.st[s.node] !== steps[steps.length - 1].state) steps.push({ state: p.st[s.node], action: g.action[s.edge] });
  // The last step returns to the entry's state; stuttering steps inside the cycle are not printed.
  let backTo = steps.length - 1;
  let last = steps[backTo].state;
  const loop: LassoStep[] = [];
  for (const s of cycle) {
    if (p.st[s.node] === last) continue;
    last = p.st[s.node];
    loop.push({ state: last, action: g.action[s.edge] });
  }
  // A cycle that never leaves the entry's state: TLC prints "Stuttering".
  if (loop.length === 0) return { steps, backTo: -1 };
  // The cycle ends at the entry, so its last printed step returns to the entry's state.
  steps.push(...loop);
  // Close the cycle as early as the states allow (the behaviour is the same): while the state
  // before the entry is the state before the closing step, step the entry back.
  while (backTo >= 1 && steps.length - 2 > backTo && steps[steps.length - 2].state === steps[backTo - 1].state) {
    steps.pop();
    backTo--;
  }
  return { steps, backTo };
}
