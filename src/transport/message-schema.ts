/**
 * Wire schemas of the core's messages (src/core/messages.ts): every field of every request a
 * server decodes, and of every reply a client decodes, is type-checked here before it reaches the
 * protocol. The compile-time checks at the bottom keep these schemas and the core's types in step:
 * if a message gains, loses or retypes a field, this file stops compiling.
 *
 * The server additionally runs the core's own `checkRequest`, which knows the protocol's value
 * rules (round 0 only in the unsafe ballot, non-empty ranges no longer than MAX_RANGE_LEN).
 */
import type { Ballot } from '../core/ballot.ts';
import type { Reply, Request } from '../core/messages.ts';
import { type Infer, type Schema, SchemaError, array, literal, nullable, object, optional, str, taggedUnion, uint } from './schema.ts';

/** Offsets are data offsets (>= 0) or the control offsets -1 (metadata) and -2 (trim). */
const offset: Schema<number> = (value, path) => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < -2) {
    throw new SchemaError(path, 'expected an offset (an integer >= -2)');
  }
  return value;
};

const ballot: Schema<Ballot> = (value, path) => {
  if (!Array.isArray(value) || value.length !== 2) throw new SchemaError(path, 'expected a ballot [round, clientId]');
  return [uint(value[0], `${path}[0]`), uint(value[1], `${path}[1]`)] as const;
};

/** value: register contents are strings; the frame size limit bounds their length. */
const value = str();

/** Capture keys and signatures (src/core/capture-key.ts); their exact shape is checked by checkRequest. */
const key = optional(str(64));
const proof = object({ start: offset, end: offset, sig: str(128) });

const rangeAccepted = object({ off: uint, acceptedBallot: ballot, acceptedValue: value });
const rangeRefusal = object({ off: uint, promised: ballot, acceptedBallot: nullable(ballot), acceptedValue: nullable(value) });

/** A range reply lists at most one entry per register of a range of at most MAX_RANGE_LEN. */
const MAX_RANGE_ENTRIES = 65_536;

const requestVariants = {
  Prepare: object({ type: literal('Prepare'), rid: uint, seg: uint, off: offset, ballot, key }),
  Accept: object({ type: literal('Accept'), rid: uint, seg: uint, off: offset, ballot, value, proof: optional(proof) }),
  ReadQuery: object({ type: literal('ReadQuery'), rid: uint, seg: uint, off: offset }),
  PrepareRange: object({ type: literal('PrepareRange'), rid: uint, seg: uint, start: uint, end: uint, ballot, key }),
  AcceptRange: object({ type: literal('AcceptRange'), rid: uint, seg: uint, start: uint, end: uint, ballot, value, sig: optional(str(128)) }),
  TrimSegment: object({ type: literal('TrimSegment'), rid: uint, seg: uint }),
};
export const requestSchema: Schema<Request> = taggedUnion('type', requestVariants);

const replyVariants = {
  Promise: object({
    type: literal('Promise'),
    rid: uint,
    seg: uint,
    off: offset,
    ballot,
    acceptedBallot: nullable(ballot),
    acceptedValue: nullable(value),
  }),
  Accepted: object({ type: literal('Accepted'), rid: uint, seg: uint, off: offset, ballot }),
  Nack: object({
    type: literal('Nack'),
    rid: uint,
    seg: uint,
    off: offset,
    ballot,
    promised: ballot,
    acceptedBallot: nullable(ballot),
    acceptedValue: nullable(value),
  }),
  ReadReply: object({
    type: literal('ReadReply'),
    rid: uint,
    seg: uint,
    off: offset,
    promised: nullable(ballot),
    acceptedBallot: nullable(ballot),
    acceptedValue: nullable(value),
    acceptedProof: optional(proof),
  }),
  PromiseRange: object({
    type: literal('PromiseRange'),
    rid: uint,
    seg: uint,
    start: uint,
    end: uint,
    ballot,
    accepted: array(rangeAccepted, MAX_RANGE_ENTRIES),
  }),
  AcceptedRange: object({
    type: literal('AcceptedRange'),
    rid: uint,
    seg: uint,
    start: uint,
    end: uint,
    ballot,
    refused: array(rangeRefusal, MAX_RANGE_ENTRIES),
  }),
  NackRange: object({ type: literal('NackRange'), rid: uint, seg: uint, start: uint, end: uint, ballot, promised: ballot }),
  Trimmed: object({ type: literal('Trimmed'), rid: uint, seg: uint }),
  Invalid: object({ type: literal('Invalid'), rid: uint, reason: str(4096) }),
};
export const replySchema: Schema<Reply> = taggedUnion('type', replyVariants);

// Compile-time agreement between the schemas and the core's unions, in both directions: a field
// added to, dropped from or retyped in messages.ts makes one of these lines fail to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Decoded<V extends Record<string, Schema<unknown>>> = Infer<V[keyof V]>;
const requestsAgree: Same<Decoded<typeof requestVariants>, Request> = true;
const repliesAgree: Same<Decoded<typeof replyVariants>, Reply> = true;
void requestsAgree;
void repliesAgree;
