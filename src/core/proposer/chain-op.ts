/**
 * ChainOp runs one operation, then, depending on its result, either a second operation or a
 * final result. It composes the API calls that take two steps: an allocation check before a data
 * operation, capture before writeSegment, the trim WOR before TrimSegment.
 *
 * Both operations share the rid; each ignores replies that do not match its own requests (type,
 * register, ballot), so late replies of the first never reach a decision of the second.
 */
import type { Reply, ServerId } from '../messages.ts';
import type { OpOutput, Outgoing, ProposerOp } from './op.ts';

export type Continue<A, R> = (first: A) => { op: ProposerOp<R> } | { result: R };

export class ChainOp<A, R> implements ProposerOp<R> {
  readonly rid: number;
  /** True when the first operation is a read of the segment's metadata WOR (an allocation check). */
  guard = false;
  private second: ProposerOp<R> | null = null;
  private outcome: R | undefined;
  private firstOutcome: A | undefined;

  constructor(
    private readonly first: ProposerOp<A>,
    private readonly next: Continue<A, R>,
  ) {
    this.rid = first.rid;
  }

  get result(): R | undefined {
    return this.outcome;
  }

  /** The first operation's result once known (a client caches an allocation check's answer). */
  get firstResult(): A | undefined {
    return this.firstOutcome;
  }

  start(): OpOutput<R> {
    return this.fromFirst(this.first.start());
  }

  onReply(from: ServerId, reply: Reply): OpOutput<R> {
    if (this.outcome !== undefined) return { messages: [] };
    if (this.second) return this.fromSecond(this.second.onReply(from, reply));
    return this.fromFirst(this.first.onReply(from, reply));
  }

  onTimeout(): OpOutput<R> {
    if (this.outcome !== undefined) return { messages: [] };
    if (this.second) return this.fromSecond(this.second.onTimeout());
    return this.fromFirst(this.first.onTimeout());
  }

  private fromFirst(out: OpOutput<A>): OpOutput<R> {
    if (out.done === undefined) return { messages: out.messages };
    this.firstOutcome = out.done;
    const n = this.next(out.done);
    if ('result' in n) {
      this.outcome = n.result;
      return { messages: out.messages, done: n.result };
    }
    this.second = n.op;
    const started = this.fromSecond(n.op.start());
    const messages: Outgoing[] = [...out.messages, ...started.messages];
    return started.done === undefined ? { messages } : { messages, done: started.done };
  }

  private fromSecond(out: OpOutput<R>): OpOutput<R> {
    if (out.done !== undefined) this.outcome = out.done;
    return out;
  }
}
