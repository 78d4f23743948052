/**
 * Temporal formulas of PROPERTY and of the fairness part of SPECIFICATION, turned into a small
 * LTL syntax over atoms (state predicates, action predicates on a step, ENABLED), in negation
 * normal form. TLA+'s temporal operators are []/<>, ~>, WF/SF and ENABLED; the boolean
 * connectives, bounded quantifiers over constant sets and definitions (also with arguments and
 * through INSTANCE) are expanded, as TLC's Liveness.java does before building its tableau.
 *
 * An atom is evaluated on a state (`state`, `enabled`) or on a step (`action`); every atom keeps
 * the frame of the bound variables and operator arguments it was found under.
 */
import { ParseError, tlcLocation, type Loc } from '../errors.ts';
import {
  FrameInfo, RT, Scope, compile, compileBounds, forEachBinding, getLevel, isThunk, resetLevel, resolvePrefixed, type Expr, type Frame,
} from '../compile.ts';
import { compileAct, type Act } from '../actions.ts';
import { equals, show, type Value } from '../values.ts';
import type { SNode } from '../syntax.ts';

export type AtomKind = 'state' | 'action' | 'enabled';

export interface Atom {
  id: number;
  kind: AtomKind;
  key: string;
  loc: Loc;
  /** state atoms: RT.s = s. action atoms: RT.s = s, RT.t = t. */
  expr?: Expr;
  /** enabled atoms: the action, and the subscript that must change (`ENABLED <<A>>_v`) */
  act?: Act;
  sub?: Expr;
  frame: Frame;
}

export type Ltl =
  | { k: 'true' }
  | { k: 'false' }
  | { k: 'lit'; atom: Atom; neg: boolean }
  | { k: 'and'; a: Ltl; b: Ltl }
  | { k: 'or'; a: Ltl; b: Ltl }
  | { k: 'always'; f: Ltl }
  | { k: 'eventually'; f: Ltl };

/** A fairness conjunct of the specification: WF_v(A) or SF_v(A). */
export interface Fairness {
  strong: boolean;
  /** ENABLED <<A>>_v */
  enabled: Atom;
  /** <<A>>_v, on a step */
  step: Atom;
  name: string;
}

const TRUE: Ltl = { k: 'true' };
const FALSE: Ltl = { k: 'false' };

export function and(a: Ltl, b: Ltl): Ltl {
  if (a.k === 'false' || b.k === 'false') return FALSE;
  if (a.k === 'true') return b;
  if (b.k === 'true') return a;
  return { k: 'and', a, b };
}
export function or(a: Ltl, b: Ltl): Ltl {
  if (a.k === 'true' || b.k === 'true') return TRUE;
  if (a.k === 'false') return b;
  if (b.k === 'false') return a;
  return { k: 'or', a, b };
}

/** key renders a formula canonically (tableau nodes compare their formulas by key). */
export function key(f: Ltl): string {
  switch (f.k) {
    case 'true':
    case 'false':
      return f.k;
    case 'lit':
      return `${f.neg ? '!' : ''}a${f.atom.id}`;
    case 'and':
      return `(${key(f.a)}&${key(f.b)})`;
    case 'or':
      return `(${key(f.a)}|${key(f.b)})`;
    case 'always':
      return `[]${key(f.f)}`;
    case 'eventually':
      return `<>${key(f.f)}`;
  }
}

/**
 * bindingFrames lists one frame per binding of a quantifier's bounds, evaluated with no state
 * (the bounds of a quantifier in a temporal formula are constant); it throws what the bounds throw.
 */
function bindingFrames(b: ReturnType<typeof compileBounds>, frame: Frame): Frame[] {
  const frames: Frame[] = [];
  const f0 = frame.slice();
  const saved = RT.s;
  RT.s = [];
  try {
    forEachBinding(b, f0, () => {
      frames.push(f0.slice());
      return false;
    });
  } finally {
    RT.s = saved;
  }
  return frames;
}

function strip(n: SNode): SNode {
  while (n.type === 'parentheses') n = n.namedChildren[0];
  return n;
}

function sym(n: SNode): string | null {
  const s = n.childForFieldName('symbol');
  return s ? s.type : null;
}

/** The formula converter: one per model (atoms are shared across the properties). */
export class Temporal {
  readonly atoms: Atom[] = [];
  private readonly byKey = new Map<string, Atom>();
  private nodeIds = new WeakMap<SNode, number>();
  private nextNode = 0;

  private frameKey(f: Frame): string {
    return f.map((v) => (v === null || v === undefined ? '_' : Array.isArray(v) ? 'F' : isThunk(v) ? `T${this.nextNode++}` : show(v as Value))).join(',');
  }

  private atom(kind: AtomKind, n: SNode, sc: Scope, frame: Frame, make: () => Partial<Atom>): Atom {
    let nid = this.nodeIds.get(n);
    if (nid === undefined) this.nodeIds.set(n, (nid = this.nextNode++));
    const k = `${kind}:${nid}:${this.frameKey(frame)}`;
    const hit = this.byKey.get(k);
    if (hit) return hit;
    const a: Atom = { id: this.atoms.length, kind, key: k, loc: sc.env.loc(n), frame: frame.slice(), ...make() };
    this.atoms.push(a);
    this.byKey.set(k, a);
    return a;
  }

  /** levelOf: 0 constant, 1 state, 2 action, 3 temporal or not compilable as an expression. */
  private levelOf(n: SNode, sc: Scope): number {
    const saved = resetLevel(0);
    try {
      compile(n, sc.child());
      return getLevel();
    } catch {
      return 3;
    } finally {
      resetLevel(saved);
    }
  }

  private lit(n: SNode, sc: Scope, frame: Frame, neg: boolean): Ltl {
    const lvl = this.levelOf(n, sc);
    if (lvl >= 3) {
      // Compile again to surface the real error (an unsupported construct, an unknown name).
      compile(n, sc.child());
      throw new ParseError(`${tlcLocation(sc.env.loc(n))}: this temporal formula is not supported by the embedded checker's liveness checking`);
    }
    const kind: AtomKind = lvl === 2 ? 'action' : 'state';
    const atom = this.atom(kind, n, sc, frame, () => ({ expr: compile(n, sc) }));
    return { k: 'lit', atom, neg };
  }

  /** enabledAtom: ENABLED A, or ENABLED <<A>>_v (the step must change v). */
  enabledAtom(n: SNode, sc: Scope, frame: Frame): Atom {
    const x = strip(n);
    return this.atom('enabled', x, sc, frame, () => {
      if (x.type === 'step_expr_no_stutter') {
        const kids = x.namedChildren.filter((c) => c.type !== 'langle_bracket' && c.type !== 'rangle_bracket_sub');
        return { act: compileAct(kids[0], sc, 'next').act, sub: compile(kids[1], sc) };
      }
      return { act: compileAct(x, sc, 'next').act };
    });
  }

  /**
   * convert turns a temporal formula into NNF: `neg` negates it. Definitions are expanded with
   * their arguments evaluated (they must be constant, as in TLC).
   */
  convert(n0: SNode, sc: Scope, frame: Frame, neg: boolean): Ltl {
    const n = strip(n0);
    const conj = (parts: SNode[]): Ltl => {
      let r: Ltl = neg ? FALSE : TRUE;
      for (const p of parts) {
        const c = this.convert(p, sc, frame, neg);
        r = neg ? or(r, c) : and(r, c);
      }
      return r;
    };
    const disj = (parts: SNode[]): Ltl => {
      let r: Ltl = neg ? TRUE : FALSE;
      for (const p of parts) {
        const c = this.convert(p, sc, frame, neg);
        r = neg ? and(r, c) : or(r, c);
      }
      return r;
    };
    // A formula without temporal operators or ENABLED is one atom.
    if (!this.hasTemporal(n)) {
      const lvl = this.levelOf(n, sc);
      if (lvl <= 2) return this.lit(n, sc, frame, neg);
    }
    switch (n.type) {
      case 'conj_list':
        return conj(n.namedChildren.map((it) => it.namedChildren[it.namedChildren.length - 1]));
      case 'disj_list':
        return disj(n.namedChildren.map((it) => it.namedChildren[it.namedChildren.length - 1]));
      case 'bound_infix_op': {
        const s = sym(n);
        const lhs = n.childForFieldName('lhs')!;
        const rhs = n.childForFieldName('rhs')!;
        if (s === 'land') return conj([lhs, rhs]);
        if (s === 'lor') return disj([lhs, rhs]);
        if (s === 'implies') {
          // a => b == ~a \/ b
          const a = this.convert(lhs, sc, frame, !neg);
          const b = this.convert(rhs, sc, frame, neg);
          return neg ? and(a, b) : or(a, b);
        }
        if (s === 'iff' || s === 'equiv') {
          const pa = this.convert(lhs, sc, frame, false);
          const pb = this.convert(rhs, sc, frame, false);
          const na = this.convert(lhs, sc, frame, true);
          const nb = this.convert(rhs, sc, frame, true);
          return neg ? or(and(pa, nb), and(na, pb)) : or(and(pa, pb), and(na, nb));
        }
        if (s === 'leads_to') {
          // P ~> Q == [](~P \/ <>Q); negated: <>(P /\ []~Q)
          const np = this.convert(lhs, sc, frame, !neg);
          const q = this.convert(rhs, sc, frame, neg);
          return neg ? { k: 'eventually', f: and(np, { k: 'always', f: q }) } : { k: 'always', f: or(np, { k: 'eventually', f: q }) };
        }
        break;
      }
      case 'bound_prefix_op': {
        const s = sym(n);
        const rhs = n.childForFieldName('rhs')!;
        if (s === 'lnot') return this.convert(rhs, sc, frame, !neg);
        if (s === 'always') {
          const f = this.convert(rhs, sc, frame, neg);
          return neg ? { k: 'eventually', f } : { k: 'always', f };
        }
        if (s === 'eventually') {
          const f = this.convert(rhs, sc, frame, neg);
          return neg ? { k: 'always', f } : { k: 'eventually', f };
        }
        if (s === 'enabled') return { k: 'lit', atom: this.enabledAtom(rhs, sc, frame), neg };
        break;
      }
      case 'fairness': {
        // WF_v(A) == []<>~ENABLED <<A>>_v \/ []<><<A>>_v;  SF_v(A) == <>[]~ENABLED <<A>>_v \/ []<><<A>>_v
        const { enabled, step } = this.fairnessAtoms(n, sc, frame);
        const en: Ltl = { k: 'lit', atom: enabled, neg: !neg };
        const st: Ltl = { k: 'lit', atom: step, neg };
        const strong = n.text.startsWith('SF');
        const part1: Ltl = strong !== neg ? { k: 'eventually', f: { k: 'always', f: en } } : { k: 'always', f: { k: 'eventually', f: en } };
        const part2: Ltl = neg ? { k: 'eventually', f: { k: 'always', f: st } } : { k: 'always', f: { k: 'eventually', f: st } };
        return neg ? and(part1, part2) : or(part1, part2);
      }
      case 'bounded_quantification': {
        const q = n.childForFieldName('quantifier')!.type;
        const b = compileBounds(n.childrenForFieldName('bound'), sc);
        const body = n.childForFieldName('expression')!;
        let frames: Frame[];
        try {
          frames = bindingFrames(b, frame);
        } catch (e) {
          throw new ParseError(`${tlcLocation(sc.env.loc(n))}: the bounds of a quantifier in a temporal formula must be constant (${(e as Error).message})`);
        }
        const parts = frames.map((fr) => this.convert(body, b.scope, fr, neg));
        const conjunctive = (q === 'forall') !== neg;
        return parts.reduce((r, p) => (conjunctive ? and(r, p) : or(r, p)), conjunctive ? TRUE : FALSE);
      }
      case 'identifier_ref':
      case 'bound_op':
      case 'prefixed_op': {
        const inl = this.inline(n, sc, frame);
        if (inl) return this.convert(inl.body, inl.sc, inl.frame, neg);
        break;
      }
      case 'if_then_else': {
        const c = n.childForFieldName('if')!;
        const t = n.childForFieldName('then')!;
        const e = n.childForFieldName('else')!;
        const pc = this.convert(c, sc, frame, false);
        const nc = this.convert(c, sc, frame, true);
        return or(and(pc, this.convert(t, sc, frame, neg)), and(nc, this.convert(e, sc, frame, neg)));
      }
    }
    return this.lit(n, sc, frame, neg);
  }

  fairnessAtoms(n: SNode, sc: Scope, frame: Frame): { enabled: Atom; step: Atom } {
    const [sub, action] = n.namedChildren;
    const enabled = this.atom('enabled', n, sc, frame, () => ({ act: compileAct(action, sc, 'next').act, sub: compile(sub, sc) }));
    const a = compile(action, sc);
    const v = compile(sub, sc);
    const step = this.atom('action', n, sc, frame, () => ({
      expr: (f: Frame) => {
        if (a(f) !== true) return false;
        const s = RT.s;
        const vs = v(f);
        RT.s = RT.t as Value[];
        try {
          return !equals(v(f), vs);
        } finally {
          RT.s = s;
        }
      },
    }));
    return { enabled, step };
  }

  /**
   * fairness collects the WF/SF conjuncts of a specification's fairness part (through \A over
   * constant sets and definitions). Anything else temporal is returned as a formula that the
   * behaviour must also satisfy.
   */
  fairness(n0: SNode, sc: Scope, frame: Frame, out: Fairness[]): Ltl {
    const n = strip(n0);
    switch (n.type) {
      case 'fairness': {
        const { enabled, step } = this.fairnessAtoms(n, sc, frame);
        out.push({ strong: n.text.startsWith('SF'), enabled, step, name: tlcLocation(sc.env.loc(n)) });
        return TRUE;
      }
      case 'conj_list': {
        let r: Ltl = TRUE;
        for (const it of n.namedChildren) r = and(r, this.fairness(it.namedChildren[it.namedChildren.length - 1], sc, frame, out));
        return r;
      }
      case 'bound_infix_op':
        if (sym(n) === 'land') return and(this.fairness(n.childForFieldName('lhs')!, sc, frame, out), this.fairness(n.childForFieldName('rhs')!, sc, frame, out));
        break;
      case 'bounded_quantification': {
        if (n.childForFieldName('quantifier')!.type !== 'forall') break;
        const b = compileBounds(n.childrenForFieldName('bound'), sc);
        const body = n.childForFieldName('expression')!;
        let frames: Frame[];
        try {
          frames = bindingFrames(b, frame);
        } catch {
          break;
        }
        let r: Ltl = TRUE;
        for (const fr of frames) r = and(r, this.fairness(body, b.scope, fr, out));
        return r;
      }
      case 'identifier_ref':
      case 'bound_op':
      case 'prefixed_op': {
        const inl = this.inline(n, sc, frame);
        if (inl) return this.fairness(inl.body, inl.sc, inl.frame, out);
        break;
      }
    }
    return this.convert(n, sc, frame, false);
  }

  /** hasTemporal: the formula uses [], <>, ~>, WF/SF or ENABLED, directly or through definitions. */
  private temporalMemo = new WeakMap<SNode, boolean>();
  private hasTemporal(n: SNode, depth = 0): boolean {
    const m = this.temporalMemo.get(n);
    if (m !== undefined) return m;
    let r = false;
    if (n.type === 'fairness') r = true;
    else if (n.type === 'bound_prefix_op' && ['always', 'eventually', 'enabled'].includes(sym(n)!)) r = true;
    else if (n.type === 'bound_infix_op' && sym(n) === 'leads_to') r = true;
    else if (depth < 64) r = n.namedChildren.some((c) => this.hasTemporal(c, depth + 1));
    this.temporalMemo.set(n, r);
    return r;
  }

  /** inline: the body of an applied definition, with its arguments bound in a new frame. */
  private inline(n: SNode, sc: Scope, frame: Frame): { body: SNode; sc: Scope; frame: Frame } | null {
    if (n.type === 'prefixed_op') {
      const r = resolvePrefixed(n, sc);
      if (r.def.k !== 'op' || r.def.fcnBounds) return null;
      return this.bindArgs(r.def, r.args, sc, frame);
    }
    const name = n.type === 'identifier_ref' ? n.text : n.childForFieldName('name')!.text;
    const args = n.type === 'identifier_ref' ? [] : n.childrenForFieldName('parameter');
    if (sc.lookup(name)) return null;
    let d = sc.env.defs.get(name);
    if (d && d.k === 'const' && d.alias) d = d.alias;
    if (!d || d.k !== 'op' || d.fcnBounds) return null;
    if (d.scope.level > 0 || d.scope.parent !== null) return null; // LET definitions: not expanded
    return this.bindArgs(d, args, sc, frame);
  }

  private bindArgs(def: { params: { name: string; arity: number }[]; body: SNode; scope: Scope }, args: SNode[], sc: Scope, frame: Frame): { body: SNode; sc: Scope; frame: Frame } | null {
    if (args.length !== def.params.length) return null;
    if (def.scope.level > 0 || def.scope.parent !== null) return null;
    const vals: Value[] = [];
    for (let i = 0; i < args.length; i++) {
      if (def.params[i].arity > 0) return null;
      const saved = resetLevel(0);
      let e: Expr;
      let lvl = 3;
      try {
        e = compile(args[i], sc);
        lvl = getLevel();
      } finally {
        resetLevel(Math.max(saved, lvl));
      }
      if (lvl > 0) return null;
      const s = RT.s;
      RT.s = [];
      try {
        vals.push(e(frame.slice()));
      } finally {
        RT.s = s;
      }
    }
    const inner = new Scope(def.scope.env, def.scope, def.scope.level + 1, new FrameInfo(1 + def.params.length));
    def.params.forEach((p, i) => inner.names.set(p.name, { k: 'slot', level: inner.level, idx: i + 1, arity: 0 }));
    return { body: def.body, sc: inner, frame: [null, ...vals] };
  }
}
