/**
 * The standard modules, implemented natively: Naturals, Integers, Sequences, FiniteSets, TLC,
 * Bags. Each builtin takes evaluated arguments (operator arguments arrive as OpV).
 */
import { EvalError } from './errors.ts';
import { COMMUNITY_INFIX, COMMUNITY_MODULES } from './community.ts';
import {
  InfiniteSet, IntervalV, ModelV, OpV, TupV, domainOf, elems, equals, isSet, setSize, mkFcn, mkSet, setHas, show, toFcnLike, toTuple, type Value, isModel, isOp, isInterval, isInfinite,
} from './values.ts';

export interface Builtin {
  arity: number;
  fn: (args: Value[]) => Value;
}

export const INT_MIN = -2147483648;
export const INT_MAX = 2147483647;

export function int(v: Value, op: string): number {
  if (typeof v !== 'number') throw new EvalError(`The operator ${op} expects an integer, but got ${show(v)}`);
  return v;
}

export function checkInt(r: number, what: string): number {
  if (r > INT_MAX || r < INT_MIN || !Number.isFinite(r)) throw new EvalError(`Integer overflow when computing ${what}`);
  return r;
}

export function seq(v: Value, op: string): Value[] {
  const t = toTuple(v);
  if (t === null) throw new EvalError(`The operator ${op} expects a sequence, but got ${show(v)}`);
  return t.elems;
}

function bool(v: Value, op: string): boolean {
  if (typeof v !== 'boolean') throw new EvalError(`The operator ${op} expects a boolean, but got ${show(v)}`);
  return v;
}

function op(v: Value, arity: number, name: string): OpV {
  if (!(isOp(v)) || v.arity !== arity) throw new EvalError(`${name} expects an operator with ${arity} arguments`);
  return v;
}

export const NatSet = new InfiniteSet('Nat', (v) => {
  if (typeof v === 'number') return v >= 0;
  if (isModel(v)) return false;
  throw new EvalError(`Attempted to check if ${show(v)} is in Nat, but it is not an integer`);
});
export const IntSet = new InfiniteSet('Int', (v) => {
  if (typeof v === 'number') return true;
  if (isModel(v)) return false;
  throw new EvalError(`Attempted to check if ${show(v)} is in Int, but it is not an integer`);
});
export const StringSet = new InfiniteSet('STRING', (v) => typeof v === 'string');

function floorDiv(a: number, b: number): number {
  if (b === 0) throw new EvalError(`The second argument of \\div is 0`);
  return Math.floor(a / b);
}

export function floorMod(a: number, b: number): number {
  if (b <= 0) throw new EvalError(`The second argument of % should be a positive number, but got ${b}`);
  return ((a % b) + b) % b;
}

export function pow(a: number, b: number): number {
  if (b < 0) throw new EvalError(`The exponent of ^ must be a natural number, but got ${b}`);
  if (a === 0 && b === 0) throw new EvalError('0^0 is undefined');
  return checkInt(a ** b, `${a}^${b}`);
}

function seqSet(s: Value): Value {
  return new InfiniteSet(`Seq(${show(s)})`, (v) => {
    const t = toTuple(v);
    if (t === null) return false;
    for (const e of t.elems) if (!setHas(s, e)) return false;
    return true;
  });
}

function cardinality(s: Value): number {
  if (!isSet(s)) throw new EvalError(`Cardinality expects a set, but got ${show(s)}`);
  return setSize(s);
}

function permutations(s: Value): Value {
  const xs = elems(s);
  const out: Value[] = [];
  const perm = (rest: Value[], acc: Value[]) => {
    if (rest.length === 0) {
      out.push(mkFcn(xs, acc.slice()));
      return;
    }
    for (let i = 0; i < rest.length; i++) {
      acc.push(rest[i]);
      perm([...rest.slice(0, i), ...rest.slice(i + 1)], acc);
      acc.pop();
    }
  };
  perm(xs, []);
  return mkSet(out);
}

/** fcnMerge implements f @@ g: f's values win on the common domain. */
function fcnMerge(f: Value, g: Value): Value {
  const a = toFcnLike(f);
  const b = toFcnLike(g);
  if (a === null || b === null) throw new EvalError(`@@ expects two functions, got ${show(f)} and ${show(g)}`);
  const dom = a.dom.slice();
  const vals = a.vals.slice();
  for (let i = 0; i < b.dom.length; i++) {
    if (!a.dom.some((d) => equals(d, b.dom[i]))) {
      dom.push(b.dom[i]);
      vals.push(b.vals[i]);
    }
  }
  return mkFcn(dom, vals);
}

/** Bags are functions from elements to positive counts. */
function bag(v: Value): { dom: Value[]; vals: Value[] } {
  const f = toFcnLike(v);
  if (f === null) throw new EvalError(`Expected a bag, got ${show(v)}`);
  return f;
}

function bagCombine(a: Value, b: Value, sign: number): Value {
  const x = bag(a);
  const y = bag(b);
  const dom: Value[] = x.dom.slice();
  const cnt: number[] = x.vals.map((v) => int(v, 'bag'));
  for (let i = 0; i < y.dom.length; i++) {
    const j = dom.findIndex((d) => equals(d, y.dom[i]));
    const c = int(y.vals[i], 'bag') * sign;
    if (j >= 0) cnt[j] += c;
    else {
      dom.push(y.dom[i]);
      cnt.push(c);
    }
  }
  const keep = dom.map((_, i) => i).filter((i) => cnt[i] > 0);
  return mkFcn(
    keep.map((i) => dom[i]),
    keep.map((i) => cnt[i]),
  );
}

export type OutputFn = (line: string) => void;

/** Statistics TLCGet("...") reads, kept current by the search. */
export const tlcStats = { level: 1, distinct: 0, generated: 0, queue: 0, diameter: 0 };

/** The TLCGet/TLCSet registers and the output sink of Print, shared by one run. */
export const tlcRegs = new Map<number, Value>();
export let printSink: OutputFn = (line) => process.stdout.write(line + '\n');
export function setPrintSink(f: OutputFn): void {
  printSink = f;
}

/**
 * TLAPS: the proof backends and pragmas a spec names in its proofs (BY PTL, BY Zenon, ...).
 * TLC never evaluates proofs; the names only have to exist, so each is TRUE.
 */
const TLAPS_PRAGMAS = [
  'SMT', 'CVC3', 'Yices', 'veriT', 'Z3', 'Spass', 'Zenon', 'Isa', 'SlowZenon', 'SlowerZenon', 'VerySlowZenon', 'SlowestZenon',
  'AllProvers', 'AllSMT', 'AllIsa', 'PTL', 'SetExtensionality', 'NoSetContainsEverything', 'IsaWithSetExtensionality', 'LS4', 'PropositionalTemporalLogic',
];
const TLAPS_TIMED = ['SMTT', 'CVC3T', 'YicesT', 'veriTT', 'Z3T', 'SpassT', 'ZenonT', 'IsaT', 'IsaM', 'AllProversT', 'AllSMTT', 'AllIsaT'];
const TLAPS: Record<string, Builtin> = Object.fromEntries([
  ...TLAPS_PRAGMAS.map((n) => [n, { arity: 0, fn: () => true }]),
  ...TLAPS_TIMED.map((n) => [n, { arity: 1, fn: () => true }]),
  ['IsaMT', { arity: 2, fn: () => true }],
]);

export const STD_MODULES: Record<string, Record<string, Builtin>> = {
  ...COMMUNITY_MODULES,
  TLAPS,
  Naturals: {
    Nat: { arity: 0, fn: () => NatSet },
  },
  Integers: {
    Nat: { arity: 0, fn: () => NatSet },
    Int: { arity: 0, fn: () => IntSet },
  },
  Sequences: {
    Seq: { arity: 1, fn: ([s]) => seqSet(s) },
    // TLC treats strings as sequences of characters for Len and \o.
    Len: { arity: 1, fn: ([s]) => (typeof s === 'string' ? s.length : seq(s, 'Len').length) },
    Append: { arity: 2, fn: ([s, e]) => new TupV([...seq(s, 'Append'), e]) },
    Head: {
      arity: 1,
      fn: ([s]) => {
        const e = seq(s, 'Head');
        if (e.length === 0) throw new EvalError('Attempted to apply Head to the empty sequence');
        return e[0];
      },
    },
    Tail: {
      arity: 1,
      fn: ([s]) => {
        const e = seq(s, 'Tail');
        if (e.length === 0) throw new EvalError('Attempted to apply Tail to the empty sequence');
        return new TupV(e.slice(1));
      },
    },
    SubSeq: {
      arity: 3,
      fn: ([s, m, n]) => {
        const e = seq(s, 'SubSeq');
        const a = int(m, 'SubSeq');
        const b = int(n, 'SubSeq');
        if (b < a) return new TupV([]);
        if (a < 1 || b > e.length) throw new EvalError(`SubSeq(${show(s)}, ${a}, ${b}): index out of range`);
        return new TupV(e.slice(a - 1, b));
      },
    },
    SelectSeq: {
      arity: 2,
      fn: ([s, t]) => {
        const o = op(t, 1, 'SelectSeq');
        return new TupV(seq(s, 'SelectSeq').filter((x) => bool(o.call([x]), 'SelectSeq')));
      },
    },
  },
  FiniteSets: {
    Cardinality: { arity: 1, fn: ([s]) => cardinality(s) },
    IsFiniteSet: { arity: 1, fn: ([s]) => !(isInfinite(s)) },
  },
  TLC: {
    Print: {
      arity: 2,
      fn: ([o, v]) => {
        printSink(`${show(o)}  ${show(v)}`);
        return v;
      },
    },
    PrintT: {
      arity: 1,
      fn: ([o]) => {
        printSink(show(o));
        return true;
      },
    },
    Assert: {
      arity: 2,
      fn: ([c, m]) => {
        if (c !== true) throw new EvalError(`The first argument of Assert evaluated to FALSE; the second argument was: ${typeof m === 'string' ? m : show(m)}`);
        return true;
      },
    },
    JavaTime: { arity: 0, fn: () => Math.floor(Date.now() / 1000) },
    TLCGet: {
      arity: 1,
      fn: ([i]) => {
        if (typeof i === 'string') {
          // TLC's run statistics; "level" is the level of the state being evaluated (initial
          // states are at level 1, a successor under check at its predecessor's level + 1).
          const stat = (tlcStats as Record<string, number | undefined>)[i];
          if (stat === undefined) throw new EvalError(`TLCGet(${show(i)}) is not supported by the embedded checker`);
          return stat;
        }
        const v = typeof i === 'number' ? tlcRegs.get(i) : undefined;
        if (v === undefined) throw new EvalError(`TLCGet(${show(i)}) is not supported by the embedded checker or was never set`);
        return v;
      },
    },
    TLCSet: {
      arity: 2,
      fn: ([i, v]) => {
        if (typeof i !== 'number') throw new EvalError(`TLCSet(${show(i)}, ...) is not supported by the embedded checker`);
        tlcRegs.set(i, v);
        return true;
      },
    },
    Permutations: { arity: 1, fn: ([s]) => permutations(s) },
    SortSeq: {
      arity: 2,
      fn: ([s, t]) => {
        const o = op(t, 2, 'SortSeq');
        const e = seq(s, 'SortSeq').slice();
        e.sort((a, b) => (bool(o.call([a, b]), 'SortSeq') ? -1 : bool(o.call([b, a]), 'SortSeq') ? 1 : 0));
        return new TupV(e);
      },
    },
    ToString: { arity: 1, fn: ([v]) => show(v) },
    TLCEval: { arity: 1, fn: ([v]) => v },
    Any: {
      arity: 0,
      fn: () => {
        throw new EvalError('Any is not supported by the embedded checker');
      },
    },
    RandomElement: {
      arity: 1,
      fn: () => {
        throw new EvalError('RandomElement is not supported by the embedded checker (it is not deterministic)');
      },
    },
  },
  Bags: {
    EmptyBag: { arity: 0, fn: () => new TupV([]) },
    IsABag: {
      arity: 1,
      fn: ([b]) => {
        const f = toFcnLike(b);
        return f !== null && f.vals.every((v) => typeof v === 'number' && v > 0);
      },
    },
    SetToBag: { arity: 1, fn: ([s]) => mkFcn(elems(s), elems(s).map(() => 1)) },
    BagToSet: { arity: 1, fn: ([b]) => domainOf(b) },
    BagIn: { arity: 2, fn: ([e, b]) => bag(b).dom.some((d) => equals(d, e)) },
    CopiesIn: {
      arity: 2,
      fn: ([e, b]) => {
        const f = bag(b);
        const i = f.dom.findIndex((d) => equals(d, e));
        return i < 0 ? 0 : f.vals[i];
      },
    },
    BagCardinality: { arity: 1, fn: ([b]) => bag(b).vals.reduce((a: number, v) => a + int(v, 'BagCardinality'), 0) },
    BagUnion: {
      arity: 1,
      fn: ([s]) => elems(s).reduce((acc: Value, b) => bagCombine(acc, b, 1), new TupV([])),
    },
    SubBag: {
      arity: 1,
      fn: ([b]) => {
        // Every bag below b: each element with 0..its count copies.
        const f = bag(b);
        const counts = f.vals.map((v) => int(v, 'SubBag'));
        const out: Value[] = [];
        const cur = counts.map(() => 0);
        for (;;) {
          const keep = cur.map((c, i) => i).filter((i) => cur[i] > 0);
          out.push(mkFcn(keep.map((i) => f.dom[i]), keep.map((i) => cur[i])));
          let k = 0;
          while (k < cur.length && ++cur[k] > counts[k]) cur[k++] = 0;
          if (k === cur.length) break;
        }
        return mkSet(out);
      },
    },
    BagOfAll: {
      arity: 2,
      fn: ([t, b]) => {
        const o = op(t, 1, 'BagOfAll');
        const f = bag(b);
        let acc: Value = new TupV([]);
        for (let i = 0; i < f.dom.length; i++) acc = bagCombine(acc, mkFcn([o.call([f.dom[i]])], [f.vals[i]]), 1);
        return acc;
      },
    },
  },
};

/** Infix operators of the standard modules, keyed by tree-sitter node type. */
export const STD_INFIX: Record<string, { module: string; fn: (a: Value, b: Value) => Value }> = {
  ...COMMUNITY_INFIX,
  circ: { module: 'Sequences', fn: (a, b) => (typeof a === 'string' && typeof b === 'string' ? a + b : new TupV([...seq(a, '\\o'), ...seq(b, '\\o')])) },
  map_to: { module: 'TLC', fn: (a, b) => mkFcn([a], [b]) },
  compose: { module: 'TLC', fn: fcnMerge },
  oplus: { module: 'Bags', fn: (a, b) => bagCombine(a, b, 1) },
  ominus: { module: 'Bags', fn: (a, b) => bagCombine(a, b, -1) },
  sqsubseteq: {
    module: 'Bags',
    fn: (a, b) => {
      const x = bag(a);
      const y = bag(b);
      return x.dom.every((d, i) => {
        const j = y.dom.findIndex((e) => equals(e, d));
        return j >= 0 && int(x.vals[i], 'bag') <= int(y.vals[j], 'bag');
      });
    },
  },
};

export const arith = { floorDiv, floorMod, pow };

