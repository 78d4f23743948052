/**
 * The tableau of an LTL formula (in negation normal form, over [] and <> only, as TLA+ has no
 * next or until): a generalised Büchi automaton built with the expansion algorithm of Gerth,
 * Peled, Vardi and Wolper ("Simple on-the-fly automatic verification of linear temporal logic",
 * 1995). A node holds the literals that must be true at a position of the behaviour (state
 * literals on its state, action literals on the step that leaves it); its successors are the
 * nodes it may be followed by. One acceptance set per `<>f` subformula: the nodes where `<>f` is
 * not pending or `f` holds. A behaviour satisfies the formula iff some run visits every
 * acceptance set infinitely often.
 */
import { key, type Atom, type Ltl } from './formula.ts';

export interface TNode {
  id: number;
  /** literals that must hold here */
  lits: { atom: Atom; neg: boolean }[];
  /** ids of the nodes that may follow */
  succ: number[];
  initial: boolean;
}

export interface Tableau {
  nodes: TNode[];
  /** acceptance[i][n]: node n is in acceptance set i */
  acceptance: boolean[][];
}

interface Work {
  incoming: Set<number>; // -1 = initial
  fresh: Ltl[];
  old: Map<string, Ltl>;
  next: Map<string, Ltl>;
}

const INIT = -1;
const LIMIT = 5000;

export function buildTableau(f: Ltl): Tableau {
  const done: { incoming: Set<number>; old: Map<string, Ltl>; next: Map<string, Ltl>; sig: string }[] = [];
  const bySig = new Map<string, number>();
  const sig = (w: { old: Map<string, Ltl>; next: Map<string, Ltl> }) => [...w.old.keys()].sort().join(';') + '#' + [...w.next.keys()].sort().join(';');
  const stack: Work[] = [{ incoming: new Set([INIT]), fresh: [f], old: new Map(), next: new Map() }];
  const contradicts = (w: Work, g: Ltl): boolean => {
    if (g.k === 'false') return true;
    if (g.k !== 'lit') return false;
    return w.old.has(`${g.neg ? '' : '!'}a${g.atom.id}`);
  };
  while (stack.length > 0) {
    const w = stack.pop()!;
    if (w.fresh.length === 0) {
      const s = sig(w);
      const hit = bySig.get(s);
      if (hit !== undefined) {
        for (const i of w.incoming) done[hit].incoming.add(i);
        continue;
      }
      if (done.length >= LIMIT) throw new Error(`the tableau of the temporal property has more than ${LIMIT} nodes`);
      const id = done.length;
      done.push({ incoming: new Set(w.incoming), old: w.old, next: w.next, sig: s });
      bySig.set(s, id);
      stack.push({ incoming: new Set([id]), fresh: [...w.next.values()], old: new Map(), next: new Map() });
      continue;
    }
    const g = w.fresh.pop()!;
    const k = key(g);
    if (w.old.has(k)) {
      stack.push(w);
      continue;
    }
    switch (g.k) {
      case 'true':
        w.old.set(k, g);
        stack.push(w);
        break;
      case 'false':
        break;
      case 'lit':
        if (contradicts(w, g)) break;
        w.old.set(k, g);
        stack.push(w);
        break;
      case 'and':
        w.old.set(k, g);
        w.fresh.push(g.a, g.b);
        stack.push(w);
        break;
      case 'always':
        // []g == g /\ X[]g
        w.old.set(k, g);
        w.fresh.push(g.f);
        w.next.set(k, g);
        stack.push(w);
        break;
      case 'or':
      case 'eventually': {
        // a \/ b: one node with a, one with b. <>g == g \/ X<>g.
        w.old.set(k, g);
        const w2: Work = { incoming: new Set(w.incoming), fresh: w.fresh.slice(), old: new Map(w.old), next: new Map(w.next) };
        if (g.k === 'or') {
          w.fresh.push(g.a);
          w2.fresh.push(g.b);
        } else {
          w.fresh.push(g.f);
          w2.next.set(k, g);
        }
        stack.push(w2, w);
        break;
      }
    }
  }
  const nodes: TNode[] = done.map((d, id) => ({
    id,
    lits: [...d.old.values()].filter((g): g is Extract<Ltl, { k: 'lit' }> => g.k === 'lit').map((g) => ({ atom: g.atom, neg: g.neg })),
    succ: [],
    initial: d.incoming.has(INIT),
  }));
  done.forEach((d, id) => {
    for (const i of d.incoming) if (i !== INIT) nodes[i].succ.push(id);
  });
  // Acceptance: one set per <>g subformula that occurs in some node.
  const evs = new Map<string, Extract<Ltl, { k: 'eventually' }>>();
  for (const d of done) for (const [k, g] of d.old) if (g.k === 'eventually') evs.set(k, g);
  const acceptance: boolean[][] = [];
  for (const [k, g] of evs) {
    const fk = key(g.f);
    acceptance.push(done.map((d) => !d.old.has(k) || d.old.has(fk)));
  }
  return { nodes, acceptance };
}
