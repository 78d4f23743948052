/**
 * Messages between a client (proposer) and a server (acceptor), and the results of client
 * operations. Every field is a plain JSON/msgpack value (numbers, strings, null, arrays), so the
 * same objects travel over TCP frames, through the simulator and into traces.
 *
 * Correlation: every request carries `rid`, chosen by the proposer operation that sent it, and
 * every reply echoes it. A runtime routes a reply to the operation by `rid`; operations ignore
 * replies whose other echoed fields (seg, off, ballot) do not match what they wait for, so a late
 * or duplicated reply never confuses them.
 *
 * Ranges are half-open: [start, end). Offsets: see address.ts (META_OFFSET, TRIM_OFFSET).
 *
 * Names follow the TLA+ spec (tla/wor/WORPaxos.tla): Prepare/Promise is phase 1, Accept/Accepted
 * phase 2, ReadQuery/ReadReply the ballot-less read; Nack tells a proposer its ballot is below the
 * acceptor's promise (`promised`).
 */
import { isBallot, type Ballot } from './ballot.ts';
import { isPrepareKey, isSignature, type AcceptProof, type CaptureId } from './capture-key.ts';
import { isOffset, isSegmentId, MAX_RANGE_LEN } from './address.ts';

/** A register's content. Strings keep the CLI, JSON output and traces simple. */
export type Value = string;

/** Servers are named by opaque ids ("127.0.0.1:7001" over TCP, "s0" in the simulator). */
export type ServerId = string;

// ---------------------------------------------------------------- requests (client -> server)

/**
 * Phase 1 for one WOR: "promise not to accept ballots below `ballot`". `key`: the capture
 * key of this phase 1 (capture-key.ts; a secret the acceptor keeps); the acceptor then takes
 * Accepts at `ballot` only with a proof made with it. Without a key the promise is unprotected (bare-protocol tests).
 */
export interface Prepare {
  type: 'Prepare';
  rid: number;
  seg: number;
  off: number;
  ballot: Ballot;
  key?: string;
}

/**
 * Phase 2 for one WOR: "accept `value` at `ballot`". Ballot <<0,0>> is the unsafe write. `proof`:
 * the MAC of the value under the ballot's capture key, needed where the promise has a key.
 */
export interface Accept {
  type: 'Accept';
  rid: number;
  seg: number;
  off: number;
  ballot: Ballot;
  value: Value;
  proof?: AcceptProof;
}

/** The ballot-less read: "tell me what you promised and accepted". Changes nothing. */
export interface ReadQuery {
  type: 'ReadQuery';
  rid: number;
  seg: number;
  off: number;
}

/** Phase 1 for every data WOR in [start, end) of one segment, in one message. */
export interface PrepareRange {
  type: 'PrepareRange';
  rid: number;
  seg: number;
  start: number;
  end: number;
  ballot: Ballot;
  key?: string;
}

/** Phase 2 of one value for every data WOR in [start, end) of one segment (`sig`: as Accept's proof, over the range). */
export interface AcceptRange {
  type: 'AcceptRange';
  rid: number;
  seg: number;
  start: number;
  end: number;
  ballot: Ballot;
  value: Value;
  sig?: string;
}

/** "The trim WOR of `seg` is decided: drop the segment's state and answer Trimmed from now on." */
export interface TrimSegment {
  type: 'TrimSegment';
  rid: number;
  seg: number;
}

export type Request = Prepare | Accept | ReadQuery | PrepareRange | AcceptRange | TrimSegment;

// ---------------------------------------------------------------- replies (server -> client)

/** Phase 1 granted; carries what the acceptor had accepted (null, null when nothing). */
export interface PromiseReply {
  type: 'Promise';
  rid: number;
  seg: number;
  off: number;
  ballot: Ballot;
  acceptedBallot: Ballot | null;
  acceptedValue: Value | null;
}

/** Phase 2 granted. */
export interface Accepted {
  type: 'Accepted';
  rid: number;
  seg: number;
  off: number;
  ballot: Ballot;
}

/**
 * Refusal of a Prepare or Accept for one WOR: `promised` is the acceptor's promise, which is above
 * `ballot` (preempted), or `ballot` itself when the acceptor already accepted a different value at
 * this very ballot (a capture id used for two different values), or below `ballot` (<<0,0>> when
 * none) when an Accept names a ballot this acceptor never promised (a made-up capture id; see
 * acceptor.ts).
 */
export interface Nack {
  type: 'Nack';
  rid: number;
  seg: number;
  off: number;
  ballot: Ballot;
  promised: Ballot;
  acceptedBallot: Ballot | null;
  acceptedValue: Value | null;
}

/**
 * Answer to ReadQuery: the acceptor's state for one WOR, and the proof its accepted value came
 * with (when it had one), so that a read can re-send exactly that Accept to repair the register.
 * Never the promise's key or anything that lets a reader prove another value.
 */
export interface ReadReply {
  type: 'ReadReply';
  rid: number;
  seg: number;
  off: number;
  promised: Ballot | null;
  acceptedBallot: Ballot | null;
  acceptedValue: Value | null;
  acceptedProof?: AcceptProof;
}

/** One register of a range that already holds an accepted value. */
export interface RangeAccepted {
  off: number;
  acceptedBallot: Ballot;
  acceptedValue: Value;
}

/** PrepareRange granted for the whole range; lists the registers that hold accepted values. */
export interface PromiseRange {
  type: 'PromiseRange';
  rid: number;
  seg: number;
  start: number;
  end: number;
  ballot: Ballot;
  accepted: RangeAccepted[];
}

/** One register of a range that refused an AcceptRange (see Nack), with its state. */
export interface RangeRefusal {
  off: number;
  promised: Ballot;
  acceptedBallot: Ballot | null;
  acceptedValue: Value | null;
}

/**
 * AcceptRange done: every register of the range accepted, except those in `refused`, which
 * promised above `ballot` or accepted another value at `ballot` (per register, as Accept).
 */
export interface AcceptedRange {
  type: 'AcceptedRange';
  rid: number;
  seg: number;
  start: number;
  end: number;
  ballot: Ballot;
  refused: RangeRefusal[];
}

/**
 * A PrepareRange refused as a whole: some register of the range promised above `ballot`; the
 * acceptor changed nothing. `promised` is the highest such promise.
 */
export interface NackRange {
  type: 'NackRange';
  rid: number;
  seg: number;
  start: number;
  end: number;
  ballot: Ballot;
  promised: Ballot;
}

/** The segment is trimmed here (answer to any request on it, and the ack of TrimSegment). */
export interface Trimmed {
  type: 'Trimmed';
  rid: number;
  seg: number;
}

/** The request is well-typed but meaningless (an empty or oversized range); nothing changed. */
export interface Invalid {
  type: 'Invalid';
  rid: number;
  reason: string;
}

export type Reply = PromiseReply | Accepted | Nack | ReadReply | PromiseRange | AcceptedRange | NackRange | Trimmed | Invalid;

export type Message = Request | Reply;

// ---------------------------------------------------------------- results of client operations

/** The result codes of the WormSpace API. */
export type Status = 'ok' | 'alreadyWritten' | 'unwritten' | 'preempted' | 'trimmed' | 'notAllocated' | 'timeout';

export const STATUSES: readonly Status[] = ['ok', 'alreadyWritten', 'unwritten', 'preempted', 'trimmed', 'notAllocated', 'timeout'];

export type Failure = { status: 'preempted' } | { status: 'trimmed' } | { status: 'notAllocated' } | { status: 'timeout' };

/**
 * capture(seg, off): ok with a fresh capture id. When phase 1 revealed that the register already
 * holds a value, the capture first completes that value at a fresh ballot of its own (above the
 * id), and reports it in `written`: a write with the id will then be refused, so a capture id
 * can be handed to another writer without ever letting it put a second value into the register.
 */
export type CaptureResult = { status: 'ok'; captureId: CaptureId; written?: Value } | Failure;

/** write(seg, off, value, captureId): ok, or alreadyWritten with the value that won. */
export type WriteResult = { status: 'ok' } | { status: 'alreadyWritten'; value: Value } | Failure;

/** read(seg, off): the value, or unwritten. */
export type ReadResult = { status: 'ok'; value: Value } | { status: 'unwritten' } | Failure;

/** alloc(seg, meta): ok when this call's metadata won, alreadyWritten with the winner's otherwise. */
export type AllocResult = { status: 'ok' } | { status: 'alreadyWritten'; value: Value } | Failure;

/** check(seg): ok with the metadata of an allocated segment, else notAllocated. */
export type CheckResult = { status: 'ok'; value: Value } | Failure;

/** trim(seg): ok once a quorum of the partition dropped the segment. */
export type TrimResult = { status: 'ok' } | Failure;

/** A data register of a range and the value it already held. */
export interface OffsetValue {
  off: number;
  value: Value;
}

/**
 * captureSegment(seg, start, end): ok with one capture id for the range. Registers whose phase 1
 * revealed a value are listed in `written`: the capture completed each of those values at a
 * fresh ballot of its own (above the capture id), so a write with the capture id is refused there
 * and can never put a second value into them.
 */
/**
 * captureSegment's answer. `unrepaired` (present only when non-empty): offsets where phase 1
 * revealed an accepted value whose repair, at a fresh ballot above the capture id, found nothing
 * and left the register unwritten; its promise stays, so a write with the capture id is refused
 * there (answers preempted) although the register is not written.
 */
export type CaptureSegmentResult = { status: 'ok'; captureId: CaptureId; written: OffsetValue[]; unrepaired?: number[] } | Failure;

/**
 * writeSegment(seg, value, start, end[, captureId]): ok when at least one register took the
 * value; `preempted` lists the registers of the range that refused it (captured since, or already
 * written: read them to learn which), and `written` the registers a capture in this same call
 * found already written. preempted as a whole when no register took it.
 */
export type WriteSegmentResult = { status: 'ok'; written: OffsetValue[]; preempted: number[] } | Failure;

export type AnyResult =
  | CaptureResult
  | WriteResult
  | ReadResult
  | AllocResult
  | CheckResult
  | TrimResult
  | CaptureSegmentResult
  | WriteSegmentResult;

// ---------------------------------------------------------------- schema checks for untrusted input

const isRid = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 0;
const isValue = (x: unknown): x is Value => typeof x === 'string';

/** hasFields: exactly the required keys, plus any of the optional ones. */
function hasFields(o: Record<string, unknown>, keys: readonly string[], optional: readonly string[]): boolean {
  const present = optional.filter((k) => Object.prototype.hasOwnProperty.call(o, k));
  return hasExactKeys(o, [...keys, ...present]);
}

function isProof(x: unknown): x is AcceptProof {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const p = x as Record<string, unknown>;
  // A single register's proof covers [off, off + 1), which starts below 0 for the metadata and trim registers.
  if (!hasExactKeys(p, ['start', 'end', 'sig']) || !isOffset(p.start) || !Number.isSafeInteger(p.end)) return false;
  const len = (p.end as number) - (p.start as number);
  return len >= 1 && len <= MAX_RANGE_LEN && isSignature(p.sig);
}

function hasExactKeys(o: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(o, k));
}

/**
 * checkRequest validates a decoded frame as a Request: exact fields, right types. It returns a
 * one-line reason, or null when the request is well formed. Range bounds are checked here too, so
 * a server never starts work on a range it would refuse.
 */
export function checkRequest(x: unknown): string | null {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'request is not an object';
  const o = x as Record<string, unknown>;
  const t = o.type;
  if (!isRid(o.rid)) return 'rid must be a non-negative integer';
  if (t !== 'TrimSegment' && t !== 'Prepare' && t !== 'Accept' && t !== 'ReadQuery' && t !== 'PrepareRange' && t !== 'AcceptRange') {
    return `unknown request type ${JSON.stringify(t)}`;
  }
  if (!isSegmentId(o.seg)) return 'seg must be a non-negative integer';
  switch (t) {
    case 'TrimSegment':
      return hasExactKeys(o, ['type', 'rid', 'seg']) ? null : 'TrimSegment has wrong fields';
    case 'ReadQuery':
      if (!hasExactKeys(o, ['type', 'rid', 'seg', 'off'])) return 'ReadQuery has wrong fields';
      return isOffset(o.off) ? null : 'off must be an offset';
    case 'Prepare':
      if (!hasFields(o, ['type', 'rid', 'seg', 'off', 'ballot'], ['key'])) return 'Prepare has wrong fields';
      if (!isOffset(o.off)) return 'off must be an offset';
      if (o.key !== undefined && !isPrepareKey(o.key)) return 'key must be a capture key (base64url, 32 bytes)';
      return isBallot(o.ballot) ? null : 'ballot must be [round, clientId]';
    case 'Accept':
      if (!hasFields(o, ['type', 'rid', 'seg', 'off', 'ballot', 'value'], ['proof'])) return 'Accept has wrong fields';
      if (!isOffset(o.off)) return 'off must be an offset';
      if (!isBallot(o.ballot)) return 'ballot must be [round, clientId]';
      if (o.proof !== undefined && !isProof(o.proof)) return 'proof must be {start, end, sig} with a base64url MAC (32 bytes; 64 from earlier versions)';
      return isValue(o.value) ? null : 'value must be a string';
    case 'PrepareRange':
    case 'AcceptRange': {
      const keys = t === 'PrepareRange' ? ['type', 'rid', 'seg', 'start', 'end', 'ballot'] : ['type', 'rid', 'seg', 'start', 'end', 'ballot', 'value'];
      if (!hasFields(o, keys, [t === 'PrepareRange' ? 'key' : 'sig'])) return `${t} has wrong fields`;
      const rangeError = checkRange(o.start, o.end);
      if (rangeError) return rangeError;
      if (!isBallot(o.ballot)) return 'ballot must be [round, clientId]';
      if (o.key !== undefined && !isPrepareKey(o.key)) return 'key must be a capture key (base64url, 32 bytes)';
      if (o.sig !== undefined && !isSignature(o.sig)) return 'sig must be a base64url MAC (32 bytes; 64 from earlier versions)';
      if (t === 'AcceptRange' && !isValue(o.value)) return 'value must be a string';
      return null;
    }
  }
}

/** checkRange: a non-empty half-open range of data offsets, at most MAX_RANGE_LEN long. */
export function checkRange(start: unknown, end: unknown): string | null {
  if (!Number.isSafeInteger(start) || (start as number) < 0) return 'start must be a non-negative integer';
  if (!Number.isSafeInteger(end)) return 'end must be an integer';
  const len = (end as number) - (start as number);
  if (len <= 0) return 'range [start, end) is empty';
  if (len > MAX_RANGE_LEN) return `range is longer than ${MAX_RANGE_LEN}`;
  return null;
}
