/**
 * BaseOp holds what all single-shot operations share: the done latch, the timeout budget, and the
 * rule for trimmed segments (one Trimmed answer proves the trim was decided, because servers only
 * trim after the trim WOR is written; the op answers `trimmed` and sends TrimSegment to the whole
 * partition, which finishes a trim that a crashed client left half done).
 */
import type { Reply, ServerId, TrimSegment } from '../messages.ts';
import { broadcast, DEFAULT_MAX_BALLOTS, DEFAULT_MAX_TIMEOUTS, validateContext, type OpContext, type OpOutput, type Outgoing, type ProposerOp } from './op.ts';
import { quorumSize } from '../address.ts';

export abstract class BaseOp<R> implements ProposerOp<R> {
  readonly rid: number;
  readonly quorum: number;
  protected readonly maxTimeouts: number;
  protected readonly maxBallots: number;
  protected timeouts = 0;
  private outcome: R | undefined;

  constructor(
    protected readonly ctx: OpContext,
    readonly seg: number,
  ) {
    validateContext(ctx);
    this.rid = ctx.rid;
    this.quorum = quorumSize(ctx.acceptors.length);
    this.maxTimeouts = ctx.maxTimeouts ?? DEFAULT_MAX_TIMEOUTS;
    this.maxBallots = ctx.maxBallots ?? DEFAULT_MAX_BALLOTS;
  }

  get result(): R | undefined {
    return this.outcome;
  }

  get isDone(): boolean {
    return this.outcome !== undefined;
  }

  abstract start(): OpOutput<R>;

  /** handle sees replies of this op's rid while it is not done, Trimmed excepted. */
  protected abstract handle(from: ServerId, reply: Reply): OpOutput<R>;

  /** resend returns the current phase's requests for the acceptors that have not answered. */
  protected abstract resend(): Outgoing[];

  onReply(from: ServerId, reply: Reply): OpOutput<R> {
    if (this.outcome !== undefined || reply.rid !== this.rid || !this.ctx.acceptors.includes(from)) return { messages: [] };
    if (reply.type === 'Trimmed') {
      if (reply.seg !== this.seg) return { messages: [] };
      return this.trimmedOutcome();
    }
    return this.handle(from, reply);
  }

  onTimeout(): OpOutput<R> {
    if (this.outcome !== undefined) return { messages: [] };
    this.timeouts++;
    if (this.timeouts > this.maxTimeouts) return this.finish({ status: 'timeout' } as R);
    return { messages: this.resend() };
  }

  /**
   * The spec's name for the op's kind: its answer is traced as `${kind}Done`, `${kind}Preempted`
   * or `Timeout` (the names of WORPaxos.tla: CaptureDone, WriteDone, ReadDone, ...).
   */
  protected abstract readonly kind: string;

  /**
   * finish latches the result and traces the answer (action: see `kind`, or `action`); `traced`
   * adds what the decision was based on (the replies a read used), which a trace needs to match it.
   */
  protected finish(result: R, messages: Outgoing[] = [], action?: string, traced: Record<string, unknown> = {}): OpOutput<R> {
    this.outcome = result;
    if (this.ctx.tracer) {
      const status = (result as { status: string }).status;
      const name = action ?? (status === 'timeout' ? 'Timeout' : status === 'preempted' ? `${this.kind}Preempted` : `${this.kind}Done`);
      this.trace(name, { result: result as unknown, ...traced });
    }
    return { messages, done: result };
  }

  /** trimmedOutcome answers `trimmed` and finishes the trim on the whole partition. */
  protected trimmedOutcome(): OpOutput<R> {
    const msg: TrimSegment = { type: 'TrimSegment', rid: this.rid, seg: this.seg };
    return this.finish({ status: 'trimmed' } as R, broadcast(this.ctx.acceptors, msg));
  }

  /**
   * tracedOff is the register the op works on, or null for an op over a range. Every event of the
   * op carries it, its answer too: the repairs a range capture runs under one rid answer
   * concurrently, and a trace of one register must tell which answer is its own.
   */
  protected get tracedOff(): number | null {
    return null;
  }

  protected trace(action: string, vars: Record<string, unknown>): void {
    const off = this.tracedOff;
    this.ctx.tracer!({ action, vars: { client: this.ctx.ballots.clientId, rid: this.rid, seg: this.seg, ...(off === null ? {} : { off }), ...vars } });
  }
}
