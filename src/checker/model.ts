/**
 * Model: a spec and its .cfg turned into what the search needs: compiled Init, the split Next
 * actions, invariants, implied actions ([][A]_v properties), constraints, VIEW and SYMMETRY.
 * Follows TLC's SpecProcessor: SPECIFICATION formulas and PROPERTY formulas are taken apart
 * conjunct by conjunct through definitions; what the embedded checker cannot check (liveness) is
 * listed as skipped.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfigError, ParseError, tlcLocation, type Loc } from './errors.ts';
import { parseCfg, type Cfg, type CfgConst, type CfgExpr } from './cfg.ts';
import { show } from './value-ops.ts';
import {
  FrameInfo, ModEnv, OpDef, RT, Scope, World, buildModule, compileBounds, forEachBinding, internStrings, compile, ensureCompiled, getLevel, resetLevel, resolvePrefixed,
  type ConstDef, type Def, type Expr, type Frame,
} from './compile.ts';
import { compileAct, type Act } from './actions.ts';
import { splitNext, type SplitAction } from './split-next.ts';
import { ModelV, TupV, elems, intern, mkSet, resetInterning, type Value } from './values.ts';
import type { SNode } from './syntax.ts';

export interface Check {
  name: string;
  eval: Expr;
  loc: Loc;
}

export interface Model {
  world: World;
  root: ModEnv;
  varNames: string[];
  init: Act[];
  actions: SplitAction[];
  invariants: Check[];
  /** state predicates of PROPERTY checked on initial states only */
  impliedInits: Check[];
  /** [][A]_v properties, evaluated with RT.s = s, RT.t = t */
  impliedActions: Check[];
  constraints: Check[];
  actionConstraints: Check[];
  view: Expr | null;
  symmetry: Value[] | null;
  checkDeadlock: boolean;
  skipped: string[];
  assumes: { loc: Loc; eval: Expr }[];
  /** temporal properties (liveness), by PROPERTY name: checked by src/checker/liveness */
  temporal: { name: string; pieces: TemporalPiece[] }[];
  /** the temporal conjuncts of SPECIFICATION (WF/SF fairness and others) */
  fairness: TemporalPiece[];
  /** the .cfg names no INIT, NEXT or SPECIFICATION: only the assumptions are checked */
  assumeOnly: boolean;
}

/** A temporal formula and the scope it is written in. */
export interface TemporalPiece {
  node: SNode;
  sc: Scope;
}

interface Piece {
  node: SNode;
  sc: Scope;
  name?: string;
}

/** closed compiles an expression at module level into a closure that allocates its own frame. */
function closed(node: SNode, sc: Scope): Expr {
  const fi = sc.fi;
  const e = compile(node, sc);
  return () => e(new Array(fi.size));
}

function levelOf(node: SNode, sc: Scope): number {
  const saved = resetLevel(0);
  try {
    compile(node, sc.child());
    return getLevel();
  } catch {
    return 3;
  } finally {
    resetLevel(saved);
  }
}

/** deref follows a zero-arity definition reference to its body (for formula decomposition). */
function deref(p: Piece): Piece | null {
  let n = p.node;
  while (n.type === 'parentheses') n = n.namedChildren[0];
  if (n.type === 'identifier_ref' && !p.sc.lookup(n.text)) {
    const d = p.sc.env.defs.get(n.text);
    if (d && d.k === 'op' && d.params.length === 0 && !d.fcnBounds) return { node: d.body, sc: d.scope, name: d.name };
    if (d && d.k === 'const' && d.alias && d.alias.k === 'op' && d.alias.params.length === 0) return { node: d.alias.body, sc: d.alias.scope, name: d.alias.name };
  }
  if (n.type === 'prefixed_op') {
    const r = resolvePrefixed(n, p.sc);
    if (r.def.k === 'op' && r.def.params.length === 0) return { node: r.def.body, sc: r.def.scope, name: r.def.name };
  }
  return null;
}

function strip(n: SNode): SNode {
  while (n.type === 'parentheses') n = n.namedChildren[0];
  return n;
}

/**
 * conjuncts takes a formula apart through conjunctions and zero-arity definitions. Each piece is
 * named as TLC names it: by the definition it came through, or by its location when it is one
 * conjunct of a conjunction.
 */
function conjuncts(p: Piece, out: Piece[] = []): Piece[] {
  const n = strip(p.node);
  const sub = (node: SNode): Piece => ({ node, sc: p.sc, name: tlcLocation(p.sc.env.loc(node)) });
  if (n.type === 'conj_list') {
    for (const it of n.namedChildren) conjuncts(sub(it.namedChildren[it.namedChildren.length - 1]), out);
    return out;
  }
  if (n.type === 'bound_infix_op' && n.childForFieldName('symbol')!.type === 'land') {
    conjuncts(sub(n.childForFieldName('lhs')!), out);
    conjuncts(sub(n.childForFieldName('rhs')!), out);
    return out;
  }
  const d = deref({ node: n, sc: p.sc });
  if (d) {
    const inner = strip(d.node);
    if (inner.type === 'conj_list' || (inner.type === 'bound_infix_op' && inner.childForFieldName('symbol')!.type === 'land')) {
      return conjuncts(d, out);
    }
    if (isBoxAction(inner) || isTemporal(inner)) return conjuncts(d, out);
  }
  // A conjunct that names a definition is named after it (TLC: "Property HCini ...").
  out.push({ node: n, sc: p.sc, name: d?.name ?? p.name });
  return out;
}

function isBoxAction(n: SNode): boolean {
  n = strip(n);
  if (n.type !== 'bound_prefix_op' || n.childForFieldName('symbol')!.type !== 'always') return false;
  return strip(n.childForFieldName('rhs')!).type === 'step_expr_or_stutter';
}

function isTemporal(n: SNode): boolean {
  n = strip(n);
  if (n.type === 'fairness') return true;
  if (n.type === 'bound_prefix_op') {
    const s = n.childForFieldName('symbol')!.type;
    return s === 'always' || s === 'eventually';
  }
  return n.type === 'bound_infix_op' && n.childForFieldName('symbol')!.type === 'leads_to';
}

function cfgValue(e: CfgExpr): Value {
  switch (e.k) {
    case 'int':
      return e.v;
    case 'str':
      intern(e.v);
      return e.v;
    case 'bool':
      return e.v;
    case 'id':
      return modelValue(e.v);
    case 'set':
      return mkSet(e.v.map(cfgValue));
    case 'tuple':
      return new TupV(e.v.map(cfgValue));
  }
}

const modelValues = new Map<string, ModelV>();
/** modelValueNamed: the model value of that name in the loaded model (parallel/codec.ts). */
export function modelValueNamed(name: string): ModelV {
  return modelValue(name);
}
function modelValue(name: string): ModelV {
  let m = modelValues.get(name);
  if (!m) modelValues.set(name, (m = new ModelV(name)));
  return m;
}

function opDefOf(env: ModEnv, name: string, what: string): OpDef {
  const d = env.defs.get(name);
  if (!d) throw new ConfigError(`${what} ${name} is not defined in module ${env.name}`);
  if (d.k === 'const' && d.alias && d.alias.k === 'op') return d.alias;
  if (d.k !== 'op') throw new ConfigError(`${what} ${name} is not an operator definition`);
  if (d.params.length > 0) throw new ConfigError(`${what} ${name} takes arguments`);
  return d;
}

/** cfgReplacement is what a .cfg override puts in place of definition `old`. */
function cfgReplacement(root: ModEnv, c: CfgConst, old: Def, cfgFile: string): ConstDef {
  const arity = old.k === 'op' ? old.params.length : old.k === 'builtin' ? old.b.arity : 0;
  const loc: Loc = old.k === 'op' ? old.scope.env.loc(old.node) : { file: root.file, module: root.name, line: 1, col: 1, endLine: 1, endCol: 1 };
  if (c.kind === 'subst') {
    const target = root.defs.get(c.target);
    if (!target) throw new ConfigError(`${cfgFile}: ${c.name} <- ${c.target}: ${c.target} is not defined`);
    return { k: 'const', name: c.name, arity, value: undefined, alias: target, loc };
  }
  return { k: 'const', name: c.name, arity: 0, value: cfgValue(c.expr), alias: undefined, loc };
}

/** override replaces definition `old` by `rep` in every module environment that sees it. */
function override(world: World, old: Def, rep: ConstDef): void {
  const same = (d: Def): boolean => d === old || (old.k === 'builtin' && d.k === 'builtin' && d.b === old.b);
  for (const env of world.envs) {
    for (const [n, d] of env.defs) if (same(d)) env.defs.set(n, rep);
  }
}

export interface LoadOptions {
  /**
   * Values for constants the .cfg does not give, bound before anything is compiled (the trace
   * validator binds TraceLog to its window of events this way). They are volatile: the caller
   * may change them in place between evaluations, so nothing that reads them is cached.
   */
  constants?: Map<string, Value>;
}

export function loadModel(specFile: string, cfgFile: string, options: LoadOptions = {}): Model {
  resetInterning();
  modelValues.clear();
  const world = new World(specFile);
  world.addFile(specFile);
  const rootName = basename(specFile).replace(/\.tla$/, '');
  if (!world.modules.has(rootName)) throw new ParseError(`${specFile}:1:1: the file does not contain MODULE ${rootName}`);
  let cfgSrc: string;
  try {
    cfgSrc = readFileSync(cfgFile, 'utf8');
  } catch {
    throw new ConfigError(`${cfgFile}: cannot read the configuration file`);
  }
  const root = buildModule(world, rootName, specFile, null);
  internStrings(world);
  const cfg: Cfg = parseCfg(cfgSrc, cfgFile);

  // Constants and overrides.
  for (const c of cfg.constants) {
    if (c.mod !== undefined) {
      // `Name <- [M] Target`, `Name = [M] v`: Name as module M defines it (TLC: the target is the root's).
      const envs = world.envs.filter((e) => e.name === c.mod);
      if (envs.length === 0) throw new ConfigError(`${cfgFile}: module ${c.mod} (in ${c.name} ${c.kind === 'subst' ? '<-' : '='} [${c.mod}]) is not used by the spec`);
      const olds = envs.map((e) => e.defs.get(c.name)).filter((d): d is Def => d !== undefined && (d.k === 'op' || d.k === 'builtin'));
      if (olds.length === 0) throw new ConfigError(`${cfgFile}: module ${c.mod} defines no operator ${c.name}`);
      for (const old of olds) override(world, old, cfgReplacement(root, c, old, cfgFile));
      continue;
    }
    const d = root.defs.get(c.name);
    if (d && d.k === 'const') {
      if (c.kind === 'subst') {
        const target = root.defs.get(c.target);
        if (!target) throw new ConfigError(`${cfgFile}: ${c.name} <- ${c.target}: ${c.target} is not defined`);
        d.alias = target;
      } else d.value = cfgValue(c.expr);
    } else if (d && (d.k === 'op' || d.k === 'builtin')) {
      // A definition (also of an extended module, or a standard one such as Nat or Seq) replaced
      // everywhere it is used, as TLC does (SpecProcessor.processConstantDefns).
      override(world, d, cfgReplacement(root, c, d, cfgFile));
    } else if (c.kind === 'subst' && !root.defs.get(c.target)) {
      throw new ConfigError(`${cfgFile}: ${c.name} <- ${c.target}: ${c.target} is not defined`);
    }
    // TLC ignores a .cfg constant that the spec does not declare.
  }
  for (const [name, v] of options.constants ?? []) {
    const d = root.defs.get(name);
    if (!d || d.k !== 'const') throw new ConfigError(`${name} is not a constant of module ${rootName}`);
    d.value = v;
    d.alias = undefined;
    d.volatile = true;
  }
  for (const d of new Set(root.defs.values())) {
    if (d.k === 'const' && d.value === undefined && d.alias === undefined) {
      throw new ConfigError(`The constant parameter ${d.name} is not assigned a value by the configuration file (${d.loc.file}:${d.loc.line}:${d.loc.col})`);
    }
  }

  const skipped: string[] = [];
  // Init and Next.
  let initPieces: Piece[] = [];
  const fairness: TemporalPiece[] = [];
  const temporal: Model['temporal'] = [];
  let nextPiece: { def: OpDef | null; piece: Piece } | null = null;
  if (cfg.specification && (cfg.init || cfg.next)) {
    throw new ConfigError(`${cfgFile}: the configuration file cannot specify both INIT/NEXT and SPECIFICATION`);
  }
  if (cfg.specification) {
    const spec = opDefOf(root, cfg.specification, 'SPECIFICATION');
    for (const p of conjuncts({ node: spec.body, sc: spec.scope })) {
      const n = strip(p.node);
      if (isBoxAction(n)) {
        const sq = strip(n.childForFieldName('rhs')!);
        const a = sq.namedChildren[0];
        nextPiece = { def: null, piece: { node: a, sc: p.sc } };
      } else if (isTemporal(n)) fairness.push({ node: n, sc: p.sc }); // fairness: liveness only
      else if (levelOf(n, new Scope(p.sc.env, p.sc, p.sc.level + 1, new FrameInfo(1))) >= 2) fairness.push({ node: n, sc: p.sc }); // e.g. \A p \in S : WF_v(A(p))
      else initPieces.push(p);
    }
    if (!nextPiece) throw new ConfigError(`SPECIFICATION ${cfg.specification} has no [][Next]_vars conjunct`);
  } else if (!cfg.init && !cfg.next) {
    // No behaviour at all: TLC only evaluates the assumptions (and reports 0 states).
  } else {
    if (!cfg.init || !cfg.next) throw new ConfigError(`${cfgFile}: the configuration needs INIT and NEXT, or SPECIFICATION`);
    const i = opDefOf(root, cfg.init, 'INIT');
    const nx = opDefOf(root, cfg.next, 'NEXT');
    ensureCompiled(nx);
    if (nx.lvl === 0) throw new ConfigError(`The next state action ${cfg.next} cannot be a constant (${root.loc(nx.node).file}:${root.loc(nx.node).line}:${root.loc(nx.node).col})`);
    initPieces = [{ node: i.body, sc: i.scope }];
    nextPiece = { def: nx, piece: { node: nx.body, sc: nx.scope } };
  }
  const init: Act[] = initPieces.map((p) => {
    const sc = new Scope(p.sc.env, p.sc, p.sc.level + 1, new FrameInfo(1));
    const a = compileAct(p.node, sc, 'init').act;
    const fi = sc.fi;
    return (_f: Frame, k: () => void) => a(new Array(fi.size), k);
  });

  const actions: SplitAction[] = [];
  if (nextPiece) {
    const { def, piece } = nextPiece;
    if (def) {
      const sc = new Scope(piece.sc.env, piece.sc, piece.sc.level + 1, new FrameInfo(1));
      splitNext(piece.node, sc, [null], def, [], actions);
    } else {
      const sc = new Scope(piece.sc.env, piece.sc, piece.sc.level + 1, new FrameInfo(1));
      splitNext(piece.node, sc, [null], null, [], actions);
    }
  }

  const stateCheck = (name: string, what: string): Check => {
    const d = opDefOf(root, name, what);
    ensureCompiled(d);
    const fn = d.fn!;
    const fi = d.fi!;
    return { name, eval: () => fn(new Array(fi.size)), loc: root.loc(d.body) };
  };
  /**
   * TLC evaluates constant-level definitions once, before the search (SpecProcessor): an
   * invariant or constraint that is a constant is then a value, and one that is not TRUE stops
   * the run with "The invariant of Inv is equal to FALSE" (an error, nothing explored), not with
   * a violation by the initial state. One whose evaluation fails stays a state predicate there.
   */
  const constantMustHold = (c: Check, d: OpDef, what: string): void => {
    if (d.lvl !== 0) return;
    let v: Value;
    try {
      RT.s = [];
      v = c.eval([]);
    } catch {
      return;
    }
    if (v !== true) throw new ConfigError(`The ${what} of ${c.name} is equal to ${show(v)}`);
  };
  const invariants = cfg.invariants.map((n) => {
    const c = stateCheck(n, 'INVARIANT');
    const d = opDefOf(root, n, 'INVARIANT');
    if (d.lvl >= 2) throw new ConfigError(`INVARIANT ${n} is not a state predicate (it has primes or temporal operators)`);
    constantMustHold(c, d, 'invariant');
    return c;
  });
  const constraints = cfg.constraints.map((n) => {
    const c = stateCheck(n, 'CONSTRAINT');
    constantMustHold(c, opDefOf(root, n, 'CONSTRAINT'), 'constraint');
    return c;
  });
  const actionConstraints = cfg.actionConstraints.map((n) => stateCheck(n, 'ACTION_CONSTRAINT'));

  // Properties, decomposed as TLC's processConfigProps does.
  const impliedInits: Check[] = [];
  const impliedActions: Check[] = [];
  /**
   * unrollForall: `\A p \in S : []P(p)` or `\A p \in S : [][A(p)]_v`, with S constant, is
   * checked as one invariant or action property per element (TLC's processConfigProps does the
   * same). Returns false when it does not apply (S not constant, or another kind of body).
   */
  const unrollForall = (n: SNode, sc: Scope, pname: string): boolean => {
    const b = compileBounds(n.childrenForFieldName('bound'), sc);
    const body = strip(n.childForFieldName('expression')!);
    const isInv = body.type === 'bound_prefix_op' && body.childForFieldName('symbol')!.type === 'always' && !isBoxAction(body);
    if (!isBoxAction(body) && !isInv) return false;
    const target = isInv ? strip(body.childForFieldName('rhs')!) : strip(body.childForFieldName('rhs')!);
    if (isInv && levelOf(target, b.scope) >= 2) return false;
    const e = compile(target, b.scope);
    const frames: Frame[] = [];
    try {
      RT.s = [];
      const f0: Frame = new Array(sc.fi.size);
      forEachBinding(b, f0, () => {
        frames.push(f0.slice());
        return false;
      });
    } catch {
      return false;
    }
    for (const fr of frames) {
      // TLC names each instance by the location of the quantified body (`[]P` or `[][A]_v`).
      const check: Check = { name: '', eval: () => e(fr.slice()), loc: sc.env.loc(body) };
      if (isInv) invariants.push(check);
      else impliedActions.push(check);
    }
    return true;
  };
  for (const name of cfg.properties) {
    const d = opDefOf(root, name, 'PROPERTY');
    const pieces: TemporalPiece[] = [];
    for (const p of conjuncts({ node: d.body, sc: d.scope, name })) {
      const n = strip(p.node);
      const pname = p.name ?? name;
      const sc = new Scope(p.sc.env, p.sc, p.sc.level + 1, new FrameInfo(1));
      if (n.type === 'bounded_quantification' && n.childForFieldName('quantifier')!.type === 'forall' && unrollForall(n, sc, pname)) {
        continue;
      }
      if (isBoxAction(n)) {
        const sq = strip(n.childForFieldName('rhs')!);
        impliedActions.push({ name: pname, eval: closed(sq, sc), loc: p.sc.env.loc(sq) });
      } else if (n.type === 'bound_prefix_op' && n.childForFieldName('symbol')!.type === 'always' && levelOf(n.childForFieldName('rhs')!, sc) < 2) {
        const arg = strip(n.childForFieldName('rhs')!);
        const nm = arg.type === 'identifier_ref' ? arg.text : pname;
        invariants.push({ name: nm, eval: closed(arg, sc), loc: p.sc.env.loc(arg) });
      } else {
        const l = levelOf(n, sc);
        if (l <= 1) impliedInits.push({ name: pname, eval: closed(n, sc), loc: p.sc.env.loc(n) });
        else pieces.push({ node: n, sc: p.sc });
      }
    }
    if (pieces.length > 0) temporal.push({ name, pieces });
  }

  let view: Expr | null = null;
  if (cfg.view) {
    const c = stateCheck(cfg.view, 'VIEW');
    view = c.eval;
  }
  let symmetry: Value[] | null = null;
  const symName = cfg.symmetry;
  const assumes = root.assumes.map((a) => {
    const sc = new Scope(a.env, a.env.root, 1, new FrameInfo(1));
    return { loc: a.env.loc(a.node), eval: closed(a.node, sc) };
  });
  const model: Model = {
    world, root, varNames: world.vars.map((v) => v.name), init, actions, invariants, impliedInits, impliedActions,
    constraints, actionConstraints, view, symmetry, checkDeadlock: cfg.checkDeadlock, skipped, assumes,
    temporal, fairness, assumeOnly: nextPiece === null,
  };
  if (symName) {
    const c = stateCheck(symName, 'SYMMETRY');
    RT.s = [];
    const v = c.eval([]);
    symmetry = elems(v);
    model.symmetry = symmetry;
  }
  return model;
}

export function assumeLocation(l: Loc): string {
  return tlcLocation(l);
}

