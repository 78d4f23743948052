/**
 * The action compiler: Init and Next become generators in continuation-passing style, that
 * enumerate assignments of the (next-)state variables the way TLC does: conjuncts left to right,
 * disjuncts in order, \E over its set in normalised order, `x' = e` assigns when x' is still free
 * and compares otherwise, `x' \in S` enumerates S, UNCHANGED assigns the current value.
 *
 * In 'init' mode the targets are unprimed variables and RT.s is the partial state itself.
 */
import { EvalError, type Loc } from './errors.ts';
import { leadingEquality, type SNode } from './syntax.ts';
import {
  RT, OpDef, Scope, FrameInfo, asBool, compile, compileLazyArg, compileBounds, compileLet, ensureCompiled, err, evalErr,
  getLevel, isVarRef, resetLevel, resolvePrefixed, located, walk, type Expr, type Frame, type ModEnv, type Def,
} from './compile.ts';
import {
  elems, equals, show, TupV, type Value, isTup,
} from './values.ts';
import { assignOne, paramTarget, target, unchangedVars } from './assign.ts';
import { unquote } from './modules.ts';

export type Mode = 'init' | 'next';
export type Act = (f: Frame, k: () => void) => void;

interface CAct {
  act: Act;
  /** set when the action is a plain boolean guard (lets conjunctions skip a continuation) */
  guard?: Expr;
  /** set for `x' = e`: lets conjunctions assign and continue without allocating a closure */
  assign?: { idx: number; e: Expr; loc: Loc };
  /** set for UNCHANGED <<...>> */
  unchanged?: number[];
  /** the same formula as a boolean (used once all variables are assigned) */
  bool?: Expr;
}

const defActs = new WeakMap<OpDef, { init?: { act: Act; fi: FrameInfo }; next?: { act: Act; fi: FrameInfo } }>();

function guardAct(g: Expr, loc: Loc): CAct {
  return {
    act: (f, k) => {
      if (asBool(g(f), loc, 'An action conjunct')) k();
    },
    guard: g,
  };
}

/** paramAssign compiles `q' = e`, `q' \in S` or `UNCHANGED q` with q a parameter (see paramTarget). */
function paramAssign(n: SNode, p: { up: number; slot: number }, kind: 'eq' | 'in' | 'unchanged', rhs: Expr | null, sc: Scope): CAct {
  const loc = sc.env.loc(n);
  const fallback = guardAct(compile(n, sc), loc).act;
  const { up, slot } = p;
  return {
    act: (f, k) => {
      const r = walk(f, up)[slot];
      if (!isVarRef(r)) return fallback(f, k);
      if (kind === 'unchanged') return assignOne(r.idx, RT.s[r.idx]!, loc, k);
      const v = rhs!(f);
      if (kind === 'eq') return assignOne(r.idx, v, loc, k);
      let es: Value[];
      try {
        es = elems(v);
      } catch (x) {
        return located(x, loc);
      }
      for (let i = 0; i < es.length; i++) assignOne(r.idx, es[i], loc, k);
    },
  };
}

/**
 * seq runs conjuncts left to right. Like TLC (Tool.getNextStates0), once every variable has a
 * value the remaining conjuncts are evaluated as plain booleans: they no longer branch, so
 * `x' = 1 /\ \E i \in S : P(i)` yields one successor, not one per witness.
 */
function seq(items: CAct[]): CAct {
  if (items.length === 1) return items[0];
  const [a, ...rest] = items;
  const r = seq(rest);
  const rAct = r.act;
  const bools = rest.map((x) => x.bool!);
  const nb = bools.length;
  const ra: Act = (f, k) => {
    if (RT.na === RT.nv) {
      for (let i = 0; i < nb; i++) {
        const v = bools[i](f);
        if (v !== true) {
          if (v === false) return;
          throw new EvalError(`An action conjunct should be a boolean, but is ${show(v)}`);
        }
      }
      k();
    } else rAct(f, k);
  };
  if (a.guard) {
    const g = a.guard;
    return {
      act: (f, k) => {
        const v = g(f);
        if (v === true) ra(f, k);
        else if (v !== false) throw new EvalError(`An action conjunct should be a boolean, but is ${show(v)}`);
      },
    };
  }
  if (a.assign) {
    const { idx, e, loc } = a.assign;
    return {
      act: (f, k) => {
        const v = e(f);
        const t = RT.t;
        const cur = t[idx];
        if (cur === undefined) {
          t[idx] = v;
          RT.na++;
          try {
            ra(f, k);
          } finally {
            t[idx] = undefined;
            RT.na--;
          }
        } else {
          let same: boolean;
          try {
            same = equals(cur, v);
          } catch (x) {
            return located(x, loc);
          }
          if (same) ra(f, k);
        }
      },
    };
  }
  if (a.unchanged) {
    const idxs = a.unchanged;
    const n = idxs.length;
    return {
      act: (f, k) => {
        const t = RT.t;
        const s = RT.s;
        let mask = 0;
        for (let j = 0; j < n; j++) {
          const i = idxs[j];
          const cur = t[i];
          if (cur === undefined) {
            t[i] = s[i];
            RT.na++;
            mask |= 1 << j;
          } else if (cur !== s[i] && !equals(cur, s[i])) {
            for (let q = 0; q < j; q++) if (mask & (1 << q)) {
              t[idxs[q]] = undefined;
              RT.na--;
            }
            return;
          }
        }
        try {
          ra(f, k);
        } finally {
          for (let q = 0; q < n; q++) if (mask & (1 << q)) {
            t[idxs[q]] = undefined;
            RT.na--;
          }
        }
      },
    };
  }
  const aa = a.act;
  return { act: (f, k) => aa(f, () => ra(f, k)) };
}

// ---- conjunct probes (the trace validator's diagnosis of an event no action takes) ----

/** One false conjunct: where it is, its text, and the values of its two sides when it compares. */
export interface ConjunctFailure {
  loc: Loc;
  text: string;
  /** How many conjuncts were true on the path to it (the deepest failure is the closest miss). */
  depth: number;
  /**
   * The values of its parts, as [text, value] pairs, when they could be evaluated: both sides of a
   * comparison (`lhs = rhs`, `x \in S`...), the arguments of an operator application `Op(a, b)`.
   */
  sides: [string, string][] | null;
}

/**
 * A ConjunctProbe is told of every conjunct found false. It is read when actions are COMPILED:
 * a model loaded while a probe is set evaluates conjunctions one by one and reports; a model
 * loaded without one is compiled as usual and pays nothing.
 */
export interface ConjunctProbe {
  depth: number;
  fail(f: ConjunctFailure): void;
}

let probe: ConjunctProbe | null = null;

/** setConjunctProbe sets (or clears) the probe that actions compiled from now on report to. */
export function setConjunctProbe(p: ConjunctProbe | null): void {
  probe = p;
}

const COMPARISONS = new Set(['eq', 'neq', 'in', 'notin', 'lt', 'leq', 'gt', 'geq', 'lteq', 'gteq']);

/** probedSeq runs conjuncts in order, one continuation each, and reports the first false one. */
function probedSeq(nodes: SNode[], items: CAct[], sc: Scope): CAct {
  const p = probe!;
  const info = nodes.map((node) => {
    let sides: [string, Expr][] | null = null;
    let n = node;
    while (n.type === 'parentheses') n = n.namedChildren[0];
    const parts: SNode[] = [];
    // The parts worth showing: sides of comparisons and arguments of applications, through
    // negations and disjunctions (`A \/ LessEq(promised[a], m.bal)`).
    const collect = (x: SNode, depth: number): void => {
      while (x.type === 'parentheses') x = x.namedChildren[0];
      if (depth > 3 || parts.length >= 6) return;
      if (x.type === 'bound_infix_op') {
        const sym = x.childForFieldName('symbol')!.type;
        if (COMPARISONS.has(sym)) parts.push(x.childForFieldName('lhs')!, x.childForFieldName('rhs')!);
        else if (sym === 'lor' || sym === 'land') {
          collect(x.childForFieldName('lhs')!, depth + 1);
          collect(x.childForFieldName('rhs')!, depth + 1);
        }
      } else if (x.type === 'bound_op') parts.push(...x.childrenForFieldName('parameter'));
      else if (x.type === 'bound_prefix_op' && x.childForFieldName('symbol')!.type === 'lnot') collect(x.childForFieldName('rhs')!, depth + 1);
      else if (x.type === 'disj_list' || x.type === 'conj_list') for (const it of x.namedChildren) collect(it.namedChildren[it.namedChildren.length - 1], depth + 1);
    };
    collect(n, 0);
    const uniq = [...new Map(parts.map((x) => [x.text, x])).values()];
    try {
      sides = uniq.map((x) => [x.text.replace(/\s+/g, ' '), compile(x, sc)] as [string, Expr]);
    } catch {
      sides = null;
    }
    return { loc: sc.env.loc(node), text: node.text.replace(/\s+/g, ' '), sides };
  });
  const run = (i: number, f: Frame, k: () => void): void => {
    if (i === items.length) return k();
    let passed = false;
    p.depth++;
    try {
      items[i].act(f, () => {
        passed = true;
        run(i + 1, f, k);
      });
      if (!passed) {
        const it = info[i];
        let shown: [string, string][] | null = null;
        if (it.sides && it.sides.length > 0) {
          try {
            shown = it.sides.map(([text, e]) => [text, show(e(f))] as [string, string]);
          } catch {
            shown = null;
          }
        }
        p.fail({ loc: it.loc, text: it.text, depth: p.depth, sides: shown });
      }
    } finally {
      p.depth--;
    }
  };
  return { act: (f, k) => run(0, f, k) };
}

/**
 * leadingStringTest: for a disjunct whose first conjunct is `key = "s"` (or `"s" = key`), with
 * no prime in key, key's node and s. The trace wrappers' `e.action = "Promise" /\ ...`.
 */
function leadingStringTest(b: SNode): { key: SNode; value: string } | null {
  const eq = leadingEquality(b);
  if (eq === null || eq.rhs.type !== 'string' || eq.lhs.type === 'string' || eq.lhs.text.includes("'")) return null;
  return { key: eq.lhs, value: unquote(eq.rhs.text) };
}

/**
 * dispatchOf: a disjunction of which several disjuncts start with `key = "s"`, the same key text
 * (one scope, so one meaning) and different strings (the trace wrappers' dispatch on the event's
 * action), evaluates key once and runs, in their order, only the disjuncts whose string is key's
 * value, and those that test no string. A skipped disjunct's first conjunct is FALSE, so it had
 * no successor, no assignment and no error to give. When key fails or is not a string, every
 * disjunct runs, as without the dispatch (the same successors and errors, in the same order).
 * Not with a conjunct probe: the diagnosis reports the false conjuncts of every disjunct.
 */
/** Disjunctions compiled with a dispatch, in this process (for the tests). */
export const dispatchStats = { compiled: 0 };

function dispatchOf(branches: SNode[], acts: Act[], sc: Scope): CAct | null {
  const tests = branches.map(leadingStringTest);
  const count = new Map<string, number>();
  for (const t of tests) if (t) count.set(t.key.text, (count.get(t.key.text) ?? 0) + 1);
  let keyText = '';
  let most = 0;
  for (const [k, c] of count) if (c > most) [keyText, most] = [k, c];
  if (most < 3) return null;
  const keyNode = tests.find((t) => t !== null && t.key.text === keyText)!.key;
  const key = compile(keyNode, sc);
  // For each string, the disjuncts to run in order; disjuncts that test no string (or another key)
  // run whatever the key's value.
  const always: number[] = [];
  const lits = new Set<string>();
  tests.forEach((t, i) => {
    if (t === null || t.key.text !== keyText) always.push(i);
    else lits.add(t.value);
  });
  const byValue = new Map<string, Act[]>();
  for (const lit of lits) {
    const run: Act[] = [];
    tests.forEach((t, i) => {
      if (t === null || t.key.text !== keyText || t.value === lit) run.push(acts[i]);
    });
    byValue.set(lit, run);
  }
  const others = always.map((i) => acts[i]);
  dispatchStats.compiled++;
  const all: Act = (f, k) => {
    for (let i = 0; i < acts.length; i++) acts[i](f, k);
  };
  return {
    act: (f, k) => {
      let v: Value;
      try {
        v = key(f);
      } catch {
        return all(f, k);
      }
      if (typeof v !== 'string') return all(f, k);
      const run = byValue.get(v) ?? others;
      for (let i = 0; i < run.length; i++) run[i](f, k);
    },
  };
}

/** compileAct compiles node n as an action (or an initial predicate in 'init' mode). */
export function compileAct(n: SNode, sc: Scope, mode: Mode): CAct {
  const c = compileAct0(n, sc, mode);
  if (!c.bool) c.bool = c.guard ?? compile(n, sc);
  return c;
}

function compileAct0(n: SNode, sc: Scope, mode: Mode): CAct {
  const env = sc.env;
  const loc = env.loc(n);
  switch (n.type) {
    case 'parentheses':
      return compileAct(n.namedChildren[0], sc, mode);
    case 'conj_list': {
      const nodes = n.namedChildren.map((it) => it.namedChildren[it.namedChildren.length - 1]);
      const items = nodes.map((x) => compileAct(x, sc, mode));
      return probe && mode === 'next' ? probedSeq(nodes, items, sc) : seq(items);
    }
    case 'disj_list': {
      const branches = n.namedChildren.map((it) => it.namedChildren[it.namedChildren.length - 1]);
      const acts = branches.map((b) => compileAct(b, sc, mode).act);
      if (!probe && mode === 'next') {
        const d = dispatchOf(branches, acts, sc);
        if (d) return d;
      }
      return {
        act: (f, k) => {
          for (let i = 0; i < acts.length; i++) acts[i](f, k);
        },
      };
    }
    case 'bound_infix_op': {
      const sym = n.childForFieldName('symbol')!.type;
      const lhs = n.childForFieldName('lhs')!;
      const rhs = n.childForFieldName('rhs')!;
      if (sym === 'land') {
        const items = [compileAct(lhs, sc, mode), compileAct(rhs, sc, mode)];
        return probe && mode === 'next' ? probedSeq([lhs, rhs], items, sc) : seq(items);
      }
      if (sym === 'lor') {
        const a = compileAct(lhs, sc, mode).act;
        const b = compileAct(rhs, sc, mode).act;
        return {
          act: (f, k) => {
            a(f, k);
            b(f, k);
          },
        };
      }
      if (sym === 'implies') {
        // TLC: P => A evaluates P; if true, A is an action, else the conjunct holds.
        const p = compile(lhs, sc);
        const a = compileAct(rhs, sc, mode).act;
        return { act: (f, k) => (asBool(p(f), loc, 'The left side of =>') ? a(f, k) : k()) };
      }
      if (sym === 'eq' || sym === 'in') {
        const pt = paramTarget(lhs, sc, mode);
        if (pt) return paramAssign(n, pt, sym, compile(rhs, sc), sc);
        const idx = target(lhs, sc, mode);
        if (idx >= 0) {
          const e = compile(rhs, sc);
          if (sym === 'eq') {
            return {
              assign: { idx, e, loc },
              act: (f, k) => {
                const v = e(f);
                const t = RT.t;
                const cur = t[idx];
                if (cur === undefined) {
                  t[idx] = v;
                  RT.na++;
                  try {
                    k();
                  } finally {
                    t[idx] = undefined;
                    RT.na--;
                  }
                } else {
                  let same: boolean;
                  try {
                    same = equals(cur, v);
                  } catch (x) {
                    return located(x, loc);
                  }
                  if (same) k();
                }
              },
            };
          }
          return {
            act: (f, k) => {
              const s = e(f);
              let es: Value[];
              try {
                es = elems(s);
              } catch (x) {
                return located(x, loc);
              }
              const t = RT.t;
              const cur = t[idx];
              if (cur !== undefined) {
                if (es.some((x) => equals(x, cur))) k();
                return;
              }
              RT.na++;
              try {
                for (let i = 0; i < es.length; i++) {
                  t[idx] = es[i];
                  k();
                }
              } finally {
                t[idx] = undefined;
                RT.na--;
              }
            },
          };
        }
      }
      break;
    }
    case 'bounded_quantification': {
      const q = n.childForFieldName('quantifier')!.type;
      const lo = sc.fi.size;
      const b = compileBounds(n.childrenForFieldName('bound'), sc);
      const body = compileAct(n.childForFieldName('expression')!, b.scope, mode).act;
      const hi = sc.fi.size;
      const items = b.items;
      // \E enumerates its bound values; \A conjoins the body over them.
      const bind = (f: Frame, it: (typeof items)[number], v: Value) => {
        if (it.tuple) {
          if (!(isTup(v)) || v.elems.length !== it.slots.length) evalErr(`cannot bind ${show(v)} to a tuple of identifiers`, loc);
          for (let j = 0; j < it.slots.length; j++) f[it.slots[j]] = (v as TupV).elems[j];
        } else f[it.slots[0]] = v;
      };
      const setsOf = (f: Frame, i: number): Value[] => {
        try {
          return elems(items[i].set(f));
        } catch (x) {
          return located(x, loc);
        }
      };
      if (q === 'exists') {
        const rec = (f: Frame, i: number, k: () => void): void => {
          if (i === items.length) return body(f, k);
          const es = setsOf(f, i);
          for (let j = 0; j < es.length; j++) {
            bind(f, items[i], es[j]);
            rec(f, i + 1, k);
          }
        };
        return { act: (f, k) => rec(f, 0, k) };
      }
      const recA = (f: Frame, i: number, k: () => void): void => {
        if (i === items.length) return body(f, k);
        const es = setsOf(f, i);
        const go = (j: number): void => {
          if (j === es.length) return k();
          bind(f, items[i], es[j]);
          recA(f, i + 1, () => {
            // The next element re-enters the same body and overwrites the slots of its bound
            // variables: save them and restore them for the code that resumes after k returns.
            const saved = f.slice(lo, hi);
            bind(f, items[i], es[j]);
            go(j + 1);
            for (let q = lo; q < hi; q++) f[q] = saved[q - lo];
          });
        };
        go(0);
      };
      return { act: (f, k) => recA(f, 0, k) };
    }
    case 'if_then_else': {
      const c = compile(n.childForFieldName('if')!, sc);
      const t = compileAct(n.childForFieldName('then')!, sc, mode).act;
      const e = compileAct(n.childForFieldName('else')!, sc, mode).act;
      return { act: (f, k) => (asBool(c(f), loc, 'The condition of IF') ? t(f, k) : e(f, k)) };
    }
    case 'case': {
      const arms = n.namedChildren
        .filter((c) => c.type === 'case_arm')
        .map((a) => {
          const ks = a.namedChildren.filter((c) => c.type !== 'case_arrow');
          return { g: compile(ks[0], sc), a: compileAct(ks[1], sc, mode).act };
        });
      const other = n.namedChildren.find((c) => c.type === 'other_arm');
      const o = other ? compileAct(other.namedChildren.filter((c) => c.type !== 'case_arrow')[0], sc, mode).act : null;
      return {
        act: (f, k) => {
          for (const a of arms) if (asBool(a.g(f), loc, 'A CASE guard')) return a.a(f, k);
          if (o) return o(f, k);
          evalErr('Attempted to evaluate a CASE with no arm enabled', loc);
        },
      };
    }
    case 'let_in': {
      const { resets, result } = compileLet(n, sc, (body, inner) => compileAct(body, inner, mode).act);
      return {
        act: (f, k) => {
          for (let i = 0; i < resets.length; i++) f[resets[i]] = undefined;
          result(f, k);
        },
      };
    }
    case 'bound_prefix_op': {
      const sym = n.childForFieldName('symbol')!.type;
      if (sym === 'unchanged' && mode === 'next') {
        const pt = paramTarget(n.childForFieldName('rhs')!, sc, 'init');
        if (pt) return paramAssign(n, pt, 'unchanged', null, sc);
        const idxs = unchangedVars(n.childForFieldName('rhs')!, sc);
        if (idxs && idxs.length <= 31) {
          return {
            unchanged: idxs,
            act: (f, k) => {
              const t = RT.t;
              const s = RT.s;
              const assigned: number[] = [];
              try {
                for (const i of idxs) {
                  if (t[i] === undefined) {
                    t[i] = s[i];
                    RT.na++;
                    assigned.push(i);
                  } else if (!equals(t[i]!, s[i])) return;
                }
                k();
              } finally {
                for (const i of assigned) {
                  t[i] = undefined;
                  RT.na--;
                }
              }
            },
          };
        }
      }
      break;
    }
    case 'identifier_ref':
    case 'bound_op': {
      const name = n.type === 'identifier_ref' ? n.text : n.childForFieldName('name')!.text;
      const args = n.type === 'identifier_ref' ? [] : n.childrenForFieldName('parameter');
      const b = sc.lookup(name);
      if (b && b.k === 'letop') return callAct(n, b.def, args, sc, mode);
      if (b && b.k === 'let0') {
        // A zero-arity LET definition used as an action: expand it in place.
        return compileAct(b.def.body, b.def.scope, mode);
      }
      if (!b) {
        const d = sc.env.defs.get(name);
        if (d && d.k === 'op' && !d.fcnBounds) return callAct(n, d, args, sc, mode);
        if (d && d.k === 'subst' && getSubstLevel(d) >= 1) return compileAct(d.node, d.env.root, mode);
        if (d && d.k === 'const' && d.alias && d.alias.k === 'op') return callAct(n, d.alias, args, sc, mode);
      }
      break;
    }
    case 'prefixed_op': {
      const r = resolvePrefixed(n, sc);
      if (r.def.k === 'op') {
        const def = r.def;
        if (r.args.length !== def.params.length) err(env, n, `${def.name} expects ${def.params.length} arguments`);
        const ae = r.args.map((a, i) => compileLazyArg(a, def.params[i].arity, sc));
        const da = defAct(def, mode);
        return {
          act: (f, k) => {
            const nf = new Array(da.fi.size);
            nf[0] = null;
            for (let i = 0; i < ae.length; i++) nf[i + 1] = ae[i](f);
            da.act(nf, k);
          },
        };
      }
      break;
    }
  }
  return guardAct(compile(n, sc), loc);
}

function getSubstLevel(d: Def): number {
  if (d.k !== 'subst') return 0;
  const saved = resetLevel(0);
  compile(d.node, new Scope(d.env, null, 0, new FrameInfo(1)));
  const l = getLevel();
  resetLevel(saved);
  return l;
}

/** defAct compiles the body of an operator as an action (once per operator and mode). */
export function defAct(def: OpDef, mode: Mode): { act: Act; fi: FrameInfo } {
  let e = defActs.get(def);
  if (!e) defActs.set(def, (e = {}));
  const hit = e[mode];
  if (hit) return hit;
  const sc = new Scope(def.scope.env, def.scope, def.scope.level + 1, new FrameInfo(1 + def.params.length));
  def.params.forEach((p, i) => sc.names.set(p.name, { k: 'slot', level: sc.level, idx: i + 1, arity: p.arity, param: p.arity === 0 }));
  // Recursive action definitions are not supported: mark before compiling to stop the loop.
  const placeholder = { act: ((f: Frame, k: () => void) => r.act(f, k)) as Act, fi: sc.fi };
  e[mode] = placeholder;
  const r = { act: compileAct(def.body, sc, mode).act, fi: sc.fi };
  e[mode] = r;
  return r;
}

function callAct(n: SNode, def: OpDef, args: SNode[], sc: Scope, mode: Mode): CAct {
  if (args.length !== def.params.length) err(sc.env, n, `${def.name} expects ${def.params.length} arguments, got ${args.length}`);
  ensureCompiled(def);
  // TLC descends into every operator's body as an action (so \E inside branches), except a
  // constant-level definition without parameters, which it evaluated once up front.
  if (def.lvl === 0 && def.params.length === 0 && def.scope.parent === null) return guardAct(compile(n, sc), sc.env.loc(n));
  // Probed, a state predicate is one conjunct: its failure is reported at the application (with
  // its arguments' values), not somewhere inside its definition.
  if (probe && mode === 'next' && def.lvl <= 1) return guardAct(compile(n, sc), sc.env.loc(n));
  const ae = args.map((a, i) => compileLazyArg(a, def.params[i].arity, sc));
  const da = defAct(def, mode);
  const up = sc.level - def.scope.level;
  const isLet = def.scope.level > 0 || def.scope.parent !== null;
  return {
    act: (f, k) => {
      const nf = new Array(da.fi.size);
      nf[0] = isLet ? walk(f, up) : null;
      for (let i = 0; i < ae.length; i++) nf[i + 1] = ae[i](f);
      da.act(nf, k);
    },
  };
}

export type { ModEnv };
