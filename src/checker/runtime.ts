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

/**
 * The state registers: current state and (partially assigned) next state. `memo`/`memoS`: while
 * a caller sets them (the trace validator, expanding the state memoS; a fresh token per
 * expansion), applications of state-level module operators are memoized per call site for as
 * long as RT.s is memoS (see compileCallArgs). The model checker leaves them null.
 */
export const RT: { s: Value[]; t: (Value | undefined)[]; na: number; nv: number; memo: object | null; memoS: Value[] | null } = { s: [], t: [], na: 0, nv: 0, memo: null, memoS: null };

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
