/**
 * The expression compiler, operator arguments (split out of compile-names.ts): a user operator's
 * arguments are passed lazily (Thunk: evaluated at most once, where the body uses it, in the
 * caller's frame), a state variable passed as an argument stays a reference to the variable
 * (VarRef: priming the parameter primes the variable), and a higher-order argument becomes an
 * OpV. compileCallArgs compiles a call with such arguments, memoized where the callee allows.
 *
 * compile-names.ts and this module import each other; neither uses the other's bindings while
 * it is being evaluated, only inside functions.
 */
import type { Loc } from './errors.ts';
import type { SNode } from './syntax.ts';
import { OpV, type Value } from './values.ts';
import { RT, evalErr, located, walk, type Expr, type Frame } from './runtime.ts';
import { FrameInfo, OpDef, Scope } from './modules.ts';
import { CS, IMPURE, NOMEMO, bumpLvl, compile, err, noteRef, useDeps } from './compile.ts';
import { infix } from './compile-ops.ts';
import { defCaller, ensureCompiled, lookupUserOp, resolvePrefixed, resolveVar } from './compile-names.ts';

/**
 * Thunk is an operator argument not evaluated yet: TLC evaluates an argument only where the
 * body uses it (so `When(q # <<>>, Head(q))` is safe). It is evaluated at most once, in the
 * caller's frame.
 */
export class Thunk {
  constructor(
    public e: Expr | null,
    public f: Frame | null,
  ) {}
  v: Value | undefined = undefined;
}

(Thunk.prototype as unknown as { tag: number }).tag = 20;
/** isThunk: a tag test (instanceof is slow under tsx, see values.ts). */
export function isThunk(v: unknown): v is Thunk {
  return typeof v === 'object' && v !== null && (v as { tag?: number }).tag === 20;
}

export function forceThunk(t: Thunk): Value {
  if (t.e !== null) {
    t.v = t.e(t.f!);
    t.e = null;
    t.f = null;
  }
  return t.v!;
}

function isSimpleArg(a: SNode): boolean {
  return a.type === 'nat_number' || a.type === 'string' || a.type === 'boolean' || a.type === 'identifier_ref';
}

/** compileLazyArg compiles an argument of a user operator: literals and names eagerly, else a Thunk. */
export function compileLazyArg(a: SNode, arity: number, sc: Scope): Expr {
  if (arity > 0 || a.type === 'lambda') return compileArg(a, arity, sc);
  if (a.type === 'identifier_ref') {
    const b = sc.lookup(a.text);
    if (b && b.k === 'slot' && b.param && b.arity === 0) {
      // Pass a parameter along as it is (possibly still a Thunk).
      noteRef(b.level, b.idx);
      const up = sc.level - b.level;
      const idx = b.idx;
      return (f) => walk(f, up)[idx];
    }
  }
  const e = compile(a, sc);
  if (a.type === 'identifier_ref' && !sc.lookup(a.text)) {
    // A state variable: the parameter stands for the variable itself, so that `q'` in the body
    // is the variable primed and `q' = e` assigns it (TLC looks through the argument).
    const v = resolveVar(a.text, sc);
    if (v) {
      const ref = varRef(v.idx, v.name);
      return () => ref as unknown as Value;
    }
  }
  if (isSimpleArg(a)) return e;
  const lazy: Expr = (f) => new Thunk(e, f) as unknown as Value;
  eagerOf.set(lazy, e);
  return lazy;
}

/**
 * The argument expression behind each lazy argument that wraps it in a Thunk: a memoized call
 * (compileCallArgs) compares its arguments' values, so it evaluates them at once, without
 * making a Thunk only to force it.
 */
const eagerOf = new WeakMap<Expr, Expr>();

/**
 * VarRef is an operator argument that is a state variable: reading the parameter reads the
 * variable in the current state register (the next state inside a prime), never a value
 * captured at the call.
 */
export class VarRef {
  constructor(
    readonly idx: number,
    readonly name: string,
  ) {}
}
(VarRef.prototype as unknown as { tag: number }).tag = 21;
const varRefs: VarRef[] = [];
function varRef(idx: number, name: string): VarRef {
  let r = varRefs[idx];
  if (r === undefined || r.name !== name) r = varRefs[idx] = new VarRef(idx, name);
  return r;
}
export function isVarRef(v: unknown): v is VarRef {
  return typeof v === 'object' && v !== null && (v as { tag?: number }).tag === 21;
}
export function readVar(r: VarRef, loc: Loc): Value {
  const x = RT.s[r.idx];
  if (x === undefined) evalErr(`The variable ${r.name} is not assigned`, loc);
  return x;
}

/** compileCallArgs compiles a call of a user operator with argument nodes. */
export function compileCallArgs(n: SNode, def: OpDef, args: SNode[], sc: Scope): Expr {
  const env = sc.env;
  if (args.length !== def.params.length) err(env, n, `${def.name} expects ${def.params.length} arguments, got ${args.length}`);
  const ae = args.map((a, i) => compileLazyArg(a, def.params[i].arity, sc));
  const call = defCaller(def, sc);
  bumpLvl(def.lvl);
  // A LET operator reads its enclosing frames; a definition still being compiled (recursion)
  // has unknown purity: neither may be folded.
  if (def.impure || def.compiling || def.scope.parent !== null || def.scope.level > 0) {
    if (def.impure || def.compiling) CS.impure = true;
    if (def.scope.parent !== null || def.scope.level > 0) noteRef(0, -1);
  }
  const loc = env.loc(n);
  const plain = (f: Frame, vs: Value[]): Value => {
    try {
      return call(f, vs);
    } catch (e) {
      if (e instanceof RangeError) return located(e, loc);
      throw e;
    }
  };
  // While RT.memo is set (the trace validator expanding one state), a module operator that reads
  // no primed variable, no volatile constant and nothing impure has one value per argument list
  // in that state, and a step may apply it many times at one call site (AcceptedBy(b, v) once
  // per quorum in `\E Q \in Quorum : Q \subseteq AcceptedBy(b, v)`): the last value is reused.
  const memoable = !def.impure && !def.compiling && def.lvl <= 1 && def.scope.parent === null && def.scope.level === 0 && def.params.every((p) => p.arity === 0);
  if (!memoable) {
    if (ae.length === 0) return (f) => plain(f, []);
    return (f) => {
      const vs = new Array(ae.length);
      for (let i = 0; i < ae.length; i++) vs[i] = ae[i](f);
      return plain(f, vs);
    };
  }
  if (def.lvl === 0 && ae.length === 0) {
    // A constant-level definition without parameters keeps its value once evaluated (def.cached,
    // compile-names.ts): `MsgLimit`, `NoId`, read several times per step.
    return (f) => {
      const c = def.cached;
      return c !== undefined ? c : plain(f, []);
    };
  }
  let mTok: object | null = null;
  let mArgs: Value[] = [];
  let mVal: Value = false;
  const shared = sharedMemo(def);
  const ee = ae.map((a) => eagerOf.get(a) ?? null);
  const lazyArgs = (f: Frame): Value[] => {
    const vs: Value[] = new Array(ae.length);
    for (let i = 0; i < ae.length; i++) vs[i] = ae[i](f);
    return vs;
  };
  return (f) => {
    if (RT.memo === null || RT.s !== RT.memoS) return plain(f, lazyArgs(f));
    // The arguments are compared by identity: evaluate them (one that fails is left to the
    // callee, given every argument unevaluated again: it raises the error exactly as it would
    // have, or does not use it). A parameter passed along may hold a Thunk: force it.
    const vs: Value[] = new Array(ae.length);
    try {
      for (let i = 0; i < ae.length; i++) {
        const e = ee[i];
        if (e !== null) vs[i] = e(f);
        else {
          const x = ae[i](f);
          vs[i] = isThunk(x) ? forceThunk(x) : x;
        }
      }
    } catch {
      return plain(f, lazyArgs(f));
    }
    if (mTok === RT.memo && mArgs.length === vs.length) {
      let same = true;
      for (let i = 0; i < vs.length; i++) {
        if (mArgs[i] !== vs[i]) {
          same = false;
          break;
        }
      }
      if (same) return mVal;
    }
    // The operator's last application at any call site: `TopValues(P)` three times over in
    // Phase1Values(P, Q), at three sites, with one P.
    if (shared.tok === RT.memo && sameArgs(shared.args, vs)) {
      mTok = RT.memo;
      mArgs = vs;
      mVal = shared.val;
      return mVal;
    }
    const v = plain(f, vs);
    mTok = RT.memo;
    mArgs = vs;
    mVal = v;
    shared.tok = RT.memo;
    shared.args = vs;
    shared.val = v;
    return v;
  };
}

/** The last application of a memoized operator (at any call site), per operator. */
interface SharedMemo {
  tok: object | null;
  args: Value[];
  val: Value;
}
const sharedMemos = new WeakMap<OpDef, SharedMemo>();
function sharedMemo(def: OpDef): SharedMemo {
  let m = sharedMemos.get(def);
  if (m === undefined) sharedMemos.set(def, (m = { tok: null, args: [], val: false }));
  return m;
}

function sameArgs(a: Value[], b: Value[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** compileArg compiles an argument; operator parameters (arity > 0) receive an OpV. */
export function compileArg(a: SNode, arity: number, sc: Scope): Expr {
  if (arity === 0 && a.type !== 'lambda') return compile(a, sc);
  const env = sc.env;
  if (a.type === 'lambda') {
    noteRef(0, -1); // a LAMBDA value is a fresh closure: never fold around it
    const ids = a.namedChildren.filter((c) => c.type === 'identifier');
    const bodyNode = a.namedChildren[a.namedChildren.length - 1];
    const inner = new Scope(env, sc, sc.level + 1, new FrameInfo(1 + ids.length));
    ids.forEach((id, i) => inner.names.set(id.text, { k: 'slot', level: inner.level, idx: i + 1, arity: 0 }));
    const body = compile(bodyNode, inner);
    const fi = inner.fi;
    return (f) =>
      new OpV(ids.length, (args) => {
        const nf = new Array(fi.size);
        nf[0] = f;
        for (let i = 0; i < args.length; i++) nf[i + 1] = args[i];
        return body(nf);
      }, 'LAMBDA');
  }
  if (a.type === 'infix_op_symbol' || a.type === 'prefix_op_symbol') {
    const sym = a.namedChildren[0]?.type ?? a.text;
    const user = lookupUserOp(sym, sc);
    if (user) {
      const call = defCaller(user, sc);
      return (f) => new OpV(user.params.length, (args) => call(f, args), user.name);
    }
    // Built-in infix operators as values: the argument array serves as the frame.
    const fn = infix(sym, (f) => f[0], (f) => f[1], env.loc(a), env, a);
    return () => new OpV(2, (args) => fn(args), sym);
  }
  if (a.type === 'prefixed_op') {
    // M!Op passed as an operator argument.
    const r = resolvePrefixed(a, sc);
    if (r.def.k === 'op' && r.args.length === 0) {
      const od = r.def;
      ensureCompiled(od);
      bumpLvl(od.lvl);
      useDeps(od);
      return () =>
        new OpV(od.params.length, (args) => {
          const nf = new Array(od.fi!.size);
          nf[0] = null;
          for (let i = 0; i < args.length; i++) nf[i + 1] = args[i];
          return od.fn!(nf);
        }, od.name);
    }
  }
  if (a.type === 'identifier_ref') {
    const b = sc.lookup(a.text);
    if (b) noteRef(b.k === 'letop' ? 0 : b.level, b.k === 'letop' ? -1 : b.idx);
    if (b && b.k === 'slot') {
      const up = sc.level - b.level;
      return (f) => walk(f, up)[b.idx];
    }
    if (b && b.k === 'letop') {
      const call = defCaller(b.def, sc);
      return (f) => new OpV(b.def.params.length, (args) => call(f, args), b.def.name);
    }
    const d = env.defs.get(a.text);
    if (d && d.k === 'op') {
      const call = defCaller(d, sc);
      bumpLvl(d.lvl);
      return (f) => new OpV(d.params.length, (args) => call(f, args), d.name);
    }
    if (d && d.k === 'builtin') {
      if (IMPURE.has(d.name)) CS.impure = true;
      if (NOMEMO.has(d.name)) CS.nomemo = true;
      return () => new OpV(d.b.arity, (args) => d.b.fn(args), d.name);
    }
    if (d && d.k === 'const' && d.alias && d.alias.k === 'op') {
      const od = d.alias;
      const call = defCaller(od, sc);
      return (f) => new OpV(od.params.length, (args) => call(f, args), od.name);
    }
  }
  return err(env, a, `expected an operator with ${arity} arguments`);
}

