/**
 * The expression compiler, functions, records and tuples: function constructors (lazy over
 * infinite domains, failures kept per point), recursive function definitions, application
 * (point by point on state-dependent constructors), records, tuples and EXCEPT.
 */
import { EvalError, type Loc } from './errors.ts';
import type { SNode } from './syntax.ts';
import {
  ErrV, FcnV, LazyFcnV, RcdV, TupV, apply, canonical, canonicalNames, fcnIndex, intern, mkFcn, mkFcnSorted, setHas, show, type Value, isFcn, isTup, isRcd, isErr, isInfinite, unenumerable,
} from './values.ts';
import { evalErr, located, type Expr, type Frame } from './runtime.ts';
import { FrameInfo, Scope, type OpDef } from './modules.ts';
import { CS, compile, err, useDeps } from './compile.ts';
import { compileBounds, forEachBinding } from './compile-sets.ts';
import { ensureCompiled } from './compile-names.ts';

/** lazyPoint evaluates a function's body at one point; a failure is kept as an ErrV. */
export function lazyPoint(body: Expr, f: Frame): Value {
  try {
    return body(f);
  } catch (e) {
    if (e instanceof EvalError) return new ErrV(e);
    throw e;
  }
}

/** `f[x \in S] == e`, possibly recursive: evaluated once per argument, lazily. */
export function compileRecFcn(def: OpDef, sc: Scope): Expr {
  const env = sc.env;
  const binders = compileBounds(def.fcnBounds!, sc);
  const body = compile(def.body, binders.scope);
  const loc = env.loc(def.node);
  // While the table is being built, references to f inside the body see a LazyFcnV that
  // computes f[x] on demand (memoised), so recursive definitions terminate as in TLC.
  const fi = sc.fi;
  const single = binders.count === 1 && !binders.items[0].tuple;
  let building: LazyFcnV | null = null;
  return (f: Frame) => {
    if (building !== null) return building;
    const doms: Value[] = [];
    const vals: Value[] = [];
    const at = (x: Value): Frame => {
      const nf = new Array(fi.size);
      nf[0] = f[0];
      if (single) nf[binders.items[0].slots[0]] = x;
      else {
        const t = x as TupV;
        let k = 0;
        for (const it of binders.items) {
          if (it.tuple) {
            // f[<<a, b>> \in S \X T]: with one bound the point is the tuple itself.
            const inner = (binders.count === 1 ? x : t.elems[k++]) as TupV;
            it.slots.forEach((sl, j) => (nf[sl] = inner.elems[j]));
          } else nf[it.slots[0]] = binders.count === 1 ? x : t.elems[k++];
        }
      }
      return nf;
    };
    if (single) {
      const d = binders.items[0].set(f);
      if (unenumerable(d)) {
        // f[n \in Nat] == ...: applied point by point (memoised), never enumerated, as TLC does.
        const lazy: LazyFcnV = new LazyFcnV(
          (x) => setHas(d, x),
          (x) => {
            const saved = building;
            building = lazy;
            try {
              return body(at(x));
            } finally {
              building = saved;
            }
          },
          d,
        );
        return lazy;
      }
    }
    building = new LazyFcnV(
      (x) => {
        if (single) return setHas(binders.items[0].set(f), x);
        return true;
      },
      (x) => lazyPoint(body, at(x)),
    );
    try {
      const lazy = building;
      forEachBinding(binders, f, () => {
        const d = binders.tuple(f);
        doms.push(d);
        vals.push(lazy.get(d));
        return false;
      });
    } catch (e) {
      located(e, loc);
    } finally {
      building = null;
    }
    return single ? mkFcnSorted(doms, vals) : mkFcn(doms, vals);
  };
}


export function kFunctionLiteral(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const b = compileBounds(n.namedChildren.filter((c) => c.type === 'quantifier_bound'), sc);
  const body = compile(n.namedChildren[n.namedChildren.length - 1], b.scope);
  const loc = env.loc(n);
  const single = b.count === 1 && !b.items[0].tuple;
  const fi = sc.fi;
  const slot = b.items[0].slots[0];
  return (f) => {
    if (single) {
      const d = b.items[0].set(f);
      if (isInfinite(d)) {
        // [n \in Nat |-> e]: applied point by point, never enumerated.
        return new LazyFcnV(
          (x) => d.has(x),
          (x) => {
            const nf = f.slice();
            nf.length = Math.max(nf.length, fi.size);
            nf[slot] = x;
            return body(nf);
          },
          d,
        );
      }
    }
    const dom: Value[] = [];
    const vals: Value[] = [];
    try {
      forEachBinding(b, f, () => {
        dom.push(b.tuple(f));
        vals.push(lazyPoint(body, f));
        return false;
      });
      return single ? mkFcnSorted(dom, vals) : mkFcn(dom, vals);
    } catch (e) {
      return located(e, loc);
    }
  };
}

export function kRecordLiteral(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const kids = n.namedChildren.filter((c) => c.type !== 'all_map_to');
  const names: string[] = [];
  const vals: Expr[] = [];
  for (let i = 0; i + 1 < kids.length; i += 2) {
    names.push(canonical(kids[i].text));
    intern(kids[i].text);
    vals.push(compile(kids[i + 1], sc));
  }
  const order = names.map((_, i) => i).sort((i, j) => intern(names[i]) - intern(names[j]));
  const sv = order.map((i) => vals[i]);
  if (new Set(names).size !== names.length) err(env, n, 'duplicate field in record');
  const sn = canonicalNames(order.map((i) => names[i]));
  return (f) => {
    const vs = new Array(sv.length);
    for (let i = 0; i < sv.length; i++) vs[i] = sv[i](f);
    return new RcdV(sn, vs);
  };
}

export function kRecordValue(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const [r, fld] = n.namedChildren;
  const re = compile(r, sc);
  const name = canonical(fld.text);
  intern(name);
  const loc = env.loc(n);
  return (f) => {
    const v = re(f);
    if (isRcd(v)) {
      const ns = v.names;
      for (let i = 0; i < ns.length; i++) {
        if (ns[i] === name) {
          const r = v.vals[i];
          if (isErr(r)) return located(r.error, loc);
          return r;
        }
      }
    }
    try {
      return apply(v, name);
    } catch (e) {
      return located(e, loc);
    }
  };
}

export function kFunctionEvaluation(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const [fn, ...args] = n.namedChildren;
  if (args.length === 1) {
    const lazy = compileLazyApplication(fn, args[0], sc, env.loc(n));
    if (lazy) return lazy;
  }
  const fe = compile(fn, sc);
  const ae = args.map((a) => compile(a, sc));
  const loc = env.loc(n);
  if (ae.length === 1) {
    const a0 = ae[0];
    return (f) => {
      const fv = fe(f);
      const x = a0(f);
      if (isTup(fv) && typeof x === 'number' && x >= 1 && x <= fv.elems.length) {
        const r = fv.elems[x - 1];
        if (isErr(r)) return located(r.error, loc);
        return r;
      }
      if (isFcn(fv)) {
        const i = fcnIndex(fv, x);
        if (i >= 0) {
          const r = fv.vals[i];
          if (isErr(r)) return located(r.error, loc);
          return r;
        }
      }
      try {
        return apply(fv, x);
      } catch (e) {
        return located(e, loc);
      }
    };
  }
  return (f) => {
    const fv = fe(f);
    try {
      return apply(fv, new TupV(ae.map((a) => a(f))));
    } catch (e) {
      return located(e, loc);
    }
  };
}

export function kTupleLiteral(n: SNode, sc: Scope): Expr {
  const es = n.namedChildren.filter((c) => c.type !== 'langle_bracket' && c.type !== 'rangle_bracket').map((c) => compile(c, sc));
  return (f) => {
    const vs = new Array(es.length);
    for (let i = 0; i < es.length; i++) vs[i] = es[i](f);
    return new TupV(vs);
  };
}

export function kExcept(n: SNode, sc: Scope): Expr {
  return compileExcept(n, sc);
}

/**
 * literalBehind finds the function constructor `[x \in S |-> e]` that a name denotes, through
 * parameterless definitions and INSTANCE substitutions (a refinement mapping such as
 * `val <- apiVal` with `apiVal == [a \in ... |-> ...]`).
 */
function literalBehind(n: SNode, sc: Scope, depth = 0): { def: OpDef; lit: SNode } | null {
  if (depth > 8) return null;
  while (n.type === 'parentheses') n = n.namedChildren[0];
  if (n.type !== 'identifier_ref' || sc.lookup(n.text)) return null;
  const d = sc.env.defs.get(n.text);
  if (!d) return null;
  if (d.k === 'subst') return literalBehind(d.node, d.env.root, depth + 1);
  if (d.k !== 'op' || d.params.length > 0 || d.fcnBounds || d.scope.parent !== null) return null;
  let body = d.body;
  while (body.type === 'parentheses') body = body.namedChildren[0];
  if (body.type === 'identifier_ref') return literalBehind(body, d.scope, depth + 1);
  if (body.type !== 'function_literal') return null;
  const bounds = body.namedChildren.filter((c) => c.type === 'quantifier_bound');
  if (bounds.length !== 1 || bounds[0].childrenForFieldName('intro').length !== 1) return null;
  if (bounds[0].childrenForFieldName('intro')[0].type !== 'identifier') return null;
  return { def: d, lit: body };
}

/**
 * compileLazyApplication compiles f[x], where f names a state-dependent function constructor,
 * as TLC evaluates it: the body at x only (after checking x is in the domain), without building
 * the function over its whole domain.
 */
function compileLazyApplication(fn: SNode, arg: SNode, sc: Scope, loc: Loc): Expr | null {
  const found = literalBehind(fn, sc);
  if (!found) return null;
  ensureCompiled(found.def);
  if (found.def.lvl === 0) return null; // constant: evaluated once and cached anyway
  useDeps(found.def);
  const { def, lit } = found;
  const saved = CS.lvl;
  const inner = new Scope(def.scope.env, def.scope, def.scope.level + 1, new FrameInfo(1));
  const b = compileBounds(lit.namedChildren.filter((c) => c.type === 'quantifier_bound'), inner);
  const body = compile(lit.namedChildren[lit.namedChildren.length - 1], b.scope);
  CS.lvl = Math.max(saved, CS.lvl, def.lvl);
  const slot = b.items[0].slots[0];
  const dom = b.items[0].set;
  const fi = inner.fi;
  const ae = compile(arg, sc);
  return (f) => {
    const x = ae(f);
    const nf = new Array(fi.size);
    nf[0] = null;
    const d = dom(nf);
    let inDom: boolean;
    try {
      inDom = setHas(d, x);
    } catch (e) {
      return located(e, loc);
    }
    if (!inDom) return evalErr(`Attempted to apply the function ${fn.text} to ${show(x)}, which is out of its domain`, loc);
    nf[slot] = x;
    return body(nf);
  };
}


/** EXCEPT: [f EXCEPT ![a][b].c = e, ...] */
function compileExcept(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const base = compile(n.childForFieldName('expr_to_update')!, sc);
  const loc = env.loc(n);
  const updates = n.namedChildren
    .filter((c) => c.type === 'except_update')
    .map((u) => {
      const spec = u.childForFieldName('update_specifier')!;
      const path = spec.namedChildren.map((p) => {
        if (p.type === 'except_update_record_field') {
          const nm = canonical(p.namedChildren[0].text);
          intern(nm);
          return (): Value => nm;
        }
        const args = p.namedChildren.map((a) => compile(a, sc));
        if (args.length === 1) return args[0];
        return (f: Frame): Value => new TupV(args.map((a) => a(f)));
      });
      const inner = sc.child();
      const at = inner.alloc();
      inner.names.set('@', { k: 'slot', level: inner.level, idx: at, arity: 0 });
      const val = compile(u.childForFieldName('new_val')!, inner);
      return { path, at, val };
    });
  return (f) => {
    let v = base(f);
    try {
      for (const u of updates) {
        const keys = u.path.map((p) => p(f));
        v = updateAt(v, keys, 0, (old) => {
          f[u.at] = old;
          return u.val(f);
        });
      }
      return v;
    } catch (e) {
      return located(e, loc);
    }
  };
}

function updateAt(v: Value, keys: Value[], i: number, mk: (old: Value) => Value): Value {
  const k = keys[i];
  if (isTup(v)) {
    if (typeof k !== 'number' || k < 1 || k > v.elems.length) return v;
    const es = v.elems.slice();
    es[k - 1] = i + 1 === keys.length ? mk(es[k - 1]) : updateAt(es[k - 1], keys, i + 1, mk);
    return new TupV(es);
  }
  if (isRcd(v)) {
    const j = typeof k === 'string' ? v.names.indexOf(k) : -1;
    if (j < 0) return v;
    const vs = v.vals.slice();
    vs[j] = i + 1 === keys.length ? mk(vs[j]) : updateAt(vs[j], keys, i + 1, mk);
    return new RcdV(v.names, vs);
  }
  if (isFcn(v)) {
    const j = fcnIndex(v, k);
    if (j < 0) return v;
    const vs = v.vals.slice();
    vs[j] = i + 1 === keys.length ? mk(vs[j]) : updateAt(vs[j], keys, i + 1, mk);
    return new FcnV(v.dom, vs);
  }
  throw new EvalError(`Attempted to apply EXCEPT to ${show(v)}, which is not a function`);
}

