/**
 * The community modules that real specs use, implemented natively as TLC's own overrides do
 * (tlaplus/CommunityModules): the most used operators of SequencesExt, FiniteSetsExt,
 * Functions, Bitwise, TLCExt, Json (the value-to-string part), IOUtils (what runs in-process),
 * Randomization and UndirectedGraphs. Each follows the module's TLA+ definition: folds over a
 * set take its elements in TLC's order (CHOOSE x \in s : TRUE is the smallest), Max/Min are
 * CHOOSEs, SetToSeq lists a set in TLC's order. Operators not listed here are refused by name
 * when a spec uses them (Unknown operator).
 */
import { EvalError } from './errors.ts';
import {
  ModelV, OpV, RcdV, SetV, TupV, elems, equals, isModel, isOp, isRcd, isSet, mkFcn, mkSet, setHas, show, toFcnLike, toTuple, type Value,
} from './values.ts';

export interface CommunityBuiltin {
  arity: number;
  fn: (args: Value[]) => Value;
}

function num(v: Value, op: string): number {
  if (typeof v !== 'number') throw new EvalError(`The operator ${op} expects an integer, but got ${show(v)}`);
  return v;
}
function sq(v: Value, op: string): Value[] {
  const t = toTuple(v);
  if (t === null) throw new EvalError(`The operator ${op} expects a sequence, but got ${show(v)}`);
  return t.elems;
}
function st(v: Value, op: string): Value[] {
  if (!isSet(v)) throw new EvalError(`The operator ${op} expects a set, but got ${show(v)}`);
  return elems(v);
}
function opv(v: Value, arity: number, name: string): OpV {
  if (!isOp(v) || v.arity !== arity) throw new EvalError(`${name} expects an operator with ${arity} arguments`);
  return v;
}
function bool(v: Value, op: string): boolean {
  if (typeof v !== 'boolean') throw new EvalError(`The operator ${op} expects a boolean, but got ${show(v)}`);
  return v;
}
function fcn(v: Value, op: string): { dom: Value[]; vals: Value[] } {
  const f = toFcnLike(v);
  if (f === null) throw new EvalError(`The operator ${op} expects a function, but got ${show(v)}`);
  return f;
}
/** A function value over dom, as TLC builds [x \in S |-> e] (a tuple when dom is 1..n). */
function mkFn(dom: Value[], vals: Value[]): Value {
  if (dom.every((d, i) => d === i + 1)) return new TupV(vals);
  return mkFcn(dom, vals);
}
function isInjective(f: { dom: Value[]; vals: Value[] }): boolean {
  return elems(mkSet(f.vals.slice())).length === f.vals.length;
}
function rangeOf(v: Value, op: string): Value {
  return mkSet(fcn(v, op).vals.slice());
}
/** The elements of s in TLC's order, largest or smallest first as the fold chooses. */
function maxOf(s: Value[], op: string): Value {
  if (s.length === 0) throw new EvalError(`Attempted to compute ${op} of the empty set`);
  let m = s[0];
  for (const x of s) if (num(x, op) > num(m, op)) m = x;
  return m;
}
function minOf(s: Value[], op: string): Value {
  if (s.length === 0) throw new EvalError(`Attempted to compute ${op} of the empty set`);
  let m = s[0];
  for (const x of s) if (num(x, op) < num(m, op)) m = x;
  return m;
}
/** MapThenFoldSet(op, base, f, choose = smallest first, S) = op(f(x1), op(f(x2), ... base)). */
function foldSet(op: (a: Value, b: Value) => Value, base: Value, s: Value[]): Value {
  let acc = base;
  for (let i = s.length - 1; i >= 0; i--) acc = op(s[i], acc);
  return acc;
}
function subsetsOfSize(s: Value[], k: number): Value[] {
  const out: Value[] = [];
  const pick = (from: number, cur: Value[]): void => {
    if (cur.length === k) {
      out.push(new SetV(cur.slice()));
      return;
    }
    for (let i = from; i < s.length; i++) {
      cur.push(s[i]);
      pick(i + 1, cur);
      cur.pop();
    }
  };
  pick(0, []);
  return out;
}

/** JSON text of a value as Json.tla's ToJson writes it (TLC's Json override). */
function toJsonText(v: Value): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (isModel(v)) return JSON.stringify((v as ModelV).name);
  if (isSet(v)) return `[${elems(v).map(toJsonText).join(',')}]`;
  const t = toTuple(v);
  if (t !== null) return `[${t.elems.map(toJsonText).join(',')}]`;
  const f = toFcnLike(v);
  if (f !== null) return `{${f.dom.map((d, i) => `${JSON.stringify(typeof d === 'string' ? d : show(d))}:${toJsonText(f.vals[i])}`).join(',')}}`;
  return JSON.stringify(show(v));
}

/** A small seeded generator (TLC's Randomization draws from a seeded java.util.Random). */
let seed = 0x2545f491;
function rand(n: number): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return ((seed >>> 0) % n + n) % n;
}
function randomSubset(k: number, s: Value[]): Value {
  if (k > s.length) throw new EvalError(`RandomSubset: ${k} is larger than the set (${s.length} elements)`);
  const pool = s.slice();
  const out: Value[] = [];
  for (let i = 0; i < k; i++) out.push(pool.splice(rand(pool.length), 1)[0]);
  return mkSet(out);
}

/** Nodes and edges of a graph record [node |-> N, edge |-> E]. */
function graph(g: Value, op: string): { nodes: Value[]; edges: Value[]; adj: (a: Value, b: Value) => boolean } {
  if (!isRcd(g)) throw new EvalError(`${op} expects a graph [node |-> ..., edge |-> ...], but got ${show(g)}`);
  const r = g as RcdV;
  const ni = r.names.indexOf('node');
  const ei = r.names.indexOf('edge');
  if (ni < 0 || ei < 0) throw new EvalError(`${op} expects a graph [node |-> ..., edge |-> ...], but got ${show(g)}`);
  const edges = st(r.vals[ei], op);
  const edgeSet = r.vals[ei];
  return { nodes: st(r.vals[ni], op), edges, adj: (a, b) => setHas(edgeSet, mkSet([a, b])) };
}
function components(nodes: Value[], adj: (a: Value, b: Value) => boolean): Value {
  const seen = new Set<number>();
  const out: Value[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (seen.has(i)) continue;
    const comp = [i];
    seen.add(i);
    for (let j = 0; j < comp.length; j++) {
      for (let k = 0; k < nodes.length; k++) {
        if (!seen.has(k) && adj(nodes[comp[j]], nodes[k])) {
          seen.add(k);
          comp.push(k);
        }
      }
    }
    out.push(mkSet(comp.map((c) => nodes[c])));
  }
  return mkSet(out);
}

export const COMMUNITY_MODULES: Record<string, Record<string, CommunityBuiltin>> = {
  SequencesExt: {
    ToSet: { arity: 1, fn: ([s]) => mkSet(sq(s, 'ToSet').slice()) },
    SetToSeq: { arity: 1, fn: ([s]) => new TupV(st(s, 'SetToSeq').slice()) },
    Contains: { arity: 2, fn: ([s, e]) => sq(s, 'Contains').some((x) => equals(x, e)) },
    Reverse: { arity: 1, fn: ([s]) => new TupV(sq(s, 'Reverse').slice().reverse()) },
    Remove: { arity: 2, fn: ([s, e]) => new TupV(sq(s, 'Remove').filter((x) => !equals(x, e))) },
    ReplaceAll: { arity: 3, fn: ([s, o, n]) => new TupV(sq(s, 'ReplaceAll').map((x) => (equals(x, o) ? n : x))) },
    SelectInSeq: {
      arity: 2,
      fn: ([s, t]) => {
        const p = opv(t, 1, 'SelectInSeq');
        const i = sq(s, 'SelectInSeq').findIndex((x) => bool(p.call([x]), 'SelectInSeq'));
        return i + 1;
      },
    },
    SelectLastInSeq: {
      arity: 2,
      fn: ([s, t]) => {
        const p = opv(t, 1, 'SelectLastInSeq');
        const e = sq(s, 'SelectLastInSeq');
        for (let i = e.length - 1; i >= 0; i--) if (bool(p.call([e[i]]), 'SelectLastInSeq')) return i + 1;
        return 0;
      },
    },
    InsertAt: {
      arity: 3,
      fn: ([s, i, e]) => {
        const x = sq(s, 'InsertAt');
        const k = num(i, 'InsertAt');
        if (k < 1 || k > x.length + 1) throw new EvalError(`InsertAt: index ${k} out of range`);
        return new TupV([...x.slice(0, k - 1), e, ...x.slice(k - 1)]);
      },
    },
    ReplaceAt: {
      arity: 3,
      fn: ([s, i, e]) => {
        const x = sq(s, 'ReplaceAt').slice();
        const k = num(i, 'ReplaceAt');
        if (k >= 1 && k <= x.length) x[k - 1] = e;
        return new TupV(x);
      },
    },
    RemoveAt: {
      arity: 2,
      fn: ([s, i]) => {
        const x = sq(s, 'RemoveAt');
        const k = num(i, 'RemoveAt');
        if (k < 1 || k > x.length) throw new EvalError(`RemoveAt: index ${k} out of range`);
        return new TupV([...x.slice(0, k - 1), ...x.slice(k)]);
      },
    },
    RemoveFirst: {
      arity: 2,
      fn: ([s, e]) => {
        const x = sq(s, 'RemoveFirst');
        const k = x.findIndex((y) => equals(y, e));
        return k < 0 ? new TupV(x) : new TupV([...x.slice(0, k), ...x.slice(k + 1)]);
      },
    },
    Cons: { arity: 2, fn: ([e, s]) => new TupV([e, ...sq(s, 'Cons')]) },
    Snoc: { arity: 2, fn: ([s, e]) => new TupV([...sq(s, 'Snoc'), e]) },
    Front: {
      arity: 1,
      fn: ([s]) => {
        const x = sq(s, 'Front');
        if (x.length === 0) throw new EvalError('Attempted to apply Front to the empty sequence');
        return new TupV(x.slice(0, -1));
      },
    },
    Last: {
      arity: 1,
      fn: ([s]) => {
        const x = sq(s, 'Last');
        if (x.length === 0) throw new EvalError('Attempted to apply Last to the empty sequence');
        return x[x.length - 1];
      },
    },
    IsPrefix: {
      arity: 2,
      fn: ([s, t]) => {
        const a = sq(s, 'IsPrefix');
        const b = sq(t, 'IsPrefix');
        return a.length <= b.length && a.every((x, i) => equals(x, b[i]));
      },
    },
    IsStrictPrefix: {
      arity: 2,
      fn: ([s, t]) => {
        const a = sq(s, 'IsStrictPrefix');
        const b = sq(t, 'IsStrictPrefix');
        return a.length < b.length && a.every((x, i) => equals(x, b[i]));
      },
    },
    IsSuffix: {
      arity: 2,
      fn: ([s, t]) => {
        const a = sq(s, 'IsSuffix');
        const b = sq(t, 'IsSuffix');
        const off = b.length - a.length;
        return off >= 0 && a.every((x, i) => equals(x, b[off + i]));
      },
    },
    Prefixes: { arity: 1, fn: ([s]) => mkSet(sq(s, 'Prefixes').map((_, i, a) => new TupV(a.slice(0, i + 1))).concat([new TupV([])])) },
    Suffixes: { arity: 1, fn: ([s]) => mkSet(sq(s, 'Suffixes').map((_, i, a) => new TupV(a.slice(i))).concat([new TupV([])])) },
    FoldSeq: { arity: 3, fn: ([o, b, s]) => foldSet((x, acc) => opv(o, 2, 'FoldSeq').call([x, acc]), b, sq(s, 'FoldSeq')) },
    FoldLeft: {
      arity: 3,
      fn: ([o, b, s]) => {
        const p = opv(o, 2, 'FoldLeft');
        return sq(s, 'FoldLeft').reduce((acc: Value, x) => p.call([acc, x]), b);
      },
    },
    FoldRight: {
      arity: 3,
      fn: ([o, s, b]) => {
        const p = opv(o, 2, 'FoldRight');
        return sq(s, 'FoldRight').reduceRight((acc: Value, x) => p.call([x, acc]), b);
      },
    },
    FlattenSeq: {
      arity: 1,
      fn: ([ss]) => {
        const parts = sq(ss, 'FlattenSeq');
        if (parts.length > 0 && parts.every((p) => typeof p === 'string')) return (parts as string[]).join('');
        return new TupV(parts.flatMap((p) => sq(p, 'FlattenSeq')));
      },
    },
    Zip: {
      arity: 2,
      fn: ([s, t]) => {
        const a = sq(s, 'Zip');
        const b = sq(t, 'Zip');
        return new TupV(a.slice(0, Math.min(a.length, b.length)).map((x, i) => new TupV([x, b[i]])));
      },
    },
    SeqOf: {
      arity: 2,
      fn: ([set, n]) => {
        const xs = st(set, 'SeqOf');
        const out: Value[] = [];
        const k = num(n, 'SeqOf');
        const go = (cur: Value[]): void => {
          out.push(new TupV(cur.slice()));
          if (cur.length === k) return;
          for (const x of xs) go([...cur, x]);
        };
        go([]);
        return mkSet(out);
      },
    },
    BoundedSeq: {
      arity: 2,
      fn: (args) => COMMUNITY_MODULES.SequencesExt.SeqOf.fn(args),
    },
    TupleOf: {
      arity: 2,
      fn: ([set, n]) => {
        const xs = st(set, 'TupleOf');
        let out: Value[][] = [[]];
        for (let i = 0; i < num(n, 'TupleOf'); i++) out = out.flatMap((t) => xs.map((x) => [...t, x]));
        return mkSet(out.map((t) => new TupV(t)));
      },
    },
    IsSorted: {
      arity: 2,
      fn: ([s, o]) => {
        const p = opv(o, 2, 'IsSorted');
        const x = sq(s, 'IsSorted');
        for (let i = 0; i + 1 < x.length; i++) if (!bool(p.call([x[i], x[i + 1]]), 'IsSorted')) return false;
        return true;
      },
    },
  },
  FiniteSetsExt: {
    FoldSet: { arity: 3, fn: ([o, b, s]) => foldSet((x, acc) => opv(o, 2, 'FoldSet').call([x, acc]), b, st(s, 'FoldSet')) },
    ReduceSet: { arity: 3, fn: ([o, s, b]) => foldSet((x, acc) => opv(o, 2, 'ReduceSet').call([x, acc]), b, st(s, 'ReduceSet')) },
    SumSet: { arity: 1, fn: ([s]) => st(s, 'SumSet').reduce((a: number, x) => a + num(x, 'SumSet'), 0) },
    ProductSet: { arity: 1, fn: ([s]) => st(s, 'ProductSet').reduce((a: number, x) => a * num(x, 'ProductSet'), 1) },
    MapThenSumSet: {
      arity: 2,
      fn: ([o, s]) => {
        const p = opv(o, 1, 'MapThenSumSet');
        return st(s, 'MapThenSumSet').reduce((a: number, x) => a + num(p.call([x]), 'MapThenSumSet'), 0);
      },
    },
    FlattenSet: { arity: 1, fn: ([s]) => mkSet(st(s, 'FlattenSet').flatMap((x) => st(x, 'FlattenSet'))) },
    SymDiff: {
      arity: 2,
      fn: ([a, b]) => mkSet([...st(a, 'SymDiff').filter((x) => !setHas(b, x)), ...st(b, 'SymDiff').filter((x) => !setHas(a, x))]),
    },
    Quantify: {
      arity: 2,
      fn: ([s, o]) => {
        const p = opv(o, 1, 'Quantify');
        return st(s, 'Quantify').filter((x) => bool(p.call([x]), 'Quantify')).length;
      },
    },
    kSubset: { arity: 2, fn: ([k, s]) => mkSet(subsetsOfSize(st(s, 'kSubset'), num(k, 'kSubset'))) },
    Max: { arity: 1, fn: ([s]) => maxOf(st(s, 'Max'), 'Max') },
    Min: { arity: 1, fn: ([s]) => minOf(st(s, 'Min'), 'Min') },
  },
  Functions: {
    Range: { arity: 1, fn: ([f]) => rangeOf(f, 'Range') },
    Restrict: {
      arity: 2,
      fn: ([f, s]) => {
        const g = fcn(f, 'Restrict');
        const dom = st(s, 'Restrict');
        return mkFn(dom, dom.map((x) => {
          const i = g.dom.findIndex((d) => equals(d, x));
          if (i < 0) throw new EvalError(`Restrict: ${show(x)} is not in the domain of ${show(f)}`);
          return g.vals[i];
        }));
      },
    },
    RestrictDomain: {
      arity: 2,
      fn: ([f, t]) => {
        const g = fcn(f, 'RestrictDomain');
        const p = opv(t, 1, 'RestrictDomain');
        const keep = g.dom.map((d, i) => i).filter((i) => bool(p.call([g.dom[i]]), 'RestrictDomain'));
        return mkFn(keep.map((i) => g.dom[i]), keep.map((i) => g.vals[i]));
      },
    },
    RestrictValues: {
      arity: 2,
      fn: ([f, t]) => {
        const g = fcn(f, 'RestrictValues');
        const p = opv(t, 1, 'RestrictValues');
        const keep = g.dom.map((d, i) => i).filter((i) => bool(p.call([g.vals[i]]), 'RestrictValues'));
        return mkFn(keep.map((i) => g.dom[i]), keep.map((i) => g.vals[i]));
      },
    },
    IsInjective: { arity: 1, fn: ([f]) => isInjective(fcn(f, 'IsInjective')) },
    IsSurjective: {
      arity: 3,
      fn: ([f, _s, t]) => {
        const r = rangeOf(f, 'IsSurjective');
        return st(t, 'IsSurjective').every((x) => setHas(r, x));
      },
    },
    IsBijection: {
      arity: 3,
      fn: ([f, s, t]) => {
        const g = fcn(f, 'IsBijection');
        const r = rangeOf(f, 'IsBijection');
        return isInjective(g) && st(t, 'IsBijection').every((x) => setHas(r, x)) && equals(mkSet(g.dom.slice()), mkSet(st(s, 'IsBijection').slice()));
      },
    },
    Inverse: {
      arity: 3,
      fn: ([f, s, t]) => {
        const g = fcn(f, 'Inverse');
        const r = rangeOf(f, 'Inverse');
        const ss = st(s, 'Inverse');
        const ts = st(t, 'Inverse');
        return mkFn(ts, ts.map((y) => {
          // CHOOSE x \in S : y \in Range(f) => f[x] = y
          const hit = ss.find((x) => {
            if (!setHas(r, y)) return true;
            const i = g.dom.findIndex((d) => equals(d, x));
            return i >= 0 && equals(g.vals[i], y);
          });
          if (hit === undefined) throw new EvalError(`Inverse: no element of ${show(s)} maps to ${show(y)}`);
          return hit;
        }));
      },
    },
    AntiFunction: {
      arity: 1,
      fn: ([f]) => {
        const g = fcn(f, 'AntiFunction');
        return COMMUNITY_MODULES.Functions.Inverse.fn([f, mkSet(g.dom.slice()), mkSet(g.vals.slice())]);
      },
    },
    Pointwise: {
      arity: 3,
      fn: ([f, h, t]) => {
        const a = fcn(f, 'Pointwise');
        const b = fcn(h, 'Pointwise');
        const p = opv(t, 2, 'Pointwise');
        return mkFn(a.dom, a.dom.map((d, i) => {
          const j = b.dom.findIndex((e) => equals(e, d));
          if (j < 0) throw new EvalError(`Pointwise: ${show(d)} is not in the domain of ${show(h)}`);
          return p.call([a.vals[i], b.vals[j]]);
        }));
      },
    },
    FoldFunction: {
      arity: 3,
      fn: ([o, b, f]) => {
        const g = fcn(f, 'FoldFunction');
        return foldSet((x, acc) => opv(o, 2, 'FoldFunction').call([x, acc]), b, g.vals);
      },
    },
    FoldFunctionOnSet: {
      arity: 4,
      fn: ([o, b, f, s]) => {
        const g = fcn(f, 'FoldFunctionOnSet');
        const idx = st(s, 'FoldFunctionOnSet');
        const vals = idx.map((x) => {
          const i = g.dom.findIndex((d) => equals(d, x));
          if (i < 0) throw new EvalError(`FoldFunctionOnSet: ${show(x)} is not in the domain of ${show(f)}`);
          return g.vals[i];
        });
        return foldSet((x, acc) => opv(o, 2, 'FoldFunctionOnSet').call([x, acc]), b, vals);
      },
    },
    SumFunction: { arity: 1, fn: ([f]) => fcn(f, 'SumFunction').vals.reduce((a: number, x) => a + num(x, 'SumFunction'), 0) },
    ExistsInjection: { arity: 2, fn: ([s, t]) => st(s, 'ExistsInjection').length <= st(t, 'ExistsInjection').length },
    ExistsSurjection: {
      arity: 2,
      fn: ([s, t]) => {
        const a = st(s, 'ExistsSurjection').length;
        const b = st(t, 'ExistsSurjection').length;
        return a >= b && (b > 0 || a === 0);
      },
    },
    ExistsBijection: { arity: 2, fn: ([s, t]) => st(s, 'ExistsBijection').length === st(t, 'ExistsBijection').length },
  },
  Bitwise: {
    Not: {
      arity: 1,
      fn: ([a]) => {
        // Bitwise.tla: the complement within the bits of a (Not(0) = 1).
        const x = num(a, 'Not');
        if (x === 0) return 1;
        const bits = Math.floor(Math.log2(x)) + 1;
        return ~x & ((1 << bits) - 1);
      },
    },
    shiftR: { arity: 2, fn: ([n, p]) => Math.floor(num(n, 'shiftR') / 2 ** num(p, 'shiftR')) },
  },
  TLCExt: {
    AssertEq: {
      arity: 2,
      fn: ([a, b]) => {
        if (!equals(a, b)) throw new EvalError(`AssertEq: ${show(a)} is not equal to ${show(b)}`);
        return true;
      },
    },
    TLCModelValue: { arity: 1, fn: ([s]) => new ModelV(typeof s === 'string' ? s : show(s)) },
    TLCNoOp: { arity: 1, fn: ([v]) => v },
  },
  Json: {
    ToJson: { arity: 1, fn: ([v]) => toJsonText(v) },
    ToJsonArray: { arity: 1, fn: ([v]) => toJsonText(new TupV(isSet(v) ? elems(v) : sq(v, 'ToJsonArray'))) },
    ToJsonObject: { arity: 1, fn: ([v]) => toJsonText(v) },
  },
  IOUtils: {
    IOEnv: {
      arity: 0,
      fn: () => {
        const names = Object.keys(process.env).filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)).sort();
        return new RcdV(names, names.map((k) => process.env[k] ?? ''));
      },
    },
    atoi: {
      arity: 1,
      fn: ([s]) => {
        if (typeof s !== 'string' || !/^-?\d+$/.test(s)) throw new EvalError(`atoi expects a string of digits, but got ${show(s)}`);
        return Number(s);
      },
    },
    zeroPadN: {
      arity: 2,
      fn: ([n, w]) => String(num(n, 'zeroPadN')).padStart(num(w, 'zeroPadN'), '0'),
    },
  },
  Randomization: {
    RandomSubset: { arity: 2, fn: ([k, s]) => randomSubset(num(k, 'RandomSubset'), st(s, 'RandomSubset')) },
    RandomSetOfSubsets: {
      arity: 3,
      fn: ([k, n, s]) => {
        const xs = st(s, 'RandomSetOfSubsets');
        const out: Value[] = [];
        for (let i = 0; i < num(k, 'RandomSetOfSubsets'); i++) out.push(randomSubset(Math.min(num(n, 'RandomSetOfSubsets'), xs.length), xs));
        return mkSet(out);
      },
    },
    RandomSubsetSet: {
      arity: 3,
      fn: ([k, _p, s]) => {
        const xs = st(s, 'RandomSubsetSet');
        const out: Value[] = [];
        for (let i = 0; i < num(k, 'RandomSubsetSet'); i++) out.push(randomSubset(rand(xs.length + 1), xs));
        return mkSet(out);
      },
    },
    TestInvariant: { arity: 4, fn: () => true },
  },
  UndirectedGraphs: {
    IsUndirectedGraph: {
      arity: 1,
      fn: ([g]) => {
        if (!isRcd(g) || (g as RcdV).names.length !== 2) return false;
        const G = graph(g, 'IsUndirectedGraph');
        return G.edges.every((e) => isSet(e) && elems(e).length >= 1 && elems(e).length <= 2 && elems(e).every((x) => G.nodes.some((n) => equals(n, x))));
      },
    },
    IsLoopFreeUndirectedGraph: {
      arity: 1,
      fn: ([g]) => {
        if (!isRcd(g) || (g as RcdV).names.length !== 2) return false;
        const G = graph(g, 'IsLoopFreeUndirectedGraph');
        return G.edges.every((e) => isSet(e) && elems(e).length === 2 && elems(e).every((x) => G.nodes.some((n) => equals(n, x))));
      },
    },
    AreConnectedIn: {
      arity: 3,
      fn: ([m, n, g]) => {
        const G = graph(g, 'AreConnectedIn');
        if (!G.nodes.some((x) => equals(x, m)) || !G.nodes.some((x) => equals(x, n))) return false;
        const comps = elems(components(G.nodes, G.adj));
        return comps.some((c) => setHas(c, m) && setHas(c, n));
      },
    },
    ConnectedComponents: {
      arity: 1,
      fn: ([g]) => {
        const G = graph(g, 'ConnectedComponents');
        return components(G.nodes, G.adj);
      },
    },
    IsStronglyConnected: {
      arity: 1,
      fn: ([g]) => {
        const G = graph(g, 'IsStronglyConnected');
        const comps = elems(components(G.nodes, G.adj));
        return comps.length === 1 && equals(comps[0], mkSet(G.nodes.slice()));
      },
    },
  },
};

/** Infix operators of the community modules, keyed by tree-sitter node type (Bitwise). */
export const COMMUNITY_INFIX: Record<string, { module: string; fn: (a: Value, b: Value) => Value }> = {
  amp: { module: 'Bitwise', fn: (a, b) => bitwise(a, b, '&', (x, y) => x & y) },
  vert: { module: 'Bitwise', fn: (a, b) => bitwise(a, b, '|', (x, y) => x | y) },
  powpow: { module: 'Bitwise', fn: (a, b) => bitwise(a, b, '^^', (x, y) => x ^ y) },
};

function bitwise(a: Value, b: Value, op: string, f: (x: number, y: number) => number): number {
  const x = num(a, op);
  const y = num(b, op);
  if (x < 0 || y < 0) throw new EvalError(`${op} is defined for natural numbers, but got ${x} and ${y}`);
  return f(x, y) >>> 0;
}
