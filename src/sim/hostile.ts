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
import { UNSAFE_BALLOT, type Ballot } from '../core/ballot.ts';
import type { Accept, Message, ReadReply, Request, ServerId } from '../core/messages.ts';
import { deriveCaptureKey, prepareKeyOf, signAccept } from '../core/capture-key.ts';
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
  /**
   * Also answer each ReadReply with one malformed request of a random kind (MALFORMED), for the
   * acceptor's checks that only such requests reach: Prepare at the unsafe ballot, ranges that
   * are invalid, rounds at and beyond the round window (and within it of the promise but beyond
   * it of round 0), a Prepare of the promised ballot with another key or none, an AcceptRange
   * with a proof of someone else's value. Most promises it gets carry a key it holds no proofs
   * for (it computes none), but a Prepare without a key can get a promise too: then it is a
   * Byzantine proposer, its values can be chosen and the run's checkers say so. Such runs are
   * for the acceptor traces (test/mutation), whose verdict does not depend on the clients.
   */
  malformed?: boolean;
  /** The servers' round window (for the rounds just at and beyond it). */
  roundWindow?: number;
}

/** The client id of the hostile client's own ballots (honest clients' ids are small). */
export const HOSTILE_BALLOT_CLIENT = 999;
/** A capture key nobody prepared with (capture-key.ts: 43 base64url characters). */
const MADE_UP_KEY = 'hostile'.padEnd(43, 'x');
const MALFORMED = 12;

/** The hostile client's node name: the `from` of the requests it sends (trace recorders place them by it). */
export const HOSTILE_NODE_ID = 'hostile';

export class HostileClient {
  readonly nodeId = HOSTILE_NODE_ID;
  private nextRid = 1_000_000;
  private nextValue = 1;
  /** Accepts sent, and how many of them were copies with a value of the hostile's own. */
  readonly stats = { probes: 0, forged: 0, replayed: 0, malformed: 0 };

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
    // (Not on metadata registers: rounds pushed up by the window there would keep the honest
    // clients from allocating, and their ranges from reaching the data registers at all.)
    if (this.opts.malformed && r.off >= 0) this.sendMalformed(r);
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

  /** One malformed request about the register r answered for (see HostileOptions.malformed). */
  private sendMalformed(r: ReadReply): void {
    const { seg, off } = r;
    const w = this.opts.roundWindow ?? 2 ** 32;
    const p = r.promised === null ? 0 : r.promised[0];
    const mine = (round: number): Ballot => [round, HOSTILE_BALLOT_CLIENT];
    // A data register for the ranges: this one, or register 0 for the metadata register.
    const d = off >= 0 ? off : 0;
    const value = `hostile-${this.nextValue++}`;
    const rid = this.nextRid++;
    let req: Request;
    switch (this.prng.int(MALFORMED)) {
      case 0:
        req = { type: 'Prepare', rid, seg, off, ballot: UNSAFE_BALLOT };
        break;
      case 1:
        req = { type: 'PrepareRange', rid, seg, start: d, end: d + 1, ballot: UNSAFE_BALLOT };
        break;
      case 2:
        req = { type: 'PrepareRange', rid, seg, start: -1, end: d + 1, ballot: mine(p + 1) };
        break;
      case 3:
        req = { type: 'AcceptRange', rid, seg, start: -1, end: d + 1, ballot: r.promised ?? mine(p + 1), value };
        break;
      case 4:
        // Just at the window (taken) or just beyond it (refused).
        req = { type: 'Prepare', rid, seg, off, ballot: mine(p + w + this.prng.int(2)), key: MADE_UP_KEY };
        break;
      case 5:
        req = { type: 'Accept', rid, seg, off, ballot: mine(p + w + 1), value };
        break;
      case 6:
        req = { type: 'PrepareRange', rid, seg, start: d, end: d + 1 + this.prng.int(2), ballot: mine(p + w + this.prng.int(2)), key: MADE_UP_KEY };
        break;
      case 7:
        req = { type: 'AcceptRange', rid, seg, start: d, end: d + 1 + this.prng.int(2), ballot: mine(p + w + this.prng.int(2)), value };
        break;
      case 8:
        // Within the window of the promise, beyond it of round 0.
        req = { type: 'Prepare', rid, seg, off, ballot: mine(Math.max(p, 1) + w - 1), key: MADE_UP_KEY };
        break;
      case 9: {
        // The promised ballot again, with another key or none.
        // (A register that promised nothing gets a Prepare with the made-up key: see above.)
        const ballot = r.promised ?? mine(1);
        req = r.promised !== null && this.prng.chance(1, 2) ? { type: 'Prepare', rid, seg, off, ballot } : { type: 'Prepare', rid, seg, off, ballot, key: MADE_UP_KEY };
        break;
      }
      case 11: {
        // A batch write of its own, keyed and signed as a client's: PrepareRange, AcceptRange,
        // then a Prepare of the same ballot without the key (to be refused, the ballot being
        // promised with a key: a row that lost its key when it accepted would grant it).
        const ballot = mine(p + 1);
        const secret = Uint8Array.from({ length: 32 }, () => this.prng.int(256));
        const key = deriveCaptureKey(secret, seg, d, d + 1, ballot);
        const write: Request = { type: 'AcceptRange', rid: this.nextRid++, seg, start: d, end: d + 1, ballot, value, sig: signAccept(key, seg, d, d + 1, ballot, value).sig };
        const reprepare: Request = { type: 'Prepare', rid: this.nextRid++, seg, off: d, ballot };
        this.scheduler.after(10, () => this.sendAll(write));
        this.scheduler.after(20, () => this.sendAll(reprepare));
        req = { type: 'PrepareRange', rid, seg, start: d, end: d + 1, ballot, key: prepareKeyOf(key) };
        break;
      }
      default: {
        // An AcceptRange at the promised ballot with a value of its own and the proof it saw.
        const ballot = r.promised ?? mine(1);
        req = { type: 'AcceptRange', rid, seg, start: d, end: d + 1, ballot, value };
        if (r.acceptedProof) req.sig = r.acceptedProof.sig;
      }
    }
    this.stats.malformed++;
    this.sendAll(req);
  }

  private sendAll(req: Request): void {
    for (const s of this.partitionOf(req.seg)) this.net.send(this.nodeId, s, req);
  }

  private sendToPartition(msg: Accept, verbatim: boolean): void {
    this.opts.tracer?.({ action: 'HostileAccept', vars: { hostile: this.nodeId, rid: msg.rid, seg: msg.seg, off: msg.off, ballot: msg.ballot, value: msg.value, verbatim } });
    for (const s of this.partitionOf(msg.seg)) this.net.send(this.nodeId, s, msg);
  }
}
