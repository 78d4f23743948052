/**
 * SimServer: the core acceptor bound to a simulated disk, the way the TCP server binds it to
 * SQLite. Each request is stepped against the working state; its changes join a pending batch
 * that a simulated fsync makes durable after `fsyncDelay`, and the replies wait for that fsync
 * (group commit: requests arriving meanwhile share it). A crash throws away the working state,
 * the pending batch and the held replies; a restart reloads the working state from the disk.
 *
 * Deliberate bugs for negative tests (the checkers must catch what each breaks); they live here,
 * in the simulator's binding, so the core itself has no bug switches:
 * - `ackBeforeFsync`: replies go out at once, before their changes are durable, so a crash can
 *   take back a promise or an accept already answered;
 * - `acceptBelowPromise` (WORPaxos.tla's AcceptBelowPromise): Accept is stepped as if the acceptor
 *   had promised exactly its ballot, so a stale ballot overwrites what a newer capture relies on;
 * - `promiseHidesAccepted` (the effect of WriteIgnoresAccepted): Promise replies leave out the
 *   accepted value, so phase 2 goes out with the caller's value instead of the one already there;
 * - `writeIgnoresTrim` (WOSImpl.tla's WriteIgnoresTrim): Accept and AcceptRange are stepped as if
 *   the segment were not trimmed, so a write with a capture id lands on a trimmed segment;
 * - `ignoreCaptureKeys` (WORPaxos.tla's ForgedTaken): Accept is stepped as if the promise had no
 *   capture key, so a write with a made-up or guessed capture id (no proof) is taken at the
 *   ballot another client's phase 1 got promised.
 */
import { step, type AcceptorView, type Change } from '../core/acceptor.ts';
import type { Ballot } from '../core/ballot.ts';
import { MemoryAcceptorStore } from '../core/memory-store.ts';
import type { Message, Reply, Request, ServerId } from '../core/messages.ts';
import type { TraceEvent, Tracer } from '../core/trace.ts';
import type { SimNetwork } from './network.ts';
import type { Scheduler } from './scheduler.ts';

export type ServerBug = 'acceptBelowPromise' | 'promiseHidesAccepted' | 'writeIgnoresTrim' | 'ignoreCaptureKeys';

export interface SimServerOptions {
  fsyncDelay: number;
  ackBeforeFsync?: boolean;
  bug?: ServerBug | null;
  tracer?: Tracer | null;
  /**
   * Trace the acceptor's inputs and outputs too, from here (outside the core, so that a bug in
   * the core cannot drop or change them): `Deliver` {acceptor, from, request} before the core's
   * events of the step, and `Reply` {acceptor, from, reply} for each reply after them. They are
   * held and emitted with the step's events, so a crash before the fsync takes back all of them
   * (for the spec, the request was lost); a request that reaches a crashed server is not traced.
   */
  traceIo?: boolean;
  /** The round window the acceptor enforces (AcceptorContext.roundWindow; default ROUND_WINDOW). */
  roundWindow?: number | undefined;
  /**
   * Called with every change once the server has answered on its strength (at the fsync; at once
   * with ackBeforeFsync): the votes history the checkers count quorums in.
   */
  onAcknowledged?: (server: ServerId, change: Change) => void;
}

export class SimServer {
  private disk = new MemoryAcceptorStore();
  private working = new MemoryAcceptorStore();
  private pendingChanges: Change[] = [];
  private heldReplies: { to: ServerId; reply: Reply }[] = [];
  private heldEvents: TraceEvent[] = [];
  private fsyncScheduled = false;
  /** Incremented at each crash, so an fsync scheduled before the crash does nothing after it. */
  private epoch = 0;
  up = true;
  stepped = 0;
  fsyncs = 0;

  constructor(
    readonly id: ServerId,
    private readonly net: SimNetwork,
    private readonly scheduler: Scheduler,
    private readonly opts: SimServerOptions,
  ) {
    net.attach(id, (from, _to, msg) => this.receive(from, msg as Message));
  }

  /** The durable state, as a crash would leave it. */
  get durable(): MemoryAcceptorStore {
    return this.disk;
  }

  private receive(from: ServerId, msg: Message): void {
    if (!this.up) return;
    const req = msg as Request;
    const view =
      this.opts.bug === 'acceptBelowPromise' && req.type === 'Accept' ? promiseEverything(this.working, req.ballot)
      : this.opts.bug === 'writeIgnoresTrim' && (req.type === 'Accept' || req.type === 'AcceptRange') ? { getWor: this.working.getWor.bind(this.working), isTrimmed: () => false }
      : this.opts.bug === 'ignoreCaptureKeys' && req.type === 'Accept' ? forgetKeys(this.working)
      : this.working;
    // The step's trace events are held with its replies: an action happens, for the spec, when
    // its reply goes out, so a crash before the fsync takes back the events with the changes.
    const events: TraceEvent[] = [];
    // `from` and `rid` name the request a step answered, so a trace can tell whose read a ReadReply served.
    const tracer: Tracer | null = this.opts.tracer ? (e) => events.push({ action: e.action, vars: { ...e.vars, from, rid: req.rid } }) : null;
    const io = this.opts.traceIo === true && tracer !== null;
    if (io) events.push({ action: 'Deliver', vars: { acceptor: this.id, from, rid: req.rid, request: { ...req } } });
    const { changes: taken, replies: stepped } = step(view, req, { self: this.id, tracer, ...(this.opts.roundWindow === undefined ? {} : { roundWindow: this.opts.roundWindow }) });
    // ignoreCaptureKeys only skips the proof check: the promise's key stays stored as it was.
    const changes = this.opts.bug === 'ignoreCaptureKeys' && req.type === 'Accept' ? taken.map((c) => keepKey(this.working, c)) : taken;
    const replies = this.opts.bug === 'promiseHidesAccepted' ? stepped.map(hideAccepted) : stepped;
    if (io) for (const reply of replies) events.push({ action: 'Reply', vars: { acceptor: this.id, from, rid: req.rid, reply: structuredClone(reply) } });
    this.stepped++;
    this.working.apply(changes);
    if (changes.length === 0 && this.pendingChanges.length === 0) {
      this.emit(events);
      for (const reply of replies) this.net.send(this.id, from, reply);
      return;
    }
    // Even a read that changed nothing may have seen pending changes: it waits for the fsync too.
    this.pendingChanges.push(...changes);
    if (this.opts.ackBeforeFsync) {
      if (this.opts.onAcknowledged) for (const c of changes) this.opts.onAcknowledged(this.id, c);
      this.emit(events);
      for (const reply of replies) this.net.send(this.id, from, reply);
    } else {
      this.heldEvents.push(...events);
      for (const reply of replies) this.heldReplies.push({ to: from, reply });
    }
    if (!this.fsyncScheduled) {
      this.fsyncScheduled = true;
      const epoch = this.epoch;
      this.scheduler.after(this.opts.fsyncDelay, () => this.fsync(epoch));
    }
  }

  private fsync(epoch: number): void {
    if (epoch !== this.epoch) return;
    this.fsyncScheduled = false;
    this.fsyncs++;
    const changes = this.pendingChanges;
    const replies = this.heldReplies;
    const events = this.heldEvents;
    this.pendingChanges = [];
    this.heldReplies = [];
    this.heldEvents = [];
    this.disk.apply(changes);
    this.emit(events);
    if (this.opts.onAcknowledged && !this.opts.ackBeforeFsync) for (const c of changes) this.opts.onAcknowledged(this.id, c);
    for (const { to, reply } of replies) this.net.send(this.id, to, reply);
  }

  crash(): void {
    if (!this.up) return;
    if (this.opts.tracer) this.opts.tracer({ action: 'CrashAcceptor', vars: { acceptor: this.id, lostChanges: this.pendingChanges.length } });
    this.up = false;
    this.epoch++;
    this.fsyncScheduled = false;
    this.pendingChanges = [];
    this.heldReplies = [];
    this.heldEvents = [];
  }

  private emit(events: TraceEvent[]): void {
    if (this.opts.tracer) for (const e of events) this.opts.tracer(e);
  }

  restart(): void {
    if (this.up) return;
    this.working = MemoryAcceptorStore.load(this.disk.rows());
    this.up = true;
    if (this.opts.tracer) this.opts.tracer({ action: 'RecoverAcceptor', vars: { acceptor: this.id } });
  }
}

/** promiseEverything shows every register as promised to `ballot` (the acceptBelowPromise bug). */
function promiseEverything(view: AcceptorView, ballot: Ballot): AcceptorView {
  return {
    getWor: (seg, off) => {
      const w = view.getWor(seg, off);
      // The bug accepts any ballot, so no capture key stands in its way either.
      return { acceptedBallot: null, acceptedValue: null, ...w, promised: ballot, promisedKey: null };
    },
    isTrimmed: (seg) => view.isTrimmed(seg),
  };
}

/** forgetKeys shows every register's promise without its capture key (the ignoreCaptureKeys bug). */
function forgetKeys(view: AcceptorView): AcceptorView {
  return {
    getWor: (seg, off) => {
      const w = view.getWor(seg, off);
      return w && { ...w, promisedKey: null };
    },
    isTrimmed: (seg) => view.isTrimmed(seg),
  };
}

/** keepKey puts back into a register's change the capture key its stored promise has (ignoreCaptureKeys). */
function keepKey(view: AcceptorView, change: Change): Change {
  if (change.kind !== 'wor') return change;
  return { ...change, promisedKey: view.getWor(change.seg, change.off)?.promisedKey ?? null };
}

/** hideAccepted strips the accepted value from a Promise (the promiseHidesAccepted bug). */
function hideAccepted(reply: Reply): Reply {
  if (reply.type === 'Promise') return { ...reply, acceptedBallot: null, acceptedValue: null };
  if (reply.type === 'PromiseRange') return { ...reply, accepted: [] };
  return reply;
}
