/**
 * The trace descriptor of the acceptors of one register against WORPaxos's acceptor actions, with
 * the clients as an open environment (wrapper tla/wor/TraceWORAcceptor.tla). Every register of a
 * run is checkable this way, including those the full WORPaxos trace (worpaxos.ts) must refuse:
 * touched by batch ranges (projected per register, src/trace/range-projection.ts), trimmed, or
 * written with capture ids by writers they were not handed to. Same header as WORPaxos; the
 * events are the acceptor events only.
 */
import { bool, nonEmptyString, orNull, positiveInt, anyString, type FieldCheck, type TraceDescriptor } from './spec-descriptor.ts';
import { ballotOrUnsafe, worPaxosDescriptor } from './worpaxos.ts';
import type { JsonTla } from '../tla/result.ts';

// The environment may send the unsafe ballot <<0,0>> (a write with capture id 0), and Prepare at
// it too (the acceptor refuses it, Invalid): allowed here.
// An acceptor that took an unsafe write states <<0,0>> as its promise and accepted ballot.
const ballotOrNull: FieldCheck = (v) => (v === null ? null : ballotOrUnsafe(v));
const STATE: Record<string, FieldCheck> = { acceptor: nonEmptyString, promised: ballotOrNull, acceptedBallot: ballotOrNull, acceptedValue: orNull(anyString) };

export const WOR_ACCEPTOR_EVENT_FIELDS: Record<string, Record<string, FieldCheck>> = {
  Promise: { ...STATE, ballot: ballotOrUnsafe },
  RejectPrepare: { ...STATE, ballot: ballotOrUnsafe },
  Accepted: { ...STATE, ballot: ballotOrUnsafe },
  RejectAccept: { ...STATE, ballot: ballotOrUnsafe },
  ReadReply: { ...STATE, client: positiveInt },
  // Steps of the whole segment (trim), in every register's trace of it; `own`: this trace's
  // register is the segment's trim register; `trimmed`: the segment is dropped after the step.
  Trim: { acceptor: nonEmptyString, trimmed: bool, own: bool },
  RejectTrim: { acceptor: nonEmptyString, trimmed: bool, own: bool },
  ReplyTrimmed: { acceptor: nonEmptyString },
  CrashAcceptor: { acceptor: nonEmptyString },
  RecoverAcceptor: { acceptor: nonEmptyString },
  // The acceptor's inputs and outputs, recorded by the simulator outside the acceptor's code
  // (record-acceptor.ts): the request delivered (its type, and where it has them its ballot,
  // value, client and range bounds rstart/rend; far, clash, signed: the acceptor's rules beyond
  // Paxos the request meets there) and the reply sent, projected onto the register.
  Deliver: { acceptor: nonEmptyString, request: nonEmptyString },
  Reply: { acceptor: nonEmptyString, reply: nonEmptyString },
  // The end of the run: every request delivered was answered.
  End: {},
};

export const worAcceptorDescriptor: TraceDescriptor<unknown> = {
  ...(worPaxosDescriptor as TraceDescriptor<unknown>),
  name: 'WORAcceptor',
  title: 'tla/wor/WORPaxos.tla, acceptors of one register (any client)',
  specFiles: ['tla/wor/WORPaxos.tla', 'tla/wor/WOR.tla', 'tla/global/Network.tla', 'tla/wor/TraceWORAcceptor.tla'],
  wrapper: 'TraceWORAcceptor',
  events: WOR_ACCEPTOR_EVENT_FIELDS,
  eventValue(e) {
    const r = worPaxosDescriptor.eventValue(e) as Record<string, JsonTla>;
    if (typeof e.trimmed === 'boolean') r.trimmed = e.trimmed;
    if (typeof e.own === 'boolean') r.own = e.own;
    for (const f of ['request', 'reply'] as const) if (typeof e[f] === 'string') r[f] = e[f];
    for (const f of ['rstart', 'rend'] as const) if (typeof e[f] === 'number') r[f] = e[f];
    for (const f of ['far', 'clash', 'signed'] as const) if (typeof e[f] === 'boolean') r[f] = e[f];
    return r;
  },
};
