/**
 * TLC's splitting of Next into named actions (Tool.getActions): each leaf is an action of the
 * action compiler (actions.ts) with the name and location TLC prints for a trace step.
 */
import { EvalError, type Loc } from './errors.ts';
import type { SNode } from './syntax.ts';
import {
  RT, OpDef, Scope, FrameInfo, compile, compileBounds, compileLet, getLevel, resetLevel, resolvePrefixed, walk, type Frame,
} from './compile.ts';
import { elems, show, TupV, type Value, isTup } from './values.ts';
import { compileAct, type Act } from './actions.ts';

export interface SplitAction {
  /** `Inc(p1)` as TLC prints it */
  label: string;
  name: string;
  loc: Loc;
  act: Act;
  frame: Frame;
}

/**
 * splitNext splits the next-state relation like TLC's Tool.getActions: through disjunctions,
 * \E with constant bounds, LET bodies and applications of operators with constant arguments.
 */
export function splitNext(n: SNode, sc: Scope, frame: Frame, opDef: OpDef | null, params: Value[], out: SplitAction[]): void {
  const env = sc.env;
  const instLeaf = (instLoc: Loc) => {
    // TLC does not split below an instance's substitutions: one action, at the INSTANCE.
    const a = compileAct(n, sc, 'next').act;
    const name = opDef ? opDef.name : 'Action';
    const label = params.length > 0 ? `${name}(${params.map(show).join(',')})` : name;
    out.push({ label, name, loc: instLoc, act: a, frame });
  };
  if (sc.env.instLoc && !opDef) return instLeaf(sc.env.instLoc);
  const leaf = (applied?: OpDef) => {
    const a = compileAct(n, sc, 'next').act;
    // TLC: an application that is not expanded (non-constant arguments) is named after the
    // applied operator, without arguments (its parameters are not bound in the context).
    const name = applied ? applied.name : opDef ? opDef.name : 'Action';
    const ps = applied ? [] : params;
    const label = ps.length > 0 ? `${name}(${ps.map(show).join(',')})` : name;
    out.push({ label, name, loc: env.loc(n), act: a, frame });
  };
  switch (n.type) {
    case 'parentheses':
      return splitNext(n.namedChildren[0], sc, frame, opDef, params, out);
    case 'disj_list':
      for (const it of n.namedChildren) splitNext(it.namedChildren[it.namedChildren.length - 1], sc, frame, opDef, params, out);
      return;
    case 'bound_infix_op':
      if (n.childForFieldName('symbol')!.type === 'lor') {
        splitNext(n.childForFieldName('lhs')!, sc, frame, opDef, params, out);
        splitNext(n.childForFieldName('rhs')!, sc, frame, opDef, params, out);
        return;
      }
      return leaf();
    case 'let_in': {
      const { resets, result } = compileLet(n, sc, (body, inner) => ({ body, inner }));
      // LET values are cached per entry: each split action clears them before it runs.
      const sub: SplitAction[] = [];
      splitNext(result.body, result.inner, frame, opDef, params, sub);
      for (const a of sub) {
        const inner = a.act;
        out.push({
          ...a,
          act: (f, k) => {
            for (let i = 0; i < resets.length; i++) frame[resets[i]] = undefined;
            inner(f, k);
          },
        });
      }
      return;
    }
    case 'bounded_quantification': {
      if (n.childForFieldName('quantifier')!.type !== 'exists') return leaf();
      const b = compileBounds(n.childrenForFieldName('bound'), sc);
      const bodyNode = n.childForFieldName('expression')!;
      // The bounds must be constant: evaluate them now (with no state), or keep the whole \E
      // as one action.
      const combos: Frame[] = [];
      try {
        const rec = (i: number, f: Frame): void => {
          if (i === b.items.length) {
            combos.push(f.slice());
            return;
          }
          const it = b.items[i];
          const prevS = RT.s;
          RT.s = [];
          let es: Value[];
          try {
            es = elems(it.set(f));
          } finally {
            RT.s = prevS;
          }
          for (const v of es) {
            if (it.tuple) {
              if (!(isTup(v))) throw new EvalError('tuple binding');
              it.slots.forEach((s, j) => (f[s] = (v as TupV).elems[j]));
            } else f[it.slots[0]] = v;
            rec(i + 1, f);
          }
        };
        rec(0, frame.slice());
      } catch {
        return leaf();
      }
      if (combos.length === 0) return leaf();
      for (const f of combos) splitNext(bodyNode, b.scope, f, opDef, params, out);
      return;
    }
    case 'identifier_ref':
    case 'bound_op': {
      const name = n.type === 'identifier_ref' ? n.text : n.childForFieldName('name')!.text;
      const args = n.type === 'identifier_ref' ? [] : n.childrenForFieldName('parameter');
      const b = sc.lookup(name);
      let def: OpDef | null = null;
      if (b && b.k === 'letop') def = b.def;
      else if (!b) {
        const d = env.defs.get(name);
        if (d && d.k === 'op' && !d.fcnBounds) def = d;
        if (d && d.k === 'const' && d.alias && d.alias.k === 'op') def = d.alias;
      }
      if (!def || def.params.length !== args.length) return leaf();
      if (def.scope.env !== sc.env && def.scope.env.instLoc) return instLeaf(def.scope.env.instLoc);
      // Arguments must be constant-level (TLC: argLevel == 0).
      const vals: Value[] = [];
      for (let i = 0; i < args.length; i++) {
        if (def.params[i].arity > 0) return leaf(def);
        const saved = resetLevel(0);
        const e = compile(args[i], sc);
        const lvl = getLevel();
        resetLevel(Math.max(saved, lvl));
        if (lvl > 0) return leaf(def);
        try {
          vals.push(e(frame));
        } catch {
          return leaf(def);
        }
      }
      const isLet = def.scope.level > 0 || def.scope.parent !== null;
      const inner = new Scope(def.scope.env, def.scope, def.scope.level + 1, new FrameInfo(1 + def.params.length));
      def.params.forEach((p, i) => inner.names.set(p.name, { k: 'slot', level: inner.level, idx: i + 1, arity: 0 }));
      const nf: Frame = [isLet ? walk(frame, sc.level - def.scope.level) : null, ...vals];
      return splitNext(def.body, inner, nf, def, vals, out);
    }
    case 'prefixed_op': {
      const r = resolvePrefixed(n, sc);
      if (r.env.instLoc && r.env !== sc.env) return instLeaf(r.env.instLoc);
      if (r.def.k !== 'op' || r.args.length > 0) return leaf();
      const def = r.def;
      const inner = new Scope(def.scope.env, def.scope, def.scope.level + 1, new FrameInfo(1));
      return splitNext(def.body, inner, [null], def, [], out);
    }
    default:
      return leaf();
  }
}
