/**
 * What compiled expressions share at run time: the frame and closure types, the state registers,
 * and the helpers that raise evaluation errors with a location.
 *
 * Runtime model: a closure takes a frame (`any[]`, slot 0 is the lexically enclosing frame) and
 * reads the current state from RT.s and the (partial) next state from RT.t. Bound variables live
 * in frame slots resolved at compile time; every operator call or LAMBDA gets a new frame.
 */
import { EvalError, type Loc } from './errors.ts';
import { show, type Value } from './values.ts';

export type Frame = any[];
export type Expr = (f: Frame) => Value;

/** The state registers: current state and (partially assigned) next state. */
export const RT: { s: Value[]; t: (Value | undefined)[]; na: number; nv: number } = { s: [], t: [], na: 0, nv: 0 };

/** located wraps evaluation errors thrown by `f` with the location of node n. */
export function located(e: unknown, loc: Loc): never {
  if (e instanceof EvalError) {
    if (e.loc === null) e.loc = loc;
    throw e;
  }
  if (e instanceof RangeError) {
    const x = new EvalError(`evaluation too deep (${e.message}); is there an unbounded recursion?`);
    x.loc = loc;
    throw x;
  }
  throw e;
}

export function evalErr(msg: string, loc: Loc): never {
  throw new EvalError(msg, loc);
}

export function asBool(v: Value, loc: Loc, what: string): boolean {
  if (typeof v !== 'boolean') evalErr(`${what} should be a boolean, but is ${show(v)}`, loc);
  return v;
}

export function walk(f: Frame, n: number): Frame {
  while (n-- > 0) f = f[0];
  return f;
}
