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

export { compare, equals, apply, fcnIndex, domainOf, show };

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

/**
 * Lazy sets: membership without enumeration; enumerate() on demand. They are separate classes
 * rather than subclasses of one base: under tsx (esbuild's keepNames) constructing a subclass
 * and `instanceof` on a class are many times slower in V8, so values are recognised by a tag.
 */
export type LazySet = IntervalV | InfiniteSet | PowerSetV | FcnSetV | RcdSetV | ProductV;

/** productSize is the number of combinations of one element from each set. */
/**
 * setSize counts a set's elements, a lazy set from the sizes of its parts (Cardinality([D -> R]),
 * of SUBSET S, ... without enumerating them), as TLC's Enumerable.size() does.
 */
export function setSize(s: Value): number {
  return isLazySet(s) ? s.size() : elems(s).length;
}

/** sizeChecked fails as TLC does when a set has more elements than a 32-bit integer holds. */
function sizeChecked(n: number, set: { show(): string }): number {
  if (n > 2147483647) throw new EvalError(`Overflow when computing the number of elements in ${set.show()}`);
  return n;
}

function productSize(sets: Value[], set: { show(): string }): number {
  let n = 1;
  for (const s of sets) n = sizeChecked(n * setSize(s), set);
  return n;
}

/**
 * cartesian enumerates the combinations of one element from each set, the last set varying
 * fastest (TLC's order for record sets and products), and builds a value of each.
 */
function cartesian(sets: Value[], make: (vals: Value[]) => Value): Value[] {
  const ss = sets.map(elems);
  const out: Value[] = [];
  const n = ss.length;
  if (ss.some((s) => s.length === 0)) return out;
  const idx = new Array<number>(n).fill(0);
  for (;;) {
    out.push(make(idx.map((j, i) => ss[i][j])));
    let k = n - 1;
    while (k >= 0 && ++idx[k] === ss[k].length) idx[k--] = 0;
    if (k < 0) break;
  }
  return out;
}

/** enumerateCached normalises and caches the enumeration of a lazy set. */
function enumerateCached(s: { cache: SetV | undefined; build(): Value[] }): SetV {
  if (s.cache === undefined) s.cache = mkSet(s.build());
  return s.cache;
}

/**
 * enumerateInOrder caches the enumeration of a lazy set whose build() already yields TLC's order
 * without duplicates (SUBSET, [S -> T], record sets, \X: built from sorted parts), so the sort
 * of mkSet is skipped: it was a good part of the cost of `\E P \in SUBSET S` in actions.
 */
function enumerateInOrder(s: { cache: SetV | undefined; build(): Value[] }): SetV {
  if (s.cache === undefined) s.cache = new SetV(s.build());
  return s.cache;
}

export class IntervalV {
  declare readonly lo: number;
  declare readonly hi: number;
  constructor(lo: number, hi: number) {
    (this as { lo: number }).lo = lo;
    (this as { hi: number }).hi = hi;
  }
  has(v: Value): boolean {
    if (typeof v !== 'number') {
      if (isModel(v)) return false;
      throw new EvalError(`Attempted to check if the value ${show(v)} is in the interval ${this.show()}, but it is not an integer`);
    }
    return v >= this.lo && v <= this.hi;
  }
  size(): number {
    return this.hi < this.lo ? 0 : this.hi - this.lo + 1;
  }
  build(): Value[] {
    const out: Value[] = [];
    for (let i = this.lo; i <= this.hi; i++) out.push(i);
    return out;
  }
  enumerate(): SetV {
    // Already sorted: skip normalisation.
    return new SetV(this.build());
  }
  show(): string {
    return `${this.lo}..${this.hi}`;
  }
}

/** Infinite sets: Nat, Int, STRING, Seq(S). Membership only. */
export class InfiniteSet {
  declare cache: SetV | undefined;
  enumerate(): SetV {
    return enumerateCached(this);
  }
  declare readonly name: string;
  declare readonly test: (v: Value) => boolean;
  constructor(name: string, test: (v: Value) => boolean) {
    (this as { name: string }).name = name;
    (this as { test: (v: Value) => boolean }).test = test;
  }
  has(v: Value): boolean {
    return this.test(v);
  }
  size(): number {
    throw new EvalError(`Attempted to compute the number of elements of the infinite set ${this.name}`);
  }
  build(): Value[] {
    throw new EvalError(`Attempted to enumerate the infinite set ${this.name}`);
  }
  show(): string {
    return this.name;
  }
}

export class PowerSetV {
  declare cache: SetV | undefined;
  enumerate(): SetV {
    return enumerateInOrder(this);
  }
  declare readonly base: Value;
  constructor(base: Value) {
    (this as { base: Value }).base = base;
  }
  has(v: Value): boolean {
    if (!isSet(v)) return false;
    const es = elems(v);
    for (const e of es) if (!setHas(this.base, e)) return false;
    return true;
  }
  size(): number {
    // TLC refuses 31 elements and more (2^31 does not fit its integers).
    const n = setSize(this.base);
    return sizeChecked(n >= 31 ? Infinity : 2 ** n, this);
  }
  build(): Value[] {
    const base = elems(this.base);
    const n = base.length;
    if (n > 24) throw new EvalError(`Attempted to enumerate SUBSET of a set with ${n} elements`);
    // TLC's order of sets: smaller first, then element by element. So: by size k, and the
    // k-subsets (index combinations of the sorted base) in lexicographic order.
    const out: Value[] = [];
    const idx: number[] = [];
    for (let k = 0; k <= n; k++) {
      for (let i = 0; i < k; i++) idx[i] = i;
      for (;;) {
        const sub = new Array<Value>(k);
        for (let i = 0; i < k; i++) sub[i] = base[idx[i]];
        out.push(new SetV(sub));
        let j = k - 1;
        while (j >= 0 && idx[j] === n - k + j) j--;
        if (j < 0) break;
        idx[j]++;
        for (let i = j + 1; i < k; i++) idx[i] = idx[i - 1] + 1;
      }
    }
    return out;
  }
  show(): string {
    return `SUBSET ${show(this.base)}`;
  }
}

/** [D -> R]: the set of functions from D to R. */
export class FcnSetV {
  declare cache: SetV | undefined;
  enumerate(): SetV {
    return enumerateInOrder(this);
  }
  declare readonly dom: Value;
  declare readonly rng: Value;
  constructor(dom: Value, rng: Value) {
    (this as { dom: Value }).dom = dom;
    (this as { rng: Value }).rng = rng;
  }
  has(v: Value): boolean {
    const f = toFcnLike(v);
    if (f === null) return false;
    const d = elems(this.dom);
    if (f.dom.length !== d.length) return false;
    for (let i = 0; i < d.length; i++) if (!equals(d[i], f.dom[i])) return false;
    for (const x of f.vals) if (!setHas(this.rng, x)) return false;
    return true;
  }
  size(): number {
    return sizeChecked(setSize(this.rng) ** setSize(this.dom), this);
  }
  build(): Value[] {
    const d = elems(this.dom);
    const r = elems(this.rng);
    const out: Value[] = [];
    const n = d.length;
    if (r.length === 0 && n > 0) return out;
    const idx = new Array<number>(n).fill(0);
    const isTuple = n > 0 && d.every((x, i) => x === i + 1);
    for (;;) {
      const vals = idx.map((j) => r[j]);
      out.push(n === 0 ? new TupV([]) : isTuple ? new TupV(vals) : mkFcnSorted(d, vals));
      // The last domain element varies fastest: with D and R sorted, that is TLC's order of
      // functions (values compared in domain order), which enumerateInOrder relies on.
      let k = n - 1;
      while (k >= 0 && ++idx[k] === r.length) idx[k--] = 0;
      if (k < 0) break;
    }
    return out;
  }
  show(): string {
    return `[${show(this.dom)} -> ${show(this.rng)}]`;
  }
}

/** [a: S, b: T]: the set of records. */
export class RcdSetV {
  declare cache: SetV | undefined;
  enumerate(): SetV {
    return enumerateInOrder(this);
  }
  declare readonly names: string[];
  declare readonly sets: Value[];
  constructor(names: string[], sets: Value[]) {
    (this as { names: string[] }).names = names;
    (this as { sets: Value[] }).sets = sets;
  }
  has(v: Value): boolean {
    if (!(isRcd(v))) {
      const f = isFcn(v) ? toRcd(v) : null;
      if (f === null) return false;
      v = f;
    }
    const r = v as RcdV;
    if (r.names.length !== this.names.length) return false;
    for (let i = 0; i < this.names.length; i++) {
      if (r.names[i] !== this.names[i]) return false;
      if (!setHas(this.sets[i], r.vals[i])) return false;
    }
    return true;
  }
  size(): number {
    return productSize(this.sets, this);
  }
  build(): Value[] {
    return cartesian(this.sets, (vals) => new RcdV(this.names, vals));
  }
  show(): string {
    return `[${this.names.map((n, i) => `${n} : ${show(this.sets[i])}`).join(', ')}]`;
  }
}

/** S1 \X S2 \X ...: the set of tuples. */
export class ProductV {
  declare cache: SetV | undefined;
  enumerate(): SetV {
    return enumerateInOrder(this);
  }
  declare readonly sets: Value[];
  constructor(sets: Value[]) {
    (this as { sets: Value[] }).sets = sets;
  }
  has(v: Value): boolean {
    const t = toTuple(v);
    if (t === null || t.elems.length !== this.sets.length) return false;
    for (let i = 0; i < this.sets.length; i++) if (!setHas(this.sets[i], t.elems[i])) return false;
    return true;
  }
  size(): number {
    return productSize(this.sets, this);
  }
  build(): Value[] {
    return cartesian(this.sets, (vals) => new TupV(vals));
  }
  show(): string {
    return this.sets.map(show).join(' \\X ');
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
((IntervalV.prototype as unknown) as Tagged).tag = 10;
((InfiniteSet.prototype as unknown) as Tagged).tag = 11;
((PowerSetV.prototype as unknown) as Tagged).tag = 12;
((FcnSetV.prototype as unknown) as Tagged).tag = 13;
((RcdSetV.prototype as unknown) as Tagged).tag = 14;
((ProductV.prototype as unknown) as Tagged).tag = 15;
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

export function mkRcd(names: string[], vals: Value[]): RcdV {
  const idx = names.map((_, i) => i);
  idx.sort((i, j) => intern(names[i]) - intern(names[j]));
  return new RcdV(
    idx.map((i) => names[i]),
    idx.map((i) => vals[i]),
  );
}
