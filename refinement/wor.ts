/**
 * The refinement mapping from the TypeScript state of ONE register to the variables of
 * tla/wor/WORPaxos.tla, rendered as JsonTla (src/tla/result.ts), the form both engines give
 * spec states in. A function over acceptors (strings) renders as a JSON object; a ballot as a
 * [round, clientId] tuple, a missing ballot as NoId = [0, 0]; a missing value as the model value
 * None.
 *
 * Every VARIABLE of the spec is either mapped (WOR_MAPPED) or listed in WOR_UNMAPPED with the
 * reason the implementation's state does not determine it; test/refinement checks both lists
 * against the spec's VARIABLES declaration, and checks the mapped values against the state the
 * spec reaches on the same run's trace.
 */
import type { WorState } from '../src/core/acceptor.ts';
import type { Ballot } from '../src/core/ballot.ts';
import type { ServerId, Value } from '../src/core/messages.ts';
import type { JsonTla } from '../src/tla/result.ts';

/** What the implementation holds about one register, at one moment. */
export interface WorSnapshot {
  /** Per acceptor of the register's partition: is it running, and its durable row (undefined: no row). */
  acceptors: { id: ServerId; up: boolean; wor: WorState | undefined }[];
  /**
   * Every <<ballot, value>> each acceptor acknowledged for the register: the simulator's vote
   * history (src/sim/history.ts Vote, recorded when the accept became durable).
   */
  votes: { server: ServerId; ballot: Ballot; value: Value }[];
}

export const WOR_MAPPED = ['up', 'promised', 'acceptedBallot', 'acceptedValue', 'votes'] as const;
export type WorMappedVariable = (typeof WOR_MAPPED)[number];

/** The spec variables no TypeScript state determines, each with the reason. */
export const WOR_UNMAPPED: Record<string, string> = {
  msgs:
    'unobservable: the simulator holds messages in flight as scheduled deliveries, and WORPaxos keeps every message ever sent (delivery does not consume), so the spec set is a history the code never stores',
  round: "unobservable per register: a client's RoundCounter is shared by all its registers (src/core/ballot.ts), so its last round says nothing about this one",
  reads: 'unobservable: the code gives reads no nonce; the trace recorder numbers them per client and register (src/trace/record.ts)',
  cs: "unobservable: a client's phase is private state of its proposer op (PaxosOp, ReadOp); the trace reports each phase change as an event instead",
  result:
    "unobservable: the code's answers carry less than the spec's Answer (an ok write has no value), and a call record holds the answer of the whole API call, whose allocation check is a read of this register",
  proposed: 'history: the values write calls carried in phase 2; the code keeps no record of them',
};

const NO_ID: JsonTla = [0, 0];
const NONE: JsonTla = { $model: 'None' };

function ballot(b: Ballot | null): JsonTla {
  return b === null ? NO_ID : [b[0], b[1]];
}

function value(v: Value | null): JsonTla {
  return v === null ? NONE : v;
}

/** byAcceptor renders a function over the acceptors as TLA+ records are rendered: a JSON object. */
function byAcceptor(s: WorSnapshot, f: (a: WorSnapshot['acceptors'][number]) => JsonTla): JsonTla {
  const o: { [id: string]: JsonTla } = {};
  for (const a of s.acceptors) o[a.id] = f(a);
  return o;
}

/** Compare JsonTla values by their JSON text, to order set elements canonically. */
function canonicalSet(elems: JsonTla[]): JsonTla {
  const byKey = new Map<string, JsonTla>();
  for (const e of elems) byKey.set(JSON.stringify(e), e);
  return { $set: [...byKey.keys()].sort().map((k) => byKey.get(k)!) };
}

/** mapWor maps a snapshot to the values of the mapped WORPaxos variables. */
export function mapWor(s: WorSnapshot): Record<WorMappedVariable, JsonTla> {
  return {
    up: byAcceptor(s, (a) => a.up),
    promised: byAcceptor(s, (a) => ballot(a.wor?.promised ?? null)),
    acceptedBallot: byAcceptor(s, (a) => ballot(a.wor?.acceptedBallot ?? null)),
    acceptedValue: byAcceptor(s, (a) => value(a.wor?.acceptedValue ?? null)),
    votes: byAcceptor(s, (a) =>
      canonicalSet(s.votes.filter((v) => v.server === a.id).map((v): JsonTla => [ballot(v.ballot), v.value])),
    ),
  };
}

/** canonical puts a JsonTla value's sets in the order canonicalSet uses, to compare engine output. */
export function canonical(v: JsonTla): JsonTla {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object') {
    if ('$set' in v && Array.isArray(v.$set)) return canonicalSet((v.$set as JsonTla[]).map(canonical));
    const o: { [k: string]: JsonTla } = {};
    for (const [k, x] of Object.entries(v)) o[k] = canonical(x as JsonTla);
    return o;
  }
  return v;
}
