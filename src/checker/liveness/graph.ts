/**
 * The behaviour graph that liveness checking needs: every distinct state (its values), the
 * initial states, and every transition between distinct states with the index of the action that
 * produced it. The breadth-first search fills it (`search(..., { graph })` in bfs.ts); `seal`
 * adds the stuttering step of every state, as TLC's liveness checker does (a behaviour may stop
 * and stutter forever unless fairness forbids it).
 */
import type { Value } from '../values.ts';

export const STUTTER = -1;

export class BehaviourGraph {
  readonly states: Value[][] = [];
  readonly inits: number[] = [];
  private succ: number[][] = [];
  private act: number[][] = [];
  /** CSR form after seal(): successors of state i are to[off[i] .. off[i+1]) */
  off = new Int32Array(0);
  to = new Int32Array(0);
  action = new Int32Array(0);
  edges = 0;

  addInit(id: number, s: Value[]): void {
    this.addState(id, s);
    this.inits.push(id);
  }

  addState(id: number, s: Value[]): void {
    this.states[id] = s;
    this.succ[id] = [];
    this.act[id] = [];
  }

  addEdge(from: number, to: number, action: number): void {
    const l = this.succ[from];
    for (let i = 0; i < l.length; i++) if (l[i] === to) return;
    l.push(to);
    this.act[from].push(action);
  }

  get size(): number {
    return this.states.length;
  }

  seal(): void {
    const n = this.states.length;
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (!this.succ[i].includes(i)) {
        this.succ[i].push(i);
        this.act[i].push(STUTTER);
      }
      m += this.succ[i].length;
    }
    this.off = new Int32Array(n + 1);
    this.to = new Int32Array(m);
    this.action = new Int32Array(m);
    let k = 0;
    for (let i = 0; i < n; i++) {
      this.off[i] = k;
      const l = this.succ[i];
      const a = this.act[i];
      for (let j = 0; j < l.length; j++, k++) {
        this.to[k] = l[j];
        this.action[k] = a[j];
      }
    }
    this.off[n] = k;
    this.edges = m;
    this.succ = [];
    this.act = [];
  }
}
