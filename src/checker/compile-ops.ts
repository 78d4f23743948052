/**
 * The expression compiler, operators: arithmetic, logic, equality, set operators, the prefix
 * operators (~, -, SUBSET, UNION, DOMAIN, UNCHANGED) and priming.
 */
import type { Loc } from './errors.ts';
import type { SNode } from './syntax.ts';
import {
  InfiniteSet, IntervalV, ProductV, SetV, PowerSetV, compare, unenumerable, domainOf, elems, equals, isSet, mkSet, setHas, show, type Value, isInfinite, isSetEnum,
} from './values.ts';
import { INT_MAX, INT_MIN, STD_INFIX, arith, checkInt } from './stdlib.ts';
import { RT, asBool, evalErr, located, type Expr } from './runtime.ts';
import type { ModEnv, Scope } from './modules.ts';
import { CS, bumpLvl, compile, err } from './compile.ts';
import { compileAct } from './actions.ts';
import { compileCallArgs, lookupUserOp, resolveVar } from './compile-names.ts';

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
    // slice + splice copy natively: a history set of thousands of elements (a trace's votes,
    // proposed) grows by one per step, and an element-by-element push was half its cost.
    const out = x.slice();
    out.splice(lo, 0, e);
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

export function setOf(v: Value, loc: Loc, op: string): Value[] {
  if (!isSet(v)) evalErr(`The argument of ${op} should be a set, but is ${show(v)}`, loc);
  try {
    return elems(v);
  } catch (e) {
    return located(e, loc);
  }
}

export function infix(sym: string, a: Expr, b: Expr, loc: Loc, env: ModEnv, n: SNode): Expr {
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
        const xv = a(f);
        const yv = b(f);
        if (unenumerable(xv) || unenumerable(yv)) {
          // Int \cup {NULL}: membership only.
          return new InfiniteSet(`${show(xv)} \\cup ${show(yv)}`, (v) => setHas(xv, v) || setHas(yv, v));
        }
        try {
          // `S \cup {e}` (either way round): insertion into an enumerated set without copying it.
          if (isSetEnum(xv) && isSetEnum(yv) && yv.elems.length === 1) return xv.insert(yv.elems[0]!);
          if (isSetEnum(yv) && isSetEnum(xv) && xv.elems.length === 1) return yv.insert(xv.elems[0]!);
        } catch (e) {
          return located(e, loc);
        }
        const x = setOf(xv, loc, '\\cup');
        const y = setOf(yv, loc, '\\cup');
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
        if (unenumerable(xv)) [xv, y] = [y, xv];
        if (unenumerable(xv)) {
          const p = xv;
          const q = y;
          return new InfiniteSet(`${show(p)} \\cap ${show(q)}`, (v) => setHas(p, v) && setHas(q, v));
        }
        const x = setOf(xv, loc, '\\cap');
        try {
          return new SetV(x.filter((e) => setHas(y, e)));
        } catch (e) {
          return located(e, loc);
        }
      };
    case 'setminus':
      return (f) => {
        const xv = a(f);
        const y = b(f);
        if (unenumerable(xv)) {
          // Nat \ {0}: membership only.
          return new InfiniteSet(`${show(xv)} \\ ${show(y)}`, (v) => setHas(xv, v) && !setHas(y, v));
        }
        const x = setOf(xv, loc, '\\');
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

export function kBoundInfixOp(n: SNode, sc: Scope): Expr {
  const env = sc.env;
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

export function kBoundPrefixOp(n: SNode, sc: Scope): Expr {
  return compilePrefix(n, sc);
}

export function kBoundPostfixOp(n: SNode, sc: Scope): Expr {
  const env = sc.env;
  const sym = n.childForFieldName('symbol')!.type;
  if (sym !== 'prime') err(env, n, `Unsupported postfix operator ${n.childForFieldName('symbol')!.text}`);
  return compilePrime(n.childForFieldName('lhs')!, sc);
}

export function compilePrime(e: SNode, sc: Scope): Expr {
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


export function compilePrefix(n: SNode, sc: Scope): Expr {
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
        const ss = setOf(a(f), loc, 'UNION');
        if (ss.some(unenumerable)) {
          // UNION {[D -> Int]}: membership only.
          return new InfiniteSet(`UNION ${show(new SetV(ss))}`, (v) => ss.some((s) => setHas(s, v)));
        }
        for (const s of ss) out.push(...setOf(s, loc, 'UNION'));
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
      return compileEnabled(rhs, sc, loc);
    case 'always':
    case 'eventually':
      compile(rhs, sc);
      bumpLvl(3);
      return () => evalErr(`${sym === 'always' ? '[]' : '<>'} cannot be evaluated as a state or action expression`, loc);
    default:
      return err(env, n, `Unknown operator: ${n.childForFieldName('symbol')!.text}`);
  }
}


/** Thrown by ENABLED's continuation to stop at the first successor. */
const FOUND = { found: true };

/**
 * ENABLED A: whether action A has a successor from the current state (TLC's Tool.enabled): A
 * is run as an action with an empty next state, stopping at the first complete successor. It is
 * a state-level expression.
 */
function compileEnabled(rhs: SNode, sc: Scope, loc: Loc): Expr {
  // ENABLED runs an action on a scratch next state: not a plain function of the variables read.
  CS.nomemo = true;
  const saved = CS.lvl;
  const act = compileAct(rhs, sc, 'next').act;
  CS.lvl = Math.max(saved, 1);
  return (f) => {
    const t = RT.t;
    const na = RT.na;
    RT.t = new Array(RT.nv);
    RT.na = 0;
    try {
      act(f, () => {
        for (let i = 0; i < RT.nv; i++) if (RT.t[i] === undefined) return;
        throw FOUND;
      });
      return false;
    } catch (e) {
      if (e === FOUND) return true;
      return located(e, loc);
    } finally {
      RT.t = t;
      RT.na = na;
    }
  };
}
