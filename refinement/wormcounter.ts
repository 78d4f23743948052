/**
 * The refinement mapping from WormCounter's TypeScript state (src/apps/wormcounter) to the
 * variables of tla/apps/WormCounter.tla, rendered as JsonTla (src/tla/result.ts), the form both
 * engines give spec states in. The spec's clients are the node lives numbered as in the trace's
 * header (`clients`: client ids in the order they first appear); a value "<clientId>:<i>" is the
 * spec's <<client, i>>.
 *
 * Every VARIABLE of the spec is mapped (WORMCOUNTER_MAPPED) or listed in WORMCOUNTER_UNMAPPED with
 * the reason the implementation's state does not determine it; test/apps/wormcounter checks both
 * lists against the spec's VARIABLES, and the mapped values against the state the spec reaches on
 * the same run's trace.
 */
import type { WormCounterSnapshot } from '../src/apps/wormcounter/sim.ts';
import type { JsonTla } from '../src/tla/result.ts';

export type { WormCounterSnapshot };

export const WORMCOUNTER_MAPPED = ['val', 'slot', 'done', 'ans'] as const;
export type WormCounterMappedVariable = (typeof WORMCOUNTER_MAPPED)[number];

export const WORMCOUNTER_UNMAPPED: Record<string, string> = {
  segMeta: "not one to one: the code's metadata names the allocating node (counter:<clientId>), the spec's is the one value \"counter\"",
  trimmed: 'constant: the counter never trims, so the mapping would be FALSE everywhere',
  capt: "unobservable: a register's capture id is its acceptors' promise, a ballot inside the client library's capture+write; the spec's ids are naturals in the order the trace wrapper chooses",
  lastId: 'unobservable: the number of captures in linearization order, a product of the order the trace wrapper chooses',
  pending: 'unobservable: values of preempted writes that a minority of acceptors accepted; the code keeps no such set',
  pc: "the code's phase (idle, alloc, write) is finer than the spec's: an idle node waiting for a request is the spec's \"capture\" or \"done\" depending on the model's NInc",
  id: 'the capture id the client holds: a ballot inside the client library (see capt)',
};

const UNWRITTEN: JsonTla = { $model: 'Unwritten' };

/** mapWormCounter maps the code's final state; `clients` is the trace header's client ids (spec client i+1 is clients[i]). */
export function mapWormCounter(s: WormCounterSnapshot, clients: readonly number[]): Record<WormCounterMappedVariable, JsonTla> {
  const life = new Map(clients.map((cid, i) => [cid, i + 1]));
  const op = (v: string): JsonTla => {
    const m = /^(\d+):(\d+)$/.exec(v);
    return m && life.has(Number(m[1])) ? [life.get(Number(m[1]))!, Number(m[2])] : v;
  };
  const val: [JsonTla, JsonTla][] = [...s.registers].map(([k, v]) => [k, v === null ? UNWRITTEN : op(v)]);
  const lives = clients.map((cid) => s.lives.find((l) => l.clientId === cid));
  const ans: [JsonTla, JsonTla][] = [];
  for (const l of s.lives) for (const [v, n] of l.answers) ans.push([op(v), n]);
  return {
    val: { $function: val },
    slot: lives.map((l) => l?.slot ?? 0),
    done: lives.map((l) => l?.done ?? 0),
    ans: { $function: ans },
  };
}
