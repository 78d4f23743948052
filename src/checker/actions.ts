/**
 * The action compiler: Init and Next become generators in continuation-passing style, that
 * enumerate assignments of the (next-)state variables the way TLC does: conjuncts left to right,
 * disjuncts in order, \E over its set in normalised order, `x' = e` assigns when x' is still free
 * and compares otherwise, `x' \in S` enumerates S, UNCHANGED assigns the current value.
 *
 * In 'init' mode the targets are unprimed variables and RT.s is the partial state itself.
 */
import { EvalError, type Loc } from './errors.ts';
import type { SNode } from './syntax.ts';
import {
  RT, OpDef, Scope, FrameInfo, asBool, compile, compileLazyArg, compileBounds, compileLet, ensureCompiled, err, evalErr,
  getLevel, isVarRef, resetLevel, resolvePrefixed, resolveVar, located, walk, type Expr, type Frame, type ModEnv, type Def,
} from './compile.ts';
import {
  elems, equals, show, TupV, type Value, isTup,
} from './values.ts';

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

/** target gives the variable index if `lhs` is an assignable target in this mode. */
function target(lhs: SNode, sc: Scope, mode: Mode): number {
  if (mode === 'next') {
    if (lhs.type !== 'bound_postfix_op' || lhs.childForFieldName('symbol')!.type !== 'prime') return -1;
    let v = lhs.childForFieldName('lhs')!;
    while (v.type === 'parentheses') v = v.namedChildren[0];
    if (v.type !== 'identifier_ref') return -1;
    const d = resolveVar(v.text, sc);
    return d ? d.idx : -1;
  }
  if (lhs.type !== 'identifier_ref') return -1;
  const d = resolveVar(lhs.text, sc);
  return d ? d.idx : -1;
}

/**
 * paramTarget finds an operator parameter used as an assignment target (`q' = e` in an action,
 * `q = e` in an initial predicate): at run time the parameter holds a VarRef when the argument
 * is a state variable, and the conjunct assigns that variable.
 */
function paramTarget(lhs: SNode, sc: Scope, mode: Mode): { up: number; slot: number } | null {
  let v = lhs;
  if (mode === 'next') {
    if (lhs.type !== 'bound_postfix_op' || lhs.childForFieldName('symbol')!.type !== 'prime') return null;
    v = lhs.childForFieldName('lhs')!;
  }
  while (v.type === 'parentheses') v = v.namedChildren[0];
  if (v.type !== 'identifier_ref') return null;
  const b = sc.lookup(v.text);
  if (!b || b.k !== 'slot' || !b.param || b.arity !== 0) return null;
  return { up: sc.level - b.level, slot: b.idx };
}

/** assignOne runs k with variable idx assigned v (or compares when it has a value already). */
function assignOne(idx: number, v: Value, loc: Loc, k: () => void): void {
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
    return;
  }
  let same: boolean;
  try {
    same = equals(cur, v);
  } catch (x) {
    return located(x, loc);
  }
  if (same) k();
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
      const acts = n.namedChildren.map((it) => compileAct(it.namedChildren[it.namedChildren.length - 1], sc, mode).act);
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

/** unchangedVars expands UNCHANGED's argument to variable indices (through definitions). */
export function unchangedVars(n: SNode, sc: Scope): number[] | null {
  while (n.type === 'parentheses') n = n.namedChildren[0];
  if (n.type === 'tuple_literal') {
    const out: number[] = [];
    for (const c of n.namedChildren) {
      if (c.type === 'langle_bracket' || c.type === 'rangle_bracket') continue;
      const r = unchangedVars(c, sc);
      if (!r) return null;
      out.push(...r);
    }
    return out;
  }
  if (n.type === 'identifier_ref') {
    const v = resolveVar(n.text, sc);
    if (v) return [v.idx];
    if (sc.lookup(n.text)) return null;
    const d = sc.env.defs.get(n.text);
    if (d && d.k === 'op' && d.params.length === 0) return unchangedVars(d.body, d.scope);
    if (d && d.k === 'subst') return unchangedVars(d.node, d.env.root);
  }
  if (n.type === 'prefixed_op') {
    const r = resolvePrefixed(n, sc);
    if (r.def.k === 'op' && r.def.params.length === 0) return unchangedVars(r.def.body, r.def.scope);
  }
  return null;
}

// ---- TLC's splitting of Next into named actions ----

export interface SplitAction {
  /** `Inc(p1)` as TLC prints it */
  label: string;
  name: string;
  loc: Loc;
  act: Act;
  frame: Frame;
}

/**
 * splitNext splits the next-state relation like TLC's Tool.getActions: through disjunctions,
 * \E with constant bounds, LET bodies and applications of operators with constant arguments.
 */
export function splitNext(n: SNode, sc: Scope, frame: Frame, opDef: OpDef | null, params: Value[], out: SplitAction[]): void {
  const env = sc.env;
  const instLeaf = (instLoc: Loc) => {
    // TLC does not split below an instance's substitutions: one action, at the INSTANCE.
    const a = compileAct(n, sc, 'next').act;
    const name = opDef ? opDef.name : 'Action';
    const label = params.length > 0 ? `${name}(${params.map(show).join(',')})` : name;
    out.push({ label, name, loc: instLoc, act: a, frame });
  };
  if (sc.env.instLoc && !opDef) return instLeaf(sc.env.instLoc);
  const leaf = (applied?: OpDef) => {
    const a = compileAct(n, sc, 'next').act;
    // TLC: an application that is not expanded (non-constant arguments) is named after the
    // applied operator, without arguments (its parameters are not bound in the context).
    const name = applied ? applied.name : opDef ? opDef.name : 'Action';
    const ps = applied ? [] : params;
    const label = ps.length > 0 ? `${name}(${ps.map(show).join(',')})` : name;
    out.push({ label, name, loc: env.loc(n), act: a, frame });
  };
  switch (n.type) {
    case 'parentheses':
      return splitNext(n.namedChildren[0], sc, frame, opDef, params, out);
    case 'disj_list':
      for (const it of n.namedChildren) splitNext(it.namedChildren[it.namedChildren.length - 1], sc, frame, opDef, params, out);
      return;
    case 'bound_infix_op':
      if (n.childForFieldName('symbol')!.type === 'lor') {
        splitNext(n.childForFieldName('lhs')!, sc, frame, opDef, params, out);
        splitNext(n.childForFieldName('rhs')!, sc, frame, opDef, params, out);
        return;
      }
      return leaf();
    case 'let_in': {
      const { resets, result } = compileLet(n, sc, (body, inner) => ({ body, inner }));
      // LET values are cached per entry: each split action clears them before it runs.
      const sub: SplitAction[] = [];
      splitNext(result.body, result.inner, frame, opDef, params, sub);
      for (const a of sub) {
        const inner = a.act;
        out.push({
          ...a,
          act: (f, k) => {
            for (let i = 0; i < resets.length; i++) frame[resets[i]] = undefined;
            inner(f, k);
          },
        });
      }
      return;
    }
    case 'bounded_quantification': {
      if (n.childForFieldName('quantifier')!.type !== 'exists') return leaf();
      const b = compileBounds(n.childrenForFieldName('bound'), sc);
      const bodyNode = n.childForFieldName('expression')!;
      // The bounds must be constant: evaluate them now (with no state), or keep the whole \E
      // as one action.
      const combos: Frame[] = [];
      try {
        const rec = (i: number, f: Frame): void => {
          if (i === b.items.length) {
            combos.push(f.slice());
            return;
          }
          const it = b.items[i];
          const prevS = RT.s;
          RT.s = [];
          let es: Value[];
          try {
            es = elems(it.set(f));
          } finally {
            RT.s = prevS;
          }
          for (const v of es) {
            if (it.tuple) {
              if (!(isTup(v))) throw new EvalError('tuple binding');
              it.slots.forEach((s, j) => (f[s] = (v as TupV).elems[j]));
            } else f[it.slots[0]] = v;
            rec(i + 1, f);
          }
        };
        rec(0, frame.slice());
      } catch {
        return leaf();
      }
      if (combos.length === 0) return leaf();
      for (const f of combos) splitNext(bodyNode, b.scope, f, opDef, params, out);
      return;
    }
    case 'identifier_ref':
    case 'bound_op': {
      const name = n.type === 'identifier_ref' ? n.text : n.childForFieldName('name')!.text;
      const args = n.type === 'identifier_ref' ? [] : n.childrenForFieldName('parameter');
      const b = sc.lookup(name);
      let def: OpDef | null = null;
      if (b && b.k === 'letop') def = b.def;
      else if (!b) {
        const d = env.defs.get(name);
        if (d && d.k === 'op' && !d.fcnBounds) def = d;
        if (d && d.k === 'const' && d.alias && d.alias.k === 'op') def = d.alias;
      }
      if (!def || def.params.length !== args.length) return leaf();
      if (def.scope.env !== sc.env && def.scope.env.instLoc) return instLeaf(def.scope.env.instLoc);
      // Arguments must be constant-level (TLC: argLevel == 0).
      const vals: Value[] = [];
      for (let i = 0; i < args.length; i++) {
        if (def.params[i].arity > 0) return leaf(def);
        const saved = resetLevel(0);
        const e = compile(args[i], sc);
        const lvl = getLevel();
        resetLevel(Math.max(saved, lvl));
        if (lvl > 0) return leaf(def);
        try {
          vals.push(e(frame));
        } catch {
          return leaf(def);
        }
      }
      const isLet = def.scope.level > 0 || def.scope.parent !== null;
      const inner = new Scope(def.scope.env, def.scope, def.scope.level + 1, new FrameInfo(1 + def.params.length));
      def.params.forEach((p, i) => inner.names.set(p.name, { k: 'slot', level: inner.level, idx: i + 1, arity: 0 }));
      const nf: Frame = [isLet ? walk(frame, sc.level - def.scope.level) : null, ...vals];
      return splitNext(def.body, inner, nf, def, vals, out);
    }
    case 'prefixed_op': {
      const r = resolvePrefixed(n, sc);
      if (r.env.instLoc && r.env !== sc.env) return instLeaf(r.env.instLoc);
      if (r.def.k !== 'op' || r.args.length > 0) return leaf();
      const def = r.def;
      const inner = new Scope(def.scope.env, def.scope, def.scope.level + 1, new FrameInfo(1));
      return splitNext(def.body, inner, [null], def, [], out);
    }
    default:
      return leaf();
  }
}

export type { ModEnv };
