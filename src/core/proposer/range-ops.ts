/**
 * Batch operations over a range [start, end) of one segment's data WORs, one ballot and one round
 * of messages for the whole range (the paper's captureSegment/writeSegment).
 *
 * CaptureSegmentOp: PrepareRange at a fresh ballot; an acceptor promises the whole range or
 * nothing. If the quorum revealed accepted values in some registers, the capture id must never
 * put a second value there, so before answering the op completes each of those registers with a
 * PaxosOp `repair` at a fresh ballot of its own, above the capture id: afterwards a quorum of
 * those registers promised above the capture id, and a write with the id is refused there. Only
 * then is the id handed out; if a repair fails the whole capture fails, and the id is never seen.
 *
 * WriteSegmentOp: AcceptRange at the capture id's ballot; every acceptor accepts register by
 * register, so the range's registers are decided one by one (ok or refused).
 */
import { compareBallots, type Ballot } from '../ballot.ts';
import type { AcceptRange, CaptureSegmentResult, OffsetValue, PrepareRange, ReadResult, Reply, ServerId, Value, WriteSegmentResult } from '../messages.ts';
import { BaseOp } from './base-op.ts';
import { broadcast, Tally, type OpContext, type OpOutput, type Outgoing } from './op.ts';
import { PaxosOp } from './paxos-op.ts';
import { keyOf, plainBallot, prepareKeyOf, signAccept, withKey, type CaptureId, type CaptureKey } from '../capture-key.ts';

export class CaptureSegmentOp extends BaseOp<CaptureSegmentResult> {
  protected readonly kind = 'CaptureSegment';
  private ballot: Ballot = [0, 0];
  /** The capture key of the current PrepareRange (null: the client has no secret). */
  private key: CaptureKey | null = null;
  private tally: Tally;
  private ballotsUsed = 0;
  private highestRound = 0;
  private revealed = new Map<number, { ballot: Ballot; value: Value }>();
  /** Repairs of revealed registers by offset, once phase 1 reached a quorum. */
  private repairs: Map<number, PaxosOp<'repair'>> | null = null;
  private readonly written: OffsetValue[] = [];
  /** Offsets whose repair found nothing: unwritten, but promised above the capture id. */
  private readonly unrepaired: number[] = [];
  /** The first failed repair's answer: the capture's answer once all repairs ended. */
  private failure: CaptureSegmentResult | null = null;

  constructor(
    ctx: OpContext,
    seg: number,
    readonly startOff: number,
    readonly endOff: number,
  ) {
    super(ctx, seg);
    this.tally = new Tally(ctx.acceptors, this.quorum);
  }

  start(): OpOutput<CaptureSegmentResult> {
    return this.newBallot();
  }

  private prepareMsg(): PrepareRange {
    const msg: PrepareRange = { type: 'PrepareRange', rid: this.rid, seg: this.seg, start: this.startOff, end: this.endOff, ballot: this.ballot };
    if (this.key !== null) msg.key = prepareKeyOf(this.key);
    return msg;
  }

  /** The capture id handed out: the ballot with its key (one key for the whole range). */
  private get captureId(): CaptureId {
    return withKey(this.ballot, this.key);
  }

  private newBallot(): OpOutput<CaptureSegmentResult> {
    this.ballotsUsed++;
    const keys: string[] = [];
    for (let off = this.startOff; off < this.endOff; off++) keys.push(`${this.seg}:${off}`);
    const ballot = this.ctx.ballots.next(this.highestRound, keys);
    if (ballot === null) return this.finish({ status: 'preempted' });
    this.ballot = ballot;
    this.key = this.ctx.ballots.keyFor(this.seg, this.startOff, this.endOff, ballot);
    this.tally = new Tally(this.ctx.acceptors, this.quorum);
    this.revealed = new Map();
    if (this.ctx.tracer) this.trace('CaptureSegment', { start: this.startOff, end: this.endOff, ballot: this.ballot, keyed: this.key !== null });
    return { messages: broadcast(this.ctx.acceptors, this.prepareMsg()) };
  }

  protected resend(): Outgoing[] {
    if (this.repairs === null) return broadcast(this.tally.silent(), this.prepareMsg());
    const out: Outgoing[] = [];
    for (const op of this.repairs.values()) {
      if (op.isDone) continue;
      const step = op.onTimeout();
      out.push(...step.messages);
      if (step.done) this.repairDone(op.off, step.done);
    }
    return out;
  }

  override onTimeout(): OpOutput<CaptureSegmentResult> {
    if (this.repairs === null) return super.onTimeout();
    if (this.isDone) return { messages: [] };
    // Repairs keep their own timeout budgets; the capture ends when they all have.
    const messages = this.resend();
    return this.afterRepairs(messages);
  }

  protected handle(from: ServerId, reply: Reply): OpOutput<CaptureSegmentResult> {
    if (this.repairs !== null) {
      if (reply.type === 'Invalid' || !('off' in reply)) return { messages: [] };
      const op = this.repairs.get(reply.off);
      if (!op || op.isDone) return { messages: [] };
      const step = op.onReply(from, reply);
      if (step.done) this.repairDone(op.off, step.done);
      return this.afterRepairs(step.messages);
    }
    if (reply.type === 'Invalid') {
      this.tally.vote(from, false);
    } else if ((reply.type === 'PromiseRange' || reply.type === 'NackRange') && this.matches(reply)) {
      if (compareBallots(reply.ballot, this.ballot) !== 0) return { messages: [] };
      if (reply.type === 'NackRange') {
        this.highestRound = Math.max(this.highestRound, reply.promised[0]);
        this.tally.vote(from, false);
      } else if (this.tally.vote(from, true)) {
        for (const a of reply.accepted) {
          // An entry outside the range is a faulty acceptor's; never act on registers not asked about.
          if (a.off < this.startOff || a.off >= this.endOff) continue;
          const cur = this.revealed.get(a.off);
          if (!cur || compareBallots(a.acceptedBallot, cur.ballot) > 0) this.revealed.set(a.off, { ballot: a.acceptedBallot, value: a.acceptedValue });
        }
      }
    } else {
      return { messages: [] };
    }
    if (this.tally.reached) return this.afterPhase1();
    if (this.tally.impossible) {
      if (this.ballotsUsed >= this.maxBallots) return this.finish({ status: 'preempted' });
      return this.newBallot();
    }
    return { messages: [] };
  }

  private matches(r: { seg: number; start: number; end: number }): boolean {
    return r.seg === this.seg && r.start === this.startOff && r.end === this.endOff;
  }

  private afterPhase1(): OpOutput<CaptureSegmentResult> {
    if (this.revealed.size === 0) return this.finish({ status: 'ok', captureId: this.captureId, written: [] });
    this.repairs = new Map();
    const messages: Outgoing[] = [];
    const offs = [...this.revealed.keys()].sort((a, b) => a - b);
    for (const off of offs) {
      const op = new PaxosOp(this.ctx, this.seg, off, 'repair', null, this.ballot[0]);
      op.completes = this.ballot;
      this.repairs.set(off, op);
      messages.push(...op.start().messages);
    }
    return { messages };
  }

  private repairDone(off: number, r: ReadResult): void {
    if (r.status === 'ok') this.written.push({ off, value: r.value });
    else if (r.status === 'unwritten') this.unrepaired.push(off);
    else if (this.failure === null) this.failure = r;
  }

  private afterRepairs(messages: Outgoing[]): OpOutput<CaptureSegmentResult> {
    for (const op of this.repairs!.values()) if (!op.isDone) return { messages };
    if (this.failure) return this.finish(this.failure, this.failure.status === 'trimmed' ? messages : []);
    this.written.sort((a, b) => a.off - b.off);
    if (this.unrepaired.length === 0) return this.finish({ status: 'ok', captureId: this.captureId, written: this.written }, messages);
    this.unrepaired.sort((a, b) => a - b);
    return this.finish({ status: 'ok', captureId: this.captureId, written: this.written, unrepaired: this.unrepaired }, messages);
  }
}

export class WriteSegmentOp extends BaseOp<WriteSegmentResult> {
  protected readonly kind = 'WriteSegment';
  private readonly len: number;
  private readonly yes: Int32Array;
  private readonly no: Int32Array;
  private readonly responded = new Set<ServerId>();
  readonly ballot: Ballot;
  private readonly sig: string | null;

  constructor(
    ctx: OpContext,
    seg: number,
    readonly startOff: number,
    readonly endOff: number,
    readonly value: Value,
    captureId: CaptureId,
  ) {
    super(ctx, seg);
    this.ballot = plainBallot(captureId);
    const key = keyOf(captureId);
    // One signature for the range; without a key the AcceptRange goes unsigned (refused where promises have keys).
    this.sig = key === null ? null : signAccept(key, seg, startOff, endOff, this.ballot, value).sig;
    this.len = endOff - startOff;
    if (!(this.len > 0)) throw new RangeError('WriteSegmentOp: empty range');
    this.yes = new Int32Array(this.len);
    this.no = new Int32Array(this.len);
  }

  private acceptMsg(): AcceptRange {
    const msg: AcceptRange = { type: 'AcceptRange', rid: this.rid, seg: this.seg, start: this.startOff, end: this.endOff, ballot: this.ballot, value: this.value };
    if (this.sig !== null) msg.sig = this.sig;
    return msg;
  }

  start(): OpOutput<WriteSegmentResult> {
    if (this.ctx.tracer) this.trace('WriteSegment', { start: this.startOff, end: this.endOff, ballot: this.ballot, value: this.value });
    return { messages: broadcast(this.ctx.acceptors, this.acceptMsg()) };
  }

  protected resend(): Outgoing[] {
    return broadcast(
      this.ctx.acceptors.filter((id) => !this.responded.has(id)),
      this.acceptMsg(),
    );
  }

  override onTimeout(): OpOutput<WriteSegmentResult> {
    if (this.isDone) return { messages: [] };
    // Out of patience: undecided registers are reported as refused (their fate is unknown).
    if (this.timeouts + 1 > this.maxTimeouts && this.responded.size >= this.quorum) return this.conclude(true);
    return super.onTimeout();
  }

  protected handle(from: ServerId, reply: Reply): OpOutput<WriteSegmentResult> {
    if (reply.type !== 'AcceptedRange' || reply.seg !== this.seg || reply.start !== this.startOff || reply.end !== this.endOff) {
      return { messages: [] };
    }
    if (compareBallots(reply.ballot, this.ballot) !== 0 || this.responded.has(from)) return { messages: [] };
    this.responded.add(from);
    const refusedHere = new Uint8Array(this.len);
    for (const r of reply.refused) {
      const i = r.off - this.startOff;
      if (i >= 0 && i < this.len) refusedHere[i] = 1;
    }
    for (let i = 0; i < this.len; i++) {
      if (refusedHere[i]) this.no[i]++;
      else this.yes[i]++;
    }
    return this.conclude(false);
  }

  /** conclude answers once every register is decided, or (force) treats undecided ones as refused. */
  private conclude(force: boolean): OpOutput<WriteSegmentResult> {
    const n = this.ctx.acceptors.length;
    const preempted: number[] = [];
    for (let i = 0; i < this.len; i++) {
      if (this.yes[i] >= this.quorum) continue;
      if (this.no[i] > n - this.quorum || force) preempted.push(this.startOff + i);
      else return { messages: [] };
    }
    if (preempted.length === this.len) return this.finish({ status: 'preempted' });
    return this.finish({ status: 'ok', written: [], preempted });
  }
}
