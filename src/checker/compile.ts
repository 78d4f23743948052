/**
 * The semantic pass and the compiler: modules (EXTENDS, INSTANCE, LOCAL), definitions and scopes,
 * and the translation of every expression into a JavaScript closure, once. Evaluation then never
 * walks the syntax tree.
 *
 * Runtime model: a closure takes a frame (`any[]`, slot 0 is the lexically enclosing frame) and
 * reads the current state from RT.s and the (partial) next state from RT.t. Bound variables live
 * in frame slots resolved at compile time; every operator call or LAMBDA gets a new frame.
 */
import { ConfigError, EvalError, ParseError, type Loc } from './errors.ts';
import { locOf, moduleName, parseFile, type SNode } from './syntax.ts';
import {
  ErrV, FcnV, IntervalV, LazyFcnV, OpV, ProductV, RcdSetV, RcdV, SetV, TupV, FcnSetV, PowerSetV, apply, compare, domainOf, elems, equals, fcnIndex, intern, isSet, mkFcn, mkFcnSorted, mkSet, setHas, show, type Value, isFcn, isTup, isRcd, isOp, isErr, isInterval, isInfinite,
} from './values.ts';
import { InfiniteSet } from './values.ts';
import { INT_MAX, INT_MIN, STD_INFIX, STD_MODULES, arith, checkInt, IntSet, NatSet, StringSet, type Builtin } from './stdlib.ts';
import { existsSync } from 'node:fs';
import { STD_NAMES } from './stdnames.ts';
import { checkModule } from './sany.ts';
import { dirname, join } from 'node:path';

export type Frame = any[];
export type Expr = (f: Frame) => Value;

/** The state registers: current state and (partially assigned) next state. */
export const RT: { s: Value[]; t: (Value | undefined)[]; na: number; nv: number } = { s: [], t: [], na: 0, nv: 0 };

// ---- definitions and scopes ----

export class OpDef {
  readonly k = 'op';
  fn: Expr | null = null;
  fi: FrameInfo | null = null;
  lvl = 0;
  compiling = false;
  cached: Value | undefined = undefined;
  /** calls Print/TLCSet/... (directly or not): never folded into a constant */
  impure = false;
  /** For `f[x \in S] == e`: the function definition's quantifier bounds. */
  fcnBounds: SNode[] | null = null;
  constructor(
    readonly name: string,
    readonly params: { name: string; arity: number }[],
    readonly body: SNode,
    readonly scope: Scope,
    readonly node: SNode,
  ) {}
}

export interface VarDef {
  k: 'var';
  name: string;
  idx: number;
}
export interface ConstDef {
  k: 'const';
  name: string;
  arity: number;
  value: Value | undefined;
  /** `C <- Op` in the .cfg: the constant is replaced by a definition. */
  alias: Def | undefined;
  loc: Loc;
  /**
   * The value may change between evaluations (the trace validator's window of events): nothing
   * that reads it is folded into a constant or cached.
   */
  volatile?: boolean;
}
export interface SubstDef {
  k: 'subst';
  name: string;
  node: SNode;
  env: ModEnv;
  fn: Expr | null;
  lvl: number;
}
export interface BuiltinDef {
  k: 'builtin';
  name: string;
  b: Builtin;
}
export interface InstDef {
  k: 'inst';
  name: string;
  /** null for a parameterised instance: see `instances` */
  env: ModEnv | null;
  params: string[];
  /** for `I(p) == INSTANCE M WITH ...`: the INSTANCE node, its module, and one environment per argument list */
  node?: SNode;
  defEnv?: ModEnv;
  instances?: Map<string, ModEnv>;
}
export type Def = OpDef | VarDef | ConstDef | SubstDef | BuiltinDef | InstDef;

export class FrameInfo {
  size: number;
  constructor(n: number) {
    this.size = n;
  }
}

type Binding =
  | { k: 'slot'; level: number; idx: number; arity: number; param?: boolean }
  | { k: 'let0'; level: number; idx: number; def: OpDef; fnLvl: number }
  | { k: 'letop'; def: OpDef };

export class Scope {
  readonly names = new Map<string, Binding>();
  constructor(
    readonly env: ModEnv,
    readonly parent: Scope | null,
    readonly level: number,
    readonly fi: FrameInfo,
  ) {}
  child(): Scope {
    return new Scope(this.env, this, this.level, this.fi);
  }
  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const b = s.names.get(name);
      if (b) return b;
    }
    return undefined;
  }
  alloc(): number {
    return this.fi.size++;
  }
}

export class ModEnv {
  readonly defs = new Map<string, Def>();
  readonly assumes: { node: SNode; env: ModEnv }[] = [];
  readonly included = new Set<string>();
  /** names this module defines LOCAL (not exported by EXTENDS or INSTANCE) */
  readonly locals = new Set<string>();
  /** standard modules brought in by LOCAL INSTANCE */
  readonly localIncludes = new Set<string>();
  /** for an instance with substitutions: where its INSTANCE is defined (TLC's action location) */
  instLoc: Loc | null = null;
  root!: Scope;
  constructor(
    readonly name: string,
    readonly file: string,
    readonly world: World,
  ) {
    this.root = new Scope(this, null, 0, new FrameInfo(1));
  }
  loc(n: SNode): Loc {
    return locOf(n, this.file, this.name);
  }
}

/** World holds what all modules of one run share: files, variables, model values. */
export class World {
  readonly vars: VarDef[] = [];
  readonly modules = new Map<string, { node: SNode; file: string }>();
  /** modules that passed the SANY-like checks */
  readonly checkedModules = new Set<SNode>();
  /** standard modules already "parsed" (their identifiers interned) */
  readonly parsedStd = new Set<string>();
  /** environments of modules reached by EXTENDS (shared: their variables exist once) */
  readonly extended = new Map<string, ModEnv>();
  /** string literals per module, interned after all identifiers (see internTokens) */
  readonly strings: string[][] = [];
  readonly dir: string;
  constructor(readonly rootFile: string) {
    this.dir = dirname(rootFile);
  }

  /** findModule locates module `name` (already parsed, or `name.tla` next to the spec). */
  findModule(name: string, at: string): { node: SNode; file: string } {
    const known = this.modules.get(name);
    if (known) return known;
    const file = join(this.dir, `${name}.tla`);
    if (!existsSync(file)) {
      throw new ParseError(`${at}: module ${name} not found (looked for ${file}; the embedded checker supports the standard modules ${Object.keys(STD_MODULES).join(', ')})`);
    }
    this.addFile(file);
    const m = this.modules.get(name);
    if (!m) throw new ParseError(`${file}:1:1: file does not contain MODULE ${name}`);
    return m;
  }

  addFile(file: string): void {
    const sf = parseFile(file);
    for (const m of sf.modules) {
      const name = moduleName(m);
      if (!this.modules.has(name)) {
        this.modules.set(name, { node: m, file });
        const strs: string[] = [];
        internTokens(m, strs);
        this.strings.push(strs);
      }
    }
  }
}

/**
 * internTokens interns identifiers in source order, as TLC's parser does, and collects string
 * literals: SANY interns those later, during semantic analysis (dependencies first, root last).
 * TLC orders strings by this interning order, which decides CHOOSE and enumeration order.
 */
function internTokens(n: SNode, strings: string[]): void {
  if (n.type === 'identifier' || n.type === 'identifier_ref') intern(n.text);
  else if (n.type === 'string') strings.push(unquote(n.text));
  for (const c of n.namedChildren) internTokens(c, strings);
}

/** internStrings interns the collected string literals: other modules first, the root last. */
export function internStrings(world: World): void {
  const [root, ...rest] = world.strings;
  for (const strs of rest) for (const s of strs) intern(s);
  if (root) for (const s of root) intern(s);
}

export function unquote(s: string): string {
  return s
    .slice(1, -1)
    .replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === 'f' ? '\f' : c));
}

const UNSUPPORTED_STD = new Set(['Reals', 'RealTime', 'TLCExt', 'Randomization', 'Json', 'IOUtils', 'CSV', 'Functions', 'SequencesExt', 'FiniteSetsExt', 'Folds', 'Graphs', 'Relation', 'Apalache', 'Toolbox', 'Bitwise', 'DyadicRationals', 'VectorClocks', 'UndirectedGraphs', 'BagsExt']);

function addStd(env: ModEnv, name: string, at: string): boolean {
  const mod = STD_MODULES[name];
  if (!mod) {
    if (UNSUPPORTED_STD.has(name) && !existsSync(join(env.world.dir, `${name}.tla`))) {
      throw new ParseError(`${at}: module ${name} is not supported by the embedded checker (use --engine tlc)`);
    }
    return false;
  }
  if (env.included.has(name)) return true;
  env.included.add(name);
  // TLC parses the standard module here, interning its identifiers (see stdnames.ts).
  if (!env.world.parsedStd.has(name)) {
    env.world.parsedStd.add(name);
    for (const id of STD_NAMES[name] ?? []) intern(id);
  }
  if (name === 'Integers') addStd(env, 'Naturals', at);
  if (name === 'TLC') {
    addStd(env, 'Naturals', at);
    addStd(env, 'Sequences', at);
    addStd(env, 'FiniteSets', at);
  }
  // TLC accepts :> and @@ after EXTENDS Bags alone (Bags instantiates TLC).
  if (name === 'Bags') {
    addStd(env, 'Naturals', at);
    addStd(env, 'TLC', at);
  }
  for (const [n, b] of Object.entries(mod)) env.defs.set(n, { k: 'builtin', name: n, b });
  return true;
}

/**
 * buildModule creates the environment of module `name`. `subs` (for INSTANCE) maps the
 * instantiated module's constants and variables to definitions of the instantiating module.
 */
export function buildModule(world: World, name: string, at: string, subs: Map<string, Def> | null): ModEnv {
  const { node, file } = world.findModule(name, at);
  const env = new ModEnv(name, file, world);
  addUnits(env, node, file, subs);
  return env;
}

/** extendedEnv builds (once per run, for plain EXTENDS) the environment of an extended module. */
function extendedEnv(world: World, name: string, at: string, subs: Map<string, Def> | null): ModEnv {
  if (subs === null) {
    const hit = world.extended.get(name);
    if (hit) return hit;
  }
  const { node, file } = world.findModule(name, at);
  const menv = new ModEnv(name, file, world);
  if (subs === null) world.extended.set(name, menv);
  addUnits(menv, node, file, subs);
  return menv;
}

function opName(n: SNode): string {
  // Infix/prefix/postfix operator definitions are named by their symbol's node type.
  if (n.type === 'infix_op_symbol' || n.type === 'prefix_op_symbol' || n.type === 'postfix_op_symbol') {
    return n.namedChildren[0]?.type ?? n.text;
  }
  return n.text;
}

function paramsOf(def: SNode): { name: string; arity: number }[] {
  return def.childrenForFieldName('parameter').map((p) => {
    if (p.type === 'operator_declaration') {
      const nm = p.childForFieldName('name')!;
      return { name: opName(nm), arity: p.childrenForFieldName('parameter').length };
    }
    return { name: p.text, arity: 0 };
  });
}

function addUnits(env: ModEnv, mod: SNode, file: string, subs: Map<string, Def> | null): void {
  const world = env.world;
  const at = (n: SNode) => `${file}:${n.startPosition.row + 1}:${n.startPosition.column + 1}`;
  let checked = false;
  for (const u of mod.namedChildren) {
    if (!checked && u.type !== 'extends') {
      // SANY's checks run once the EXTENDS are in scope (their names may not be redefined as bound names).
      checked = true;
      if (!world.checkedModules.has(mod)) {
        world.checkedModules.add(mod);
        checkModule(mod, file, new Set(env.defs.keys()));
      }
    }
    const local = u.type === 'local_definition';
    const unit = local ? u.namedChildren[0] : u;
    switch (unit.type) {
      case 'extends':
        for (const r of unit.namedChildren) {
          const nm = r.text;
          if (addStd(env, nm, at(r))) continue;
          if (env.included.has(nm)) continue;
          env.included.add(nm);
          // The extended module keeps its own scope (its LOCAL definitions stay private); its
          // public definitions, constants and variables become this module's.
          const menv = extendedEnv(world, nm, at(r), subs);
          for (const [n, d] of menv.defs) if (!menv.locals.has(n)) env.defs.set(n, d);
          for (const inc of menv.included) if (!menv.localIncludes.has(inc)) env.included.add(inc);
          for (const a of menv.assumes) if (!env.assumes.includes(a)) env.assumes.push(a);
        }
        break;
      case 'constant_declaration':
        for (const c of unit.namedChildren) {
          const isOp = c.type === 'operator_declaration';
          const nm = isOp ? opName(c.childForFieldName('name')!) : c.text;
          const arity = isOp ? c.childrenForFieldName('parameter').length : 0;
          const s = subs?.get(nm);
          if (s) env.defs.set(nm, s);
          else if (subs) throw new ParseError(`${at(c)}: no substitution for constant ${nm} of instantiated module ${env.name}`);
          else env.defs.set(nm, { k: 'const', name: nm, arity, value: undefined, alias: undefined, loc: env.loc(c) });
        }
        break;
      case 'variable_declaration':
        for (const v of unit.namedChildren) {
          const nm = v.text;
          const s = subs?.get(nm);
          if (s) env.defs.set(nm, s);
          else if (subs) throw new ParseError(`${at(v)}: no substitution for variable ${nm} of instantiated module ${env.name}`);
          else {
            const d: VarDef = { k: 'var', name: nm, idx: world.vars.length };
            world.vars.push(d);
            env.defs.set(nm, d);
          }
        }
        break;
      case 'operator_definition': {
        const nameNode = unit.childForFieldName('name')!;
        const nm = opName(nameNode);
        env.defs.set(nm, new OpDef(nm, paramsOf(unit), unit.childForFieldName('definition')!, env.root, unit));
        if (local) env.locals.add(nm);
        else env.locals.delete(nm);
        break;
      }
      case 'function_definition': {
        const nm = unit.childForFieldName('name')!.text;
        const d = new OpDef(nm, [], unit.childForFieldName('definition')!, env.root, unit);
        d.fcnBounds = unit.namedChildren.filter((c) => c.type === 'quantifier_bound');
        env.defs.set(nm, d);
        break;
      }
      case 'module_definition': {
        const nm = unit.childForFieldName('name')!.text;
        const params = paramsOf(unit).map((p) => p.name);
        const inst = unit.childForFieldName('definition')!;
        if (params.length > 0) {
          // Instantiated on use, once per list of argument expressions (see resolvePrefixed).
          env.defs.set(nm, { k: 'inst', name: nm, env: null, params, node: inst, defEnv: env, instances: new Map() });
        } else env.defs.set(nm, { k: 'inst', name: nm, env: instantiate(env, inst), params: [] });
        if (local) env.locals.add(nm);
        break;
      }
      case 'instance': {
        const nm = unit.namedChildren[0].text;
        if (STD_MODULES[nm]) {
          const before = new Set(env.defs.keys());
          addStd(env, nm, at(unit));
          if (local) {
            env.localIncludes.add(nm);
            for (const n of env.defs.keys()) if (!before.has(n)) env.locals.add(n);
          }
          break;
        }
        const ienv = instantiate(env, unit);
        for (const [n, d] of ienv.defs) {
          if (ienv.locals.has(n)) continue;
          if (d.k === 'op' || d.k === 'builtin' || d.k === 'inst') {
            if (!env.defs.has(n)) {
              env.defs.set(n, d);
              if (local) env.locals.add(n);
            }
          }
        }
        break;
      }
      case 'assumption': {
        const e = unit.namedChildren[unit.namedChildren.length - 1];
        env.assumes.push({ node: e, env });
        break;
      }
      case 'module': // nested module: registered by the parser, nothing to do here
      default:
        break;
    }
  }
}

/** instantiate builds the environment of `INSTANCE M WITH a <- e, ...` seen from `env`. */
function instantiate(outer: ModEnv, inst: SNode, params?: Map<string, Def>): ModEnv {
  let env = outer;
  if (params && params.size > 0) {
    // The instance's parameters are visible in its substitutions, as definitions.
    env = new ModEnv(outer.name, outer.file, outer.world);
    for (const [n, d] of outer.defs) env.defs.set(n, d);
    for (const [n, d] of params) env.defs.set(n, d);
    for (const i of outer.included) env.included.add(i);
  }
  const kids = inst.namedChildren;
  const nm = kids[0].text;
  const at = `${env.file}:${inst.startPosition.row + 1}:${inst.startPosition.column + 1}`;
  const subs = new Map<string, Def>();
  for (const s of kids.slice(1)) {
    if (s.type !== 'substitution') continue;
    const target = opName(s.namedChildren[0]);
    const rhs = s.namedChildren[s.namedChildren.length - 1];
    if (rhs.type === 'identifier_ref' && env.defs.has(rhs.text)) {
      const d = env.defs.get(rhs.text)!;
      subs.set(target, d);
    } else if (rhs.type === 'infix_op_symbol' || rhs.type === 'prefix_op_symbol') {
      throw new ParseError(`${at}: substituting an operator symbol in INSTANCE is not supported`);
    } else {
      subs.set(target, { k: 'subst', name: target, node: rhs, env, fn: null, lvl: 0 });
    }
  }
  // Standard modules instantiated: just their builtins.
  if (STD_MODULES[nm]) {
    const ienv = new ModEnv(nm, env.file, env.world);
    addStd(ienv, nm, at);
    return ienv;
  }
  const { node } = env.world.findModule(nm, at);
  // Implicit substitutions: every constant/variable not substituted is taken by name.
  const declared = collectDecls(env.world, node);
  for (const d of declared) {
    if (subs.has(d)) continue;
    const same = env.defs.get(d);
    if (!same) throw new ParseError(`${at}: INSTANCE ${nm} needs a substitution for ${d}, which is not defined here`);
    subs.set(d, same);
  }
  const ienv = buildModule(env.world, nm, at, subs);
  // TLC wraps an instantiated module's definitions in a substitution node located at the
  // INSTANCE definition; Next is not split below it (see splitNext).
  if (subs.size > 0) ienv.instLoc = outer.loc(inst.parent && inst.parent.type === 'module_definition' ? inst.parent : inst);
  return ienv;
}

function collectDecls(world: World, mod: SNode, out: string[] = [], seen = new Set<string>()): string[] {
  for (const u of mod.namedChildren) {
    if (u.type === 'constant_declaration' || u.type === 'variable_declaration') {
      for (const c of u.namedChildren) out.push(c.type === 'operator_declaration' ? opName(c.childForFieldName('name')!) : c.text);
    } else if (u.type === 'extends') {
      for (const r of u.namedChildren) {
        if (STD_MODULES[r.text] || seen.has(r.text)) continue;
        seen.add(r.text);
        const m = world.modules.get(r.text) ?? world.findModule(r.text, '');
        collectDecls(world, m.node, out, seen);
      }
    }
  }
  return out;
}

// ---- the expression compiler ----

/** The level of the expression being compiled: 0 constant, 1 state, 2 action, 3 temporal. */
let curLvl = 0;
export function getLevel(): number {
  return curLvl;
}
export function resetLevel(l = 0): number {
  const old = curLvl;
  curLvl = l;
  return old;
}
function bumpLvl(l: number): void {
  if (l > curLvl) curLvl = l;
}

export function err(env: ModEnv, n: SNode, msg: string): never {
  throw new ParseError(`${env.file}:${n.startPosition.row + 1}:${n.startPosition.column + 1}: ${msg}`);
}

/** located wraps evaluation errors thrown by `f` with the location of node n. */
function located(e: unknown, loc: Loc): never {
  if (e instanceof EvalError) {
    if (e.loc === null) e.loc = loc;
    throw e;
  }
  if (e instanceof RangeError) {
    const x = new EvalError(`evaluation too deep (${e.message}); is there an unbounded recursion?`);
    x.loc = loc;
    throw x;
  }
  throw e;
}

function evalErr(msg: string, loc: Loc): never {
  throw new EvalError(msg, loc);
}

function asBool(v: Value, loc: Loc, what: string): boolean {
  if (typeof v !== 'boolean') evalErr(`${what} should be a boolean, but is ${show(v)}`, loc);
  return v;
}

function walk(f: Frame, n: number): Frame {
  while (n-- > 0) f = f[0];
  return f;
}

/** callDef calls a user operator with evaluated arguments from within frame `f` at scope `sc`. */
function defCaller(def: OpDef, sc: Scope): (f: Frame, args: Value[]) => Value {
  const up = sc.level - def.scope.level;
  const isLet = def.scope.level > 0 || def.scope.parent !== null;
  ensureCompiled(def);
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
  const savedImpure = curImpure;
  curImpure = false;
  try {
    const sc = new Scope(def.scope.env, def.scope, def.scope.level + 1, new FrameInfo(1 + def.params.length));
    def.params.forEach((p, i) => sc.names.set(p.name, { k: 'slot', level: sc.level, idx: i + 1, arity: p.arity, param: p.arity === 0 }));
    def.fi = sc.fi;
    let body: Expr;
    if (def.fcnBounds) body = compileRecFcn(def, sc);
    else body = compile(def.body, sc);
    def.lvl = curLvl;
    def.impure = curImpure;
    // A constant-level module definition without parameters is evaluated once (as TLC does),
    // unless it calls TLCGet/Print/...: those can change their value or must run each time.
    if (def.params.length === 0 && def.lvl === 0 && !def.impure && def.scope.parent === null && def.scope.level === 0) {
      def.fn = (f: Frame) => {
        if (def.cached === undefined) def.cached = body(f);
        return def.cached;
      };
    } else def.fn = body;
    def.impure = curImpure;
  } finally {
    def.compiling = false;
    curLvl = Math.max(saved, curLvl);
    cstack.push(...savedStack);
    curImpure = savedImpure;
  }
}

/** lazyPoint evaluates a function's body at one point; a failure is kept as an ErrV. */
function lazyPoint(body: Expr, f: Frame): Value {
  try {
    return body(f);
  } catch (e) {
    if (e instanceof EvalError) return new ErrV(e);
    throw e;
  }
}

/** `f[x \in S] == e`, possibly recursive: evaluated once per argument, lazily. */
function compileRecFcn(def: OpDef, sc: Scope): Expr {
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
            const inner = t.elems[k++] as TupV;
            it.slots.forEach((sl, j) => (nf[sl] = inner.elems[j]));
          } else nf[it.slots[0]] = binders.count === 1 ? x : t.elems[k++];
        }
      }
      return nf;
    };
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

const MAX = INT_MAX;
const MIN = INT_MIN;

function arithOp(sym: string, a: Expr, b: Expr, loc: Loc): Expr {
  const need = (x: Value, side: string): number => {
    if (typeof x !== 'number') evalErr(`The ${side} argument of ${sym} should be an integer, but is ${show(x)}`, loc);
    return x;
  };
  switch (sym) {
    case '+':
      return (f) => {
        const x = a(f);
        const y = b(f);
        if (typeof x === 'number' && typeof y === 'number') {
          const r = x + y;
          if (r > MAX || r < MIN) evalErr(`Integer overflow when computing ${x} + ${y}`, loc);
          return r;
        }
        need(x, 'first');
        return need(y, 'second');
      };
    case '-':
      return (f) => {
        const x = a(f);
        const y = b(f);
        if (typeof x === 'number' && typeof y === 'number') {
          const r = x - y;
          if (r > MAX || r < MIN) evalErr(`Integer overflow when computing ${x} - ${y}`, loc);
          return r;
        }
        need(x, 'first');
        return need(y, 'second');
      };
    case '*':
      return (f) => {
        const x = need(a(f), 'first');
        const y = need(b(f), 'second');
        const r = x * y;
        if (r > MAX || r < MIN) evalErr(`Integer overflow when computing ${x} * ${y}`, loc);
        return r;
      };
    case '\\div':
      return (f) => {
        const x = need(a(f), 'first');
        const y = need(b(f), 'second');
        try {
          return checkInt(arith.floorDiv(x, y), `${x} \\div ${y}`);
        } catch (e) {
          return located(e, loc);
        }
      };
    case '%':
      return (f) => {
        const x = need(a(f), 'first');
        const y = need(b(f), 'second');
        try {
          return arith.floorMod(x, y);
        } catch (e) {
          return located(e, loc);
        }
      };
    case '^':
      return (f) => {
        const x = need(a(f), 'first');
        const y = need(b(f), 'second');
        try {
          return arith.pow(x, y);
        } catch (e) {
          return located(e, loc);
        }
      };
    case '<':
      return (f) => need(a(f), 'first') < need(b(f), 'second');
    case '>':
      return (f) => need(a(f), 'first') > need(b(f), 'second');
    case '<=':
      return (f) => need(a(f), 'first') <= need(b(f), 'second');
    case '>=':
      return (f) => need(a(f), 'first') >= need(b(f), 'second');
    case '..':
      return (f) => new IntervalV(need(a(f), 'first'), need(b(f), 'second'));
  }
  throw new Error(`unknown arithmetic operator ${sym}`);
}

const ARITH: Record<string, string> = {
  plus: '+', minus: '-', mul: '*', div: '\\div', mod: '%', pow: '^', lt: '<', gt: '>', leq: '<=', geq: '>=', dots_2: '..',
};

/** mergeSets unites two normalised element arrays in linear time. */
function mergeSets(x: Value[], y: Value[]): SetV {
  if (y.length === 1) {
    // Binary insertion: the common `S \cup {e}`.
    const e = y[0];
    let lo = 0;
    let hi = x.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = compare(x[mid], e);
      if (c === 0) return new SetV(x);
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    const out = x.slice(0, lo);
    out.push(e);
    for (let i = lo; i < x.length; i++) out.push(x[i]);
    return new SetV(out);
  }
  const out: Value[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const c = compare(x[i], y[j]);
    if (c === 0) {
      out.push(x[i++]);
      j++;
    } else if (c < 0) out.push(x[i++]);
    else out.push(y[j++]);
  }
  while (i < x.length) out.push(x[i++]);
  while (j < y.length) out.push(y[j++]);
  return new SetV(out);
}

function setOf(v: Value, loc: Loc, op: string): Value[] {
  if (!isSet(v)) evalErr(`The argument of ${op} should be a set, but is ${show(v)}`, loc);
  try {
    return elems(v);
  } catch (e) {
    return located(e, loc);
  }
}

function infix(sym: string, a: Expr, b: Expr, loc: Loc, env: ModEnv, n: SNode): Expr {
  if (ARITH[sym]) {
    if (!env.included.has('Naturals') && !env.included.has('Integers') && sym !== 'dots_2') {
      // TLC: arithmetic needs EXTENDS Naturals/Integers; keep its behaviour (unknown operator).
      if (!env.included.has('Naturals')) err(env, n, `Unknown operator: ${n.text} (EXTENDS Naturals or Integers)`);
    }
    return arithOp(ARITH[sym], a, b, loc);
  }
  switch (sym) {
    case 'land':
      return (f) => asBool(a(f), loc, 'The left side of /\\') && asBool(b(f), loc, 'The right side of /\\');
    case 'lor':
      return (f) => asBool(a(f), loc, 'The left side of \\/') || asBool(b(f), loc, 'The right side of \\/');
    case 'implies':
      return (f) => !asBool(a(f), loc, 'The left side of =>') || asBool(b(f), loc, 'The right side of =>');
    case 'iff':
    case 'equiv':
      return (f) => asBool(a(f), loc, 'The left side of <=>') === asBool(b(f), loc, 'The right side of <=>');
    case 'eq':
      return (f) => {
        const x = a(f);
        const y = b(f);
        if (x === y) return true;
        // Two distinct primitives of the same kind: unequal, no need for the general path.
        if (typeof x !== 'object' && typeof x === typeof y) return false;
        try {
          return equals(x, y);
        } catch (e) {
          return located(e, loc);
        }
      };
    case 'neq':
      return (f) => {
        const x = a(f);
        const y = b(f);
        if (x === y) return false;
        if (typeof x !== 'object' && typeof x === typeof y) return true;
        try {
          return !equals(x, y);
        } catch (e) {
          return located(e, loc);
        }
      };
    case 'in':
    case 'notin': {
      const neg = sym === 'notin';
      return (f) => {
        const x = a(f);
        const s = b(f);
        try {
          return setHas(s, x) !== neg;
        } catch (e) {
          return located(e, loc);
        }
      };
    }
    case 'subseteq':
      return (f) => {
        const x = a(f);
        const y = b(f);
        try {
          for (const e of setOf(x, loc, '\\subseteq')) if (!setHas(y, e)) return false;
          return true;
        } catch (e) {
          return located(e, loc);
        }
      };
    case 'cup':
      return (f) => {
        const x = setOf(a(f), loc, '\\cup');
        const y = setOf(b(f), loc, '\\cup');
        if (y.length === 0) return new SetV(x);
        if (x.length === 0) return new SetV(y);
        try {
          return mergeSets(x, y);
        } catch (e) {
          return located(e, loc);
        }
      };
    case 'cap':
      return (f) => {
        let xv = a(f);
        let y = b(f);
        // Intersect an infinite set with a finite one by enumerating the finite side.
        if (isInfinite(xv)) [xv, y] = [y, xv];
        const x = setOf(xv, loc, '\\cap');
        try {
          return new SetV(x.filter((e) => setHas(y, e)));
        } catch (e) {
          return located(e, loc);
        }
      };
    case 'setminus':
      return (f) => {
        const x = setOf(a(f), loc, '\\');
        const y = b(f);
        try {
          return new SetV(x.filter((e) => !setHas(y, e)));
        } catch (e) {
          return located(e, loc);
        }
      };
    case 'times':
      return (f) => new ProductV([a(f), b(f)]);
    default: {
      const std = STD_INFIX[sym];
      if (std && env.included.has(std.module)) {
        return (f) => {
          try {
            return std.fn(a(f), b(f));
          } catch (e) {
            return located(e, loc);
          }
        };
      }
      return err(env, n, `Unknown operator: ${n.childForFieldName('symbol')?.text ?? sym}`);
    }
  }
}

/**
 * Constant folding at run time: a subexpression that reads no state variable, no bound variable
 * from outside itself and calls nothing impure (Print, TLCSet, ...) is evaluated once and then
 * reused, e.g. the set literals of a type invariant. `cstack` tracks, per enclosing node being
 * compiled, whether it refers to a binding made outside it.
 */
interface CNode {
  level: number;
  size: number;
  fi: FrameInfo;
  bound: boolean;
}
const cstack: CNode[] = [];
let curImpure = false;

const FOLDABLE = new Set([
  'finite_set_literal', 'tuple_literal', 'record_literal', 'set_of_records', 'set_of_functions', 'set_map', 'set_filter',
  'function_literal', 'bound_infix_op', 'bound_prefix_op', 'bound_op', 'choose', 'except', 'if_then_else', 'case',
  'function_evaluation', 'record_value', 'bounded_quantification', 'parentheses', 'let_in',
]);

/** noteRef records a reference to the binding at (level, idx); idx < 0: treat as outside all. */
function noteRef(level: number, idx: number): void {
  for (let i = cstack.length - 1; i >= 0; i--) {
    const e = cstack[i];
    const outside = idx < 0 || level < e.level || (level === e.level && idx < e.size);
    if (!outside) return;
    e.bound = true;
  }
}

const IMPURE = new Set(['Print', 'PrintT', 'TLCSet', 'TLCGet', 'JavaTime', 'RandomElement', 'Any']);

/** compile translates expression node n in scope sc into a closure. */
export function compile(n: SNode, sc: Scope): Expr {
  if (!FOLDABLE.has(n.type)) return compile0(n, sc);
  const entry: CNode = { level: sc.level, size: sc.fi.size, fi: sc.fi, bound: false };
  const savedLvl = curLvl;
  const savedImpure = curImpure;
  curLvl = 0;
  curImpure = false;
  cstack.push(entry);
  let e: Expr;
  try {
    e = compile0(n, sc);
  } finally {
    cstack.pop();
  }
  const foldable = !entry.bound && !curImpure && curLvl === 0;
  curLvl = Math.max(curLvl, savedLvl);
  curImpure = curImpure || savedImpure;
  if (!foldable) return e;
  let done = false;
  let v: Value;
  return (f) => {
    if (!done) {
      v = e(f);
      done = true;
    }
    return v;
  };
}

function compile0(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  switch (n.type) {
    case 'nat_number': {
      const v = Number(n.text);
      if (v > INT_MAX) {
        // TLC refuses the spec before checking (exit 255): an error, not a syntax error.
        throw new ConfigError(`${env.file}:${n.startPosition.row + 1}:${n.startPosition.column + 1}: TLC can't handle a number this big: ${n.text} (integers are 32-bit)`);
      }
      return () => v;
    }
    case 'hex_number':
    case 'octal_number':
    case 'binary_number': {
      const t = n.text.replace(/^\\[hHoObB]/, '');
      const base = /^\\[hH]/.test(n.text) ? 16 : /^\\[oO]/.test(n.text) ? 8 : 2;
      const v = parseInt(t, base);
      return () => v;
    }
    case 'string': {
      const v = unquote(n.text);
      intern(v);
      return () => v;
    }
    case 'boolean': {
      const v = n.text === 'TRUE';
      return () => v;
    }
    case 'parentheses':
      return compile(n.namedChildren[0], sc);
    case 'nat_number_set':
      return () => NatSet;
    case 'int_number_set':
      return () => IntSet;
    case 'string_set':
      return () => StringSet;
    case 'boolean_set': {
      const s = new SetV([false, true]);
      return () => s;
    }
    case 'identifier_ref':
      return compileRef(n, n.text, [], sc);
    case 'bound_op': {
      const name = n.childForFieldName('name')!;
      return compileRef(n, name.text, n.childrenForFieldName('parameter'), sc);
    }
    case 'prefixed_op':
      return compilePrefixed(n, sc);
    case 'bound_infix_op': {
      const symNode = n.childForFieldName('symbol')!;
      const sym = symNode.type;
      const user = lookupUserOp(sym, sc);
      if (user) return compileCallArgs(n, user, [n.childForFieldName('lhs')!, n.childForFieldName('rhs')!], sc);
      const loc = env.loc(n);
      if (sym === 'leads_to') {
        bumpLvl(3);
        return () => evalErr('~> cannot be evaluated as a state or action expression', loc);
      }
      if (sym === 'times') {
        // A \X B \X C is one n-ary product (triples), unlike (A \X B) \X C.
        const parts: SNode[] = [];
        const flat = (x: SNode): void => {
          if (x.type === 'bound_infix_op' && x.childForFieldName('symbol')!.type === 'times') {
            flat(x.childForFieldName('lhs')!);
            flat(x.childForFieldName('rhs')!);
          } else parts.push(x);
        };
        flat(n);
        const es = parts.map((p) => compile(p, sc));
        return (f) => new ProductV(es.map((e) => e(f)));
      }
      const a = compile(n.childForFieldName('lhs')!, sc);
      const b = compile(n.childForFieldName('rhs')!, sc);
      return infix(sym, a, b, loc, env, n);
    }
    case 'bound_prefix_op':
      return compilePrefix(n, sc);
    case 'bound_postfix_op': {
      const sym = n.childForFieldName('symbol')!.type;
      if (sym !== 'prime') err(env, n, `Unsupported postfix operator ${n.childForFieldName('symbol')!.text}`);
      return compilePrime(n.childForFieldName('lhs')!, sc);
    }
    case 'conj_list':
    case 'disj_list': {
      const items = n.namedChildren.map((it) => compile(it.namedChildren[it.namedChildren.length - 1], sc));
      const locs = n.namedChildren.map((it) => env.loc(it));
      const conj = n.type === 'conj_list';
      return (f) => {
        for (let i = 0; i < items.length; i++) {
          const v = items[i](f);
          if (typeof v !== 'boolean') evalErr(`A ${conj ? 'conjunct' : 'disjunct'} should be a boolean, but is ${show(v)}`, locs[i]);
          if (v !== conj) return v;
        }
        return conj;
      };
    }
    case 'if_then_else': {
      const c = compile(n.childForFieldName('if')!, sc);
      const t = compile(n.childForFieldName('then')!, sc);
      const e = compile(n.childForFieldName('else')!, sc);
      const loc = env.loc(n);
      return (f) => (asBool(c(f), loc, 'The condition of IF') ? t(f) : e(f));
    }
    case 'case': {
      const arms = n.namedChildren.filter((c) => c.type === 'case_arm').map((a) => {
        const ks = a.namedChildren.filter((c) => c.type !== 'case_arrow');
        return { g: compile(ks[0], sc), e: compile(ks[1], sc) };
      });
      const other = n.namedChildren.find((c) => c.type === 'other_arm');
      const o = other ? compile(other.namedChildren.filter((c) => c.type !== 'case_arrow')[0], sc) : null;
      const loc = env.loc(n);
      return (f) => {
        for (const a of arms) if (asBool(a.g(f), loc, 'A CASE guard')) return a.e(f);
        if (o) return o(f);
        return evalErr('Attempted to evaluate a CASE with no arm enabled', loc);
      };
    }
    case 'let_in': {
      const { resets, result } = compileLet(n, sc, (body, inner) => compile(body, inner));
      if (resets.length === 0) return result;
      return (f) => {
        for (let i = 0; i < resets.length; i++) f[resets[i]] = undefined;
        return result(f);
      };
    }
    case 'bounded_quantification': {
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
    case 'unbounded_quantification':
      return err(env, n, 'unbounded quantifiers (\\E x : ..., \\A x : ...) are not supported by the model checker');
    case 'choose': {
      const set = n.childForFieldName('set');
      if (!set) err(env, n, 'unbounded CHOOSE is not supported by the model checker');
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
    case 'finite_set_literal': {
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
    case 'set_filter': {
      const b = compileBounds([n.childForFieldName('generator')!], sc);
      const p = compile(n.childForFieldName('filter')!, b.scope);
      const loc = env.loc(n);
      const it = b.items[0];
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
          } else f[it.slots[0]] = v;
          if (asBool(p(f), loc, 'The condition of a set filter')) out.push(v);
        }
        return new SetV(out);
      };
    }
    case 'set_map': {
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
    case 'function_literal': {
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
    case 'set_of_functions': {
      const [d, r] = n.namedChildren.filter((c) => c.type !== 'maps_to').map((c) => compile(c, sc));
      return (f) => new FcnSetV(d(f), r(f));
    }
    case 'set_of_records': {
      const kids = n.namedChildren;
      const names: string[] = [];
      const sets: Expr[] = [];
      for (let i = 0; i + 1 < kids.length; i += 2) {
        names.push(kids[i].text);
        intern(kids[i].text);
        sets.push(compile(kids[i + 1], sc));
      }
      const order = names.map((_, i) => i).sort((i, j) => intern(names[i]) - intern(names[j]));
      const sn = order.map((i) => names[i]);
      const ss = order.map((i) => sets[i]);
      return (f) => new RcdSetV(sn, ss.map((e) => e(f)));
    }
    case 'record_literal': {
      const kids = n.namedChildren.filter((c) => c.type !== 'all_map_to');
      const names: string[] = [];
      const vals: Expr[] = [];
      for (let i = 0; i + 1 < kids.length; i += 2) {
        names.push(kids[i].text);
        intern(kids[i].text);
        vals.push(compile(kids[i + 1], sc));
      }
      const order = names.map((_, i) => i).sort((i, j) => intern(names[i]) - intern(names[j]));
      const sn = order.map((i) => names[i]);
      const sv = order.map((i) => vals[i]);
      if (new Set(sn).size !== sn.length) err(env, n, 'duplicate field in record');
      return (f) => {
        const vs = new Array(sv.length);
        for (let i = 0; i < sv.length; i++) vs[i] = sv[i](f);
        return new RcdV(sn, vs);
      };
    }
    case 'record_value': {
      const [r, fld] = n.namedChildren;
      const re = compile(r, sc);
      const name = fld.text;
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
    case 'function_evaluation': {
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
    case 'tuple_literal': {
      const es = n.namedChildren.filter((c) => c.type !== 'langle_bracket' && c.type !== 'rangle_bracket').map((c) => compile(c, sc));
      return (f) => {
        const vs = new Array(es.length);
        for (let i = 0; i < es.length; i++) vs[i] = es[i](f);
        return new TupV(vs);
      };
    }
    case 'except':
      return compileExcept(n, sc);
    case 'prev_func_val': {
      const b = sc.lookup('@');
      if (!b || b.k !== 'slot') return err(env, n, '@ used outside of EXCEPT');
      noteRef(b.level, b.idx);
      const up = sc.level - b.level;
      const idx = b.idx;
      return (f) => walk(f, up)[idx];
    }
    case 'step_expr_or_stutter':
    case 'step_expr_no_stutter': {
      // [A]_v as a boolean: A \/ v' = v; <<A>>_v: A /\ v' # v.
      const kids = n.namedChildren.filter((c) => c.type !== 'langle_bracket' && c.type !== 'rangle_bracket_sub');
      const a = compile(kids[0], sc);
      const v = compile(kids[1], sc);
      const vp = compilePrime(kids[1], sc);
      const loc = env.loc(n);
      if (n.type === 'step_expr_or_stutter') return (f) => asBool(a(f), loc, '[A]_v') || equals(vp(f), v(f));
      return (f) => asBool(a(f), loc, '<<A>>_v') && !equals(vp(f), v(f));
    }
    case 'fairness':
      bumpLvl(3);
      return () => evalErr('fairness formulas cannot be evaluated as state or action expressions', env.loc(n));
    case 'lambda':
      return err(env, n, 'LAMBDA is only allowed as an argument of an operator');
    case 'subexpression':
    case 'label':
      if (n.type === 'label') return compile(n.childForFieldName('expression')!, sc);
      return err(env, n, 'subexpression references (Op!1!2) are not supported by the embedded checker');
    default:
      return err(env, n, `unsupported expression: ${n.type}`);
  }
}

function lookupUserOp(sym: string, sc: Scope): OpDef | null {
  const b = sc.lookup(sym);
  if (b && b.k === 'letop') return b.def;
  const d = sc.env.defs.get(sym);
  if (d && d.k === 'op') return d;
  return null;
}

function compilePrime(e: SNode, sc: Scope): Expr {
  bumpLvl(2);
  // x' for a state variable: read the next-state register directly.
  if (e.type === 'identifier_ref') {
    const d = resolveVar(e.text, sc);
    if (d) {
      const idx = d.idx;
      const name = d.name;
      const loc = sc.env.loc(e);
      return () => {
        const v = RT.t[idx];
        if (v === undefined) evalErr(`The variable ${name}' is not assigned yet (or the expression is evaluated outside an action)`, loc);
        return v;
      };
    }
  }
  // (expr)': evaluate expr with the next state as the current one.
  const inner = compile(e, sc);
  return (f) => {
    const s = RT.s;
    const t = RT.t;
    RT.s = t as Value[];
    try {
      return inner(f);
    } finally {
      RT.s = s;
      RT.t = t;
    }
  };
}

/** resolveVar gives the state variable that name denotes (through INSTANCE aliases), if any. */
export function resolveVar(name: string, sc: Scope): VarDef | null {
  if (sc.lookup(name)) return null;
  const d = sc.env.defs.get(name);
  if (d && d.k === 'var') return d;
  if (d && d.k === 'subst' && d.node.type === 'identifier_ref') return resolveVar(d.node.text, d.env.root);
  return null;
}

function compilePrefix(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const sym = n.childForFieldName('symbol')!.type;
  const rhs = n.childForFieldName('rhs')!;
  const loc = env.loc(n);
  const user = lookupUserOp(sym, sc);
  if (user && sym !== 'unchanged') return compileCallArgs(n, user, [rhs], sc);
  switch (sym) {
    case 'lnot': {
      const a = compile(rhs, sc);
      return (f) => !asBool(a(f), loc, 'The argument of ~');
    }
    case 'negative': {
      const a = compile(rhs, sc);
      return (f) => {
        const x = a(f);
        if (typeof x !== 'number') evalErr(`The argument of - should be an integer, but is ${show(x)}`, loc);
        if (x === INT_MIN) evalErr(`Integer overflow when computing -(${x})`, loc);
        return x === 0 ? 0 : -x;
      };
    }
    case 'powerset': {
      const a = compile(rhs, sc);
      return (f) => new PowerSetV(a(f));
    }
    case 'union': {
      const a = compile(rhs, sc);
      return (f) => {
        const out: Value[] = [];
        for (const s of setOf(a(f), loc, 'UNION')) out.push(...setOf(s, loc, 'UNION'));
        try {
          return mkSet(out);
        } catch (e) {
          return located(e, loc);
        }
      };
    }
    case 'domain': {
      const a = compile(rhs, sc);
      return (f) => {
        try {
          return domainOf(a(f));
        } catch (e) {
          return located(e, loc);
        }
      };
    }
    case 'unchanged': {
      const a = compile(rhs, sc);
      const ap = compilePrime(rhs, sc);
      return (f) => equals(ap(f), a(f));
    }
    case 'enabled':
      return err(env, n, 'ENABLED is not supported by the embedded checker');
    case 'always':
    case 'eventually':
      compile(rhs, sc);
      bumpLvl(3);
      return () => evalErr(`${sym === 'always' ? '[]' : '<>'} cannot be evaluated as a state or action expression`, loc);
    default:
      return err(env, n, `Unknown operator: ${n.childForFieldName('symbol')!.text}`);
  }
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
  const { def, lit } = found;
  const saved = curLvl;
  const inner = new Scope(def.scope.env, def.scope, def.scope.level + 1, new FrameInfo(1));
  const b = compileBounds(lit.namedChildren.filter((c) => c.type === 'quantifier_bound'), inner);
  const body = compile(lit.namedChildren[lit.namedChildren.length - 1], b.scope);
  curLvl = Math.max(saved, curLvl, def.lvl);
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
    def.fn = compile(def.body, letScope);
    def.lvl = curLvl;
    b.fnLvl = curLvl;
    curLvl = Math.max(saved, curLvl);
    def.compiling = false;
  }
  bumpLvl(def.lvl);
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
function compileRef(n: SNode, name: string, args: SNode[], sc: Scope): Expr {
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
          if (isThunk(v)) return (fr[idx] = forceThunk(v));
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

function compileDefRef(n: SNode, d: Def, args: SNode[], sc: Scope, loc: Loc): Expr {
  const env = sc.env;
  switch (d.k) {
    case 'var': {
      bumpLvl(1);
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
      if (d.volatile) curImpure = true;
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
        const impureBefore = curImpure;
        curImpure = false;
        const e = compile(d.node, s);
        d.lvl = curLvl;
        curLvl = Math.max(saved, curLvl);
        const pure = !curImpure;
        curImpure = curImpure || impureBefore;
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
      return d.fn;
    }
    case 'builtin': {
      const b = d.b;
      if (IMPURE.has(d.name)) curImpure = true;
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
  if (isSimpleArg(a)) return e;
  return (f) => new Thunk(e, f) as unknown as Value;
}

/** compileCallArgs compiles a call of a user operator with argument nodes. */
function compileCallArgs(n: SNode, def: OpDef, args: SNode[], sc: Scope): Expr {
  const env = sc.env;
  if (args.length !== def.params.length) err(env, n, `${def.name} expects ${def.params.length} arguments, got ${args.length}`);
  const ae = args.map((a, i) => compileLazyArg(a, def.params[i].arity, sc));
  const call = defCaller(def, sc);
  bumpLvl(def.lvl);
  // A LET operator reads its enclosing frames; a definition still being compiled (recursion)
  // has unknown purity: neither may be folded.
  if (def.impure || def.compiling || def.scope.parent !== null || def.scope.level > 0) {
    if (def.impure || def.compiling) curImpure = true;
    if (def.scope.parent !== null || def.scope.level > 0) noteRef(0, -1);
  }
  const loc = env.loc(n);
  if (ae.length === 0) {
    return (f) => call(f, []);
  }
  return (f) => {
    const vs = new Array(ae.length);
    for (let i = 0; i < ae.length; i++) vs[i] = ae[i](f);
    try {
      return call(f, vs);
    } catch (e) {
      if (e instanceof RangeError) return located(e, loc);
      throw e;
    }
  };
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

/** A!Op, A!B!Op, A!Op(args). */
function compilePrefixed(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const { def, args, target } = resolvePrefixed(n, sc);
  const loc = env.loc(n);
  if (def.k === 'op') {
    // Compile the call in the instance's root scope, evaluated from here with a fresh frame.
    if (args.length !== def.params.length) err(env, n, `${def.name} expects ${def.params.length} arguments, got ${args.length}`);
    const ae = args.map((a, i) => compileLazyArg(a, def.params[i].arity, sc));
    ensureCompiled(def);
    bumpLvl(def.lvl);
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
          const nm = p.namedChildren[0].text;
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

// Re-exports used by the action compiler.
export { asBool, located, evalErr, walk };
