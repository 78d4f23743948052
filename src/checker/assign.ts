/**
 * Assignment targets of the action compiler (actions.ts): which state variable a conjunct such as
 * `x' = e` or `UNCHANGED <<x, y>>` assigns, and the assignment itself (assign when the variable
 * is still free, compare otherwise), kept apart from the compilation of action forms.
 */
import { type Loc } from './errors.ts';
import type { SNode } from './syntax.ts';
import { RT, Scope, located, resolvePrefixed, resolveVar } from './compile.ts';
import { equals, type Value } from './values.ts';
import type { Mode } from './actions.ts';

/** target gives the variable index if `lhs` is an assignable target in this mode. */
export function target(lhs: SNode, sc: Scope, mode: Mode): number {
  if (mode === 'next') {
    if (lhs.type !== 'bound_postfix_op' || lhs.childForFieldName('symbol')!.type !== 'prime') return -1;
    let v = lhs.childForFieldName('lhs')!;
    while (v.type === 'parentheses') v = v.namedChildren[0];
    if (v.type !== 'identifier_ref') return -1;
    const d = resolveVar(v.text, sc);
    return d ? d.idx : -1;
  }
  if (lhs.type !== 'identifier_ref') return -1;
  const d = resolveVar(lhs.text, sc);
  return d ? d.idx : -1;
}

/**
 * paramTarget finds an operator parameter used as an assignment target (`q' = e` in an action,
 * `q = e` in an initial predicate): at run time the parameter holds a VarRef when the argument
 * is a state variable, and the conjunct assigns that variable.
 */
export function paramTarget(lhs: SNode, sc: Scope, mode: Mode): { up: number; slot: number } | null {
  let v = lhs;
  if (mode === 'next') {
    if (lhs.type !== 'bound_postfix_op' || lhs.childForFieldName('symbol')!.type !== 'prime') return null;
    v = lhs.childForFieldName('lhs')!;
  }
  while (v.type === 'parentheses') v = v.namedChildren[0];
  if (v.type !== 'identifier_ref') return null;
  const b = sc.lookup(v.text);
  if (!b || b.k !== 'slot' || !b.param || b.arity !== 0) return null;
  return { up: sc.level - b.level, slot: b.idx };
}

/** assignOne runs k with variable idx assigned v (or compares when it has a value already). */
export function assignOne(idx: number, v: Value, loc: Loc, k: () => void): void {
  const t = RT.t;
  const cur = t[idx];
  if (cur === undefined) {
    t[idx] = v;
    RT.na++;
    try {
      k();
    } finally {
      t[idx] = undefined;
      RT.na--;
    }
    return;
  }
  let same: boolean;
  try {
    same = equals(cur, v);
  } catch (x) {
    return located(x, loc);
  }
  if (same) k();
}

/** unchangedVars expands UNCHANGED's argument to variable indices (through definitions). */
export function unchangedVars(n: SNode, sc: Scope): number[] | null {
  while (n.type === 'parentheses') n = n.namedChildren[0];
  if (n.type === 'tuple_literal') {
    const out: number[] = [];
    for (const c of n.namedChildren) {
      if (c.type === 'langle_bracket' || c.type === 'rangle_bracket') continue;
      const r = unchangedVars(c, sc);
      if (!r) return null;
      out.push(...r);
    }
    return out;
  }
  if (n.type === 'identifier_ref') {
    const v = resolveVar(n.text, sc);
    if (v) return [v.idx];
    if (sc.lookup(n.text)) return null;
    const d = sc.env.defs.get(n.text);
    if (d && d.k === 'op' && d.params.length === 0) return unchangedVars(d.body, d.scope);
    if (d && d.k === 'subst') return unchangedVars(d.node, d.env.root);
  }
  if (n.type === 'prefixed_op') {
    const r = resolvePrefixed(n, sc);
    if (r.def.k === 'op' && r.def.params.length === 0) return unchangedVars(r.def.body, r.def.scope);
  }
  return null;
}
