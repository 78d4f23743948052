/**
 * The proposer side: each client operation (capture, write, read, ...) is a deterministic state
 * machine that a runtime drives.
 *
 *     let out = op.start();                 // messages to send
 *     out = op.onReply(from, reply);        // for every reply whose rid is op.rid
 *     out = op.onTimeout();                 // when the runtime's timer for the op fires
 *
 * Each call returns the messages to send now and, once, `done` with the result; after `done` the
 * op ignores everything and returns no more messages, except that `messages` of the final output
 * may still hold fire-and-forget requests (finishing a trim). An op does no I/O, reads no clock and
 * draws no random number: the runtime owns timers, and ballots come from the client's
 * RoundCounter, so a run replays exactly.
 *
 * Timeouts: onTimeout resends the current phase to the acceptors that have not answered it (the
 * requests are idempotent), and gives up with `timeout` after `maxTimeouts` calls without reaching
 * a result. A runtime should fire it after a delay that grows between calls (backoff).
 */
import { compareBallots, type Ballot, type RoundCounter } from '../ballot.ts';
import type { Reply, Request, ServerId, Value } from '../messages.ts';
import type { Tracer } from '../trace.ts';

export interface Outgoing {
  to: ServerId;
  msg: Request;
}

export interface OpOutput<R> {
  messages: Outgoing[];
  done?: R;
}

export interface ProposerOp<R> {
  /** Every request of the op carries this rid; route replies with this rid to the op. */
  readonly rid: number;
  start(): OpOutput<R>;
  onReply(from: ServerId, reply: Reply): OpOutput<R>;
  onTimeout(): OpOutput<R>;
  /** The result once done, else undefined. */
  readonly result: R | undefined;
}

/** What every operation needs from its client. */
export interface OpContext {
  /** The acceptors of the segment's partition (2F+1 of them). */
  acceptors: readonly ServerId[];
  /** The client's ballot source, shared by all its operations. */
  ballots: RoundCounter;
  /** The rid of this operation's requests: unique among the client's live operations. */
  rid: number;
  tracer?: Tracer | null;
  /** Timeouts tolerated before the op answers `timeout`. */
  maxTimeouts?: number;
  /** Fresh ballots an op that must win (capture, read repair) tries before it answers `preempted`. */
  maxBallots?: number;
}

export const DEFAULT_MAX_TIMEOUTS = 5;
export const DEFAULT_MAX_BALLOTS = 8;

export function validateContext(ctx: OpContext): void {
  if (ctx.acceptors.length < 1) throw new RangeError('proposer: a partition needs at least one acceptor');
  if (new Set(ctx.acceptors).size !== ctx.acceptors.length) throw new RangeError('proposer: acceptor ids must be distinct');
  if (!Number.isSafeInteger(ctx.rid) || ctx.rid < 0) throw new RangeError(`proposer: rid must be a non-negative integer, got ${ctx.rid}`);
}

/** broadcast addresses one request to each of `to`. */
export function broadcast(to: Iterable<ServerId>, msg: Request): Outgoing[] {
  const out: Outgoing[] = [];
  for (const id of to) out.push({ to: id, msg });
  return out;
}

/**
 * Tally counts the answers of one phase: each acceptor counts once (duplicates are ignored), as a
 * yes or a no. With N acceptors and quorum Q, the phase succeeds at Q yeses and cannot succeed
 * once more than N-Q said no.
 */
export class Tally {
  readonly yes = new Set<ServerId>();
  readonly no = new Set<ServerId>();

  constructor(
    readonly acceptors: readonly ServerId[],
    readonly quorum: number,
  ) {}

  answered(id: ServerId): boolean {
    return this.yes.has(id) || this.no.has(id);
  }

  /** vote records an answer; false when the acceptor already answered or is not of the partition. */
  vote(id: ServerId, yes: boolean): boolean {
    if (this.answered(id) || !this.acceptors.includes(id)) return false;
    (yes ? this.yes : this.no).add(id);
    return true;
  }

  get reached(): boolean {
    return this.yes.size >= this.quorum;
  }

  get impossible(): boolean {
    return this.no.size > this.acceptors.length - this.quorum;
  }

  /** silent lists the acceptors that have not answered yet: the ones to resend to. */
  silent(): ServerId[] {
    return this.acceptors.filter((id) => !this.answered(id));
  }
}

/**
 * The outcome of a phase 1 (decidePhase1): nothing accepted anywhere it heard of (`none`), the
 * value phase 2 must carry (`value`), or `ambiguous` when two values are accepted at the top
 * ballot and each could still be chosen there.
 */
export type Phase1Decision = { kind: 'none' } | { kind: 'value'; value: Value } | { kind: 'ambiguous' };

/**
 * decidePhase1 picks the value a phase 1 must carry forward, from what the acceptors that promised
 * reported (`promises`: their accepted ballot and value; acceptors with nothing accepted are left
 * out; `promised` counts all acceptors that promised) out of `n` acceptors with quorum `quorum`.
 *
 * Paxos takes the value of the highest accepted ballot `top`. That is one value as long as every
 * ballot belongs to one proposal; a capture id handed to several writers (or several unsafe
 * writes at <<0,0>>) breaks that: acceptors may hold different values at one ballot (each acceptor
 * refuses a second value at a ballot it accepted, so each holds at most one). Then a value v is
 * possibly chosen at `top` only if the acceptors that reported (top, v) plus those that did not
 * promise could form a quorum. Two such values: `ambiguous` (hear from more acceptors). One: that
 * value (it may be chosen). None: no value is or can be chosen at top, and since top is a shared
 * capture id, whose capture found nothing below it (a capture that finds a value completes it
 * above its own id first), any value is safe; the most reported one at top is taken (ties: the
 * smallest), so every proposer carries the same one.
 */
export function decidePhase1(promises: ReadonlyMap<ServerId, { ballot: Ballot; value: Value }>, promised: number, n: number, quorum: number): Phase1Decision {
  let top: Ballot | null = null;
  for (const p of promises.values()) if (top === null || compareBallots(p.ballot, top) > 0) top = p.ballot;
  if (top === null) return { kind: 'none' };
  const counts = new Map<Value, number>();
  for (const p of promises.values()) if (compareBallots(p.ballot, top) === 0) counts.set(p.value, (counts.get(p.value) ?? 0) + 1);
  if (counts.size === 1) return { kind: 'value', value: [...counts.keys()][0]! };
  const unknown = n - promised;
  const possible = [...counts].filter(([, c]) => c + unknown >= quorum);
  if (possible.length > 1) return { kind: 'ambiguous' };
  if (possible.length === 1) return { kind: 'value', value: possible[0]![0] };
  const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]!;
  return { kind: 'value', value: best[0] };
}
