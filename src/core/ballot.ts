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

import { deriveCaptureKey, keyOf, withKey, type CaptureId, type CaptureKey } from './capture-key.ts';

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
  if (isUnsafeBallot(b)) return '0';
  const key = keyOf(b);
  return key === null ? `${b[0]}.${b[1]}` : `${b[0]}.${b[1]}.${key}`;
}

/** formatBallot renders the ballot alone, `round.clientId`, never the key (for logs and traces). */
export function formatBallot(b: Ballot): string {
  return `${b[0]}.${b[1]}`;
}

/**
 * parseCaptureId reads `round.clientId.key` (as formatCaptureId prints a capture's id),
 * `round.clientId` (a ballot alone: acceptors refuse its writes where the promise has a key) or
 * `0`; it returns null for anything else.
 */
export function parseCaptureId(text: string): CaptureId | null {
  if (text.trim() === '0') return UNSAFE_BALLOT;
  const m = /^\s*(\d{1,15})\.(\d{1,15})(?:\.([A-Za-z0-9_-]{43}))?\s*$/.exec(text);
  if (!m) return null;
  const b: Ballot = [Number(m[1]), Number(m[2])];
  if (!(b[0] >= 1 && b[0] <= ROUND_MAX && b[1] >= 1)) return null;
  return withKey(b, m[3] ?? null);
}

/**
 * ROUND_WINDOW bounds how far above a register's promise an acceptor lets a ballot's round jump
 * (acceptor.ts): a forged capture id at round 2^48 is refused instead of closing the register for
 * good. Rounds of honest clients stay far below it: a client's own rounds grow by one per ballot
 * (RoundCounter), and it jumps only just above a promise it saw.
 */
export const ROUND_WINDOW = 2 ** 32;

/** Jumps remembered per register before the oldest are folded away (see RoundCounter). */
const MAX_JUMPS = 4096;

/**
 * RoundCounter hands out the rounds of one client. Every proposer operation of the client takes
 * its ballots from the same counter, so two operations of one client never share a ballot (two
 * values at one ballot would break Paxos). `next(aboveRound, keys)` lets an operation jump above
 * a promise it has seen on the registers `keys`, so that a retry is not preempted again by the
 * same ballot.
 *
 * A jump is remembered for those registers only, not for the whole client: a round seen on one
 * register (a forged huge one, say) does not push the client's ballots on every other register
 * up with it. Ballots stay unique per register, which is all Paxos needs: a register's ballots
 * are above both the client's own count and every jump made on that register. When more than
 * MAX_JUMPS registers hold jumps, the oldest are folded into the count (still unique).
 * `next` answers null instead of a round above ROUND_MAX: the operation then gives up
 * (`preempted`), it never throws.
 */
export class RoundCounter {
  private last = 0;
  private readonly jumps = new Map<string, number>();

  /**
   * `secret` (32 random bytes, say) makes every phase 1 of this client carry a capture key
   * (capture-key.ts), so that only this client, and whoever it hands a capture id to, can write
   * at its ballots. Without one, its promises are unprotected: for tests of the bare protocol.
   */
  constructor(
    readonly clientId: number,
    private readonly secret: Uint8Array | null = null,
  ) {
    if (!Number.isSafeInteger(clientId) || clientId < 1 || clientId > PART_MAX) {
      throw new RangeError(`RoundCounter: clientId must be a positive safe integer, got ${clientId}`);
    }
    if (secret !== null && secret.length < 16) throw new RangeError('RoundCounter: a capture-key secret needs at least 16 bytes');
  }

  /** keyFor: the capture key of this client's phase 1 at `ballot` over [start, end) of `seg`, or null without a secret. */
  keyFor(seg: number, start: number, end: number, ballot: Ballot): CaptureKey | null {
    return this.secret === null ? null : deriveCaptureKey(this.secret, seg, start, end, ballot);
  }

  /**
   * next returns a fresh ballot for the registers `keys` (e.g. "seg:off"), whose round is above
   * every earlier round of this client on them and above `aboveRound`; null when that would pass
   * ROUND_MAX.
   */
  next(aboveRound = 0, keys: readonly string[] = []): Ballot | null {
    let base = this.last;
    for (const k of keys) base = Math.max(base, this.jumps.get(k) ?? 0);
    const round = Math.max(base, aboveRound) + 1;
    if (round > ROUND_MAX) return null;
    if (round === this.last + 1 || keys.length === 0) {
      this.last = Math.max(this.last, round);
    } else {
      // A jump: the client's own count moves on by one (a round it will not use elsewhere),
      // the jump is remembered for these registers.
      this.last++;
      for (const k of keys) {
        this.jumps.delete(k);
        this.jumps.set(k, round);
      }
      this.foldJumps();
    }
    return [round, this.clientId];
  }

  private foldJumps(): void {
    if (this.jumps.size <= MAX_JUMPS) return;
    for (const [k, r] of this.jumps) {
      if (this.jumps.size <= MAX_JUMPS / 2) break;
      this.last = Math.max(this.last, r);
      this.jumps.delete(k);
    }
  }
}
