/**
 * HostileClient: a simulated client that does not follow the protocol (issue 12). It reads
 * registers with ReadQuery and, from every ReadReply, copies the ballots it sees (the promise and
 * the accepted ballot, each with the proof the acceptor returned) into Accepts of a value of its
 * own, sent to every acceptor of the partition; now and then it replays the Accept it saw
 * verbatim. It never runs a phase 1 of its own: that is a Byzantine proposer, which no
 * crash-tolerant protocol stops (docs/runtime.md). What it tests is that a ballot learnt from a
 * reply is no licence to write: with capture keys on, none of its values may ever be chosen or
 * read, so the run's checkers (agreement, one value per register) must stay silent.
 *
 * Its calls are not in the history: a value of its own that some acceptors take and a reader
 * then reports is a value no call wrote, which the checkers flag.
 *
 * With a tracer it records what it sends: `HostileRead` (a probe's ReadQuery) and `HostileAccept`
 * (`verbatim` for a replay), so the register traces (src/trace/record.ts) can place the
 * acceptors' answers to it: its copies are WORPaxos ForgedWrites, which no acceptor may take.
 */
import { META_OFFSET } from '../core/address.ts';
import type { Ballot } from '../core/ballot.ts';
import type { Accept, Message, ReadReply, ServerId } from '../core/messages.ts';
import type { SimNetwork } from './network.ts';
import type { Prng } from './prng.ts';
import type { Scheduler } from './scheduler.ts';
import type { Tracer } from '../core/trace.ts';

export interface HostileOptions {
  segments: number;
  offsets: number;
  /** Virtual time between two probes, drawn in [1, period]. */
  period: number;
  /** Stop probing at this virtual time (the end of the safety phase). */
  until: number;
  /** Records each ReadQuery and Accept it sends (HostileRead, HostileAccept). */
  tracer?: Tracer | null;
}

export class HostileClient {
  readonly nodeId = 'hostile';
  private nextRid = 1_000_000;
  private nextValue = 1;
  /** Accepts sent, and how many of them were copies with a value of the hostile's own. */
  readonly stats = { probes: 0, forged: 0, replayed: 0 };

  constructor(
    private readonly net: SimNetwork,
    private readonly scheduler: Scheduler,
    private readonly prng: Prng,
    private readonly partitionOf: (seg: number) => readonly ServerId[],
    private readonly opts: HostileOptions,
  ) {
    net.attach(this.nodeId, (from, _to, msg) => this.receive(from, msg as Message));
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    this.scheduler.after(this.prng.range(1, this.opts.period), () => {
      if (this.scheduler.now >= this.opts.until) return;
      this.probe();
      this.scheduleProbe();
    });
  }

  private probe(): void {
    this.stats.probes++;
    const seg = this.prng.int(this.opts.segments);
    // Metadata registers too: an alloc is a Paxos run whose ballot a copier could take over.
    const off = this.prng.chance(1, 5) ? META_OFFSET : this.prng.int(this.opts.offsets);
    const rid = this.nextRid++;
    this.opts.tracer?.({ action: 'HostileRead', vars: { hostile: this.nodeId, rid, seg, off } });
    for (const s of this.partitionOf(seg)) this.net.send(this.nodeId, s, { type: 'ReadQuery', rid, seg, off });
  }

  private receive(_from: ServerId, msg: Message): void {
    if (msg.type !== 'ReadReply') return;
    const r = msg as ReadReply;
    const copied: Ballot[] = [];
    // Round 0 is the unsafe ballot, which needs no phase 1: writing at it is the API's unsafe write, not a copy.
    if (r.promised !== null && r.promised[0] > 0) copied.push(r.promised);
    if (r.acceptedBallot !== null && r.acceptedBallot[0] > 0) copied.push(r.acceptedBallot);
    for (const ballot of copied) {
      const accept: Accept = { type: 'Accept', rid: this.nextRid++, seg: r.seg, off: r.off, ballot: [ballot[0], ballot[1]], value: `hostile-${this.nextValue++}` };
      if (r.acceptedProof) accept.proof = r.acceptedProof;
      this.sendToPartition(accept, false);
      this.stats.forged++;
    }
    if (r.acceptedBallot !== null && r.acceptedValue !== null && r.acceptedBallot[0] > 0 && this.prng.chance(1, 3)) {
      // A verbatim replay of the Accept this acceptor took: the proposer's own message again.
      const replay: Accept = { type: 'Accept', rid: this.nextRid++, seg: r.seg, off: r.off, ballot: r.acceptedBallot, value: r.acceptedValue };
      if (r.acceptedProof) replay.proof = r.acceptedProof;
      this.sendToPartition(replay, true);
      this.stats.replayed++;
    }
  }

  private sendToPartition(msg: Accept, verbatim: boolean): void {
    this.opts.tracer?.({ action: 'HostileAccept', vars: { hostile: this.nodeId, rid: msg.rid, seg: msg.seg, off: msg.off, ballot: msg.ballot, value: msg.value, verbatim } });
    for (const s of this.partitionOf(msg.seg)) this.net.send(this.nodeId, s, msg);
  }
}
