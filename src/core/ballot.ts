/**
 * Ballots: the pair <<round, clientId>> of the TLA+ specs, ordered lexicographically (round
 * first). A capture id IS the ballot of the capture that produced it, so the two words name one
 * thing. Ballot <<0, 0>> is reserved for the "unsafe write" (capture id 0): it is the lowest
 * ballot, so it can only be accepted where nobody has captured the register yet.
 *
 * Uniqueness: a ballot is unique as long as every client has its own clientId (> 0) and never
 * reuses a round. `RoundCounter` gives a client monotonically increasing rounds; a client that
 * restarts must take a fresh clientId, because its counter is not durable.
 */

/** A ballot as a plain tuple, so that it travels unchanged through JSON, msgpack and traces. */
export type Ballot = readonly [round: number, clientId: number];

/** The ballot of the unsafe write, capture id 0. */
export const UNSAFE_BALLOT: Ballot = [0, 0];

/** Upper bound for rounds and client ids: both must be safe integers for JSON and msgpack. */
const PART_MAX = Number.MAX_SAFE_INTEGER;

/** compareBallots orders ballots by round, then by clientId: negative, zero or positive. */
export function compareBallots(a: Ballot, b: Ballot): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

export function ballotEquals(a: Ballot | null, b: Ballot | null): boolean {
  if (a === null || b === null) return a === b;
  return a[0] === b[0] && a[1] === b[1];
}

/** ballotGte(a, b): a >= b, where a missing ballot (null) is below every ballot. */
export function ballotGte(a: Ballot, b: Ballot | null): boolean {
  return b === null || compareBallots(a, b) >= 0;
}

/** maxBallot of two possibly missing ballots. */
export function maxBallot(a: Ballot | null, b: Ballot | null): Ballot | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareBallots(a, b) >= 0 ? a : b;
}

export function isUnsafeBallot(b: Ballot): boolean {
  return b[0] === 0 && b[1] === 0;
}

/**
 * ROUND_MAX bounds rounds far below 2^53: a forged capture id near Number.MAX_SAFE_INTEGER would
 * otherwise make RoundCounter.next jump past the integers a double holds exactly, and hand out
 * the same ballot twice. Frames with a larger round are refused like any malformed input.
 */
export const ROUND_MAX = 2 ** 48;

/** isBallot checks the shape of untrusted input (a decoded frame, a CLI argument). */
export function isBallot(x: unknown): x is Ballot {
  return (
    Array.isArray(x) &&
    x.length === 2 &&
    Number.isSafeInteger(x[0]) &&
    Number.isSafeInteger(x[1]) &&
    x[0] >= 0 &&
    x[0] <= ROUND_MAX &&
    x[1] >= 0 &&
    // Round 0 belongs to the unsafe write alone; a real capture always has round >= 1.
    (x[0] > 0 || x[1] === 0)
  );
}

/**
 * formatCaptureId renders a capture id for people and scripts: `round.clientId`, or `0` for the
 * unsafe write. parseCaptureId is its inverse.
 */
export function formatCaptureId(b: Ballot): string {
  return isUnsafeBallot(b) ? '0' : `${b[0]}.${b[1]}`;
}

/** parseCaptureId reads `round.clientId` or `0`; it returns null for anything else. */
export function parseCaptureId(text: string): Ballot | null {
  if (text.trim() === '0') return UNSAFE_BALLOT;
  const m = /^\s*(\d{1,15})\.(\d{1,15})\s*$/.exec(text);
  if (!m) return null;
  const b: Ballot = [Number(m[1]), Number(m[2])];
  return b[0] >= 1 && b[0] <= ROUND_MAX && b[1] >= 1 ? b : null;
}

/**
 * RoundCounter hands out the rounds of one client. Every proposer operation of the client takes
 * its ballots from the same counter, so two operations of one client never share a ballot (two
 * values at one ballot would break Paxos). `next(atLeast)` lets an operation jump above a promise
 * it has seen, so that a retry is not preempted again by the same ballot.
 */
export class RoundCounter {
  private last = 0;

  constructor(readonly clientId: number) {
    if (!Number.isSafeInteger(clientId) || clientId < 1 || clientId > PART_MAX) {
      throw new RangeError(`RoundCounter: clientId must be a positive safe integer, got ${clientId}`);
    }
  }

  /** next returns a fresh ballot whose round is above both every earlier round and `aboveRound`. */
  next(aboveRound = 0): Ballot {
    const round = Math.max(this.last, aboveRound) + 1;
    // A round above ROUND_MAX can only come from a ballot that no server would store; never
    // wrap or repeat a ballot because of it.
    if (round > ROUND_MAX) throw new RangeError(`RoundCounter: round ${round} is beyond ROUND_MAX (${ROUND_MAX})`);
    this.last = round;
    return [this.last, this.clientId];
  }
}
