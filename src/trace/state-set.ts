/**
 * StateSet: the distinct states the trace validator keeps for one event (its candidates for the
 * next event, the glue states it explored). Almost always it holds one or two states, and two
 * successors of one state share most of their variables' values (the same objects): comparing
 * them variable by variable stops at the first differing value and skips the shared ones by
 * identity, whereas a fingerprint walks every freshly built value whole (a 100k-event WORPaxos
 * trace grows `proposed` and `votes` to thousands of elements). Beyond a few states, lookups by
 * fingerprint keep the cost per state constant.
 */
import { FP, fpState } from '../checker/fingerprint.ts';
import { equals, type Value } from '../checker/values.ts';

type State = Value[];

/** States compared pairwise before the set switches to fingerprints. */
const LINEAR = 8;

/**
 * sameState: equal states. Values of different kinds (a record and a set, say) are never equal,
 * although `equals` refuses to compare some of them, as TLC does: here that refusal means
 * "different", which is what a fingerprint says of them.
 */
export function sameState(a: State, b: State): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    try {
      if (!equals(x, y)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function fpKey(s: State): string {
  fpState(s);
  return `${FP.hi}:${FP.lo}`;
}

export class StateSet {
  private readonly states: State[] = [];
  private keys: Set<string> | null = null;

  get size(): number {
    return this.states.length;
  }

  /** add keeps s unless an equal state is already in; true when it was added. */
  add(s: State): boolean {
    if (this.keys === null) {
      for (const t of this.states) if (sameState(s, t)) return false;
      this.states.push(s);
      if (this.states.length > LINEAR) this.keys = new Set(this.states.map(fpKey));
      return true;
    }
    const k = fpKey(s);
    if (this.keys.has(k)) return false;
    this.keys.add(k);
    this.states.push(s);
    return true;
  }

  /** The states, in the order they were added (owned by the set: do not modify). */
  list(): State[] {
    return this.states;
  }
}
