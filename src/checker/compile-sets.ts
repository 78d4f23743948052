/**
 * The expression compiler, binders and sets: quantifier bounds (`x \\in S`, `<<a, b>> \\in S`)
 * and their enumeration, `\\E`/`\\A`, CHOOSE, set literals, filters, maps, `[S -> T]` and record sets.
 */
import { EvalError } from './errors.ts';
import { leadingEquality, type SNode } from './syntax.ts';
import {
  FcnSetV, RcdSetV, SetV, TupV, canonical, elems, intern, mkSet, show, type Value, isTup, isInterval, isInfinite, isRcd,
} from './values.ts';
import { InfiniteSet } from './values.ts';
import { asBool, evalErr, located, type Expr, type Frame } from './runtime.ts';
import { unquote, type Scope } from './modules.ts';
import { compile, err } from './compile.ts';
import { setOf } from './compile-ops.ts';

interface Binders {
  scope: Scope;
  /** per bound: slots of the identifiers (or a tuple pattern), and the set expression */
  items: { slots: number[]; tuple: boolean; set: Expr }[];
  count: number;
  /** tuple gives the bound value(s) as the domain element of a function literal */
  tuple: (f: Frame) => Value;
}

function compileBounds(bounds: SNode[], sc: Scope): Binders {
  const inner = sc.child();
  const items: Binders['items'] = [];
  const allSlots: number[] = [];
  for (const b of bounds) {
    const set = b.childForFieldName('set');
    const intros = b.childrenForFieldName('intro');
    if (!set) err(sc.env, b, 'unbounded quantifiers are not supported by the model checker');
    const setE = compile(set, sc);
    for (const intro of intros) {
      if (intro.type === 'tuple_of_identifiers') {
        const slots = intro.namedChildren
          .filter((c) => c.type === 'identifier')
          .map((c) => {
            const idx = inner.alloc();
            inner.names.set(c.text, { k: 'slot', level: inner.level, idx, arity: 0 });
            return idx;
          });
        items.push({ slots, tuple: true, set: setE });
        allSlots.push(-1);
      } else {
        const idx = inner.alloc();
        inner.names.set(intro.text, { k: 'slot', level: inner.level, idx, arity: 0 });
        items.push({ slots: [idx], tuple: false, set: setE });
        allSlots.push(idx);
      }
    }
  }
  const count = items.length;
  const tuple =
    count === 1 && !items[0].tuple
      ? (f: Frame) => f[items[0].slots[0]]
      : (f: Frame) =>
          count === 1
            ? new TupV(items[0].slots.map((s) => f[s]))
            : new TupV(items.map((it) => (it.tuple ? new TupV(it.slots.map((s) => f[s])) : f[it.slots[0]])));
  return { scope: inner, items, count, tuple };
}

/** forEachBinding runs cb for every combination of bound values; cb returns true to stop. */
function forEachBinding(b: Binders, f: Frame, cb: () => boolean): boolean {
  const items = b.items;
  if (items.length === 1 && !items[0].tuple) {
    // The common case, without recursion.
    const slot = items[0].slots[0];
    const set = items[0].set(f);
    if (isInterval(set)) {
      for (let i = set.lo; i <= set.hi; i++) {
        f[slot] = i;
        if (cb()) return true;
      }
      return false;
    }
    const es = elems(set);
    for (let j = 0; j < es.length; j++) {
      f[slot] = es[j];
      if (cb()) return true;
    }
    return false;
  }
  return bindFrom(items, 0, f, cb);
}

/** bindFrom binds items[i..] in turn (a top-level function: no closure per evaluation). */
function bindFrom(items: Binders['items'], i: number, f: Frame, cb: () => boolean): boolean {
  if (i === items.length) return cb();
  const it = items[i];
  const es = elems(it.set(f));
  for (let j = 0; j < es.length; j++) {
    const v = es[j];
    if (it.tuple) {
      if (!(isTup(v)) || v.elems.length !== it.slots.length) {
        throw new EvalError(`Attempted to bind a tuple of ${it.slots.length} identifiers to ${show(v)}`);
      }
      for (let k = 0; k < it.slots.length; k++) f[it.slots[k]] = v.elems[k];
    } else f[it.slots[0]] = v;
    if (bindFrom(items, i + 1, f, cb)) return true;
  }
  return false;
}
export { forEachBinding, compileBounds, type Binders };

export function kBoundedQuantification(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const q = n.childForFieldName('quantifier')!.type;
  const b = compileBounds(n.childrenForFieldName('bound'), sc);
  const body = compile(n.childForFieldName('expression')!, b.scope);
  const loc = env.loc(n);
  if (q === 'exists') {
    return (f) => {
      try {
        return forEachBinding(b, f, () => asBool(body(f), loc, 'The body of \\E'));
      } catch (e) {
        return located(e, loc);
      }
    };
  }
  return (f) => {
    try {
      return !forEachBinding(b, f, () => !asBool(body(f), loc, 'The body of \\A'));
    } catch (e) {
      return located(e, loc);
    }
  };
}

export function kUnboundedQuantification(n: SNode, sc: Scope): Expr {
  // TLC refuses it when it evaluates it, not before: a definition never evaluated is harmless.
  const loc = sc.env.loc(n);
  return () => evalErr('TLC attempted to evaluate an unbounded quantifier (\\E x : ..., \\A x : ...); make sure that the expression is of form \\E x \\in S : P(x)', loc);
}

export function kChoose(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const set = n.childForFieldName('set');
  if (!set) {
    // As TLC: an error when evaluated (a .cfg override usually replaces such a definition).
    const loc = env.loc(n);
    return () => evalErr('TLC attempted to evaluate an unbounded CHOOSE; make sure that the expression is of form CHOOSE x \\in S : P(x)', loc);
  }
  const intro = n.childForFieldName('intro')!;
  const inner = sc.child();
  const setE = compile(set, sc);
  const slots: number[] = [];
  const tuple = intro.type === 'tuple_of_identifiers';
  for (const id of tuple ? intro.namedChildren.filter((c) => c.type === 'identifier') : [intro]) {
    const idx = inner.alloc();
    inner.names.set(id.text, { k: 'slot', level: inner.level, idx, arity: 0 });
    slots.push(idx);
  }
  const body = compile(n.childForFieldName('expression')!, inner);
  const loc = env.loc(n);
  return (f) => {
    const s = setE(f);
    const es = setOf(s, loc, 'CHOOSE');
    for (const v of es) {
      if (tuple) {
        if (!(isTup(v)) || v.elems.length !== slots.length) evalErr(`CHOOSE cannot bind ${show(v)} to a tuple`, loc);
        slots.forEach((sl, i) => (f[sl] = (v as TupV).elems[i]));
      } else f[slots[0]] = v;
      if (asBool(body(f), loc, 'The body of CHOOSE')) return v;
    }
    return evalErr(`Attempted to compute the value of an expression of form CHOOSE x \\in S: P, but no element of S satisfied P (S = ${show(s)})`, loc);
  };
}

export function kFiniteSetLiteral(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const es = n.namedChildren.map((c) => compile(c, sc));
  const loc = env.loc(n);
  if (es.length === 0) {
    const empty = new SetV([]);
    return () => empty;
  }
  return (f) => {
    const xs = es.map((e) => e(f));
    try {
      return mkSet(xs);
    } catch (e) {
      return located(e, loc);
    }
  };
}

/**
 * leadingFieldTest finds the filter's first conjunct when it is `x.f = "s"` (or `"s" = x.f`), x
 * the filter's bound variable: `{m \in msgs : m.type = "Accept" /\ ...}`, the usual way a spec
 * picks its messages of one kind.
 */
function leadingFieldTest(filter: SNode, bound: SNode): { field: string; value: string } | null {
  if (bound.type !== 'identifier') return null;
  const eq = leadingEquality(filter);
  if (eq === null || eq.lhs.type !== 'record_value' || eq.rhs.type !== 'string') return null;
  const [r, fld] = eq.lhs.namedChildren;
  if (r.type !== 'identifier_ref' || r.text !== bound.text) return null;
  return { field: fld.text, value: unquote(eq.rhs.text) };
}

export function kSetFilter(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const gen = n.childForFieldName('generator')!;
  const b = compileBounds([gen], sc);
  const filter = n.childForFieldName('filter')!;
  const p = compile(filter, b.scope);
  const loc = env.loc(n);
  const it = b.items[0];
  // Guard: an element that is a record whose field f holds a string other than s makes the
  // first conjunct `x.f = "s"` FALSE, so the whole filter FALSE (conjunctions stop at the first
  // FALSE), without evaluating it. Any other element (another value there, no such field, not a
  // record) takes the full evaluation, with its errors.
  const intros = gen.childrenForFieldName('intro');
  const test = !it.tuple && intros.length === 1 ? leadingFieldTest(filter, intros[0]) : null;
  const field = test?.field ?? '';
  const want = test?.value ?? '';
  const skips = (v: Value): boolean => {
    if (!isRcd(v)) return false;
    const x = v.get(field);
    return typeof x === 'string' && x !== want;
  };
  return (f) => {
    const base = it.set(f);
    if (isInfinite(base) && !it.tuple) {
      // {n \in Nat : P(n)}: membership tests P at one value; never enumerated.
      const fr = f.slice();
      return new InfiniteSet(`{${it.slots[0]} \\in ${base.name} : ...}`, (v) => {
        if (!base.has(v)) return false;
        fr[it.slots[0]] = v;
        return asBool(p(fr), loc, 'The condition of a set filter');
      });
    }
    const out: Value[] = [];
    const es = setOf(base, loc, 'set filter');
    for (const v of es) {
      if (it.tuple) {
        if (!(isTup(v))) evalErr(`cannot bind ${show(v)} to a tuple`, loc);
        it.slots.forEach((sl, i) => (f[sl] = (v as TupV).elems[i]));
      } else {
        if (test !== null && skips(v)) continue;
        f[it.slots[0]] = v;
      }
      if (asBool(p(f), loc, 'The condition of a set filter')) out.push(v);
    }
    return new SetV(out);
  };
}

export function kSetMap(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const b = compileBounds(n.childrenForFieldName('generator'), sc);
  const m = compile(n.childForFieldName('map')!, b.scope);
  const loc = env.loc(n);
  return (f) => {
    const out: Value[] = [];
    try {
      forEachBinding(b, f, () => {
        out.push(m(f));
        return false;
      });
      return mkSet(out);
    } catch (e) {
      return located(e, loc);
    }
  };
}

export function kSetOfFunctions(n: SNode, sc: Scope): Expr {
  const [d, r] = n.namedChildren.filter((c) => c.type !== 'maps_to').map((c) => compile(c, sc));
  return (f) => new FcnSetV(d(f), r(f));
}

export function kSetOfRecords(n: SNode, sc: Scope): Expr {
  const kids = n.namedChildren;
  const names: string[] = [];
  const sets: Expr[] = [];
  for (let i = 0; i + 1 < kids.length; i += 2) {
    names.push(canonical(kids[i].text));
    intern(kids[i].text);
    sets.push(compile(kids[i + 1], sc));
  }
  const order = names.map((_, i) => i).sort((i, j) => intern(names[i]) - intern(names[j]));
  const sn = order.map((i) => names[i]);
  const ss = order.map((i) => sets[i]);
  return (f) => new RcdSetV(sn, ss.map((e) => e(f)));
}
