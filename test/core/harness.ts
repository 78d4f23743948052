/**
 * A minimal synchronous runtime for core tests: acceptors on MemoryAcceptorStores and one
 * operation at a time, messages delivered in FIFO order, with an optional filter that drops
 * messages (to model a down acceptor or a lost reply) and a record of everything sent.
 */
import { step } from '../../src/core/acceptor.ts';
import { RoundCounter } from '../../src/core/ballot.ts';
import { MemoryAcceptorStore } from '../../src/core/memory-store.ts';
import type { Reply, Request, ServerId } from '../../src/core/messages.ts';
import type { OpContext, OpOutput, ProposerOp } from '../../src/core/proposer/op.ts';
import type { TraceEvent } from '../../src/core/trace.ts';

export type Envelope = { from: ServerId; to: ServerId; msg: Request | Reply };

export class Harness {
  readonly stores = new Map<ServerId, MemoryAcceptorStore>();
  readonly sent: Envelope[] = [];
  readonly events: TraceEvent[] = [];
  /** Return true to drop a message. */
  drop: (e: Envelope) => boolean = () => false;
  private rid = 1;

  constructor(readonly acceptors: readonly ServerId[] = ['a', 'b', 'c']) {
    for (const id of acceptors) this.stores.set(id, new MemoryAcceptorStore());
  }

  ctx(ballots: RoundCounter, extra: Partial<OpContext> = {}): OpContext {
    return { acceptors: this.acceptors, ballots, rid: this.rid++, tracer: (e) => this.events.push(e), ...extra };
  }

  /** run drives `op` until it answers or no message is left; undefined when it never answered. */
  run<R>(op: ProposerOp<R>, maxTimeouts = 10): R | undefined {
    let out: OpOutput<R> = op.start();
    for (let t = 0; ; t++) {
      const result = this.pump(op, out);
      if (result !== undefined || t >= maxTimeouts) return result ?? op.result;
      out = op.onTimeout();
      if (out.done !== undefined) return out.done;
    }
  }

  /** pump delivers messages until the queue drains; the op's first `done` is returned. */
  pump<R>(op: ProposerOp<R>, first: OpOutput<R>): R | undefined {
    const queue: Envelope[] = first.messages.map((m) => ({ from: 'client', to: m.to, msg: m.msg }));
    let done = first.done;
    while (queue.length > 0) {
      const e = queue.shift()!;
      this.sent.push(e);
      if (this.drop(e)) continue;
      if (e.to === 'client') {
        const out = op.onReply(e.from, e.msg as Reply);
        if (out.done !== undefined && done === undefined) done = out.done;
        for (const m of out.messages) queue.push({ from: 'client', to: m.to, msg: m.msg });
        continue;
      }
      const store = this.stores.get(e.to)!;
      const r = step(store, e.msg as Request, { self: e.to, tracer: (ev) => this.events.push(ev) });
      store.apply(r.changes);
      for (const reply of r.replies) queue.push({ from: e.to, to: 'client', msg: reply });
    }
    return done;
  }

  /** sentOfType lists requests of one type sent to acceptors. */
  sentOfType(type: string): Envelope[] {
    return this.sent.filter((e) => e.msg.type === type);
  }
}
