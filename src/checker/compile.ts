/**
 * The expression compiler: every expression becomes a JavaScript closure, once, so evaluation
 * never walks the syntax tree. This file holds the compiler's state (the level of the expression
 * being compiled, constant folding) and the dispatch by node kind; the kinds are compiled in
 * compile-names.ts (names, calls, LET, instances), compile-ops.ts (operators, priming),
 * compile-sets.ts (binders, quantifiers, sets) and compile-fcns.ts (functions, records, tuples);
 * modules and scopes are built in modules.ts, the runtime registers live in runtime.ts.
 */
import { ConfigError, ParseError } from './errors.ts';
import type { SNode } from './syntax.ts';
import { SetV, canonical, equals, intern, show, type Value } from './values.ts';
import { INT_MAX, IntSet, NatSet, StringSet } from './stdlib.ts';
import { asBool, evalErr, type Expr } from './runtime.ts';
import { FrameInfo, ModEnv, Scope, unquote } from './modules.ts';
import { compileDefRef, compileLet, kIdentifierRef, kBoundOp, kPrefixedOp, kPrevFuncVal } from './compile-names.ts';
import { compilePrime, kBoundInfixOp, kBoundPrefixOp, kBoundPostfixOp } from './compile-ops.ts';
import { kBoundedQuantification, kUnboundedQuantification, kChoose, kFiniteSetLiteral, kSetFilter, kSetMap, kSetOfFunctions, kSetOfRecords } from './compile-sets.ts';
import { kFunctionLiteral, kRecordLiteral, kRecordValue, kFunctionEvaluation, kTupleLiteral, kExcept } from './compile-fcns.ts';

export * from './runtime.ts';
export * from './modules.ts';
export { compileBounds, forEachBinding, type Binders } from './compile-sets.ts';
export { compileArg, compileLazyArg, compileLet, ensureCompiled, forceThunk, isThunk, isVarRef, resolvePrefixed, resolveVar, Thunk, VarRef } from './compile-names.ts';

/** What the compiler tracks while compiling one definition. */
export const CS = {
  /** The level of the expression being compiled: 0 constant, 1 state, 2 action, 3 temporal. */
  lvl: 0,
  /** whether it calls Print/TLCSet/... (directly or not): never folded into a constant */
  impure: false,
  /** the state variables it reads (directly or through definitions): see memo.ts */
  vars: new Set<number>(),
  /** whether its value may depend on more than those variables (ENABLED, recursion, random draws) */
  nomemo: false,
};
export function noteVar(idx: number): void {
  CS.vars.add(idx);
}
/** useDeps adds what a referenced definition (or substitution) reads to the one being compiled. */
export function useDeps(d: { vars: readonly number[] | null; nomemo: boolean }): void {
  if (d.vars === null) CS.nomemo = true;
  else for (const v of d.vars) CS.vars.add(v);
  if (d.nomemo) CS.nomemo = true;
}
export function getLevel(): number {
  return CS.lvl;
}
export function resetLevel(l = 0): number {
  const old = CS.lvl;
  CS.lvl = l;
  return old;
}
export function bumpLvl(l: number): void {
  if (l > CS.lvl) CS.lvl = l;
}

export function err(env: ModEnv, n: SNode, msg: string): never {
  throw new ParseError(`${env.file}:${n.startPosition.row + 1}:${n.startPosition.column + 1}: ${msg}`);
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
export const cstack: CNode[] = [];

const FOLDABLE = new Set([
  'finite_set_literal', 'tuple_literal', 'record_literal', 'set_of_records', 'set_of_functions', 'set_map', 'set_filter',
  'function_literal', 'bound_infix_op', 'bound_prefix_op', 'bound_op', 'choose', 'except', 'if_then_else', 'case',
  'function_evaluation', 'record_value', 'bounded_quantification', 'parentheses', 'let_in',
]);

/** noteRef records a reference to the binding at (level, idx); idx < 0: treat as outside all. */
export function noteRef(level: number, idx: number): void {
  for (let i = cstack.length - 1; i >= 0; i--) {
    const e = cstack[i];
    const outside = idx < 0 || level < e.level || (level === e.level && idx < e.size);
    if (!outside) return;
    e.bound = true;
  }
}

export const IMPURE = new Set(['Print', 'PrintT', 'TLCSet', 'TLCGet', 'JavaTime', 'RandomElement', 'Any']);
/** Builtins whose result is not a function of their arguments (seeded draws): never memoised. */
export const NOMEMO = new Set(['RandomSubset', 'RandomSetOfSubsets', 'RandomSubsetSet']);

/** compile translates expression node n in scope sc into a closure. */
export function compile(n: SNode, sc: Scope): Expr {
  if (!FOLDABLE.has(n.type)) return compile0(n, sc);
  const entry: CNode = { level: sc.level, size: sc.fi.size, fi: sc.fi, bound: false };
  const savedLvl = CS.lvl;
  const savedImpure = CS.impure;
  CS.lvl = 0;
  CS.impure = false;
  cstack.push(entry);
  let e: Expr;
  try {
    e = compile0(n, sc);
  } finally {
    cstack.pop();
  }
  const foldable = !entry.bound && !CS.impure && CS.lvl === 0;
  CS.lvl = Math.max(CS.lvl, savedLvl);
  CS.impure = CS.impure || savedImpure;
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

/** compile0 compiles node n by its kind (see KINDS). */
function compile0(n: SNode, sc: Scope): Expr {
  const k = KINDS[n.type];
  if (k === undefined) return err(sc.env, n, `unsupported expression: ${n.type}`);
  return k(n, sc);
}

function kNatNumber(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const v = Number(n.text);
  if (v > INT_MAX) {
    // TLC refuses the spec before checking (exit 255): an error, not a syntax error.
    throw new ConfigError(`${env.file}:${n.startPosition.row + 1}:${n.startPosition.column + 1}: TLC can't handle a number this big: ${n.text} (integers are 32-bit)`);
  }
  return () => v;
}

function kHexNumber(n: SNode, sc: Scope): Expr {
  const t = n.text.replace(/^\\[hHoObB]/, '');
  const base = /^\\[hH]/.test(n.text) ? 16 : /^\\[oO]/.test(n.text) ? 8 : 2;
  const v = parseInt(t, base);
  return () => v;
}

function kString(n: SNode, sc: Scope): Expr {
  const v = canonical(unquote(n.text));
  intern(v);
  return () => v;
}

function kBoolean(n: SNode, sc: Scope): Expr {
  const v = n.text === 'TRUE';
  return () => v;
}

function kParentheses(n: SNode, sc: Scope): Expr {
  return compile(n.namedChildren[0], sc);
}

function kNatNumberSet(n: SNode, sc: Scope): Expr {
  return overriddenStd(n, 'Nat', sc) ?? (() => NatSet);
}

/** overriddenStd compiles Nat or Int replaced by the .cfg (`Nat <- MyNat`), or gives null. */
function overriddenStd(n: SNode, name: string, sc: Scope): Expr | null {
  const d = sc.env.defs.get(name);
  if (d === undefined || d.k !== 'const') return null;
  return compileDefRef(n, d, [], sc, sc.env.loc(n));
}

function kIntNumberSet(n: SNode, sc: Scope): Expr {
  return overriddenStd(n, 'Int', sc) ?? (() => IntSet);
}

function kStringSet(n: SNode, sc: Scope): Expr {
  return () => StringSet;
}

function kBooleanSet(n: SNode, sc: Scope): Expr {
  const s = new SetV([false, true]);
  return () => s;
}

function kConjList(n: SNode, sc: Scope): Expr {
  const env = sc.env;
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

function kIfThenElse(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const c = compile(n.childForFieldName('if')!, sc);
  const t = compile(n.childForFieldName('then')!, sc);
  const e = compile(n.childForFieldName('else')!, sc);
  const loc = env.loc(n);
  return (f) => (asBool(c(f), loc, 'The condition of IF') ? t(f) : e(f));
}

function kCase(n: SNode, sc: Scope): Expr {
  const env = sc.env;
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

function kLetIn(n: SNode, sc: Scope): Expr {
  const { resets, result } = compileLet(n, sc, (body, inner) => compile(body, inner));
  if (resets.length === 0) return result;
  return (f) => {
    for (let i = 0; i < resets.length; i++) f[resets[i]] = undefined;
    return result(f);
  };
}

function kStepExprOrStutter(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  // [A]_v as a boolean: A \/ v' = v; <<A>>_v: A /\ v' # v.
  const kids = n.namedChildren.filter((c) => c.type !== 'langle_bracket' && c.type !== 'rangle_bracket_sub');
  const a = compile(kids[0], sc);
  const v = compile(kids[1], sc);
  const vp = compilePrime(kids[1], sc);
  const loc = env.loc(n);
  if (n.type === 'step_expr_or_stutter') return (f) => asBool(a(f), loc, '[A]_v') || equals(vp(f), v(f));
  return (f) => asBool(a(f), loc, '<<A>>_v') && !equals(vp(f), v(f));
}

function kFairness(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  bumpLvl(3);
  return () => evalErr('fairness formulas cannot be evaluated as state or action expressions', env.loc(n));
}

function kLambda(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  return err(env, n, 'LAMBDA is only allowed as an argument of an operator');
}

function kSubexpression(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  if (n.type === 'label') return compile(n.childForFieldName('expression')!, sc);
  return err(env, n, 'subexpression references (Op!1!2) are not supported by the embedded checker');
}

/** The compiler of each kind of expression node. */
const KINDS: Record<string, (n: SNode, sc: Scope) => Expr> = {
  nat_number: kNatNumber,
  hex_number: kHexNumber,
  octal_number: kHexNumber,
  binary_number: kHexNumber,
  string: kString,
  boolean: kBoolean,
  parentheses: kParentheses,
  nat_number_set: kNatNumberSet,
  int_number_set: kIntNumberSet,
  string_set: kStringSet,
  boolean_set: kBooleanSet,
  identifier_ref: kIdentifierRef,
  bound_op: kBoundOp,
  prefixed_op: kPrefixedOp,
  bound_infix_op: kBoundInfixOp,
  bound_prefix_op: kBoundPrefixOp,
  bound_postfix_op: kBoundPostfixOp,
  conj_list: kConjList,
  disj_list: kConjList,
  if_then_else: kIfThenElse,
  case: kCase,
  let_in: kLetIn,
  bounded_quantification: kBoundedQuantification,
  unbounded_quantification: kUnboundedQuantification,
  choose: kChoose,
  finite_set_literal: kFiniteSetLiteral,
  set_filter: kSetFilter,
  set_map: kSetMap,
  function_literal: kFunctionLiteral,
  set_of_functions: kSetOfFunctions,
  set_of_records: kSetOfRecords,
  record_literal: kRecordLiteral,
  record_value: kRecordValue,
  function_evaluation: kFunctionEvaluation,
  tuple_literal: kTupleLiteral,
  except: kExcept,
  prev_func_val: kPrevFuncVal,
  step_expr_or_stutter: kStepExprOrStutter,
  step_expr_no_stutter: kStepExprOrStutter,
  fairness: kFairness,
  lambda: kLambda,
  subexpression: kSubexpression,
  label: kSubexpression,
};
