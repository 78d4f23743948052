/**
 * States sent between worker threads: values encoded as plain arrays (structured-clone friendly)
 * and decoded into the receiving thread's own values. Every thread loaded the same model, so
 * strings are interned in the same order and sets, domains and record fields arrive already in
 * TLC's order: no sorting on the way in. Model values map to the receiver's instances by name.
 */
import { FcnV, ModelV, RcdV, SetV, TupV, elems, isFcn, isLazySet, isModel, isRcd, isSetEnum, isTup, type Value } from '../values.ts';

export type Wire = number | boolean | string | Wire[];

const MODEL = 0;
const SET = 1;
const TUP = 2;
const RCD = 3;
const FCN = 4;

export function encode(v: Value): Wire {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (isModel(v)) return [MODEL, v.name];
  if (isSetEnum(v) || isLazySet(v)) return [SET, ...elems(v).map(encode)];
  if (isTup(v)) return [TUP, ...v.elems.map(encode)];
  if (isRcd(v)) return [RCD, v.names, ...v.vals.map(encode)];
  if (isFcn(v)) return [FCN, v.dom.map(encode), v.vals.map(encode)];
  throw new Error('a state holds a value that cannot be sent to another worker');
}

export class Decoder {
  private readonly names = new Map<string, string[]>();
  constructor(private readonly modelValue: (name: string) => ModelV) {}

  decode(w: Wire): Value {
    if (!Array.isArray(w)) return w;
    switch (w[0]) {
      case MODEL:
        return this.modelValue(w[1] as string);
      case SET:
        return new SetV(w.slice(1).map((x) => this.decode(x)));
      case TUP:
        return new TupV(w.slice(1).map((x) => this.decode(x)));
      case RCD: {
        // One names array per record shape, as the compiler shares them (fingerprints cache on it).
        const ns = w[1] as string[];
        const k = ns.join('\u0000');
        let shared = this.names.get(k);
        if (!shared) this.names.set(k, (shared = ns));
        return new RcdV(shared, w.slice(2).map((x) => this.decode(x)));
      }
      default:
        return new FcnV((w[1] as Wire[]).map((x) => this.decode(x)), (w[2] as Wire[]).map((x) => this.decode(x)));
    }
  }
}
