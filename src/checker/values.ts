/**
 * TLA+ values with TLC's semantics. Integers, booleans and strings are JS primitives (fast paths);
 * everything else is a small immutable class. Sets that can be large or infinite stay lazy
 * (intervals, SUBSET, [S -> T], record sets, \X, Nat, Int, STRING, Seq(S)) until enumerated.
 *
 * Ordering follows TLC's compareTo: ints numerically, strings and model values by the order in
 * which their names were first interned (TLC's UniqueString token order), booleans FALSE < TRUE,
 * model values before every other value, sets/functions/records/tuples by size then elementwise.
 */
import { EvalError } from './errors.ts';
import { compare, equals, apply, fcnIndex, domainOf, show } from './value-ops.ts';
import { FcnSetV, InfiniteSet, IntervalV, PowerSetV, ProductV, RcdSetV, setSize, type LazySet } from './lazy-sets.ts';

export { compare, equals, apply, fcnIndex, domainOf, show };
export { FcnSetV, InfiniteSet, IntervalV, PowerSetV, ProductV, RcdSetV, setSize, type LazySet };

export type Value = number | boolean | string | ModelV | SetV | LazySet | FcnV | TupV | RcdV | OpV | LazyFcnV | ErrV;

// ---- string interning: TLC compares strings by the order they were first seen ----

const internIdx = new Map<string, number>();

/** resetInterning starts a new run: TLC orders strings by interning order within one run. */
export function resetInterning(): void {
  internIdx.clear();
}
/** intern gives a string its rank in TLC's string order (first interned, first ordered). */
/**
 * canonical gives the one copy of a string that the checker's compiled code uses: V8's
 * internalized copy (an object key is always one). Strings sliced out of the source text are not
 * internalized, those of JSON.parse are: comparing an internalized string with another one is a
 * pointer comparison, while comparing it with a sliced copy compares the characters. Used for the
 * spec's string literals and record field names, compared with the trace's decoded values at
 * every step.
 */
export function canonical(s: string): string {
  let c = canonicalOf.get(s);
  if (c === undefined) {
    const o: Record<string, true> = {};
    o[s] = true;
    c = Object.keys(o)[0] ?? s;
    canonicalOf.set(c, c);
  }
  return c;
}
const canonicalOf = new Map<string, string>();

export function intern(s: string): number {
  let i = internIdx.get(s);
  if (i === undefined) {
    i = internIdx.size;
    internIdx.set(s, i);
  }
  return i;
}

/** ModelV is an untyped model value from the .cfg: equal only to itself. */
export class ModelV {
  readonly rank: number;
  constructor(readonly name: string) {
    this.rank = intern(name);
  }
}

/** An operator passed as an argument to a higher-order operator (or a LAMBDA). */
export class OpV {
  constructor(readonly arity: number, readonly call: (args: Value[]) => Value, readonly name: string) {}
}

/**
 * Sets smaller than this are copied whole by `insert`: a pending buffer would not pay, and a set
 * of this size is often read at every step (a spec's `msgs`), which merges the buffer anyway.
 */
const PENDING_FROM = 256;

/**
 * SetV is an enumerated, normalised set: elements sorted in TLC order without duplicates.
 *
 * `S \cup {e}` on a large set (`insert`) does not copy S: the new set shares S's sorted array
 * (`base`, never modified once built) and keeps its own small sorted array of the elements
 * inserted since (`pending`), merged into a new base when `elems` is first read or when it grows
 * past about sqrt(2 |base|) elements. A history variable that only grows (a trace wrapper's
 * `votes`, `proposed`: thousands of elements, one more per step, seldom read) then costs
 * O(sqrt n) per insertion instead of a copy of the whole set. No array that `elems` returned is
 * ever modified, so a caller may iterate it while the set is extended.
 */
export class SetV {
  fh = 0;
  fl = 0;
  hasFp = false;
  /** membership tests on a large set: fingerprint (hi lane) to element indices, built lazily */
  index: Map<number, number> | null = null;
  probes = 0;
  private base: Value[];
  /** Elements inserted after `base` was built: sorted, none in base; null when there are none. */
  private pending: Value[] | null = null;
  constructor(elems: Value[]) {
    this.base = elems;
  }
  /** The elements, sorted in TLC order (merges any pending insertions first). */
  get elems(): Value[] {
    return this.pending === null ? this.base : this.flatten();
  }

  /** insert is `this \cup {e}`: this set itself when e is in it already. */
  insert(e: Value): SetV {
    const base = this.base;
    const at = sortedIndex(base, e);
    if (at < 0) return this;
    const pending = this.pending;
    if (pending === null && base.length < PENDING_FROM) {
      const out = base.slice();
      out.splice(at, 0, e);
      return new SetV(out);
    }
    let next: Value[];
    if (pending === null) next = [e];
    else {
      const p = sortedIndex(pending, e);
      if (p < 0) return this;
      next = pending.slice();
      next.splice(p, 0, e);
    }
    const out = new SetV(base);
    out.pending = next;
    if (next.length * next.length > 2 * base.length) out.flatten();
    return out;
  }

  private flatten(): Value[] {
    const x = this.base;
    const y = this.pending!;
    let out: Value[];
    if (y.length === 1) {
      out = x.slice();
      out.splice(sortedIndex(x, y[0]), 0, y[0]);
    } else {
      // Place each pending element by binary search and copy the runs of base between them:
      // O(|pending| log |base|) comparisons, not one per element.
      out = new Array<Value>(x.length + y.length);
      let i = 0;
      let k = 0;
      for (let j = 0; j < y.length; j++) {
        const at = sortedIndex(x, y[j]);
        while (i < at) out[k++] = x[i++];
        out[k++] = y[j];
      }
      while (i < x.length) out[k++] = x[i++];
    }
    this.base = out;
    this.pending = null;
    return out;
  }
}

/**
 * sortedIndex: where e goes in the sorted array xs (binary search in TLC order), or -1 when an
 * element equal to e is there already.
 */
function sortedIndex(xs: Value[], e: Value): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = compare(xs[mid], e);
    if (c === 0) return -1;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** FcnV is a function with an arbitrary finite domain, domain sorted in TLC order. */
export class FcnV {
  fh = 0;
  fl = 0;
  hasFp = false;
  constructor(readonly dom: Value[], readonly vals: Value[]) {}
}

/** TupV is a tuple/sequence: a function on 1..n. */
export class TupV {
  fh = 0;
  fl = 0;
  hasFp = false;
  constructor(readonly elems: Value[]) {}
}

/** RcdV is a record: a function on a set of strings, names sorted in TLC order. */
export class RcdV {
  fh = 0;
  fl = 0;
  hasFp = false;
  constructor(readonly names: string[], readonly vals: Value[]) {}
  get(name: string): Value | undefined {
    const ns = this.names;
    for (let i = 0; i < ns.length; i++) if (ns[i] === name) return this.vals[i];
    return undefined;
  }
}

/**
 * Whether any ErrV was ever made in this process. Most runs make none, and then isErr (called on
 * every field access and function application) answers without reading the value's tag, a load
 * that V8 cannot specialise because values have many classes (a megamorphic property read).
 */
let errMade = false;

/**
 * ErrV stands for the value of a function at a point where evaluating it failed. TLC builds
 * functions lazily, so such a function is harmless until that point is used, or the whole
 * function is compared, fingerprinted or printed: then the original error is raised.
 */
export class ErrV {
  constructor(readonly error: EvalError) {
    errMade = true;
  }
}

/** LazyFcnV is a recursive function definition under construction: f[x] computed on demand. */
export class LazyFcnV {
  private memo = new Map<unknown, Value>();
  constructor(
    readonly inDomain: (x: Value) => boolean,
    readonly compute: (x: Value) => Value,
    /** the domain, for [x \in S |-> e] over an infinite S (TLC keeps those lazy too) */
    readonly domain: Value | null = null,
  ) {}
  get(x: Value): Value {
    const key = typeof x === 'object' ? show(x) : x;
    let v = this.memo.get(key);
    if (v === undefined) {
      if (!this.inDomain(x)) throw new EvalError(`Attempted to apply a recursively defined function to ${show(x)}, which is out of its domain`);
      v = this.compute(x);
      this.memo.set(key, v);
    }
    return v;
  }
}


// ---- tags: fast type tests (see LazySet) ----

interface Tagged {
  tag?: number;
}
((ModelV.prototype as unknown) as Tagged).tag = 1;
((SetV.prototype as unknown) as Tagged).tag = 2;
((FcnV.prototype as unknown) as Tagged).tag = 3;
((TupV.prototype as unknown) as Tagged).tag = 4;
((RcdV.prototype as unknown) as Tagged).tag = 5;
((OpV.prototype as unknown) as Tagged).tag = 6;
((LazyFcnV.prototype as unknown) as Tagged).tag = 7;
((ErrV.prototype as unknown) as Tagged).tag = 8;
export function isModel(v: unknown): v is ModelV {
  return typeof v === 'object' && v !== null && (v as Tagged).tag === 1;
}
export function isSetEnum(v: unknown): v is SetV {
  return typeof v === 'object' && v !== null && (v as Tagged).tag === 2;
}
export function isFcn(v: unknown): v is FcnV {
  return typeof v === 'object' && v !== null && (v as Tagged).tag === 3;
}
export function isTup(v: unknown): v is TupV {
  return typeof v === 'object' && v !== null && (v as Tagged).tag === 4;
}
export function isRcd(v: unknown): v is RcdV {
  return typeof v === 'object' && v !== null && (v as Tagged).tag === 5;
}
export function isOp(v: unknown): v is OpV {
  return typeof v === 'object' && v !== null && (v as Tagged).tag === 6;
}
export function isLazyFcn(v: unknown): v is LazyFcnV {
  return typeof v === 'object' && v !== null && (v as Tagged).tag === 7;
}
export function isErr(v: unknown): v is ErrV {
  return errMade && typeof v === 'object' && v !== null && (v as Tagged).tag === 8;
}
export function isInterval(v: unknown): v is IntervalV {
  return typeof v === 'object' && v !== null && (v as Tagged).tag === 10;
}
export function isInfinite(v: unknown): v is InfiniteSet {
  return typeof v === 'object' && v !== null && (v as Tagged).tag === 11;
}
/**
 * unenumerable says whether a set cannot be enumerated: an infinite set, or a set built from one
 * ([D -> Int], [a : Nat], Nat \X S, SUBSET Nat). Set operations on such sets stay lazy
 * (membership only), as TLC's SetCupValue, SetDiffValue and UnionValue do.
 */
export function unenumerable(v: Value): boolean {
  if (typeof v !== 'object' || v === null) return false;
  switch ((v as Tagged).tag) {
    case 11:
      return true;
    case 12:
      return unenumerable((v as PowerSetV).base);
    case 13:
      return unenumerable((v as FcnSetV).dom) || unenumerable((v as FcnSetV).rng);
    case 14:
      return (v as RcdSetV).sets.some(unenumerable);
    case 15:
      return (v as ProductV).sets.some(unenumerable);
    default:
      return false;
  }
}
export function isPowerSet(v: unknown): v is PowerSetV {
  return typeof v === 'object' && v !== null && (v as Tagged).tag === 12;
}
export function isFcnSet(v: unknown): v is FcnSetV {
  return typeof v === 'object' && v !== null && (v as Tagged).tag === 13;
}
export function isRcdSet(v: unknown): v is RcdSetV {
  return typeof v === 'object' && v !== null && (v as Tagged).tag === 14;
}
export function isProduct(v: unknown): v is ProductV {
  return typeof v === 'object' && v !== null && (v as Tagged).tag === 15;
}
/**
 * tagOf reads a value object's tag once (a property read that V8 cannot specialise, values having
 * many classes): a function that tests several kinds of one value reads it once, not per test.
 * 0 for a primitive.
 */
export function tagOf(v: Value): number {
  return typeof v === 'object' && v !== null ? ((v as Tagged).tag ?? 0) : 0;
}
export function isLazySet(v: unknown): v is LazySet {
  if (typeof v !== 'object' || v === null) return false;
  const t = (v as Tagged).tag;
  return t !== undefined && t >= 10 && t <= 15;
}

// ---- classification and conversion ----

export function isSet(v: Value): v is SetV | LazySet {
  return isSetEnum(v) || isLazySet(v);
}

/** elems returns the normalised elements of a set value (enumerating lazy sets). */
export function elems(v: Value): Value[] {
  if (isSetEnum(v)) return v.elems;
  if (isLazySet(v)) return v.enumerate().elems;
  throw new EvalError(`Attempted to enumerate ${show(v)}, which is not a set`);
}

export function setHas(s: Value, v: Value): boolean {
  if (isSetEnum(s)) {
    const es = s.elems;
    // Binary search in TLC order is only safe for comparable values; use it for ints/strings.
    if (typeof v === 'number' && es.length > 8 && typeof es[0] === 'number') {
      let lo = 0;
      let hi = es.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const m = es[mid];
        if (typeof m !== 'number') break;
        if (m === v) return true;
        if (m < v) lo = mid + 1;
        else hi = mid - 1;
      }
      if (lo > hi) return false;
    }
    if (es.length > 8 && typeof v === 'object' && !isModel(v)) {
      // Binary search in TLC's order, as TLC's SetEnumValue.member does on a normalised set: the
      // elements are sorted by `compare`, so log n comparisons instead of up to n `equals`
      // (WORPaxos's `<<b, v>> \in votes[a]` over thousands of votes, `m \in msgs`). An element
      // that cannot be compared with v: the search below gives the answer, or the error, as before.
      const found = sortedHas(es, v);
      if (found !== null) return found;
    }
    if (es.length > 12 && typeof v === 'object' && !(isModel(v)) && ++s.probes > 16) return indexedHas(s, v);
    if (typeof v !== 'object') {
      // A primitive is equal only to itself (model values are objects).
      for (let i = 0; i < es.length; i++) {
        const e = es[i];
        if (e === v) return true;
        if (typeof e !== typeof v && !(isModel(e))) equals(e, v); // TLC's error on mixed kinds
      }
      return false;
    }
    for (let i = 0; i < es.length; i++) if (equals(es[i], v)) return true;
    return false;
  }
  if (isLazySet(s)) return s.has(v);
  throw new EvalError(`Attempted to check membership in ${show(s)}, which is not a set`);
}

/** sortedHas: binary search for v in the sorted es; null when some comparison on the way fails. */
function sortedHas(es: Value[], v: Value): boolean | null {
  let lo = 0;
  let hi = es.length - 1;
  try {
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = compare(es[mid], v);
      if (c === 0) return true;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
  } catch {
    return null;
  }
  return false;
}

/** indexedHas tests membership through a fingerprint index of the set (compound values only). */
function indexedHas(s: SetV, v: Value): boolean {
  const es = s.elems;
  let idx = s.index;
  if (idx === null) {
    idx = new Map();
    for (let i = 0; i < es.length; i++) {
      const e = es[i];
      if (typeof e !== 'object' || isModel(e) || isOp(e) || isLazyFcn(e)) {
        // Mixed sets: fall back to the linear scan.
        s.probes = -1e9;
        return es.some((x) => equals(x, v));
      }
      fingerprint(e);
      const h = fpOut[0];
      idx.set(h, idx.has(h) ? -1 : i);
    }
    s.index = idx;
  }
  if (isOp(v) || isLazyFcn(v)) return false;
  fingerprint(v);
  const j = idx.get(fpOut[0]);
  if (j === undefined) return false;
  if (j >= 0) return equals(es[j], v);
  return es.some((x) => equals(x, v));
}

/** Set by fingerprint.ts (avoids an import cycle): fingerprints v into fpOut. */
export let fingerprint: (v: Value) => void = () => {
  throw new Error('fingerprint not initialised');
};
export const fpOut = new Uint32Array(2);
export function setFingerprinter(f: (v: Value) => void): void {
  fingerprint = f;
}

export function isFcnLike(v: Value): v is FcnV | TupV | RcdV {
  return isFcn(v) || isTup(v) || isRcd(v);
}

/** toFcnLike gives any function-like value as (sorted domain, values). */
export function toFcnLike(v: Value): { dom: Value[]; vals: Value[] } | null {
  if (isFcn(v)) return v;
  if (isTup(v)) {
    const dom: Value[] = [];
    for (let i = 1; i <= v.elems.length; i++) dom.push(i);
    return { dom, vals: v.elems };
  }
  if (isRcd(v)) return { dom: v.names, vals: v.vals };
  return null;
}

export function toTuple(v: Value): TupV | null {
  if (isTup(v)) return v;
  if (isFcn(v)) {
    for (let i = 0; i < v.dom.length; i++) if (v.dom[i] !== i + 1) return null;
    return new TupV(v.vals);
  }
  return null;
}

export function toRcd(v: Value): RcdV | null {
  if (isRcd(v)) return v;
  if (isFcn(v) && v.dom.length > 0 && v.dom.every((d) => typeof d === 'string')) {
    return new RcdV(v.dom as string[], v.vals);
  }
  return null;
}

// ---- construction ----

/** mkSet normalises an array of values into a set (sorts in TLC order, removes duplicates). */
export function mkSet(xs: Value[]): SetV {
  if (xs.length <= 1) return new SetV(xs);
  const a = xs.slice().sort(compare);
  const out: Value[] = [a[0]];
  for (let i = 1; i < a.length; i++) if (compare(a[i], out[out.length - 1]) !== 0) out.push(a[i]);
  return new SetV(out);
}

/** mkFcn builds a function from an unsorted domain (no duplicates) and its values. */
export function mkFcn(dom: Value[], vals: Value[]): FcnV | TupV | RcdV {
  const idx = dom.map((_, i) => i);
  idx.sort((i, j) => compare(dom[i], dom[j]));
  return mkFcnSorted(
    idx.map((i) => dom[i]),
    idx.map((i) => vals[i]),
  );
}

/** mkFcnSorted picks the canonical representation: tuple for 1..n, record for string domains. */
export function mkFcnSorted(dom: Value[], vals: Value[]): FcnV | TupV | RcdV {
  if (dom.length === 0) return new TupV([]);
  let tuple = true;
  let strings = true;
  for (let i = 0; i < dom.length; i++) {
    if (dom[i] !== i + 1) tuple = false;
    if (typeof dom[i] !== 'string') strings = false;
  }
  if (tuple) return new TupV(vals);
  if (strings) return new RcdV(dom as string[], vals);
  return new FcnV(dom, vals);
}

/**
 * canonicalNames: one shared array per list of record field names (in TLC order), so that records
 * of one shape built at different places (a record literal of the spec, another of the trace
 * wrapper, an event of the trace) have the very same names array: compare and equals then skip
 * comparing the names one by one. For names fixed once per place (a literal, an event shape),
 * never per record.
 */
const namesByKey = new Map<string, string[]>();
export function canonicalNames(names: string[]): string[] {
  const key = names.join('\u0000');
  let c = namesByKey.get(key);
  if (c === undefined) namesByKey.set(key, (c = names));
  return c;
}

export function mkRcd(names: string[], vals: Value[]): RcdV {
  const idx = names.map((_, i) => i);
  idx.sort((i, j) => intern(names[i]) - intern(names[j]));
  return new RcdV(
    idx.map((i) => names[i]),
    idx.map((i) => vals[i]),
  );
}
