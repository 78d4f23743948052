/**
 * The expression compiler, names: references to bound variables, definitions, constants,
 * variables, INSTANCE substitutions and builtins; LET; `M!Op` through instances. Operator
 * calls and their arguments (Thunk, VarRef, LAMBDA and operator names) are in compile-args.ts,
 * re-exported here.
 */
import type { Loc } from './errors.ts';
import type { SNode } from './syntax.ts';
import { OpV, type Value, isOp, tagOf } from './values.ts';
import { RT, evalErr, located, walk, type Expr, type Frame } from './runtime.ts';
import { FrameInfo, ModEnv, OpDef, Scope, instantiate, opName, paramsOf, type Def, type VarDef } from './modules.ts';
import { CS, IMPURE, NOMEMO, bumpLvl, compile, cstack, err, noteRef, noteVar, resetLevel, useDeps } from './compile.ts';
import { memoByVars } from './memo.ts';
import { compileRecFcn } from './compile-fcns.ts';
import { Thunk, forceThunk, compileLazyArg, VarRef, readVar, compileCallArgs, compileArg } from './compile-args.ts';
export { Thunk, isThunk, forceThunk, compileLazyArg, VarRef, isVarRef, readVar, compileCallArgs, compileArg } from './compile-args.ts';

export function kIdentifierRef(n: SNode, sc: Scope): Expr {
  return compileRef(n, n.text, [], sc);
}

export function kBoundOp(n: SNode, sc: Scope): Expr {
  const name = n.childForFieldName('name')!;
  return compileRef(n, name.text, n.childrenForFieldName('parameter'), sc);
}

export function kPrefixedOp(n: SNode, sc: Scope): Expr {
  return compilePrefixed(n, sc);
}

export function kPrevFuncVal(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const b = sc.lookup('@');
  if (!b || b.k !== 'slot') return err(env, n, '@ used outside of EXCEPT');
  noteRef(b.level, b.idx);
  const up = sc.level - b.level;
  const idx = b.idx;
  return (f) => walk(f, up)[idx];
}

/** callDef calls a user operator with evaluated arguments from within frame `f` at scope `sc`. */
export function defCaller(def: OpDef, sc: Scope): (f: Frame, args: Value[]) => Value {
  const up = sc.level - def.scope.level;
  const isLet = def.scope.level > 0 || def.scope.parent !== null;
  ensureCompiled(def);
  useDeps(def);
  return (f: Frame, args: Value[]) => {
    const fi = def.fi!;
    const nf = new Array(fi.size);
    nf[0] = isLet ? walk(f, up) : null;
    for (let i = 0; i < args.length; i++) nf[i + 1] = args[i];
    return def.fn!(nf);
  };
}

export function ensureCompiled(def: OpDef): void {
  if (def.fn !== null || def.compiling) return;
  def.compiling = true;
  const saved = resetLevel(0);
  const savedStack = cstack.splice(0, cstack.length);
  const savedImpure = CS.impure;
  const savedVars = CS.vars;
  const savedNomemo = CS.nomemo;
  CS.impure = false;
  CS.vars = new Set();
  CS.nomemo = false;
  try {
    const sc = new Scope(def.scope.env, def.scope, def.scope.level + 1, new FrameInfo(1 + def.params.length));
    def.params.forEach((p, i) => sc.names.set(p.name, { k: 'slot', level: sc.level, idx: i + 1, arity: p.arity, param: p.arity === 0 }));
    def.fi = sc.fi;
    let body: Expr;
    if (def.fcnBounds) body = compileRecFcn(def, sc);
    else body = compile(def.body, sc);
    def.lvl = CS.lvl;
    def.impure = CS.impure;
    def.vars = [...CS.vars].sort((a, b) => a - b);
    def.nomemo = CS.nomemo || CS.impure;
    const moduleLevel = def.scope.parent === null && def.scope.level === 0;
    // A constant-level module definition without parameters is evaluated once (as TLC does),
    // unless it calls TLCGet/Print/...: those can change their value or must run each time.
    if (def.params.length === 0 && def.lvl === 0 && !def.impure && def.scope.parent === null && def.scope.level === 0) {
      def.fn = (f: Frame) => {
        if (def.cached === undefined) def.cached = body(f);
        return def.cached;
      };
    } else if (def.params.length === 0 && def.lvl === 1 && !def.nomemo && moduleLevel && !def.fcnBounds && def.vars.length > 0) {
      // A state-level one is reused while the variables it reads keep their values (memo.ts).
      def.fn = memoByVars(body, def.vars);
    } else def.fn = body;
    def.impure = CS.impure;
  } finally {
    def.compiling = false;
    CS.lvl = Math.max(saved, CS.lvl);
    cstack.push(...savedStack);
    CS.impure = savedImpure;
    const inner = CS.vars;
    const innerNomemo = CS.nomemo;
    CS.vars = savedVars;
    CS.nomemo = savedNomemo;
    // As the level above: what the definition reads counts for the one that compiled it.
    for (const v of inner) CS.vars.add(v);
    if (innerNomemo) CS.nomemo = true;
  }
}


export function lookupUserOp(sym: string, sc: Scope): OpDef | null {
  const b = sc.lookup(sym);
  if (b && b.k === 'letop') return b.def;
  const d = sc.env.defs.get(sym);
  if (d && d.k === 'op') return d;
  return null;
}


/** resolveVar gives the state variable that name denotes (through INSTANCE aliases), if any. */
export function resolveVar(name: string, sc: Scope): VarDef | null {
  if (sc.lookup(name)) return null;
  const d = sc.env.defs.get(name);
  if (d && d.k === 'var') return d;
  if (d && d.k === 'subst' && d.node.type === 'identifier_ref') return resolveVar(d.node.text, d.env.root);
  return null;
}


/** compileLet sets up LET definitions (zero-arity ones cached per entry) and compiles the body. */
export function compileLet<T>(n: SNode, sc: Scope, body: (b: SNode, inner: Scope) => T): { resets: number[]; inner: Scope; result: T } {
  const inner = sc.child();
  const resets: number[] = [];
  for (const d of n.childrenForFieldName('definitions')) {
    if (d.type === 'operator_definition') {
      const nm = opName(d.childForFieldName('name')!);
      const def = new OpDef(nm, paramsOf(d), d.childForFieldName('definition')!, inner, d);
      if (def.params.length === 0) {
        const idx = inner.alloc();
        resets.push(idx);
        inner.names.set(nm, { k: 'let0', level: inner.level, idx, def, fnLvl: -1 });
      } else inner.names.set(nm, { k: 'letop', def });
    } else if (d.type === 'function_definition') {
      const nm = d.childForFieldName('name')!.text;
      const def = new OpDef(nm, [], d.childForFieldName('definition')!, inner, d);
      def.fcnBounds = d.namedChildren.filter((c) => c.type === 'quantifier_bound');
      inner.names.set(nm, { k: 'letop', def });
    } else if (d.type === 'recursive_declaration') {
      continue;
    } else err(sc.env, d, `unsupported LET definition: ${d.type}`);
  }
  return { resets, inner, result: body(n.childForFieldName('expression')!, inner) };
}

/** let0 compiles a zero-arity LET definition: evaluated at most once per LET entry. */
function compileLet0(b: { level: number; idx: number; def: OpDef; fnLvl: number }, sc: Scope): Expr {
  const def = b.def;
  if (def.fn === null && !def.compiling) {
    def.compiling = true;
    const saved = resetLevel(0);
    // The body is compiled in the LET's own frame (same level), so it needs no frame of its own.
    const letScope = def.scope;
    const savedVars = CS.vars;
    const savedNomemo = CS.nomemo;
    CS.vars = new Set();
    CS.nomemo = false;
    try {
      def.fn = compile(def.body, letScope);
    } finally {
      def.vars = [...CS.vars];
      def.nomemo = CS.nomemo;
      CS.vars = savedVars;
      CS.nomemo = savedNomemo;
    }
    def.lvl = CS.lvl;
    b.fnLvl = CS.lvl;
    CS.lvl = Math.max(saved, CS.lvl);
    def.compiling = false;
  }
  bumpLvl(def.lvl);
  // vars === null: referenced from its own body (recursion), what it reads is not known yet.
  useDeps(def);
  const up = sc.level - b.level;
  const idx = b.idx;
  // Definitions that read the next state are not cached: the next state changes inside one entry.
  if (def.lvl >= 2) return (f) => def.fn!(walk(f, up));
  return (f) => {
    const fr = walk(f, up);
    let v = fr[idx];
    if (v === undefined) v = fr[idx] = def.fn!(fr);
    return v;
  };
}

/** compileRef compiles a reference `name` or an application `name(args)`. */
export function compileRef(n: SNode, name: string, args: SNode[], sc: Scope): Expr {
  const env = sc.env;
  const b = sc.lookup(name);
  const loc = env.loc(n);
  if (b) {
    if (b.k === 'letop') noteRef(0, -1);
    else noteRef(b.level, b.idx);
    if (b.k === 'slot') {
      const up = sc.level - b.level;
      const idx = b.idx;
      if (b.arity > 0 || args.length > 0) {
        // A higher-order parameter: call the operator value.
        const ae = args.map((a) => compileArg(a, 0, sc));
        return (f) => {
          const op = walk(f, up)[idx];
          if (!(isOp(op))) evalErr(`${name} is not an operator`, loc);
          try {
            return (op as OpV).call(ae.map((a) => a(f)));
          } catch (e) {
            return located(e, loc);
          }
        };
      }
      if (b.param) {
        // An operator parameter may hold an unevaluated argument (TLC passes arguments lazily).
        return (f) => {
          const fr = walk(f, up);
          const v = fr[idx];
          // One read of the tag for both tests (see tagOf in values.ts): 20 Thunk, 21 VarRef.
          const t = tagOf(v as Value);
          if (t === 20) return (fr[idx] = forceThunk(v as Thunk));
          if (t === 21) return readVar(v as VarRef, loc);
          return v;
        };
      }
      if (up === 0) return (f) => f[idx];
      if (up === 1) return (f) => f[0][idx];
      return (f) => walk(f, up)[idx];
    }
    if (b.k === 'let0') return compileLet0(b, sc);
    return compileCallArgs(n, b.def, args, sc);
  }
  const d = env.defs.get(name);
  if (!d) return err(env, n, `Unknown operator: ${name}`);
  return compileDefRef(n, d, args, sc, loc);
}

export function compileDefRef(n: SNode, d: Def, args: SNode[], sc: Scope, loc: Loc): Expr {
  const env = sc.env;
  switch (d.k) {
    case 'var': {
      bumpLvl(1);
      noteVar(d.idx);
      const idx = d.idx;
      const name = d.name;
      return () => {
        const v = RT.s[idx];
        if (v === undefined) evalErr(`The variable ${name} is not assigned`, loc);
        return v;
      };
    }
    case 'const': {
      if (d.alias) return compileDefRef(n, d.alias, args, sc, loc);
      if (d.volatile) CS.impure = true;
      if (d.value === undefined) {
        return () => evalErr(`The constant ${d.name} is not given a value in the model (.cfg)`, loc);
      }
      const v = d.value;
      if (isOp(v) && args.length > 0) {
        const ae = args.map((a) => compile(a, sc));
        return (f) => v.call(ae.map((a) => a(f)));
      }
      return () => v;
    }
    case 'subst': {
      if (d.fn === null) {
        const saved = resetLevel(0);
        const fi = new FrameInfo(1);
        const s = new Scope(d.env, null, 0, fi);
        const impureBefore = CS.impure;
        const savedVars = CS.vars;
        const savedNomemo = CS.nomemo;
        CS.impure = false;
        CS.vars = new Set();
        CS.nomemo = false;
        let e: Expr;
        try {
          e = compile(d.node, s);
        } finally {
          d.vars = [...CS.vars];
          d.nomemo = CS.nomemo || CS.impure;
          CS.vars = savedVars;
          CS.nomemo = savedNomemo;
        }
        d.lvl = CS.lvl;
        CS.lvl = Math.max(saved, CS.lvl);
        const pure = !CS.impure;
        CS.impure = CS.impure || impureBefore;
        if (d.lvl === 0 && pure) {
          // A constant substitution (e.g. Server <- Acceptor) is evaluated once.
          let done = false;
          let v: Value;
          d.fn = () => {
            if (!done) {
              v = e(new Array(fi.size));
              done = true;
            }
            return v;
          };
        } else d.fn = () => e(new Array(fi.size));
      }
      bumpLvl(d.lvl);
      useDeps({ vars: d.vars ?? null, nomemo: d.nomemo ?? true });
      return d.fn;
    }
    case 'builtin': {
      const b = d.b;
      if (IMPURE.has(d.name)) CS.impure = true;
      if (NOMEMO.has(d.name)) CS.nomemo = true;
      if (args.length !== b.arity) err(env, n, `${d.name} expects ${b.arity} arguments, got ${args.length}`);
      if (b.arity === 0) {
        return () => {
          try {
            return b.fn([]);
          } catch (e) {
            return located(e, loc);
          }
        };
      }
      const ae = args.map((a) => compileArg(a, a.type === 'lambda' || isOpName(a, sc) ? 1 : 0, sc));
      return (f) => {
        const vs = new Array(ae.length);
        for (let i = 0; i < ae.length; i++) vs[i] = ae[i](f);
        try {
          return b.fn(vs);
        } catch (e) {
          return located(e, loc);
        }
      };
    }
    case 'op':
      return compileCallArgs(n, d, args, sc);
    case 'inst':
      return err(env, n, `${d.name} is a module instance; use ${d.name}!Op`);
  }
}

function isOpName(a: SNode, sc: Scope): boolean {
  if (a.type === 'infix_op_symbol' || a.type === 'prefix_op_symbol') return true;
  if (a.type !== 'identifier_ref') return false;
  const b = sc.lookup(a.text);
  if (b) return b.k === 'letop' || (b.k === 'slot' && b.arity > 0);
  const d = sc.env.defs.get(a.text);
  return (d?.k === 'op' && d.params.length > 0) || (d?.k === 'builtin' && d.b.arity > 0);
}

/** A!Op, A!B!Op, A!Op(args). */
export function compilePrefixed(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const { def, args, target } = resolvePrefixed(n, sc);
  const loc = env.loc(n);
  if (def.k === 'op') {
    // Compile the call in the instance's root scope, evaluated from here with a fresh frame.
    if (args.length !== def.params.length) err(env, n, `${def.name} expects ${def.params.length} arguments, got ${args.length}`);
    const ae = args.map((a, i) => compileLazyArg(a, def.params[i].arity, sc));
    ensureCompiled(def);
    bumpLvl(def.lvl);
    useDeps(def);
    return (f) => {
      const fi = def.fi!;
      const nf = new Array(fi.size);
      nf[0] = null;
      for (let i = 0; i < ae.length; i++) nf[i + 1] = ae[i](f);
      return def.fn!(nf);
    };
  }
  return compileDefRef(target, def, args, sc, loc);
}

export function resolvePrefixed(n: SNode, sc: Scope): { def: Def; args: SNode[]; target: SNode; env: ModEnv } {
  const env = sc.env;
  const prefix = n.childForFieldName('prefix')!;
  const op = n.childForFieldName('op')!;
  let cur: ModEnv = env;
  for (const comp of prefix.namedChildren) {
    if (comp.type !== 'subexpr_component') err(env, comp, 'unsupported subexpression reference');
    const inner = comp.namedChildren[0];
    const isAppl = inner.type === 'bound_op';
    if (inner.type !== 'identifier_ref' && !isAppl) err(env, comp, 'unsupported subexpression reference');
    const iname = isAppl ? inner.childForFieldName('name')!.text : inner.text;
    const d = cur.defs.get(iname);
    if (!d || d.k !== 'inst') return err(env, comp, `${iname} is not a module instance`);
    if (d.env) {
      cur = d.env;
      continue;
    }
    // A parameterised instance I(e1, ...): instantiate it for these argument expressions.
    const args = isAppl ? inner.childrenForFieldName('parameter') : [];
    if (args.length !== d.params.length) err(env, comp, `${iname} expects ${d.params.length} arguments`);
    const key = args.map((a) => a.text).join('\u0000') + '\u0000' + env.file;
    let ienv = d.instances!.get(key);
    if (!ienv) {
      const pm = new Map<string, Def>();
      args.forEach((a, i) => {
        const bound = a.type === 'identifier_ref' && sc.lookup(a.text);
        if (bound) err(env, a, `the argument of ${iname} may not use the bound variable ${a.text} (not supported by the embedded checker)`);
        const same = a.type === 'identifier_ref' ? env.defs.get(a.text) : undefined;
        pm.set(d.params[i], same ?? { k: 'subst', name: d.params[i], node: a, env, fn: null, lvl: 0 });
      });
      ienv = instantiate(d.defEnv!, d.node!, pm);
      d.instances!.set(key, ienv);
    }
    cur = ienv;
  }
  let name: string;
  let args: SNode[] = [];
  if (op.type === 'bound_op') {
    name = op.childForFieldName('name')!.text;
    args = op.childrenForFieldName('parameter');
  } else name = opName(op);
  const def = cur.defs.get(name);
  if (!def) err(env, op, `Unknown operator: ${name} in module instance`);
  return { def: def!, args, target: op, env: cur };
}

