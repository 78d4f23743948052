/**
 * ReadOp is read(seg, off): a ballot-less ReadQuery to the partition, then a decision on the
 * first quorum of answers:
 * - no answer holds an accepted value: `unwritten` (a chosen value would sit on a quorum, and
 *   every two quorums meet);
 * - a quorum of answers accepted at one same ballot: that value is chosen, `ok(value)`;
 * - otherwise the register is half written: the read repairs it with a PaxosOp in `repair` mode at
 *   a fresh ballot above every promise it saw (phase 1 picks the highest accepted value again, so
 *   a value chosen meanwhile is kept), and answers what the repair decided.
 */
import { ballotEquals, compareBallots, type Ballot } from '../ballot.ts';
import type { ReadQuery, ReadResult, Reply, ServerId, Value } from '../messages.ts';
import { BaseOp } from './base-op.ts';
import { broadcast, Tally, type OpContext, type OpOutput, type Outgoing } from './op.ts';
import { PaxosOp } from './paxos-op.ts';

interface Seen {
  acceptedBallot: Ballot | null;
  acceptedValue: Value | null;
}

export class ReadOp extends BaseOp<ReadResult> {
  private readonly tally: Tally;
  private readonly seen: Seen[] = [];
  private highestRound = 0;
  private repair: PaxosOp<'repair'> | null = null;

  constructor(
    ctx: OpContext,
    seg: number,
    readonly off: number,
  ) {
    super(ctx, seg);
    this.tally = new Tally(ctx.acceptors, this.quorum);
  }

  private queryMsg(): ReadQuery {
    return { type: 'ReadQuery', rid: this.rid, seg: this.seg, off: this.off };
  }

  start(): OpOutput<ReadResult> {
    if (this.ctx.tracer) this.trace('ReadQuery', { off: this.off });
    return { messages: broadcast(this.ctx.acceptors, this.queryMsg()) };
  }

  protected resend(): Outgoing[] {
    return broadcast(this.tally.silent(), this.queryMsg());
  }

  override onTimeout(): OpOutput<ReadResult> {
    if (this.repair && !this.isDone) return this.relay(this.repair.onTimeout());
    return super.onTimeout();
  }

  protected handle(from: ServerId, reply: Reply): OpOutput<ReadResult> {
    if (this.repair) return this.relay(this.repair.onReply(from, reply));
    if (reply.type !== 'ReadReply' || reply.seg !== this.seg || reply.off !== this.off) return { messages: [] };
    if (!this.tally.vote(from, true)) return { messages: [] };
    this.seen.push({ acceptedBallot: reply.acceptedBallot, acceptedValue: reply.acceptedValue });
    for (const b of [reply.promised, reply.acceptedBallot]) if (b) this.highestRound = Math.max(this.highestRound, b[0]);
    if (!this.tally.reached) return { messages: [] };
    return this.decide();
  }

  private decide(): OpOutput<ReadResult> {
    const written = this.seen.filter((s) => s.acceptedBallot !== null);
    if (written.length === 0) return this.finish({ status: 'unwritten' });
    for (const s of written) {
      const sameBallot = written.filter((t) => ballotEquals(t.acceptedBallot, s.acceptedBallot)).length;
      if (sameBallot >= this.quorum) return this.finish({ status: 'ok', value: s.acceptedValue! });
    }
    if (this.ctx.tracer) {
      const highest = written.reduce((a, b) => (compareBallots(a.acceptedBallot!, b.acceptedBallot!) >= 0 ? a : b));
      this.trace('StartRepair', { off: this.off, acceptedBallot: highest.acceptedBallot, acceptedValue: highest.acceptedValue });
    }
    this.repair = new PaxosOp(this.ctx, this.seg, this.off, 'repair', null, this.highestRound);
    return this.relay(this.repair.start());
  }

  /** relay passes the repair's output through, latching its result as the read's. */
  private relay(out: OpOutput<ReadResult>): OpOutput<ReadResult> {
    if (out.done === undefined) return out;
    return this.finish(out.done, out.messages);
  }
}
