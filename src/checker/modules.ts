/**
 * The semantic pass over modules: EXTENDS, INSTANCE (named, parameterised, LOCAL), definitions
 * and scopes, the standard modules brought in by name, and the order in which TLC interns
 * identifiers and strings.
 */
import { ParseError, type Loc } from './errors.ts';
import { locOf, moduleName, parseFile, type SNode } from './syntax.ts';
import { intern, type Value } from './values.ts';
import { STD_MODULES, type Builtin } from './stdlib.ts';
import { existsSync } from 'node:fs';
import { STD_NAMES } from './stdnames.ts';
import { checkModule } from './sany.ts';

/** The names in scope with which each parsed module passed SANY's checks (see loadModule). */
const passedChecks = new WeakMap<SNode, string>();
import { dirname, join } from 'node:path';
import type { Expr } from './runtime.ts';

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
  /** the state variables the body reads, once compiled (null: not known yet) */
  vars: number[] | null = null;
  /** the value may depend on more than `vars` (see CS.nomemo) */
  nomemo = false;
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
  /**
   * The value may change between evaluations (the trace validator's window of events): nothing
   * that reads it is folded into a constant or cached.
   */
  volatile?: boolean;
  loc: Loc;
}
export interface SubstDef {
  k: 'subst';
  name: string;
  node: SNode;
  env: ModEnv;
  fn: Expr | null;
  lvl: number;
  /** as OpDef.vars / OpDef.nomemo, set when fn is compiled */
  vars?: number[];
  nomemo?: boolean;
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

export type Binding =
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
    world.envs.push(this);
  }
  loc(n: SNode): Loc {
    return locOf(n, this.file, this.name);
  }
}

/** World holds what all modules of one run share: files, variables, model values. */
export class World {
  readonly vars: VarDef[] = [];
  /** every module environment built in this run (for .cfg overrides, which apply everywhere) */
  readonly envs: ModEnv[] = [];
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

const UNSUPPORTED_STD = new Set(['Reals', 'RealTime', 'CSV', 'Folds', 'Graphs', 'Relation', 'Apalache', 'Toolbox', 'DyadicRationals', 'VectorClocks', 'BagsExt']);

/** What each community module EXTENDS (CommunityModules' module headers). */
const COMMUNITY_EXTENDS: Record<string, string[]> = {
  SequencesExt: ['Sequences', 'Naturals', 'FiniteSets', 'FiniteSetsExt', 'Functions', 'Bags', 'TLC'],
  FiniteSetsExt: ['Integers', 'FiniteSets', 'Functions'],
  Functions: ['Integers'],
};

export function addStd(env: ModEnv, name: string, at: string): boolean {
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
  // Community modules extend standard ones (their LOCAL INSTANCEs stay private).
  for (const ext of COMMUNITY_EXTENDS[name] ?? []) addStd(env, ext, at);
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

export function opName(n: SNode): string {
  // Infix/prefix/postfix operator definitions are named by their symbol's node type.
  if (n.type === 'infix_op_symbol' || n.type === 'prefix_op_symbol' || n.type === 'postfix_op_symbol') {
    return n.namedChildren[0]?.type ?? n.text;
  }
  return n.text;
}

export function paramsOf(def: SNode): { name: string; arity: number }[] {
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
    if (!checked && u.type !== 'extends' && u.type !== 'header_line' && u.type !== 'identifier') {
      // SANY's checks run once the EXTENDS are in scope (their names may not be redefined as bound names).
      checked = true;
      if (!world.checkedModules.has(mod)) {
        world.checkedModules.add(mod);
        // A parse is shared by every load of the same text (syntax.ts): a module that passed
        // with the same names in scope passes again.
        const scope = [...env.defs.keys()].sort().join('\u0000');
        if (passedChecks.get(mod) !== scope) {
          checkModule(mod, file, new Set(env.defs.keys()));
          passedChecks.set(mod, scope);
        }
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
export function instantiate(outer: ModEnv, inst: SNode, params?: Map<string, Def>): ModEnv {
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
