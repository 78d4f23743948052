/**
 * Lazy sets (split out of values.ts, which re-exports them): intervals, Nat/Int/STRING and other
 * infinite sets, SUBSET S, [S -> T], record sets and S \\X T. Membership is answered without
 * enumerating; enumerate() builds (and caches) the elements in TLC's order on demand; size() counts
 * them from the sizes of their parts, as TLC's Enumerable.size() does.
 *
 * values.ts and this module import each other; neither touches the other's bindings while it is
 * being evaluated (only inside functions and methods), so either may be loaded first.
 */
import { EvalError } from './errors.ts';
import { equals, show } from './value-ops.ts';
import { elems, isFcn, isLazySet, isModel, isRcd, isSet, mkSet, RcdV, SetV, setHas, toFcnLike, toRcd, toTuple, TupV, mkFcnSorted, type Value } from './values.ts';

interface Tagged {
  tag?: number;
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

// Tags: fast type tests (values.ts tags the other classes; see isLazySet there).
((IntervalV.prototype as unknown) as Tagged).tag = 10;
((InfiniteSet.prototype as unknown) as Tagged).tag = 11;
((PowerSetV.prototype as unknown) as Tagged).tag = 12;
((FcnSetV.prototype as unknown) as Tagged).tag = 13;
((RcdSetV.prototype as unknown) as Tagged).tag = 14;
((ProductV.prototype as unknown) as Tagged).tag = 15;
