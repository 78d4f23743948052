/**
 * TracedOp marks an API call's boundaries in the trace, with the names of the abstract specs
 * (tla/wor/WOR.tla: InvokeCapture, ReturnCapture, InvokeWrite, ReturnWrite, InvokeRead,
 * ReturnRead; the segment calls likewise: InvokeAlloc, ReturnAlloc, ...). A checker of the
 * abstract layer needs only these two events per call; the protocol events in between belong to
 * the Paxos layer. The factories wrap an op only when a tracer is set, so an untraced call pays
 * nothing.
 */
import type { Reply, ServerId } from '../messages.ts';
import type { Tracer } from '../trace.ts';
import type { OpOutput, ProposerOp } from './op.ts';

export class TracedOp<R> implements ProposerOp<R> {
  readonly rid: number;

  constructor(
    private readonly inner: ProposerOp<R>,
    private readonly tracer: Tracer,
    /** The call's name in the abstract spec: Capture, Write, Read, Alloc, ... */
    readonly call: string,
    private readonly vars: Record<string, unknown>,
  ) {
    this.rid = inner.rid;
  }

  get result(): R | undefined {
    return this.inner.result;
  }

  /** The wrapped operation (a client reads e.g. a ChainOp's firstResult through it). */
  get op(): ProposerOp<R> {
    return this.inner;
  }

  start(): OpOutput<R> {
    this.tracer({ action: `Invoke${this.call}`, vars: { rid: this.rid, ...this.vars } });
    return this.after(this.inner.start());
  }

  onReply(from: ServerId, reply: Reply): OpOutput<R> {
    return this.after(this.inner.onReply(from, reply));
  }

  onTimeout(): OpOutput<R> {
    return this.after(this.inner.onTimeout());
  }

  private after(out: OpOutput<R>): OpOutput<R> {
    if (out.done !== undefined) this.tracer({ action: `Return${this.call}`, vars: { rid: this.rid, ...this.vars, result: out.done as unknown } });
    return out;
  }
}
