/**
 * The refinement mapping from WormLog's TypeScript state (src/apps/wormlog) to the variables of
 * tla/apps/WormLog.tla, rendered as JsonTla (src/tla/result.ts), the form both engines give spec
 * states in: a function over strings (readers) as a JSON object, a sequence as an array, the model
 * value Junk as {$model: "Junk"}, an entry as its append id (a string).
 *
 * Every VARIABLE of the spec is mapped (WORMLOG_MAPPED) or listed in WORMLOG_UNMAPPED with the
 * reason the implementation's state does not determine it; test/refinement/wormlog.test.ts checks
 * both lists against the spec's VARIABLES, and the mapped values against the state the spec
 * reaches on the same run's trace.
 */
import type { WormLogSnapshot } from '../src/apps/wormlog/sim.ts';
import type { JsonTla } from '../src/tla/result.ts';

export type { WormLogSnapshot };

export const WORMLOG_MAPPED = ['delivered', 'val'] as const;
export type WormLogMappedVariable = (typeof WORMLOG_MAPPED)[number];

export const WORMLOG_UNMAPPED: Record<string, string> = {
  segMeta:
    "not one to one: the code's metadata names the sequencer's address (seq1, host:port), the spec's its incarnation; SeqAlloc events pin the incarnation instead",
  trimmed: 'constant in the simulation: it never trims (trim is not in WormLog.tla), so the mapping would always be FALSE everywhere',
  capt: "unobservable: a register's capture id is its acceptors' promise, a ballot; the spec's ids are naturals handed out in linearization order, which the trace wrapper binds (idmap) rather than the code",
  lastId: 'unobservable: the number of captures in linearization order, a product of the order the trace wrapper chooses',
  pending:
    'unobservable: values of preempted writes that a minority of acceptors accepted; the code keeps no such set (the WOS below holds them as accepted values at some acceptors)',
  seq: "soft state of the sequencer nodes, whose capture id is a ballot (see capt); a crashed sequencer's state is gone, the spec's stays",
  cl: "per append (the spec's clients are appends): the code keeps only the current append of a client node, and forgets the others once acknowledged",
  rdFill: "the capture id a reader holds for its next fill: a ballot (see capt), and only while the reader's fill is in flight",
};

const JUNK: JsonTla = { $model: 'Junk' };
const spec = (v: string): JsonTla => (v === '#junk' ? JUNK : v);

/**
 * mapWormLog: `delivered` over every reader, and `val` over the positions some reader read (the
 * others may hold what a stray write left, which the spec's chosen behaviour need not agree on).
 */
export function mapWormLog(s: WormLogSnapshot): { delivered: JsonTla; val: [number, JsonTla][] } {
  const delivered: { [r: string]: JsonTla } = {};
  for (const r of s.readers) delivered[r.name] = r.delivered.map(spec);
  const read = Math.max(0, ...s.readers.map((r) => r.delivered.length));
  const val: [number, JsonTla][] = [];
  for (let p = 0; p < read; p++) {
    const v = s.registers.get(p);
    val.push([p, v === null || v === undefined ? { $model: 'Unwritten' } : spec(v)]);
  }
  return { delivered, val };
}
