/**
 * Memoisation of state-level definitions by the variables they read.
 *
 * A parameterless module-level definition of level 1 (reads state variables, no primes) that
 * calls nothing impure is a function of the values of the variables it reads, and of nothing
 * else: module-level definitions get a fresh frame with no enclosing frame, INSTANCE
 * substitutions are closed, values are immutable. So its value can be reused while those
 * variables hold the same (identical) values. This matters for refinement mappings checked on
 * every transition (`[][UNCHANGED absVars \/ Abs!Next]_absVars`): the mapping at the current
 * state is the same for every successor, and at the next state it is the same as at the current
 * one whenever the step leaves its variables alone (UNCHANGED assigns the very same value).
 *
 * Two entries: evaluation alternates between the current and the next state. Errors are never
 * cached (the definition is evaluated again and fails again at the same place).
 */
import { RT, type Expr } from './runtime.ts';
import type { Value } from './values.ts';

/** memoByVars wraps `body`, a function of the variables `deps` only (see above). */
export function memoByVars(body: Expr, deps: readonly number[]): Expr {
  const n = deps.length;
  let k0: (Value | undefined)[] | null = null;
  let v0: Value = false;
  let k1: (Value | undefined)[] | null = null;
  let v1: Value = false;
  let older = 0;
  return (f) => {
    const s = RT.s;
    if (k0 !== null && sameAt(s, deps, k0, n)) return v0;
    if (k1 !== null && sameAt(s, deps, k1, n)) return v1;
    // The key is read before evaluating: `s` is the array evaluation starts from.
    const k = new Array<Value | undefined>(n);
    for (let i = 0; i < n; i++) k[i] = s[deps[i]];
    const v = body(f);
    if (older === 0) {
      k0 = k;
      v0 = v;
      older = 1;
    } else {
      k1 = k;
      v1 = v;
      older = 0;
    }
    return v;
  };
}

function sameAt(s: (Value | undefined)[], deps: readonly number[], k: (Value | undefined)[], n: number): boolean {
  for (let i = 0; i < n; i++) if (s[deps[i]] !== k[i]) return false;
  return true;
}
