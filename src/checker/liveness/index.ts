/**
 * Liveness for the embedded checker: the temporal properties of a model (those that are not
 * invariants, `[][A]_v` or initial predicates) and the fairness of its specification are turned
 * into LTL (formula.ts) before the search; the search records the behaviour graph (graph.ts);
 * afterwards each property is checked on it (check.ts) in the order of the .cfg.
 */
import { tlcLocation } from '../errors.ts';
import { FrameInfo, Scope } from '../compile.ts';
import type { Model } from '../model.ts';
import type { RawStep } from '../bfs.ts';
import { Temporal, and, type Fairness, type Ltl } from './formula.ts';
import { INITIAL, Pace, findViolation, type LivenessSteps } from './check.ts';
import { BehaviourGraph } from './graph.ts';

export { BehaviourGraph, Pace };

export interface LivenessPlan {
  properties: { name: string; negated: Ltl }[];
  fairness: Fairness[];
  /** temporal conjuncts of the specification other than WF/SF, which behaviours must satisfy */
  spec: Ltl;
  /** properties that could not be turned into LTL, with the reason */
  unsupported: { name: string; reason: string }[];
}

/** planLiveness converts the model's temporal properties; null when there is nothing to check. */
export function planLiveness(m: Model): LivenessPlan | null {
  if (m.temporal.length === 0) return null;
  const t = new Temporal();
  const scopeOf = (sc: Scope) => new Scope(sc.env, sc, sc.level + 1, new FrameInfo(1));
  const fairness: Fairness[] = [];
  let spec: Ltl = { k: 'true' };
  for (const p of m.fairness) spec = and(spec, t.fairness(p.node, scopeOf(p.sc), [null], fairness));
  const properties: LivenessPlan['properties'] = [];
  const unsupported: LivenessPlan['unsupported'] = [];
  for (const prop of m.temporal) {
    try {
      let neg: Ltl = { k: 'false' };
      for (const p of prop.pieces) {
        const c = t.convert(p.node, scopeOf(p.sc), [null], true);
        neg = neg.k === 'false' ? c : { k: 'or', a: neg, b: c };
      }
      properties.push({ name: prop.name, negated: neg });
    } catch (e) {
      unsupported.push({ name: prop.name, reason: (e as Error).message });
    }
  }
  return { properties, fairness, spec, unsupported };
}

export interface LivenessViolation {
  name: string;
  trace: RawStep[];
}

/**
 * checkLiveness checks each property on the recorded graph; the first violated one is returned.
 * It yields at `pace` (see Pace), where its driver may stop it.
 */
export function* checkLiveness(m: Model, plan: LivenessPlan, graph: BehaviourGraph, pace: Pace = new Pace()): LivenessSteps<LivenessViolation | null> {
  graph.seal();
  for (const prop of plan.properties) {
    const lasso = yield* findViolation({ graph, nvars: m.varNames.length, fairness: plan.fairness, negated: and(prop.negated, plan.spec) }, pace);
    if (!lasso) continue;
    const closing = lasso.backTo >= 0 ? lasso.steps[lasso.steps.length - 1] : null;
    const trace: RawStep[] = (closing ? lasso.steps.slice(0, -1) : lasso.steps).map((s) => {
      const state = graph.states[s.state];
      if (s.action === INITIAL) return { label: 'Initial predicate', state };
      const a = m.actions[s.action];
      return { label: a.label, location: tlcLocation(a.loc), state };
    });
    if (closing) {
      // TLC: `Back to state 1: <Wrap line 10, col 9 to ... of module M>`
      const a = m.actions[closing.action];
      trace.push({ label: `Back to state ${lasso.backTo + 1}: ${a.label}`, location: tlcLocation(a.loc), state: [] });
    } else trace.push({ label: 'Stuttering', state: [] });
    return { name: prop.name, trace };
  }
  return null;
}
