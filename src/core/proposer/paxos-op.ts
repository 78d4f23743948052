/**
 * PaxosOp runs single-decree Paxos on one WOR, for the operations that must reach a decision of
 * their own (action names of tla/wor/WORPaxos.tla in parentheses):
 * - `capture` (Capture, CaptureDone, CapturePreempted): phase 1 at a fresh ballot; the ballot is
 *   the capture id. If phase 1 revealed an accepted value, the capture must make sure that no
 *   write with its id can ever put a second value into the register, whoever holds the id: it
 *   completes the revealed value with a `repair` PaxosOp at a fresh ballot ABOVE the id (so a
 *   quorum then promised above the id, and a write with it is refused), and answers
 *   `ok(captureId, written: value)`. Completing the value at the id's own ballot would not do: an
 *   acceptor that missed that Accept could later take another value at the same ballot.
 * - `propose` (Capture, then Write and WriteDone): capture+write, alloc, the trim WOR. Phase 1,
 *   then phase 2 at the same ballot with the highest revealed value, or with the op's own value
 *   when none was revealed (standard Paxos, the ballot never leaves the op). `ok` when the decided
 *   value is the op's own, `alreadyWritten(value)` otherwise.
 * - `repair` (a read's fallback, and the capture's completion above): phase 1, then phase 2 of
 *   the highest revealed value: `ok(value)`; `unwritten` when phase 1 revealed nothing (then no
 *   value can be chosen below this ballot any more, and the read linearizes before any later write).
 *
 * A phase that a quorum refuses (Nack) is retried at a fresh ballot above the highest promise
 * seen, up to maxBallots ballots, then the op answers `preempted`.
 */
import { compareBallots, type Ballot } from '../ballot.ts';
import type { Accept, CaptureResult, Nack, Prepare, ReadResult, Reply, ServerId, Value, WriteResult } from '../messages.ts';
import { BaseOp } from './base-op.ts';
import { keyOf, plainBallot, prepareKeyOf, signAccept, withKey, type AcceptProof, type CaptureId, type CaptureKey } from '../capture-key.ts';
import { broadcast, decidePhase1, Tally, type OpContext, type OpOutput, type Outgoing } from './op.ts';

export type PaxosMode = 'capture' | 'propose' | 'repair';

type ResultOf<M extends PaxosMode> = M extends 'capture' ? CaptureResult : M extends 'propose' ? WriteResult : ReadResult;

const KIND: Record<PaxosMode, string> = { capture: 'Capture', propose: 'Write', repair: 'Repair' };

export class PaxosOp<M extends PaxosMode> extends BaseOp<ResultOf<M>> {
  protected readonly kind: string;
  private phase: 'idle' | 'prepare' | 'accept' = 'idle';
  private ballot: Ballot = [0, 0];
  /** The capture key of the current ballot's phase 1 (null: the client has no secret). */
  private key: CaptureKey | null = null;
  /** The proof of the current proposal, signed once per phase 2. */
  private proof: AcceptProof | null = null;
  private tally: Tally;
  private ballotsUsed = 0;
  /** The highest round seen in a promise, so that a retry starts above it. */
  private highestRoundSeen: number;
  /** What the current phase 1's promises reported, per acceptor (see decidePhase1). */
  private promises = new Map<ServerId, { ballot: Ballot; value: Value }>();
  /** The value phase 1 decided to carry forward, once decidePhase1 settled it. */
  private revealedValue: Value | null = null;
  /** The value phase 2 proposes. */
  private proposal: Value | null = null;
  /** capture mode: the completion of a revealed value, at a ballot above the capture id. */
  private completion: PaxosOp<'repair'> | null = null;
  /**
   * A completion (repair mode, run by a capture or a range capture): the capture id whose revealed
   * value it completes. Its Capture events say so (`completes`), so that a trace can tell the
   * completion from the capture's own retries when the answer does not: a completion that finds
   * the register unwritten answers its own ballot as the capture id, and a capture that fails
   * (trimmed, timeout, another repair of the range preempted) names no id (src/trace/record.ts).
   * Set before start().
   */
  completes: Ballot | null = null;

  constructor(
    ctx: OpContext,
    seg: number,
    readonly off: number,
    readonly mode: M,
    /** The op's own value (propose mode only). */
    readonly value: Value | null = null,
    /** Start above this round (a read passes the highest round it saw). */
    aboveRound = 0,
  ) {
    super(ctx, seg);
    if (mode === 'propose' && value === null) throw new TypeError('PaxosOp: propose needs a value');
    this.kind = KIND[mode];
    this.highestRoundSeen = aboveRound;
    this.tally = new Tally(ctx.acceptors, this.quorum);
  }

  protected override get tracedOff(): number {
    return this.off;
  }

  /** The ballot of the current attempt (the capture id in capture mode). */
  get currentBallot(): Ballot {
    return this.ballot;
  }

  /** The current ballot as a capture id, with its key: whoever holds it may write at it. */
  get captureId(): CaptureId {
    return withKey(this.ballot, this.key);
  }

  start(): OpOutput<ResultOf<M>> {
    if (this.phase !== 'idle') throw new Error('PaxosOp: start called twice');
    return this.newBallot();
  }

  private newBallot(): OpOutput<ResultOf<M>> {
    this.ballotsUsed++;
    const ballot = this.ctx.ballots.next(this.highestRoundSeen, [`${this.seg}:${this.off}`]);
    // No round is left above what a server promised (a forged capture id at ROUND_MAX): give up.
    if (ballot === null) return this.finish({ status: 'preempted' } as ResultOf<M>);
    this.ballot = ballot;
    this.key = this.ctx.ballots.keyFor(this.seg, this.off, this.off + 1, ballot);
    this.proof = null;
    this.phase = 'prepare';
    this.tally = new Tally(this.ctx.acceptors, this.quorum);
    this.promises = new Map();
    this.revealedValue = null;
    // keyed: whether this phase 1 carries a capture key (src/trace/record.ts tells a forged write by it).
    if (this.ctx.tracer) this.trace('Capture', this.completes === null ? { off: this.off, ballot: this.ballot, keyed: this.key !== null } : { off: this.off, ballot: this.ballot, completes: this.completes, keyed: this.key !== null });
    return { messages: broadcast(this.ctx.acceptors, this.prepareMsg()) };
  }

  private prepareMsg(): Prepare {
    return prepareMessage(this.rid, this.seg, this.off, this.ballot, this.key);
  }

  private acceptMsg(): Accept {
    if (this.key !== null && this.proof === null) this.proof = signAccept(this.key, this.seg, this.off, this.off + 1, this.ballot, this.proposal!);
    return acceptMessage(this.rid, this.seg, this.off, this.ballot, this.proposal!, this.proof);
  }

  protected resend(): Outgoing[] {
    const msg = this.phase === 'prepare' ? this.prepareMsg() : this.acceptMsg();
    return broadcast(this.tally.silent(), msg);
  }

  override onTimeout(): OpOutput<ResultOf<M>> {
    if (this.completion && !this.isDone) return this.afterCompletion(this.completion.onTimeout());
    return super.onTimeout();
  }

  protected handle(from: ServerId, reply: Reply): OpOutput<ResultOf<M>> {
    if (this.completion) return this.afterCompletion(this.completion.onReply(from, reply));
    if (reply.type === 'Invalid') {
      // Only a bug sends a request the acceptor calls invalid; count it as a refusal so the op ends.
      this.tally.vote(from, false);
      return this.afterVote();
    }
    if (!('off' in reply) || reply.seg !== this.seg || reply.off !== this.off) return { messages: [] };
    if (!('ballot' in reply) || compareBallots(reply.ballot, this.ballot) !== 0) return { messages: [] };
    if (reply.type === 'Nack') {
      this.highestRoundSeen = Math.max(this.highestRoundSeen, reply.promised[0]);
      this.tally.vote(from, false);
    } else if (this.phase === 'prepare' && reply.type === 'Promise') {
      if (this.tally.vote(from, true) && reply.acceptedBallot !== null && reply.acceptedValue !== null) {
        this.promises.set(from, { ballot: reply.acceptedBallot, value: reply.acceptedValue });
      }
    } else if (this.phase === 'accept' && reply.type === 'Accepted') {
      this.tally.vote(from, true);
    } else {
      return { messages: [] };
    }
    return this.afterVote();
  }

  private afterVote(): OpOutput<ResultOf<M>> {
    if (this.tally.reached && this.phase === 'accept') return this.afterPhase2();
    if (this.tally.reached) {
      const d = decidePhase1(this.promises, this.tally.yes.size, this.ctx.acceptors.length, this.quorum);
      if (d.kind !== 'ambiguous') {
        this.revealedValue = d.kind === 'value' ? d.value : null;
        return this.afterPhase1();
      }
      // Two values at the top ballot could each still be chosen: wait for more promises, or, when
      // no more can come (the others refused), try again at a fresh ballot.
      if (this.tally.silent().length > 0) return { messages: [] };
      if (this.ballotsUsed >= this.maxBallots) return this.finish({ status: 'preempted' } as ResultOf<M>);
      return this.newBallot();
    }
    if (this.tally.impossible) {
      if (this.ballotsUsed >= this.maxBallots) return this.finish({ status: 'preempted' } as ResultOf<M>);
      return this.newBallot();
    }
    return { messages: [] };
  }

  private afterPhase1(): OpOutput<ResultOf<M>> {
    if (this.revealedValue === null) {
      if (this.mode === 'capture') return this.finish({ status: 'ok', captureId: this.captureId } as ResultOf<M>, [], undefined, { quorum: [...this.tally.yes] });
      if (this.mode === 'repair') return this.finish({ status: 'unwritten' } as ResultOf<M>);
    } else if (this.mode === 'capture') {
      this.completion = new PaxosOp(this.ctx, this.seg, this.off, 'repair', null, this.ballot[0]);
      this.completion.completes = this.ballot;
      return this.afterCompletion(this.completion.start());
    }
    const quorum = [...this.tally.yes];
    this.proposal = this.revealedValue ?? this.value;
    this.phase = 'accept';
    this.tally = new Tally(this.ctx.acceptors, this.quorum);
    // callerValue: the write call's own value (spec Write(c, v)); `value` is the one sent (w).
    if (this.ctx.tracer) this.trace('Write', { off: this.off, ballot: this.ballot, value: this.proposal, callerValue: this.value, quorum });
    return { messages: broadcast(this.ctx.acceptors, this.acceptMsg()) };
  }

  private afterPhase2(): OpOutput<ResultOf<M>> {
    const decided = this.proposal!;
    if (this.mode === 'repair') return this.finish({ status: 'ok', value: decided } as ResultOf<M>);
    if (decided === this.value) return this.finish({ status: 'ok' } as ResultOf<M>);
    return this.finish({ status: 'alreadyWritten', value: decided } as ResultOf<M>);
  }

  /** afterCompletion turns the completion's answer into the capture's. */
  private afterCompletion(out: OpOutput<ReadResult>): OpOutput<ResultOf<M>> {
    const r = out.done;
    if (r === undefined) return { messages: out.messages };
    if (r.status === 'ok') return this.finish({ status: 'ok', captureId: this.captureId, written: r.value } as ResultOf<M>, out.messages);
    // unwritten: the completion's phase 1 (another quorum) found no value after all. Its ballot,
    // not ours, is now the one a quorum promised, with nothing accepted: a fresh capture id. Ours
    // would be refused by that quorum.
    if (r.status === 'unwritten') return this.finish({ status: 'ok', captureId: this.completion!.captureId } as ResultOf<M>, out.messages);
    return this.finish(r as ResultOf<M>, out.messages);
  }
}

/**
 * WriteOp is write(seg, off, value, captureId) with an id captured elsewhere (spec: Write,
 * WriteDone, WritePreempted): phase 2 alone, at the ballot the id names (<<0,0>> for the unsafe
 * write). It never retries at another ballot: the id is a lock. When a quorum refuses, the answer
 * is `alreadyWritten(value)` if the refusals show a quorum that accepted one ballot (that value is
 * chosen), else `preempted` (somebody captured the register since).
 */
export class WriteOp extends BaseOp<WriteResult> {
  protected readonly kind = 'Write';
  private readonly tally: Tally;
  private readonly refusals: Nack[] = [];
  readonly ballot: Ballot;
  /** Signed with the capture id's key; null for an id without one (refused where the promise has a key). */
  private readonly proof: AcceptProof | null;

  constructor(
    ctx: OpContext,
    seg: number,
    readonly off: number,
    readonly value: Value,
    captureId: CaptureId,
  ) {
    super(ctx, seg);
    this.ballot = plainBallot(captureId);
    const key = keyOf(captureId);
    this.proof = key === null ? null : signAccept(key, seg, off, off + 1, this.ballot, value);
    this.tally = new Tally(ctx.acceptors, this.quorum);
  }

  private acceptMsg(): Accept {
    return acceptMessage(this.rid, this.seg, this.off, this.ballot, this.value, this.proof);
  }

  start(): OpOutput<WriteResult> {
    // keyed: whether the Accept carries a proof (a capture id without its key makes none: a forged write).
    if (this.ctx.tracer) this.trace('Write', { off: this.off, ballot: this.ballot, value: this.value, callerValue: this.value, keyed: this.proof !== null });
    return { messages: broadcast(this.ctx.acceptors, this.acceptMsg()) };
  }

  protected resend(): Outgoing[] {
    return broadcast(this.tally.silent(), this.acceptMsg());
  }

  protected handle(from: ServerId, reply: Reply): OpOutput<WriteResult> {
    if (reply.type === 'Invalid') {
      this.tally.vote(from, false);
    } else if ((reply.type === 'Accepted' || reply.type === 'Nack') && reply.seg === this.seg && reply.off === this.off) {
      if (compareBallots(reply.ballot, this.ballot) !== 0) return { messages: [] };
      if (this.tally.vote(from, reply.type === 'Accepted') && reply.type === 'Nack') this.refusals.push(reply);
    } else {
      return { messages: [] };
    }
    if (this.tally.reached) return this.finish({ status: 'ok' });
    if (this.tally.impossible) {
      const chosen = chosenAmong(this.refusals, this.quorum);
      if (chosen !== null) return this.finish({ status: 'alreadyWritten', value: chosen });
      // preempted means a larger capture id exists; refusals that only show other values at this
      // very id (writers sharing it) prove nothing was chosen yet, nor that it never will be.
      if (this.refusals.some((r) => compareBallots(r.promised, this.ballot) > 0)) return this.finish({ status: 'preempted' });
      return this.finish({ status: 'timeout' });
    }
    return { messages: [] };
  }
}

/**
 * chosenAmong returns the value a quorum of these refusals accepted at one ballot, or null. Ballot
 * AND value must agree: acceptors may hold different values at one shared capture id.
 */
function chosenAmong(refusals: readonly Nack[], quorum: number): Value | null {
  for (const r of refusals) {
    if (r.acceptedBallot === null) continue;
    let same = 0;
    for (const o of refusals) if (o.acceptedBallot !== null && compareBallots(o.acceptedBallot, r.acceptedBallot) === 0 && o.acceptedValue === r.acceptedValue) same++;
    if (same >= quorum) return r.acceptedValue;
  }
  return null;
}

/** prepareMessage: a Prepare, with the public key of `key` when there is one (no empty field on the wire). */
export function prepareMessage(rid: number, seg: number, off: number, ballot: Ballot, key: CaptureKey | null): Prepare {
  const msg: Prepare = { type: 'Prepare', rid, seg, off, ballot };
  if (key !== null) msg.key = prepareKeyOf(key);
  return msg;
}

/** acceptMessage: an Accept, with its proof when there is one. */
export function acceptMessage(rid: number, seg: number, off: number, ballot: Ballot, value: Value, proof: AcceptProof | null): Accept {
  const msg: Accept = { type: 'Accept', rid, seg, off, ballot, value };
  if (proof !== null) msg.proof = proof;
  return msg;
}
