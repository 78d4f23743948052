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
 * writes at <<0,0>>) breaks that: acceptors may hold different values at one ballot. The rule is
 * Fast Paxos's recovery: with P the acceptors that promised this phase 1's ballot c, a value w
 * "may have been chosen at top" iff count(w at top in P) + (n - |P|) >= quorum. Then: one value at
 * top, or exactly one that may have been chosen: that value; none may have been: any value at top
 * (the most reported, ties to the smallest, so proposers agree); two or more may have been:
 * `ambiguous` (wait for more promises, or retry at a fresh ballot; never guess).
 *
 * Why this is safe (the value v it picks is the only one that can have been or can be chosen at
 * any ballot below c):
 * 1. Ballots in (top, c): every acceptor of P promised c and had accepted nothing above top, and
 *    a promise of c refuses every Accept below c; P meets every quorum, so nothing is chosen there.
 * 2. Ballot top: an acceptor holds at most one value per ballot (it refuses a second one), and an
 *    acceptor of P that accepted (top, w) reports exactly that (nothing above top). A quorum Q that
 *    chose w at top has |Q ∩ P| >= quorum - (n - |P|) members reporting w, so w passes the test;
 *    a value failing it can never be chosen at top, since P will take no more Accepts at top.
 *    With all n answers (|P| = n) at most one value passes (two quorums at one ballot share an
 *    acceptor), so `ambiguous` ends once every acceptor answered.
 * 3. Ballots below top. Who can put values at top: (a) the proposer that owns top (propose or
 *    repair PaxosOp), after its own phase 1, with one value only; then every value at top is that
 *    one, and the ordinary Paxos induction says it is the only value chosen or choosable below
 *    top. (b) Writers of a capture id top, handed out by a capture whose phase 1 at top found
 *    nothing accepted (a capture that finds a value completes it at a ballot above top before it
 *    answers, so a quorum holds that value above top and this phase 1 would see a higher top), so
 *    no value was or can be chosen below top. (c) The unsafe ballot <<0,0>>: nothing is below it.
 *    (d) A read repair re-sending Accept(top, w) for a w already sent at top: adds no new value.
 *    Acceptors take Accept(top) only if they promised top (acceptor.ts), so a made-up id that
 *    nobody promised puts nothing anywhere. Several values at top can therefore only come from (b)
 *    or (c), where nothing is chosen below top: with none possible at top either, any value is
 *    safe; with exactly one possible at top, it is the only candidate anywhere below c.
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
