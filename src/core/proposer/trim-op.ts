/**
 * TrimSegmentOp is the second half of trim(seg): once the trim WOR is decided, it tells the whole
 * partition to drop the segment and waits for a quorum of Trimmed acknowledgements (every later
 * quorum then meets a server that answers Trimmed).
 */
import type { Reply, ServerId, TrimResult, TrimSegment } from '../messages.ts';
import { BaseOp } from './base-op.ts';
import { broadcast, Tally, type OpContext, type OpOutput, type Outgoing } from './op.ts';

export class TrimSegmentOp extends BaseOp<TrimResult> {
  protected readonly kind = 'Trim';
  private readonly tally: Tally;

  constructor(ctx: OpContext, seg: number) {
    super(ctx, seg);
    this.tally = new Tally(ctx.acceptors, this.quorum);
  }

  private msg(): TrimSegment {
    return { type: 'TrimSegment', rid: this.rid, seg: this.seg };
  }

  start(): OpOutput<TrimResult> {
    if (this.ctx.tracer) this.trace('TrimSegment', {});
    return { messages: broadcast(this.ctx.acceptors, this.msg()) };
  }

  protected resend(): Outgoing[] {
    return broadcast(this.tally.silent(), this.msg());
  }

  /** Trimmed is this op's success, so it is counted here instead of ending the op as `trimmed`. */
  override onReply(from: ServerId, reply: Reply): OpOutput<TrimResult> {
    if (this.isDone || reply.rid !== this.rid || reply.type !== 'Trimmed' || reply.seg !== this.seg) return { messages: [] };
    this.tally.vote(from, true);
    return this.tally.reached ? this.finish({ status: 'ok' }) : { messages: [] };
  }

  protected handle(): OpOutput<TrimResult> {
    return { messages: [] };
  }
}
