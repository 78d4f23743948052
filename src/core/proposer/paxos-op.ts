/**
 * PaxosOp runs single-decree Paxos on one WOR, for the three operations that must reach a
 * decision of their own:
 * - `capture`: phase 1 (Prepare/Promise) at a fresh ballot. If the quorum revealed no accepted
 *   value, the ballot is the capture id: `ok(captureId)`. If it revealed one, the capture must not
 *   let anyone write a different value with its ballot, so it completes the highest revealed value
 *   with phase 2 at that ballot (standard Paxos) and answers `alreadyWritten(value)` without an id.
 * - `propose` (capture+write, alloc, the trim WOR): phase 1, then phase 2 with the highest
 *   revealed value, or with the op's own value when none was revealed. `ok` when the decided value
 *   is the op's own, `alreadyWritten(value)` otherwise.
 * - `repair` (the second half of a read that met a half-written quorum): phase 1, then phase 2 of
 *   the highest revealed value: `ok(value)`; `unwritten` when phase 1 revealed nothing (then no
 *   value can have been chosen below this ballot, and the read linearizes before any later write).
 *
 * A phase that a quorum refuses (Nack) is retried at a fresh ballot above the highest promise
 * seen, up to maxBallots ballots, then the op answers `preempted`.
 */
import { compareBallots, type Ballot } from '../ballot.ts';
import type { Accept, Prepare, Reply, ServerId, Value, CaptureResult, WriteResult, ReadResult } from '../messages.ts';
import { BaseOp } from './base-op.ts';
import { broadcast, Tally, type OpContext, type OpOutput, type Outgoing } from './op.ts';

export type PaxosMode = 'capture' | 'propose' | 'repair';

type ResultOf<M extends PaxosMode> = M extends 'capture' ? CaptureResult : M extends 'propose' ? WriteResult : ReadResult;

export class PaxosOp<M extends PaxosMode> extends BaseOp<ResultOf<M>> {
  private phase: 'idle' | 'prepare' | 'accept' = 'idle';
  private ballot: Ballot = [0, 0];
  private tally: Tally;
  private ballotsUsed = 0;
  /** The highest promise seen in any Nack or read, so that a retry starts above it. */
  private highestRoundSeen: number;
  /** The highest accepted (ballot, value) revealed by the current phase 1. */
  private revealedBallot: Ballot | null = null;
  private revealedValue: Value | null = null;
  /** The value phase 2 proposes. */
  private proposal: Value | null = null;

  constructor(
    ctx: OpContext,
    seg: number,
    readonly off: number,
    readonly mode: M,
    /** The op's own value (propose mode only). */
    readonly value: Value | null = null,
    /** Start above this round (a read passes the highest round its query saw). */
    aboveRound = 0,
  ) {
    super(ctx, seg);
    if (mode === 'propose' && value === null) throw new TypeError('PaxosOp: propose needs a value');
    this.highestRoundSeen = aboveRound;
    this.tally = new Tally(ctx.acceptors, this.quorum);
  }

  start(): OpOutput<ResultOf<M>> {
    if (this.phase !== 'idle') throw new Error('PaxosOp: start called twice');
    return { messages: this.newBallot() };
  }

  private newBallot(): Outgoing[] {
    this.ballotsUsed++;
    this.ballot = this.ctx.ballots.next(this.highestRoundSeen);
    this.phase = 'prepare';
    this.tally = new Tally(this.ctx.acceptors, this.quorum);
    this.revealedBallot = null;
    this.revealedValue = null;
    if (this.ctx.tracer) this.trace('Prepare', { off: this.off, ballot: this.ballot });
    return broadcast(this.ctx.acceptors, this.prepareMsg());
  }

  private prepareMsg(): Prepare {
    return { type: 'Prepare', rid: this.rid, seg: this.seg, off: this.off, ballot: this.ballot };
  }

  private acceptMsg(): Accept {
    return { type: 'Accept', rid: this.rid, seg: this.seg, off: this.off, ballot: this.ballot, value: this.proposal! };
  }

  protected resend(): Outgoing[] {
    const msg = this.phase === 'prepare' ? this.prepareMsg() : this.acceptMsg();
    return broadcast(this.tally.silent(), msg);
  }

  protected handle(from: ServerId, reply: Reply): OpOutput<ResultOf<M>> {
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
      if (this.tally.vote(from, true) && reply.acceptedBallot !== null) {
        if (this.revealedBallot === null || compareBallots(reply.acceptedBallot, this.revealedBallot) > 0) {
          this.revealedBallot = reply.acceptedBallot;
          this.revealedValue = reply.acceptedValue;
        }
      }
    } else if (this.phase === 'accept' && reply.type === 'Accepted') {
      this.tally.vote(from, true);
    } else {
      return { messages: [] };
    }
    return this.afterVote();
  }

  private afterVote(): OpOutput<ResultOf<M>> {
    if (this.tally.reached) return this.phase === 'prepare' ? this.afterPhase1() : this.afterPhase2();
    if (this.tally.impossible) {
      if (this.ballotsUsed >= this.maxBallots) return this.finish({ status: 'preempted' } as ResultOf<M>);
      return { messages: this.newBallot() };
    }
    return { messages: [] };
  }

  private afterPhase1(): OpOutput<ResultOf<M>> {
    if (this.revealedValue === null) {
      if (this.mode === 'capture') return this.finish({ status: 'ok', captureId: this.ballot } as ResultOf<M>);
      if (this.mode === 'repair') return this.finish({ status: 'unwritten' } as ResultOf<M>);
    }
    this.proposal = this.revealedValue ?? this.value;
    this.phase = 'accept';
    this.tally = new Tally(this.ctx.acceptors, this.quorum);
    if (this.ctx.tracer) {
      this.trace(this.mode === 'repair' ? 'Repair' : 'Accept', { off: this.off, ballot: this.ballot, value: this.proposal });
    }
    return { messages: broadcast(this.ctx.acceptors, this.acceptMsg()) };
  }

  private afterPhase2(): OpOutput<ResultOf<M>> {
    const decided = this.proposal!;
    if (this.mode === 'repair') return this.finish({ status: 'ok', value: decided } as ResultOf<M>);
    if (this.mode === 'propose' && decided === this.value) return this.finish({ status: 'ok' } as ResultOf<M>);
    return this.finish({ status: 'alreadyWritten', value: decided } as ResultOf<M>);
  }
}

/**
 * WriteOp is write(seg, off, value, captureId): phase 2 alone, at the ballot the capture id names
 * (<<0,0>> for the unsafe write). It does not retry at another ballot: the id is a lock, and a
 * quorum that refuses it means somebody captured the WOR since (`preempted`).
 */
export class WriteOp extends BaseOp<WriteResult> {
  private tally: Tally;

  constructor(
    ctx: OpContext,
    seg: number,
    readonly off: number,
    readonly value: Value,
    readonly ballot: Ballot,
  ) {
    super(ctx, seg);
    this.tally = new Tally(ctx.acceptors, this.quorum);
  }

  private acceptMsg(): Accept {
    return { type: 'Accept', rid: this.rid, seg: this.seg, off: this.off, ballot: this.ballot, value: this.value };
  }

  start(): OpOutput<WriteResult> {
    if (this.ctx.tracer) this.trace('Accept', { off: this.off, ballot: this.ballot, value: this.value });
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
      this.tally.vote(from, reply.type === 'Accepted');
    } else {
      return { messages: [] };
    }
    if (this.tally.reached) return this.finish({ status: 'ok' });
    if (this.tally.impossible) return this.finish({ status: 'preempted' });
    return { messages: [] };
  }
}
