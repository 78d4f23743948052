/**
 * ReadOp is read(seg, off) (spec: Read, ReadDone, RepairDone): a ballot-less ReadQuery to the
 * partition, then a decision on the first quorum Q of answers, with top = the highest accepted
 * ballot among them:
 * - no answer holds an accepted value: `unwritten` (a chosen value sits on a quorum, and every
 *   two quorums meet);
 * - every member of Q accepted at top: that value is chosen, `ok(value)`;
 * - otherwise the register is half written and the read repairs it before answering: it re-sends
 *   Accept(top, value) (the very message top's proposer sent, so this is safe) and answers the
 *   value once a quorum accepted it (RepairDone).
 *   The Accept carries the proof the acceptors returned with the value (capture-key.ts): where
 *   top's promise has a capture key, only the value top's proposer signed is taken, so the
 *   repair can complete that value and nothing else.
 * - If the re-sent Accept is refused by a quorum (a larger promise exists), the read falls back to
 *   a full Paxos run (`repair` PaxosOp) at a fresh ballot above every promise it saw, whose phase 1
 *   picks the highest accepted value again. WORPaxos.tla ends such a read in Timeout instead; the
 *   fallback keeps reads live under contention.
 */
import { ballotEquals, compareBallots, type Ballot } from '../ballot.ts';
import type { Accept, ReadQuery, ReadResult, Reply, ServerId, Value } from '../messages.ts';
import { BaseOp } from './base-op.ts';
import { broadcast, Tally, type OpContext, type OpOutput, type Outgoing } from './op.ts';
import { acceptMessage, PaxosOp } from './paxos-op.ts';
import type { AcceptProof } from '../capture-key.ts';

export class ReadOp extends BaseOp<ReadResult> {
  protected readonly kind = 'Read';
  private phase: 'reading' | 'repairing' | 'fallback' = 'reading';
  private tally: Tally;
  /** The first reply of each acceptor of the quorum (what the decision is based on, in traces too). */
  private readonly seen: { acceptor: ServerId; acceptedBallot: Ballot | null; acceptedValue: Value | null }[] = [];
  private highestRound = 0;
  private top: { ballot: Ballot; value: Value; proof: AcceptProof | null } | null = null;
  /** The proofs the replies returned with their accepted values (kept out of `seen`, which is traced). */
  private readonly proofs = new Map<ServerId, AcceptProof>();
  private fallback: PaxosOp<'repair'> | null = null;

  constructor(
    ctx: OpContext,
    seg: number,
    readonly off: number,
  ) {
    super(ctx, seg);
    this.tally = new Tally(ctx.acceptors, this.quorum);
  }

  protected override get tracedOff(): number {
    return this.off;
  }

  private queryMsg(): ReadQuery {
    return { type: 'ReadQuery', rid: this.rid, seg: this.seg, off: this.off };
  }

  private repairMsg(): Accept {
    return acceptMessage(this.rid, this.seg, this.off, this.top!.ballot, this.top!.value, this.top!.proof);
  }

  start(): OpOutput<ReadResult> {
    if (this.ctx.tracer) this.trace('Read', { off: this.off });
    return { messages: broadcast(this.ctx.acceptors, this.queryMsg()) };
  }

  protected resend(): Outgoing[] {
    return broadcast(this.tally.silent(), this.phase === 'reading' ? this.queryMsg() : this.repairMsg());
  }

  override onTimeout(): OpOutput<ReadResult> {
    if (this.fallback && !this.isDone) return this.relay(this.fallback.onTimeout());
    return super.onTimeout();
  }

  protected handle(from: ServerId, reply: Reply): OpOutput<ReadResult> {
    if (this.fallback) return this.relay(this.fallback.onReply(from, reply));
    if (!('off' in reply) || reply.seg !== this.seg || reply.off !== this.off) return { messages: [] };
    if (this.phase === 'reading') {
      if (reply.type !== 'ReadReply' || !this.tally.vote(from, true)) return { messages: [] };
      this.seen.push({ acceptor: from, acceptedBallot: reply.acceptedBallot, acceptedValue: reply.acceptedValue });
      if (reply.acceptedProof) this.proofs.set(from, reply.acceptedProof);
      for (const b of [reply.promised, reply.acceptedBallot]) if (b) this.highestRound = Math.max(this.highestRound, b[0]);
      return this.tally.reached ? this.decide() : { messages: [] };
    }
    // repairing: answers to the re-sent Accept(top).
    if ((reply.type !== 'Accepted' && reply.type !== 'Nack') || compareBallots(reply.ballot, this.top!.ballot) !== 0) return { messages: [] };
    if (reply.type === 'Nack') this.highestRound = Math.max(this.highestRound, reply.promised[0]);
    this.tally.vote(from, reply.type === 'Accepted');
    if (this.tally.reached) return this.finish({ status: 'ok', value: this.top!.value }, [], 'RepairDone');
    if (this.tally.impossible) {
      this.phase = 'fallback';
      this.fallback = new PaxosOp(this.ctx, this.seg, this.off, 'repair', null, this.highestRound);
      return this.relay(this.fallback.start());
    }
    return { messages: [] };
  }

  private decide(): OpOutput<ReadResult> {
    let top: { acceptedBallot: Ballot | null; acceptedValue: Value | null } | null = null;
    const traced = { replies: this.seen };
    for (const s of this.seen) {
      if (s.acceptedBallot !== null && (top === null || compareBallots(s.acceptedBallot, top.acceptedBallot!) > 0)) top = s;
    }
    if (top === null) return this.finish({ status: 'unwritten' }, [], undefined, traced);
    const atTop = this.seen.filter((s) => ballotEquals(s.acceptedBallot, top.acceptedBallot));
    if (atTop.length === this.seen.length && atTop.every((s) => s.acceptedValue === top.acceptedValue)) {
      return this.finish({ status: 'ok', value: top.acceptedValue! }, [], undefined, traced);
    }
    if (atTop.some((s) => s.acceptedValue !== top.acceptedValue)) {
      // Different values at the top ballot (a capture id shared by several writers): re-sending
      // one of them proves nothing; Paxos at a fresh ballot settles which one (if any) is chosen.
      this.phase = 'fallback';
      this.fallback = new PaxosOp(this.ctx, this.seg, this.off, 'repair', null, this.highestRound);
      return this.relay(this.fallback.start());
    }
    // Any proof returned with this value at this ballot will do: they all sign it.
    const withProof = atTop.find((s) => this.proofs.has(s.acceptor));
    this.top = { ballot: top.acceptedBallot!, value: top.acceptedValue!, proof: withProof ? this.proofs.get(withProof.acceptor)! : null };
    this.phase = 'repairing';
    this.tally = new Tally(this.ctx.acceptors, this.quorum);
    if (this.ctx.tracer) this.trace('Repair', { off: this.off, ballot: this.top.ballot, value: this.top.value, ...traced });
    return { messages: broadcast(this.ctx.acceptors, this.repairMsg()) };
  }

  /** relay passes the fallback's output through, latching its result as the read's. */
  private relay(out: OpOutput<ReadResult>): OpOutput<ReadResult> {
    if (out.done === undefined) return out;
    return this.finish(out.done, out.messages, 'RepairDone');
  }
}
