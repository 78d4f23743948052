/**
 * 64-bit fingerprints of canonical values, computed without building strings. A fingerprint is
 * two 32-bit lanes (hi, lo) mixed independently. Equal values have equal fingerprints across
 * representations: a tuple, a record and a general function are all hashed as
 * "function: (key, value) pairs in normalised domain order". Fingerprints of compound values are
 * cached on the (immutable) value, so unchanged parts of a state cost nothing to rehash.
 */
import {
  ErrV, FcnV, LazySet, ModelV, RcdV, SetV, TupV, fpOut, setFingerprinter, type Value, isModel, isSetEnum, isFcn, isTup, isRcd, isErr, isLazySet,
} from './values.ts';
import { EvalError } from './errors.ts';

// The result registers of fpv(): module-private (ESM exports of mutable bindings are slower to
// write from hot code); callers read FP after fpv()/fpState().
let fpHi = 0;
let fpLo = 0;
/** FP holds the fingerprint computed by the last fpv() or fpState() call. */
export const FP = { hi: 0, lo: 0 };

const T_INT = 0x1b873593;
const T_STR = 0x2c1b3c6d;
const T_BOOL = 0x297a2d39;
const T_MODEL = 0x3d4d51cb;
const T_SET = 0x68e31da4;
const T_FCN = 0x5c2b9a1f;

function mix1(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mix2(h: number, k: number): number {
  k = Math.imul(k ^ (k >>> 16), 0x85ebca6b);
  k = Math.imul(k ^ (k >>> 13), 0xc2b2ae35);
  h = (h ^ k ^ (k >>> 16)) | 0;
  return (Math.imul(h, 0x2127599b) + 0x5bd1e995) | 0;
}

function fin(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const strCache = new Map<string, [number, number]>();
const T_RCD = 0x4f1bbcdc;
/** Hash of a record's field names, per (shared, immutable) names array. */
const namesHash = new WeakMap<string[], [number, number]>();

function allStrings(d: Value[]): boolean {
  if (d.length === 0) return false;
  for (let i = 0; i < d.length; i++) if (typeof d[i] !== 'string') return false;
  return true;
}

function strFp(s: string): void {
  if (s.length <= 24) {
    // Short strings: hashing the characters is cheaper than a cache lookup.
    let h1 = T_STR;
    let h2 = ~T_STR;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      h1 = mix1(h1, ch);
      h2 = mix2(h2, ch);
    }
    fpHi = fin(mix1(h1, s.length));
    fpLo = fin(mix2(h2, s.length));
    return;
  }
  let c = strCache.get(s);
  if (c === undefined) {
    let h1 = T_STR;
    let h2 = ~T_STR;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      h1 = mix1(h1, ch);
      h2 = mix2(h2, ch);
    }
    h1 = mix1(h1, s.length);
    h2 = mix2(h2, s.length);
    c = [fin(h1), fin(h2)];
    if (strCache.size < 1 << 20) strCache.set(s, c);
  }
  fpHi = c[0];
  fpLo = c[1];
}

/** fpv fingerprints a value into (fpHi, fpLo). */
function fpv(v: Value): void {
  if (typeof v === 'number') {
    const h1 = mix1(T_INT, v | 0);
    const h2 = mix2(~T_INT, v | 0);
    fpHi = fin(h1);
    fpLo = fin(h2);
    return;
  }
  if (typeof v === 'string') return strFp(v);
  if (typeof v === 'boolean') {
    fpHi = fin(mix1(T_BOOL, v ? 1 : 0));
    fpLo = fin(mix2(~T_BOOL, v ? 1 : 0));
    return;
  }
  if (isModel(v)) {
    strFp(v.name);
    fpHi = fin(mix1(T_MODEL, fpHi));
    fpLo = fin(mix2(~T_MODEL, fpLo));
    return;
  }
  if (isTup(v)) {
    if (v.hasFp) {
      fpHi = v.fh;
      fpLo = v.fl;
      return;
    }
    let h1 = T_FCN;
    let h2 = ~T_FCN;
    const es = v.elems;
    for (let i = 0; i < es.length; i++) {
      // key i+1, hashed as an integer
      h1 = mix1(h1, fin(mix1(T_INT, i + 1)));
      h2 = mix2(h2, fin(mix2(~T_INT, i + 1)));
      fpv(es[i]);
      h1 = mix1(h1, fpHi);
      h2 = mix2(h2, fpLo);
    }
    h1 = mix1(h1, es.length);
    h2 = mix2(h2, es.length);
    v.fh = fpHi = fin(h1);
    v.fl = fpLo = fin(h2);
    v.hasFp = true;
    return;
  }
  if (isRcd(v) || (isFcn(v) && allStrings(v.dom))) {
    // Records (functions on strings): the field names are hashed once per names array.
    if (v.hasFp) {
      fpHi = v.fh;
      fpLo = v.fl;
      return;
    }
    const names = (isRcd(v) ? v.names : v.dom) as string[];
    let nh = namesHash.get(names);
    if (nh === undefined) {
      let a = T_RCD;
      let b = ~T_RCD;
      for (let i = 0; i < names.length; i++) {
        strFp(names[i]);
        a = mix1(a, fpHi);
        b = mix2(b, fpLo);
      }
      nh = [a, b];
      namesHash.set(names, nh);
    }
    let h1 = nh[0];
    let h2 = nh[1];
    const vals = v.vals;
    for (let i = 0; i < vals.length; i++) {
      fpv(vals[i]);
      h1 = mix1(h1, fpHi);
      h2 = mix2(h2, fpLo);
    }
    h1 = mix1(h1, vals.length);
    h2 = mix2(h2, vals.length);
    v.fh = fpHi = fin(h1);
    v.fl = fpLo = fin(h2);
    v.hasFp = true;
    return;
  }
  if (isFcn(v)) {
    if (v.hasFp) {
      fpHi = v.fh;
      fpLo = v.fl;
      return;
    }
    const dom: Value[] = v.dom;
    const vals = v.vals;
    let h1 = T_FCN;
    let h2 = ~T_FCN;
    for (let i = 0; i < dom.length; i++) {
      fpv(dom[i]);
      h1 = mix1(h1, fpHi);
      h2 = mix2(h2, fpLo);
      fpv(vals[i]);
      h1 = mix1(h1, fpHi);
      h2 = mix2(h2, fpLo);
    }
    h1 = mix1(h1, dom.length);
    h2 = mix2(h2, dom.length);
    v.fh = fpHi = fin(h1);
    v.fl = fpLo = fin(h2);
    v.hasFp = true;
    return;
  }
  if (isSetEnum(v) || isLazySet(v)) {
    const s = isSetEnum(v) ? v : v.enumerate();
    if (s.hasFp) {
      fpHi = s.fh;
      fpLo = s.fl;
      return;
    }
    let h1 = T_SET;
    let h2 = ~T_SET;
    const es = s.elems;
    for (let i = 0; i < es.length; i++) {
      fpv(es[i]);
      h1 = mix1(h1, fpHi);
      h2 = mix2(h2, fpLo);
    }
    h1 = mix1(h1, es.length);
    h2 = mix2(h2, es.length);
    s.fh = fpHi = fin(h1);
    s.fl = fpLo = fin(h2);
    s.hasFp = true;
    return;
  }
  if (isErr(v)) throw v.error;
  throw new EvalError('Attempted to fingerprint an operator value');
}

/** fp fingerprints a value into FP. */
export function fp(v: Value): void {
  fpv(v);
  FP.hi = fpHi;
  FP.lo = fpLo;
}

/** fpState fingerprints a state (array of variable values, optionally through a VIEW). */
export function fpState(vals: Value[]): void {
  let h1 = 0x9747b28c;
  let h2 = 0x6a09e667;
  for (let i = 0; i < vals.length; i++) {
    fpv(vals[i]);
    h1 = mix1(h1, fpHi);
    h2 = mix2(h2, fpLo);
  }
  FP.hi = fpHi = fin(mix1(h1, vals.length));
  FP.lo = fpLo = fin(mix2(h2, vals.length));
}


setFingerprinter((v) => {
  fpv(v);
  fpOut[0] = fpHi;
  fpOut[1] = fpLo;
});
