/**
 * Operations on values (values.ts): TLC's order (compareTo), equality across representations,
 * function application and printing in TLC's syntax. values.ts re-exports them, so callers import
 * every value operation from one place.
 */
import { EvalError } from './errors.ts';
import {
  FcnV, IntervalV, ModelV, RcdV, SetV, TupV, type Value, elems, intern, isErr, isFcn, isLazyFcn, isLazySet, isModel,
  isOp, isRcd, isSet, isSetEnum, isTup, tagOf, toFcnLike,
} from './values.ts';

// ---- comparison (TLC's compareTo) and equality ----

function kindName(v: Value): string {
  if (typeof v === 'number') return 'integer';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (isModel(v)) return 'model value';
  if (isSet(v)) return 'set';
  if (isOp(v)) return 'operator';
  return 'function';
}

function incomparable(a: Value, b: Value, what: string): never {
  if (isErr(a)) throw a.error;
  if (isErr(b)) throw b.error;
  throw new EvalError(`Attempted to ${what} ${kindName(a)} ${show(a)} with ${kindName(b)} ${show(b)}`);
}

export function compare(a: Value, b: Value): number {
  if (typeof a === 'number') {
    if (typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
    if (isModel(b)) return 1;
    return incomparable(a, b, 'compare');
  }
  if (typeof a === 'string') {
    if (typeof b === 'string') return a === b ? 0 : intern(a) - intern(b);
    if (isModel(b)) return 1;
    return incomparable(a, b, 'compare');
  }
  if (typeof a === 'boolean') {
    if (typeof b === 'boolean') return (a ? 1 : 0) - (b ? 1 : 0);
    if (isModel(b)) return 1;
    return incomparable(a, b, 'compare');
  }
  // Each operand's tag is read once (see tagOf): 1 model value, 2 and 10-15 sets, 4 tuple, 5 record.
  const ta = tagOf(a);
  const tb = tagOf(b);
  if (ta === 1) {
    if (tb === 1) return (a as ModelV).rank - (b as ModelV).rank;
    return -1;
  }
  if (tb === 1) return 1;
  if (ta === 2 || (ta >= 10 && ta <= 15)) {
    if (!(tb === 2 || (tb >= 10 && tb <= 15))) return incomparable(a, b, 'compare');
    const x = elems(a);
    const y = elems(b);
    if (x.length !== y.length) return x.length - y.length;
    for (let i = 0; i < x.length; i++) {
      const c = compare(x[i], y[i]);
      if (c !== 0) return c;
    }
    return 0;
  }
  if (ta === 4 && tb === 4) {
    const x = (a as TupV).elems;
    const y = (b as TupV).elems;
    if (x.length !== y.length) return x.length - y.length;
    for (let i = 0; i < x.length; i++) {
      const c = compare(x[i], y[i]);
      if (c !== 0) return c;
    }
    return 0;
  }
  if (ta === 5 && tb === 5) {
    // As for any two functions below (domains, then values), without building their views; the
    // records of one shape share their names array.
    const an = (a as RcdV).names;
    const bn = (b as RcdV).names;
    if (an.length !== bn.length) return an.length - bn.length;
    if (an !== bn) {
      for (let i = 0; i < an.length; i++) {
        const c = compare(an[i], bn[i]);
        if (c !== 0) return c;
      }
    }
    const av = (a as RcdV).vals;
    const bv = (b as RcdV).vals;
    for (let i = 0; i < av.length; i++) {
      const c = compare(av[i], bv[i]);
      if (c !== 0) return c;
    }
    return 0;
  }
  const fa = toFcnLike(a);
  const fb = toFcnLike(b);
  if (fa === null || fb === null) return incomparable(a, b, 'compare');
  if (fa.dom.length !== fb.dom.length) return fa.dom.length - fb.dom.length;
  for (let i = 0; i < fa.dom.length; i++) {
    const c = compare(fa.dom[i], fb.dom[i]);
    if (c !== 0) return c;
  }
  for (let i = 0; i < fa.vals.length; i++) {
    const c = compare(fa.vals[i], fb.vals[i]);
    if (c !== 0) return c;
  }
  return 0;
}

export function equals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a === 'number') {
    if (typeof b === 'number') return false;
    if (isModel(b)) return false;
    return incomparable(a, b, 'check equality of');
  }
  if (typeof a === 'string') {
    if (typeof b === 'string') return false;
    if (isModel(b)) return false;
    return incomparable(a, b, 'check equality of');
  }
  if (typeof a === 'boolean') {
    if (typeof b === 'boolean') return false;
    if (isModel(b)) return false;
    return incomparable(a, b, 'check equality of');
  }
  // Each operand's tag is read once (see tagOf): 1 model value, 2 and 10-15 sets, 4 tuple, 5 record.
  const ta = tagOf(a);
  const tb = tagOf(b);
  if (ta === 5 && tb === 5) return rcdEquals(a as RcdV, b as RcdV);
  if (ta === 1 || tb === 1) return false;
  if (ta === 2 || (ta >= 10 && ta <= 15)) {
    if (!(tb === 2 || (tb >= 10 && tb <= 15))) return incomparable(a, b, 'check equality of');
    if (ta === 10 && tb === 10) {
      const ia = a as IntervalV;
      const ib = b as IntervalV;
      return ia.size() === ib.size() && (ia.size() === 0 || (ia.lo === ib.lo && ia.hi === ib.hi));
    }
    const x = elems(a);
    const y = elems(b);
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!equals(x[i], y[i])) return false;
    return true;
  }
  if (ta === 4 && tb === 4) {
    const x = (a as TupV).elems;
    const y = (b as TupV).elems;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!equals(x[i], y[i])) return false;
    return true;
  }
  return equalsSlow(a, b);
}

function rcdEquals(a: RcdV, b: RcdV): boolean {
  {
    const an = a.names;
    const bn = b.names;
    if (an !== bn) {
      if (an.length !== bn.length) return false;
      for (let i = 0; i < an.length; i++) if (an[i] !== bn[i]) return false;
    }
    const av = a.vals;
    const bv = b.vals;
    for (let i = 0; i < av.length; i++) {
      const x = av[i];
      const y = bv[i];
      if (x === y) continue;
      if (typeof x === 'string' && typeof y === 'string') return false;
      if (typeof x === 'number' && typeof y === 'number') return false;
      if (!equals(x, y)) return false;
    }
    return true;
  }
}

function equalsSlow(a: Value, b: Value): boolean {
  const fa = toFcnLike(a);
  const fb = toFcnLike(b);
  if (fa === null || fb === null) return incomparable(a, b, 'check equality of');
  if (fa.dom.length !== fb.dom.length) return false;
  for (let i = 0; i < fa.dom.length; i++) {
    // Domains of different kinds (e.g. ints vs strings) are simply different functions.
    // Domain elements of different kinds (1 vs "a") are an error in TLC, as any comparison.
    if (!equals(fa.dom[i], fb.dom[i])) return false;
  }
  for (let i = 0; i < fa.vals.length; i++) if (!equals(fa.vals[i], fb.vals[i])) return false;
  return true;
}

// ---- function application ----

export function apply(f: Value, x: Value): Value {
  const r = apply0(f, x);
  if (isErr(r)) throw r.error;
  return r;
}

function apply0(f: Value, x: Value): Value {
  if (isTup(f)) {
    if (typeof x === 'number' && x >= 1 && x <= f.elems.length) return f.elems[x - 1];
    throw new EvalError(`Attempted to apply the tuple ${show(f)} to ${show(x)}, which is out of its domain`);
  }
  if (isRcd(f)) {
    if (typeof x === 'string') {
      const r = f.get(x);
      if (r !== undefined) return r;
    }
    throw new EvalError(`Attempted to access field ${show(x)} of the record ${show(f)}, which is not in its domain`);
  }
  if (isFcn(f)) {
    const i = fcnIndex(f, x);
    if (i >= 0) return f.vals[i];
    throw new EvalError(`Attempted to apply the function ${show(f)} to ${show(x)}, which is out of its domain`);
  }
  if (isLazyFcn(f)) return f.get(x);
  throw new EvalError(`Attempted to apply ${show(f)}, which is not a function, to ${show(x)}`);
}

export function fcnIndex(f: FcnV, x: Value): number {
  const d = f.dom;
  // Model values and strings are equal only to themselves (one ModelV object per name per run).
  if (isModel(x) || typeof x === 'string' || typeof x === 'boolean') {
    for (let i = 0; i < d.length; i++) if (d[i] === x) return i;
    if (!(isModel(x))) return -1;
    for (let i = 0; i < d.length; i++) {
      const y = d[i];
      if (isModel(y) && y.name === x.name) return i;
    }
    return -1;
  }
  if (typeof x === 'number' && typeof d[0] === 'number') {
    let lo = 0;
    let hi = d.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = d[mid] as number;
      if (m === x) return mid;
      if (m < x) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
  for (let i = 0; i < d.length; i++) {
    const y = d[i];
    if (typeof y === typeof x || isModel(y) || isModel(x)) {
      if (equals(y, x)) return i;
    } else if (typeof y !== 'object' || typeof x !== 'object') {
      continue;
    } else if (isSet(x) === isSet(y) && equals(y, x)) return i;
  }
  return -1;
}

export function domainOf(f: Value): Value {
  if (isLazyFcn(f) && f.domain !== null) return f.domain;
  if (isTup(f)) return new IntervalV(1, f.elems.length);
  if (isRcd(f)) return new SetV(f.names);
  if (isFcn(f)) return new SetV(f.dom);
  throw new EvalError(`Attempted to compute DOMAIN of ${show(f)}, which is not a function`);
}

// ---- printing (TLC's syntax) ----

export function show(v: Value): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return JSON.stringify(v);
  if (isModel(v)) return v.name;
  if (isSetEnum(v)) return `{${v.elems.map(show).join(', ')}}`;
  if (isLazySet(v)) return v.show();
  if (isTup(v)) return `<<${v.elems.map(show).join(', ')}>>`;
  if (isRcd(v)) return `[${v.names.map((n, i) => `${n} |-> ${show(v.vals[i])}`).join(', ')}]`;
  if (isFcn(v)) return `(${v.dom.map((d, i) => `${show(d)} :> ${show(v.vals[i])}`).join(' @@ ')})`;
  if (isOp(v)) return `<operator ${v.name}>`;
  if (isErr(v)) return `<error: ${v.error.message}>`;
  return String(v);
}
