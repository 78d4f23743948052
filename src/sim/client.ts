/**
 * SimClient: the client runtime of the simulator. It turns API calls into core proposer
 * operations, sends their messages through the simulated network, routes replies by rid, fires
 * their timeouts with exponential backoff in virtual time, and records each call in the history.
 * A crashed client stops dead: its pending calls never return, and its messages in flight may
 * still arrive at servers. A client that comes back takes a fresh clientId (ballots stay unique).
 */
import { createHash } from 'node:crypto';
import { RoundCounter } from '../core/ballot.ts';
import type { AnyResult, Message, Reply, ServerId } from '../core/messages.ts';
import type { OpContext, OpOutput, ProposerOp } from '../core/proposer/op.ts';
import {
  allocationCheck,
  allocOp,
  captureOp,
  captureSegmentOp,
  checkOp,
  readOp,
  trimOp,
  writeOp,
  writeSegmentOp,
} from '../core/proposer/operations.ts';
import type { Tracer } from '../core/trace.ts';
import type { Call, CallRecord } from './history.ts';
import type { SimNetwork } from './network.ts';
import type { Scheduler } from './scheduler.ts';

export interface SimClientOptions {
  timeoutBase: number;
  timeoutMax: number;
  maxTimeouts: number;
  tracer?: Tracer | null;
  /** false: the client's phase 1s carry no capture key (the hole before issue 12, for negative tests). */
  captureKeys?: boolean;
}

interface Live {
  op: ProposerOp<AnyResult>;
  record: CallRecord;
  timeouts: number;
  timerGen: number;
  onDone: (r: AnyResult) => void;
  seg: number;
}

export class SimClient {
  readonly nodeId: ServerId;
  private readonly ballots: RoundCounter;
  private nextRid = 1;
  private readonly live = new Map<number, Live>();
  /** Segments this client saw allocated: data calls skip the metadata read (as a real client caches it). */
  private readonly allocated = new Set<number>();
  alive = true;

  constructor(
    readonly clientId: number,
    private readonly net: SimNetwork,
    private readonly scheduler: Scheduler,
    private readonly partitionOf: (seg: number) => readonly ServerId[],
    private readonly history: CallRecord[],
    private readonly opts: SimClientOptions,
  ) {
    this.nodeId = `c${clientId}`;
    // A secret per client, derived from its id so that a run replays exactly; the simulator's
    // clients cooperate, and its hostile client (hostile.ts) never uses it.
    const secret = opts.captureKeys === false ? null : createHash('sha256').update(`wormspace-sim-client-secret:${clientId}`).digest();
    this.ballots = new RoundCounter(clientId, secret);
    net.attach(this.nodeId, (from, _to, msg) => this.receive(from, msg as Message));
  }

  get pendingCalls(): number {
    return this.live.size;
  }

  /** invoke starts an API call; onDone runs when it returns (never, if the client crashes first). */
  invoke(call: Call, liveness: boolean, onDone: (r: AnyResult) => void = () => {}): CallRecord {
    if (!this.alive) throw new Error('SimClient.invoke: the client crashed');
    const record: CallRecord = { id: this.history.length, client: this.clientId, call, invokedAt: this.scheduler.now, returnedAt: null, result: null, liveness };
    this.history.push(record);
    const rid = this.nextRid++;
    const ctx: OpContext = {
      acceptors: this.partitionOf(call.seg),
      ballots: this.ballots,
      rid,
      tracer: this.opts.tracer ?? null,
      maxTimeouts: this.opts.maxTimeouts,
    };
    const op = this.makeOp(ctx, call);
    const entry: Live = { op, record, timeouts: 0, timerGen: 0, onDone, seg: call.seg };
    this.live.set(rid, entry);
    this.handle(entry, op.start());
    return record;
  }

  private makeOp(ctx: OpContext, call: Call): ProposerOp<AnyResult> {
    const opts = { allocated: this.allocated.has(call.seg) };
    switch (call.kind) {
      case 'alloc':
        return allocOp(ctx, call.seg, call.value);
      case 'check':
        return checkOp(ctx, call.seg);
      case 'trim':
        return trimOp(ctx, call.seg);
      case 'capture':
        return captureOp(ctx, call.seg, call.off, opts);
      case 'write':
        return writeOp(ctx, call.seg, call.off, call.value, call.captureId, opts);
      case 'read':
        return readOp(ctx, call.seg, call.off, opts);
      case 'captureSegment':
        return captureSegmentOp(ctx, call.seg, call.start, call.end, opts);
      case 'writeSegment':
        return writeSegmentOp(ctx, call.seg, call.start, call.end, call.value, call.captureId, opts);
    }
  }

  private receive(from: ServerId, msg: Message): void {
    if (!this.alive) return;
    const reply = msg as Reply;
    const entry = this.live.get(reply.rid);
    if (!entry) return;
    this.handle(entry, entry.op.onReply(from, reply));
  }

  private handle(entry: Live, out: OpOutput<AnyResult>): void {
    for (const m of out.messages) this.net.send(this.nodeId, m.to, m.msg);
    if (out.done !== undefined) {
      this.live.delete(entry.op.rid);
      this.learnAllocation(entry);
      entry.record.result = out.done;
      entry.record.returnedAt = this.scheduler.now;
      entry.onDone(out.done);
      return;
    }
    if (out.messages.length > 0) this.arm(entry);
  }

  /** learnAllocation caches what a call proved about its segment's allocation. */
  private learnAllocation(entry: Live): void {
    const r = entry.op.result as { status: string } | undefined;
    const call = entry.record.call;
    if (allocationCheck(entry.op)?.status === 'ok') this.allocated.add(entry.seg);
    if ((call.kind === 'alloc' || call.kind === 'check') && (r?.status === 'ok' || r?.status === 'alreadyWritten')) this.allocated.add(entry.seg);
  }

  /** arm (re)starts the op's timer; the delay doubles with each timeout, up to timeoutMax. */
  private arm(entry: Live): void {
    const gen = ++entry.timerGen;
    const delay = Math.min(this.opts.timeoutMax, this.opts.timeoutBase * 2 ** entry.timeouts);
    this.scheduler.after(delay, () => {
      if (!this.alive || entry.timerGen !== gen || !this.live.has(entry.op.rid)) return;
      entry.timeouts++;
      const out = entry.op.onTimeout();
      this.handle(entry, out);
      if (out.done === undefined && out.messages.length === 0) this.arm(entry);
    });
  }

  crash(): void {
    this.alive = false;
    this.live.clear();
    this.net.detach(this.nodeId);
  }
}
