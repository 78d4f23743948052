/**
 * The checker of a torture run: is the history of one write-once register linearizable?
 *
 * A write-once register changes state at most once, from unwritten to a value V, at one instant
 * t*. So a history is linearizable iff there is a V (or none) and a t* such that:
 * - V is the value of a write that could have taken effect: one that answered ok, or one whose
 *   outcome is unknown (timeout, preempted, no answer: it may take effect at any time after its
 *   invocation, even after its answer, since a later read can complete it). A write that answered
 *   alreadyWritten definitely did not take effect.
 * - every write that answered ok wrote V, and t* lies inside its interval;
 * - every observation of a value (a read ok, an alreadyWritten, a capture that found a value)
 *   saw V, and t* precedes its answer;
 * - every read that answered unwritten began before t*.
 * With one write per distinct value (a torture run makes every value unique), this is a test of
 * one interval intersection: max(invocations that must precede t*) < min(answers that t* must
 * precede). No search is needed, so the check is exact and linear in the history.
 */

/** One operation on one register, with its invocation and answer times (same clock for all). */
export type Op =
  | { kind: 'write'; value: string; invoke: number; answer: number; outcome: 'ok' | 'notTaken' | 'unknown'; observed?: string; client: number }
  | { kind: 'read'; invoke: number; answer: number; outcome: 'value' | 'unwritten'; value?: string; client: number };

export interface Verdict {
  ok: boolean;
  /** The value chosen, when the register was written. */
  chosen?: string;
  /** One line saying what is wrong, when not ok. */
  reason?: string;
}

function describe(op: Op): string {
  const t = `[${op.invoke.toFixed(1)}, ${op.answer === Infinity ? '∞' : op.answer.toFixed(1)}] ms`;
  if (op.kind === 'read') return `read by client ${op.client} ${t} -> ${op.outcome === 'value' ? JSON.stringify(op.value) : 'unwritten'}`;
  return `write ${JSON.stringify(op.value)} by client ${op.client} ${t} -> ${op.outcome}${op.observed !== undefined ? ` (saw ${JSON.stringify(op.observed)})` : ''}`;
}

/** checkRegister decides whether one register's history is linearizable for a write-once register. */
export function checkRegister(ops: readonly Op[]): Verdict {
  const writes = new Map<string, Op & { kind: 'write' }>();
  for (const op of ops) {
    if (op.kind !== 'write') continue;
    if (writes.has(op.value)) return { ok: false, reason: `the value ${JSON.stringify(op.value)} was written twice; the checker needs unique values` };
    writes.set(op.value, op);
  }
  // Every value that must be V: observed values and values of writes that answered ok.
  const musts = new Map<string, Op>();
  for (const op of ops) {
    const seen = op.kind === 'read' ? (op.outcome === 'value' ? op.value : undefined) : op.outcome === 'ok' ? op.value : op.observed;
    if (seen !== undefined && !musts.has(seen)) musts.set(seen, op);
  }
  if (musts.size > 1) {
    const [a, b] = [...musts.values()];
    return { ok: false, reason: `two values in one register: ${describe(a!)}; ${describe(b!)}` };
  }
  if (musts.size === 0) return { ok: true }; // never written: every read said unwritten
  const [v, witness] = [...musts.entries()][0]!;
  const w = writes.get(v);
  if (w === undefined) return { ok: false, reason: `${describe(witness)}, a value nobody wrote` };
  if (w.outcome === 'notTaken') return { ok: false, reason: `${describe(witness)}, but its write answered that it did not take effect: ${describe(w)}` };
  // t* must lie after `lo` and before `hi`.
  let lo = w.invoke;
  let loOp: Op = w;
  let hi = w.outcome === 'ok' ? w.answer : Infinity;
  let hiOp: Op = w;
  for (const op of ops) {
    if (op.kind === 'read' && op.outcome === 'unwritten' && op.invoke > lo) {
      lo = op.invoke;
      loOp = op;
    }
    const observes = (op.kind === 'read' && op.outcome === 'value') || (op.kind === 'write' && op.observed !== undefined);
    if (observes && op.answer < hi) {
      hi = op.answer;
      hiOp = op;
    }
  }
  if (!(lo < hi)) return { ok: false, reason: `no instant for the write of ${JSON.stringify(v)}: ${describe(loOp)} must come before it, ${describe(hiOp)} after it` };
  return { ok: true, chosen: v };
}
