/**
 * The refinement mapping from WormTX's TypeScript state (src/apps/wormtx: the RMs' nodes, every
 * life of each, and the vote registers in WormSpace) to the variables of tla/apps/WormTX.tla, for
 * ONE transaction (the spec's unit), rendered as JsonTla (src/tla/result.ts), the form both
 * engines give spec states in. Participants are renumbered 0 .. NRM-1 in the order of their RM
 * numbers, as the trace does (src/apps/wormtx/trace.ts); a register's missing value is the model
 * value Unwritten.
 *
 * Every VARIABLE of the spec is mapped (WORMTX_MAPPED) or listed in WORMTX_UNMAPPED with the
 * reason the implementation's state does not determine it; test/refinement/wormtx.test.ts checks
 * both lists against the spec's VARIABLES, and the mapped values against the state WormTX.tla
 * reaches on the same run's trace (compareWormTx).
 */
import type { JsonTla } from '../src/tla/result.ts';
import type { WormTxSnapshot } from '../src/apps/wormtx/sim.ts';

export type { WormTxSnapshot };

export const WORMTX_MAPPED = ['rmState', 'val'] as const;
export type WormTxMappedVariable = (typeof WORMTX_MAPPED)[number];

export const WORMTX_UNMAPPED: Record<string, string> = {
  segMeta:
    "constant in the spec (every RM allocated its segment in Init); the code's metadata is JSON naming the allocating client id, one per life, and an aborter may allocate a dead RM's window on its behalf, which the spec leaves out (the owner then never votes, like an RM that never pre-captures)",
  trimmed: 'constant: WormTX never trims a vote segment (neither the spec nor the code), so the mapping would be FALSE everywhere',
  capt: "not determined: the spec's capture ids are naturals from one global counter (WOSApi's NewId), the code's are <<round, client>> ballots per client; the trace wrapper orders captures by ballot instead of translating them",
  lastId: 'not determined: a global count of captures that no component of the code keeps (each client counts its own rounds)',
  pending:
    'unobservable: values of preempted writes that a minority of acceptors accepted; the code keeps no such set (the acceptors hold them as accepted values)',
  ownId: "a ballot in the code (the window's capture id, WindowState.captureId), a natural in the spec (see capt); only whether an RM holds one is meaningful, and a crashed life's id is gone",
  holding:
    "transient: the code's Tx.aborting is the set of registers an RM is capturing or writing no into right now, with the capture id only inside the pending call; a crashed life's is gone, and the spec's TimeoutWrite clears it",
};

const UNWRITTEN: JsonTla = { $model: 'Unwritten' };

/**
 * rmState[i]: the decision of any life of RM parts[i] (every life decides alike; a conflict is
 * mapped to the first and reported by compareWormTx through the spec), else "prepared" when a
 * life's own yes write answered ok, else "working". val[i]: the register's value.
 */
export function mapWormTx(s: WormTxSnapshot): { rmState: Array<[number, JsonTla]>; val: Array<[number, JsonTla]> } {
  const rmState: Array<[number, JsonTla]> = [];
  const val: Array<[number, JsonTla]> = [];
  for (let i = 0; i < s.parts.length; i++) {
    const lives = s.lives[i] ?? [];
    const decided = lives.find((l) => l.outcome !== null)?.outcome ?? null;
    const yesOk = lives.some((l) => l.voteAnswer?.vote === 'yes' && l.voteAnswer.answer === 'ok');
    rmState.push([i, decided === 'commit' ? 'committed' : decided === 'abort' ? 'aborted' : yesOk ? 'prepared' : 'working']);
    const v = s.registers[i] ?? null;
    val.push([i, v === null ? UNWRITTEN : v]);
  }
  return { rmState, val };
}

/** at looks up f[key] in a JsonTla function (a sequence, a record, or a general function). */
export function tlaAt(f: JsonTla | undefined, key: number): JsonTla | undefined {
  if (f === undefined || f === null || typeof f !== 'object') return undefined;
  if (Array.isArray(f)) return f[key - 1];
  if ('$function' in f && Array.isArray(f.$function)) return (f.$function as [JsonTla, JsonTla][]).find(([k]) => k === key)?.[1];
  return (f as Record<string, JsonTla>)[String(key)];
}

const same = (a: JsonTla | undefined, b: JsonTla | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * compareWormTx lists where the mapped state differs from the state WormTX.tla reaches on the
 * same transaction's trace (empty: they agree), and counts the comparisons made.
 *
 * - rmState: equal for every participant.
 * - val: equal wherever the spec's register is written; where the spec's is unwritten, the code's
 *   must be too, except for a value nobody in the trace observed (a write whose answer was lost
 *   and that nobody read is not in the trace, so the spec need not land it): that is allowed only
 *   when the spec's participants did not decide from it, i.e. nobody committed.
 */
export function compareWormTx(mapped: ReturnType<typeof mapWormTx>, spec: Record<string, JsonTla>): { mismatches: string[]; compared: number } {
  const mismatches: string[] = [];
  let compared = 0;
  let anyCommit = false;
  for (const [i, st] of mapped.rmState) {
    const sv = tlaAt(spec.rmState, i);
    compared++;
    if (!same(sv, st)) mismatches.push(`rmState[${i}]: code ${JSON.stringify(st)}, spec ${JSON.stringify(sv)}`);
    if (sv === 'committed') anyCommit = true;
  }
  for (const [i, v] of mapped.val) {
    const sv = tlaAt(spec.val, i);
    if (same(sv, UNWRITTEN) && !same(v, UNWRITTEN) && !anyCommit) continue;
    compared++;
    if (!same(sv, v)) mismatches.push(`val[${i}]: code ${JSON.stringify(v)}, spec ${JSON.stringify(sv)}`);
  }
  return { mismatches, compared };
}
