/**
 * WormPaxos: a replicated key-value store on the WOS API (tla/apps/WormPaxos.tla), written as a
 * pure state machine (`AppNode`): WOS results, timers, peers' messages and users' requests in;
 * WOS calls, timers, messages, replies and trace events out.
 *
 * The log is the address space: log position p is register (firstSeg + p div S, p mod S).
 * - Learning: every replica applies positions in order. The leader knows the slots it wrote
 *   (an ok write is a fact about a write-once register) and pushes every position it applies to
 *   the followers (a value applied is chosen); what nobody pushed a replica reads (a window of
 *   reads when catching up, one poll of the next position per tick without a leader's heartbeat).
 * - Election is alloc: the replica whose alloc(seg) wins leads segment seg (the metadata names
 *   it). It batch-captures the segment once (captureSegment) and then writes one batch of
 *   commands per slot with that id: every put waiting in its queue goes into the next slot's
 *   batch (group commit: one quorum write for many puts), at most `maxInflight` slots in flight
 *   (pipelined). While those are in flight, new puts queue and form the next batch, so the batch
 *   grows with the load and one put alone still costs one round trip. A slot found taken is
 *   skipped and its commands go to the next slot.
 * - Fail-over: a replica that sees no progress at its next position for the election timeout
 *   (and no heartbeat from the leader of that segment) takes over: at an unallocated segment it
 *   allocates it; inside an allocated one it seals the rest of that segment (captureSegment of
 *   the remaining slots, then writeSegment of a no-op with that id: values already there are
 *   kept, holes become no-ops), learns to the segment's end and allocates the next segment.
 *   The old leader's writes are preempted from then on, and nothing it had written is lost:
 *   the capture completes every value it finds.
 * - Puts carry a client-chosen id; a command chosen twice (a retry, a write answered timeout
 *   that landed after all) is applied once, at its first position.
 * - Gets are linearizable without a log write: a get is answered once the replica applied every
 *   position before some position t that a read issued after the get arrived found empty. A put
 *   acknowledged before the get arrived sits before t (every position up to it was written when
 *   it was acknowledged), and every position before t was written before the answer.
 * - Trim (optional): the leader trims segments every replica reported applied; a replica that
 *   finds its next position trimmed asks its peers for a snapshot.
 */
import type { Ballot } from '../../core/ballot.ts';
import type { AnyResult, OffsetValue } from '../../core/messages.ts';
import { Effects, type AppNode, type Effect, type Input } from '../runtime/node.ts';
import type { WosCall } from '../runtime/wos-port.ts';

// ------------------------------------------------------------------ requests, replies, messages

export type KvRequest =
  | { op: 'put'; id: string; key: string; value: string }
  | { op: 'get'; key: string }
  | { op: 'status' };

export interface KvStatus {
  id: string;
  leader: string | null;
  leaderAddr: string | null;
  leading: number | null;
  applied: number;
  keys: number;
  trimmedBelow: number;
}

export type KvReply =
  | { status: 'ok'; value?: string | null; pos?: number }
  | { status: 'notLeader'; leader: string | null; addr: string | null }
  | ({ status: 'status' } & KvStatus);

export type PaxosMsg =
  /** Every replica's periodic status: the segment it leads (if any) and how far it applied. */
  | { t: 'hb'; lead: number | null; applied: number; addr: string | null }
  /** The leader's newly applied positions pos, pos+1, ...: values chosen there (each was written before it was applied). */
  | { t: 'log'; pos: number; vals: string[] }
  | { t: 'snapReq'; pos: number }
  | { t: 'snap'; pos: number; kv: [string, string][]; seen: string[] };

/** Trace events: the node's steps, with the WOS calls and results they rest on. */
export type PaxosEvent =
  | { a: 'wos'; call: WosCall; result: AnyResult; purpose: string }
  | { a: 'learn'; pos: number; value: string }
  | { a: 'ack'; id: string; pos: number | null }
  | { a: 'submit'; id: string }
  | { a: 'drop'; id: string }
  /** A slot handed to a batch of put ids (in the order they are applied). */
  | { a: 'issue'; pos: number; ids: string[] }
  | { a: 'skip'; pos: number }
  | { a: 'lead'; seg: number }
  | { a: 'depose'; seg: number }
  | { a: 'snapshot'; pos: number };

// ------------------------------------------------------------------ commands in registers

export const NOOP = '["n"]';

export interface Put {
  id: string;
  key: string;
  value: string;
}

/** A register holds a batch of puts, applied in order, or a no-op. */
export type Command = { kind: 'batch'; puts: Put[] } | { kind: 'noop' };

/** encodeBatch is a register's value for puts applied in this order: ["b", [id, key, value], ...]. */
export function encodeBatch(puts: readonly Put[]): string {
  return JSON.stringify(['b', ...puts.map((p) => [p.id, p.key, p.value])]);
}

/** encodePut is the value of a batch of one put. */
export function encodePut(id: string, key: string, value: string): string {
  return encodeBatch([{ id, key, value }]);
}

const isPutTriple = (t: unknown): t is [string, string, string] => Array.isArray(t) && t.length === 3 && t.every((s) => typeof s === 'string');

/**
 * decode reads a register's value; anything not written by WormPaxos counts as a no-op. A value
 * ["p", id, key, value] (one put per register, before batching) reads as a batch of one.
 */
export function decode(v: string): Command {
  try {
    const x = JSON.parse(v) as unknown;
    if (Array.isArray(x) && x[0] === 'b' && x.length >= 2 && x.slice(1).every(isPutTriple)) {
      return { kind: 'batch', puts: (x.slice(1) as [string, string, string][]).map(([id, key, value]) => ({ id, key, value })) };
    }
    if (Array.isArray(x) && x[0] === 'p' && isPutTriple(x.slice(1))) {
      return { kind: 'batch', puts: [{ id: x[1] as string, key: x[2] as string, value: x[3] as string }] };
    }
  } catch {
    // junk: a no-op
  }
  return { kind: 'noop' };
}

// ------------------------------------------------------------------ configuration

export interface PaxosConfig {
  /** Every replica's id, this one's included. */
  replicas: string[];
  /** Log position 0 is register (firstSeg, 0). */
  firstSeg: number;
  /** Registers per segment (the WormSpace cluster's segment size, or less). */
  segSize: number;
  /** Time between heartbeats and progress checks. */
  tick: number;
  /** Ticks without progress or a leader's heartbeat before a replica takes over. */
  electionTicks: number;
  /** Delay before re-reading an empty next position. */
  pollDelay: number;
  /** Reads in flight while catching up. */
  readWindow: number;
  /** Where users reach this replica (written into the metadata of a segment it leads). */
  addr: string | null;
  /** Trim segments every replica applied (false: keep the whole log). */
  trim: boolean;
  /** The leader's slot writes in flight at once; puts arriving meanwhile wait and form the next batch. */
  maxInflight: number;
  /** Most puts in one slot's batch. */
  maxBatch: number;
  /**
   * How long the leader gathers applied positions before it pushes them to the followers in one
   * message (0: push each step's at once). A push costs the leader a send per follower and each
   * follower a wake-up, so one push should carry as many positions as arrive together; a
   * follower does not need a position sooner: its gets read the log, and it reads what it misses.
   * The default, 20 ms, stays under half a tick, so a follower behind the leader's heartbeat still
   * progresses every tick and does not start reading the log (catching up); at 2 ms a lone client's
   * every put cost both followers a wake-up (bench/results/apps-wormpaxos.md, session 10).
   */
  pushDelay: number;
}

/** The leader pushes at once, whatever pushDelay says, when this many positions wait. */
export const MAX_PUSH_POSITIONS = 256;

/** A batch's encoded size stays under this (the client library's value limit is 1 MiB). */
export const MAX_BATCH_BYTES = 512 * 1024;

export const DEFAULT_CONFIG: Omit<PaxosConfig, 'replicas' | 'addr'> = {
  firstSeg: 1,
  segSize: 1024,
  tick: 50,
  electionTicks: 6,
  pollDelay: 20,
  readWindow: 32,
  trim: false,
  maxInflight: 2,
  maxBatch: 256,
  pushDelay: 20,
};

type Out = Effect<PaxosMsg, KvReply, PaxosEvent>;
type Fx = Effects<PaxosMsg, KvReply, PaxosEvent>;

/** What a WOS call in flight is for. */
type Pending =
  | { p: 'read'; pos: number; seq: number; probe: boolean }
  | { p: 'alloc'; seg: number }
  | { p: 'capture'; seg: number }
  | { p: 'write'; pos: number; ids: string[]; value: string; puts: Put[] }
  | { p: 'sealCapture'; seg: number; lo: number }
  | { p: 'sealWrite'; seg: number; lo: number; hi: number }
  | { p: 'trim'; seg: number };

interface Lead {
  seg: number;
  /** The batch capture id, null until captureSegment answered. */
  id: Ballot | null;
  nextSlot: number;
  captureTries: number;
}

interface GetWaiter {
  reqId: number;
  key: string;
  /** Reads with this sequence number or more were issued after the get arrived. */
  afterSeq: number;
  /** An empty position such a read found. */
  tail: number | null;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

export class WormPaxosNode implements AppNode<PaxosMsg, KvRequest, KvReply, PaxosEvent> {
  private tagNo = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly timers = new Map<number, 'tick' | 'poll' | 'push'>();
  /** Applied positions the leader has yet to push to the followers: from `pushFrom` on, in order. */
  private pushFrom = 0;
  private pushVals: string[] = [];
  private pushArmed = false;

  // The state machine and the learner.
  readonly kv = new Map<string, string>();
  /** Put ids applied (a command chosen twice is applied at its first position only). */
  readonly seen = new Set<string>();
  /** The first position not applied yet. */
  next = 0;
  /** Values known for positions >= next. */
  private readonly known = new Map<number, string>();
  private readonly reading = new Map<number, number>();
  private readSeq = 0;
  /**
   * Behind what a peer reported applying with no progress for a whole tick: the leader's pushed
   * positions did not come (lost, or from before this replica started), so read them instead.
   */
  private catchingUp = false;
  /** What the last read of `next` found there: an unwritten register, an unallocated or a trimmed segment. */
  private lastEmpty: { pos: number; why: 'unwritten' | 'notAllocated' | 'trimmed' } | null = null;
  private pollArmed = false;

  // Leadership.
  lead: Lead | null = null;
  /** Slots the leader wrote and awaits the answer of: position -> the batch's put ids. */
  private readonly inflight = new Map<number, { ids: string[]; value: string }>();
  /**
   * The batches this leader wrote, by position, until it applies them: applying one needs its
   * puts, which the leader has, so it does not parse the value it encoded itself.
   */
  private readonly ownBatches = new Map<number, { value: string; puts: Put[] }>();
  /** Put ids waiting for a slot, oldest first. */
  private queue: string[] = [];
  /** Puts this replica proposes: id -> encoded command and the requests waiting for it. */
  private readonly proposals = new Map<string, { put: Put; reqIds: number[] }>();
  /** Take the lead of the next unallocated segment without waiting (led or sealed the one before). */
  private wantLead = false;
  private takeoverBusy = false;
  private failedFills = 0;
  /** The segment this replica last sealed (it reads that segment's no-ops before it may lead the next). */
  private sealedSeg = -1;
  leaderHint: { id: string; addr: string | null } | null = null;

  private readonly gets: GetWaiter[] = [];

  // Fail-over clock.
  private idleTicks = 0;
  private lastTickNext = 0;
  private leaderHeard = false;
  private readonly electionTicks: number;

  // Trim.
  private readonly peerApplied = new Map<string, number>();
  /** The furthest any peer reported applying: positions before it are written. */
  private peersApplied = 0;
  trimmedBelow: number;
  private trimBusy = false;
  private snapAsked = false;

  constructor(
    readonly id: string,
    private readonly cfg: PaxosConfig,
  ) {
    this.trimmedBelow = cfg.firstSeg;
    // Replicas wait different times, so that one usually takes over alone.
    const others = cfg.replicas.filter((r) => r !== id).length;
    this.electionTicks = cfg.electionTicks + (others === 0 ? 0 : hash(id) % (cfg.electionTicks + 1));
  }

  private fx(): Fx {
    return new Effects(() => ++this.tagNo);
  }

  // ---------------------------------------------------------------- addresses

  segOf(pos: number): number {
    return this.cfg.firstSeg + Math.floor(pos / this.cfg.segSize);
  }
  offOf(pos: number): number {
    return pos % this.cfg.segSize;
  }
  posOf(seg: number, off: number): number {
    return (seg - this.cfg.firstSeg) * this.cfg.segSize + off;
  }

  get leading(): boolean {
    return this.lead !== null;
  }

  /** What this replica holds for refinement mappings (refinement/wormpaxos.ts): put ids it holds requests for, those waiting for a slot, and its writes in flight. */
  held(): { props: string[]; queue: string[]; inflight: { pos: number; ids: string[] }[] } {
    return { props: [...this.proposals.keys()], queue: [...this.queue], inflight: [...this.inflight].map(([pos, w]) => ({ pos, ids: [...w.ids] })) };
  }

  status(): KvStatus {
    const hint = this.lead ? { id: this.id, addr: this.cfg.addr } : this.leaderHint;
    return { id: this.id, leader: hint?.id ?? null, leaderAddr: hint?.addr ?? null, leading: this.lead?.seg ?? null, applied: this.next, keys: this.kv.size, trimmedBelow: this.trimmedBelow };
  }

  // ---------------------------------------------------------------- AppNode

  start(): Out[] {
    const fx = this.fx();
    this.timers.set(fx.timer(this.cfg.tick), 'tick');
    this.pump(fx);
    return fx.out;
  }

  step(inp: Input<PaxosMsg, KvRequest>): Out[] {
    const fx = this.fx();
    switch (inp.kind) {
      case 'wosDone': {
        const p = this.pending.get(inp.tag);
        if (p) {
          this.pending.delete(inp.tag);
          this.onResult(fx, p, inp.result);
        }
        break;
      }
      case 'timer': {
        const t = this.timers.get(inp.tag);
        this.timers.delete(inp.tag);
        if (t === 'tick') this.onTick(fx);
        else if (t === 'poll') this.onPoll(fx);
        else if (t === 'push') {
          this.pushArmed = false;
          this.flushPush(fx);
        }
        break;
      }
      case 'recv':
        this.onMessage(fx, inp.from, inp.msg);
        break;
      case 'request':
        this.onRequest(fx, inp.reqId, inp.body);
        break;
    }
    this.pump(fx);
    return fx.out;
  }

  private call(fx: Fx, call: WosCall, p: Pending): void {
    this.pending.set(fx.wos(call), p);
  }

  // ---------------------------------------------------------------- requests

  private onRequest(fx: Fx, reqId: number, q: KvRequest): void {
    switch (q.op) {
      case 'status':
        fx.reply(reqId, { status: 'status', ...this.status() });
        return;
      case 'get':
        this.gets.push({ reqId, key: q.key, afterSeq: this.readSeq + 1, tail: null });
        this.probe(fx, this.next);
        return;
      case 'put': {
        if (this.seen.has(q.id)) {
          fx.trace({ a: 'ack', id: q.id, pos: null });
          fx.reply(reqId, { status: 'ok' });
          return;
        }
        const mine = this.proposals.get(q.id);
        if (mine) {
          mine.reqIds.push(reqId);
          return;
        }
        // A replica with a command at an unallocated segment and no live leader allocates it.
        const free = this.lastEmpty?.pos === this.next && this.lastEmpty.why === 'notAllocated' && (!this.leaderHeard || this.wantLead);
        if (!this.lead && !this.wantLead && !free) {
          fx.reply(reqId, { status: 'notLeader', leader: this.leaderHint?.id ?? null, addr: this.leaderHint?.addr ?? null });
          return;
        }
        this.proposals.set(q.id, { put: { id: q.id, key: q.key, value: q.value }, reqIds: [reqId] });
        fx.trace({ a: 'submit', id: q.id });
        this.queue.push(q.id);
        if (!this.lead) this.wantLead = true;
        return;
      }
    }
  }

  // ---------------------------------------------------------------- the pump: whatever can move, moves

  private pump(fx: Fx): void {
    this.applyKnown(fx);
    this.propose(fx);
    this.learnMore(fx);
    if (this.wantLead && !this.lead && !this.takeoverBusy && this.lastEmpty?.pos === this.next && this.lastEmpty.why === 'notAllocated') this.takeover(fx);
  }

  private applyKnown(fx: Fx): void {
    let moved = false;
    const from = this.next;
    // The leader pushes what it applies to the followers, so they learn without reading the log.
    const pushing = this.lead !== null && this.cfg.replicas.length > 1;
    const pushed: string[] = [];
    while (this.known.has(this.next)) {
      const pos = this.next;
      const v = this.known.get(pos)!;
      this.known.delete(pos);
      this.next++;
      moved = true;
      if (pushing) pushed.push(v);
      fx.trace({ a: 'learn', pos, value: v });
      const own = this.ownBatches.get(pos);
      if (own) this.ownBatches.delete(pos);
      // A value at a position is chosen once: the batch written there is the one applied.
      const c: Command = own && own.value === v ? { kind: 'batch', puts: own.puts } : decode(v);
      let acked: Set<string> | null = null;
      if (c.kind === 'batch') {
        for (const put of c.puts) {
          if (!this.seen.has(put.id)) {
            this.seen.add(put.id);
            this.kv.set(put.key, put.value);
          }
          const mine = this.proposals.get(put.id);
          if (mine) {
            this.proposals.delete(put.id);
            (acked ??= new Set()).add(put.id);
            fx.trace({ a: 'ack', id: put.id, pos });
            for (const r of mine.reqIds) fx.reply(r, { status: 'ok', pos });
          }
        }
      }
      if (acked) this.queue = this.queue.filter((x) => !acked.has(x));
      if (this.lead && this.segOf(this.next) !== this.lead.seg && this.segOf(pos) === this.lead.seg) {
        // Learned our whole segment: lead the next one without waiting.
        fx.trace({ a: 'depose', seg: this.lead.seg });
        this.lead = null;
        this.wantLead = true;
      }
    }
    if (moved && this.lastEmpty && this.lastEmpty.pos < this.next) this.lastEmpty = null;
    if (pushed.length > 0) this.queuePush(fx, from, pushed);
    this.answerGets(fx);
  }

  /**
   * queuePush adds applied positions [from, from + vals.length) to the next push. Positions are
   * applied in order, so what waits is one contiguous run; a run that does not continue it (a
   * snapshot moved `next`) is pushed first.
   */
  private queuePush(fx: Fx, from: number, vals: string[]): void {
    if (this.pushVals.length > 0 && this.pushFrom + this.pushVals.length !== from) this.flushPush(fx);
    if (this.pushVals.length === 0) this.pushFrom = from;
    for (const v of vals) this.pushVals.push(v);
    if (this.cfg.pushDelay <= 0 || this.pushVals.length >= MAX_PUSH_POSITIONS) this.flushPush(fx);
    else if (!this.pushArmed) {
      this.pushArmed = true;
      this.timers.set(fx.timer(this.cfg.pushDelay), 'push');
    }
  }

  /** flushPush sends the waiting positions to every follower: values applied are chosen, whoever leads now. */
  private flushPush(fx: Fx): void {
    if (this.pushVals.length === 0) return;
    const msg: PaxosMsg = { t: 'log', pos: this.pushFrom, vals: this.pushVals };
    this.pushVals = [];
    for (const r of this.cfg.replicas) if (r !== this.id) fx.send(r, msg);
  }

  private answerGets(fx: Fx): void {
    for (let i = 0; i < this.gets.length; ) {
      const g = this.gets[i]!;
      if (g.tail !== null && this.next >= g.tail) {
        fx.reply(g.reqId, { status: 'ok', value: this.kv.get(g.key) ?? null });
        this.gets.splice(i, 1);
      } else i++;
    }
  }

  /**
   * propose writes the queued commands into free slots of the segment this replica leads, as many
   * as fit into one batch per slot, while fewer than maxInflight slot writes are in flight.
   */
  private propose(fx: Fx): void {
    const l = this.lead;
    if (!l || l.id === null) return;
    while (this.queue.length > 0 && l.nextSlot < this.cfg.segSize && this.inflight.size < this.cfg.maxInflight) {
      const pos = this.posOf(l.seg, l.nextSlot);
      if (this.known.has(pos) || pos < this.next) {
        l.nextSlot++;
        fx.trace({ a: 'skip', pos }); // taken already
        continue;
      }
      const puts = this.takeBatch();
      if (puts.length === 0) return;
      l.nextSlot++;
      const value = encodeBatch(puts);
      const ids = puts.map((p) => p.id);
      fx.trace({ a: 'issue', pos, ids });
      this.inflight.set(pos, { ids, value });
      this.call(fx, { kind: 'write', seg: l.seg, off: this.offOf(pos), value, captureId: l.id }, { p: 'write', pos, ids, value, puts });
    }
  }

  /** takeBatch removes the next batch of queued puts from the queue (at most maxBatch, within MAX_BATCH_BYTES). */
  private takeBatch(): Put[] {
    const puts: Put[] = [];
    let bytes = 0;
    while (this.queue.length > 0 && puts.length < this.cfg.maxBatch) {
      const prop = this.proposals.get(this.queue[0]!);
      if (!prop) {
        this.queue.shift();
        continue;
      }
      const size = prop.put.id.length + prop.put.key.length + prop.put.value.length + 16;
      if (puts.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
      this.queue.shift();
      puts.push(prop.put);
      bytes += size;
    }
    return puts;
  }

  /** learnMore reads the positions the learner needs: a window ahead while catching up, the next one at the tail. */
  private learnMore(fx: Fx): void {
    if (this.snapAsked) return;
    const atTail = this.lastEmpty !== null && this.lastEmpty.pos === this.next;
    if (atTail) {
      // Poll the empty position again after a pause (the poll timer's end reads it), when a peer
      // said it applied further; otherwise the next tick reads it (heartbeats say when to look).
      if (this.peersApplied > this.next && !this.reading.has(this.next) && !this.pollArmed && !this.inflight.has(this.next)) {
        this.pollArmed = true;
        this.timers.set(fx.timer(this.cfg.pollDelay), 'poll');
      }
      return;
    }
    // A follower reads only as far as some replica reported applying: those positions are
    // written, so its reads never race the leader's writes in flight (a read that finds a value
    // accepted by a minority repairs it, preempting the leader's capture id). The tick reads the
    // next position once in a while, for fail-over and for runs without heartbeats.
    // While the leader's pushes keep it up to date, a follower reads nothing here.
    const window = this.lead ? 1 : this.catchingUp ? Math.min(this.cfg.readWindow, this.peersApplied - this.next) : 0;
    if (window <= 0) return;
    let outstanding = 0;
    for (const pos of this.reading.keys()) if (pos >= this.next) outstanding++;
    for (let pos = this.next; outstanding < window && pos < this.next + window; pos++) {
      if (this.known.has(pos) || this.reading.has(pos) || this.inflight.has(pos)) continue;
      if (this.lead && this.segOf(pos) === this.lead.seg && this.offOf(pos) >= this.lead.nextSlot) break; // our own free slots
      this.read(fx, pos, false);
      outstanding++;
    }
  }

  private onPoll(fx: Fx): void {
    this.pollArmed = false;
    if (!this.known.has(this.next) && !this.reading.has(this.next) && !this.inflight.has(this.next) && !this.snapAsked && !(this.lead && this.segOf(this.next) === this.lead.seg && this.offOf(this.next) >= this.lead.nextSlot)) this.read(fx, this.next, false);
  }

  private read(fx: Fx, pos: number, probe: boolean): void {
    const seq = ++this.readSeq;
    this.reading.set(pos, (this.reading.get(pos) ?? 0) + 1);
    this.call(fx, { kind: 'read', seg: this.segOf(pos), off: this.offOf(pos) }, { p: 'read', pos, seq, probe });
  }

  /** probe reads `pos` for waiting gets, and the positions after it until one is empty. */
  private probe(fx: Fx, pos: number): void {
    this.read(fx, pos, true);
  }

  // ---------------------------------------------------------------- WOS results

  private onResult(fx: Fx, p: Pending, r: AnyResult): void {
    switch (p.p) {
      case 'read':
        return this.onRead(fx, p, r);
      case 'write':
        return this.onWrite(fx, p, r);
      case 'alloc':
        return this.onAlloc(fx, p, r);
      case 'capture':
        return this.onCapture(fx, p, r);
      case 'sealCapture':
        return this.onSealCapture(fx, p, r);
      case 'sealWrite':
        return this.onSealWrite(fx, p, r);
      case 'trim':
        this.trimBusy = false;
        fx.trace({ a: 'wos', call: { kind: 'trim', seg: p.seg }, result: r, purpose: 'trim' });
        if (r.status === 'ok' || r.status === 'trimmed') this.trimmedBelow = Math.max(this.trimmedBelow, p.seg + 1);
        return;
    }
  }

  private onRead(fx: Fx, p: Extract<Pending, { p: 'read' }>, r: AnyResult): void {
    const n = (this.reading.get(p.pos) ?? 1) - 1;
    if (n <= 0) this.reading.delete(p.pos);
    else this.reading.set(p.pos, n);
    if (r.status === 'ok' && 'value' in r) {
      if (p.pos >= this.next && !this.known.has(p.pos)) {
        fx.trace({ a: 'wos', call: { kind: 'read', seg: this.segOf(p.pos), off: this.offOf(p.pos) }, result: r, purpose: 'learn' });
        this.known.set(p.pos, r.value);
      }
      if (p.probe && this.gets.some((g) => g.tail === null && g.afterSeq <= p.seq)) this.probe(fx, p.pos + 1);
      return;
    }
    const why = r.status === 'unwritten' ? 'unwritten' : r.status === 'notAllocated' ? 'notAllocated' : r.status === 'trimmed' ? 'trimmed' : null;
    if (why === null) {
      // timeout: the learner reads again by itself; a get's probe reads again now.
      if (p.probe && this.gets.some((g) => g.tail === null)) this.probe(fx, p.pos);
      return;
    }
    // An unwritten register or an unallocated segment is empty; a trimmed one is not (it was written).
    if (why !== 'trimmed') for (const g of this.gets) if (g.tail === null && g.afterSeq <= p.seq) g.tail = p.pos;
    if (p.pos === this.next) {
      this.lastEmpty = { pos: p.pos, why };
      if (why === 'trimmed') this.askSnapshot(fx);
      // We meant to lead this segment, but somebody else allocated it: answer our puts notLeader.
      if (why === 'unwritten' && this.wantLead && !this.lead && !this.takeoverBusy && this.segOf(p.pos) !== this.sealedSeg) {
        this.wantLead = false;
        this.dropProposalsIfFollower(fx);
      }
    }
  }

  private onWrite(fx: Fx, p: Extract<Pending, { p: 'write' }>, r: AnyResult): void {
    this.inflight.delete(p.pos);
    const l = this.lead;
    const call: WosCall = { kind: 'write', seg: this.segOf(p.pos), off: this.offOf(p.pos), value: p.value, captureId: l?.id ?? null };
    fx.trace({ a: 'wos', call, result: r, purpose: 'propose' });
    if (r.status === 'ok') {
      if (p.pos >= this.next) {
        this.known.set(p.pos, p.value);
        this.ownBatches.set(p.pos, { value: p.value, puts: p.puts });
      }
      return;
    }
    if (r.status === 'alreadyWritten') {
      if (p.pos >= this.next) this.known.set(p.pos, r.value);
      this.requeue(p.ids);
      return;
    }
    if (r.status === 'preempted' || r.status === 'notAllocated' || r.status === 'trimmed') {
      // Somebody sealed our segment: we no longer lead it.
      if (l && l.seg === this.segOf(p.pos)) this.depose(fx, l.seg);
      this.requeue(p.ids);
      this.dropProposalsIfFollower(fx);
      return;
    }
    // timeout: the command may or may not be there. Propose it again elsewhere (applied once), and
    // fill the slot so the log does not wait for it.
    this.requeue(p.ids);
    if (l && this.segOf(p.pos) === l.seg && !this.takeoverBusy) {
      this.takeoverBusy = true;
      this.seal(fx, l.seg, this.offOf(p.pos), this.offOf(p.pos) + 1);
    }
  }

  /** requeue puts a batch's commands still unanswered back at the head of the queue, in their order. */
  private requeue(ids: readonly string[]): void {
    const back = ids.filter((id) => this.proposals.has(id) && !this.queue.includes(id));
    this.queue.unshift(...back);
  }

  private depose(fx: Fx, seg: number): void {
    if (!this.lead || this.lead.seg !== seg) return;
    fx.trace({ a: 'depose', seg });
    this.lead = null;
    this.wantLead = false;
  }

  /** A replica that does not lead answers its queued puts with notLeader: the client retries (same id, applied once). */
  private dropProposalsIfFollower(fx: Fx): void {
    if (this.lead || this.wantLead) return;
    for (const id of this.queue) {
      const prop = this.proposals.get(id);
      if (!prop) continue;
      this.proposals.delete(id);
      fx.trace({ a: 'drop', id });
      for (const r of prop.reqIds) fx.reply(r, { status: 'notLeader', leader: this.leaderHint?.id ?? null, addr: this.leaderHint?.addr ?? null });
    }
    this.queue = [];
  }

  private meta(): string {
    return JSON.stringify({ leader: this.id, addr: this.cfg.addr });
  }

  private onAlloc(fx: Fx, p: Extract<Pending, { p: 'alloc' }>, r: AnyResult): void {
    this.takeoverBusy = false;
    fx.trace({ a: 'wos', call: { kind: 'alloc', seg: p.seg, value: this.meta() }, result: r, purpose: 'elect' });
    if (r.status === 'ok') {
      this.lead = { seg: p.seg, id: null, nextSlot: 0, captureTries: 0 };
      this.failedFills = 0;
      this.wantLead = false;
      this.leaderHint = { id: this.id, addr: this.cfg.addr };
      fx.trace({ a: 'lead', seg: p.seg });
      this.call(fx, { kind: 'captureSegment', seg: p.seg, start: 0, end: this.cfg.segSize }, { p: 'capture', seg: p.seg });
      if (this.lastEmpty?.pos === this.next) this.lastEmpty = null;
      return;
    }
    if (r.status === 'alreadyWritten') {
      this.wantLead = false;
      try {
        const m = JSON.parse(r.value) as { leader?: unknown; addr?: unknown };
        if (typeof m.leader === 'string') this.leaderHint = { id: m.leader, addr: typeof m.addr === 'string' ? m.addr : null };
      } catch {
        // foreign metadata: no hint
      }
      if (this.lastEmpty?.pos === this.next) this.lastEmpty = null;
      this.dropProposalsIfFollower(fx);
    }
    // timeout or anything else: the next election timeout tries again (the alloc may have won unheard).
  }

  private onCapture(fx: Fx, p: Extract<Pending, { p: 'capture' }>, r: AnyResult): void {
    const l = this.lead;
    fx.trace({ a: 'wos', call: { kind: 'captureSegment', seg: p.seg, start: 0, end: this.cfg.segSize }, result: r, purpose: 'lead' });
    if (!l || l.seg !== p.seg) return;
    if (r.status === 'ok' && 'captureId' in r) {
      l.id = r.captureId;
      for (const w of (r as { written: OffsetValue[] }).written ?? []) {
        const pos = this.posOf(p.seg, w.off);
        if (pos >= this.next) this.known.set(pos, w.value);
      }
      return;
    }
    if (++l.captureTries < 3 && r.status !== 'trimmed') {
      this.call(fx, { kind: 'captureSegment', seg: p.seg, start: 0, end: this.cfg.segSize }, { p: 'capture', seg: p.seg });
      return;
    }
    this.depose(fx, p.seg);
    this.dropProposalsIfFollower(fx);
  }

  /** seal captures offsets [lo, hi) of seg and writes a no-op into each hole there. */
  private seal(fx: Fx, seg: number, lo: number, hi: number): void {
    this.call(fx, { kind: 'captureSegment', seg, start: lo, end: hi }, { p: 'sealCapture', seg, lo: hi === lo + 1 ? -lo - 1 : lo });
  }

  private onSealCapture(fx: Fx, p: Extract<Pending, { p: 'sealCapture' }>, r: AnyResult): void {
    // lo < 0 encodes a one-slot fill by the leader of [(-lo-1), (-lo)).
    const one = p.lo < 0;
    const lo = one ? -p.lo - 1 : p.lo;
    const hi = one ? lo + 1 : this.cfg.segSize;
    fx.trace({ a: 'wos', call: { kind: 'captureSegment', seg: p.seg, start: lo, end: hi }, result: r, purpose: 'seal' });
    if (r.status !== 'ok' || !('captureId' in r)) {
      this.takeoverBusy = false;
      // A leader that cannot even fill its own slot is not in control of its segment: step down.
      if (one && this.lead?.seg === p.seg && ++this.failedFills >= 3) this.depose(fx, p.seg);
      return;
    }
    const written = new Set<number>();
    for (const w of (r as { written: OffsetValue[] }).written ?? []) {
      written.add(w.off);
      const pos = this.posOf(p.seg, w.off);
      if (pos >= this.next) this.known.set(pos, w.value);
    }
    if (written.size === hi - lo) {
      if (one) this.takeoverBusy = false;
      else this.afterSeal(p.seg);
      return;
    }
    this.call(fx, { kind: 'writeSegment', seg: p.seg, start: lo, end: hi, value: NOOP, captureId: r.captureId }, { p: 'sealWrite', seg: p.seg, lo: one ? p.lo : lo, hi });
  }

  private onSealWrite(fx: Fx, p: Extract<Pending, { p: 'sealWrite' }>, r: AnyResult): void {
    const one = p.lo < 0;
    const lo = one ? -p.lo - 1 : p.lo;
    fx.trace({ a: 'wos', call: { kind: 'writeSegment', seg: p.seg, start: lo, end: p.hi, value: NOOP, captureId: null }, result: r, purpose: 'seal' });
    if (r.status === 'ok' && 'preempted' in r) {
      const refused = new Set(r.preempted);
      const written = new Set(r.written.map((w) => w.off));
      for (let off = lo; off < p.hi; off++) {
        const pos = this.posOf(p.seg, off);
        if (!refused.has(off) && !written.has(off) && pos >= this.next && !this.known.has(pos)) this.known.set(pos, NOOP);
      }
    }
    if (one) {
      this.takeoverBusy = false;
      if (r.status === 'ok') this.failedFills = 0;
      else if (this.lead?.seg === p.seg && ++this.failedFills >= 3) this.depose(fx, p.seg);
    } else this.afterSeal(p.seg);
  }

  private afterSeal(seg: number): void {
    this.sealedSeg = seg;
    this.takeoverBusy = false;
    this.wantLead = true;
    this.idleTicks = 0;
  }

  // ---------------------------------------------------------------- fail-over

  private takeover(fx: Fx): void {
    const e = this.lastEmpty;
    if (!e || e.pos !== this.next || this.takeoverBusy) return;
    const seg = this.segOf(e.pos);
    if (e.why === 'notAllocated') {
      this.takeoverBusy = true;
      this.call(fx, { kind: 'alloc', seg, value: this.meta() }, { p: 'alloc', seg });
    } else if (e.why === 'unwritten') {
      if (this.lead && this.lead.seg === seg) {
        // Our own hole (a slot we handed out whose write we lost): fill that one slot. A slot we
        // have not handed out yet is no hole: we are idle.
        if (this.inflight.has(e.pos) || this.offOf(e.pos) >= this.lead.nextSlot) return;
        this.takeoverBusy = true;
        this.seal(fx, seg, this.offOf(e.pos), this.offOf(e.pos) + 1);
        return;
      }
      this.takeoverBusy = true;
      this.call(fx, { kind: 'captureSegment', seg, start: this.offOf(e.pos), end: this.cfg.segSize }, { p: 'sealCapture', seg, lo: this.offOf(e.pos) });
    }
  }

  private onTick(fx: Fx): void {
    this.timers.set(fx.timer(this.cfg.tick), 'tick');
    const hb: PaxosMsg = { t: 'hb', lead: this.lead?.seg ?? null, applied: this.next, addr: this.cfg.addr };
    for (const r of this.cfg.replicas) if (r !== this.id) fx.send(r, hb);
    const progressed = this.next !== this.lastTickNext;
    if (this.peersApplied <= this.next) this.catchingUp = false;
    else if (!progressed) this.catchingUp = true;
    // A follower that heard a live leader this tick and is not behind learns from its pushes: the
    // tick's read of the next position is only for noticing a silent leader (fail-over).
    const quiet = !this.lead && this.leaderHeard && !this.catchingUp;
    if (!quiet && !this.known.has(this.next) && !this.reading.has(this.next) && !this.inflight.has(this.next) && !this.snapAsked && !(this.lead && this.segOf(this.next) === this.lead.seg && this.offOf(this.next) >= this.lead.nextSlot)) this.read(fx, this.next, false);
    this.lastTickNext = this.next;
    const waiting = !this.known.has(this.next) && (this.lastEmpty?.pos === this.next || this.pollArmed);
    if (progressed || !waiting || this.leaderHeard) this.idleTicks = 0;
    else this.idleTicks++;
    this.leaderHeard = false;
    // The leader fills a hole in its own segment after one idle tick; others wait the election timeout.
    const own = this.lead !== null && this.segOf(this.next) === this.lead.seg;
    if (this.idleTicks >= (own ? 1 : this.electionTicks) && this.lastEmpty?.pos === this.next) {
      this.idleTicks = 0;
      this.takeover(fx);
    }
    if (this.lastEmpty?.pos === this.next && this.lastEmpty.why === 'trimmed') {
      this.snapAsked = false; // ask again: a snapshot message may have been lost
      this.askSnapshot(fx);
    }
    this.maybeTrim(fx);
  }

  private onMessage(fx: Fx, from: string, m: PaxosMsg): void {
    switch (m.t) {
      case 'hb':
        this.peerApplied.set(from, m.applied);
        this.peersApplied = Math.max(this.peersApplied, m.applied);
        if (m.lead !== null && m.lead >= this.segOf(this.next)) {
          this.leaderHeard = true;
          this.leaderHint = { id: from, addr: m.addr };
        }
        if (m.applied > this.next && this.lastEmpty?.pos === this.next) this.lastEmpty = null; // behind: read now
        return;
      case 'log': {
        // Values a peer applied are chosen there; keep those not applied yet, a bounded way ahead.
        const limit = this.next + 4 * Math.max(this.cfg.segSize, this.cfg.readWindow);
        for (let i = 0; i < m.vals.length; i++) {
          const pos = m.pos + i;
          if (pos >= this.next && pos < limit && !this.known.has(pos)) this.known.set(pos, m.vals[i]!);
        }
        return;
      }
      case 'snapReq':
        if (this.next > m.pos) fx.send(from, { t: 'snap', pos: this.next, kv: [...this.kv], seen: [...this.seen] });
        return;
      case 'snap':
        if (m.pos > this.next) {
          this.kv.clear();
          for (const [k, v] of m.kv) this.kv.set(k, v);
          this.seen.clear();
          for (const id of m.seen) this.seen.add(id);
          for (const pos of [...this.known.keys()]) if (pos < m.pos) this.known.delete(pos);
          for (const pos of [...this.ownBatches.keys()]) if (pos < m.pos) this.ownBatches.delete(pos);
          this.next = m.pos;
          this.lastEmpty = null;
          this.snapAsked = false;
          fx.trace({ a: 'snapshot', pos: m.pos });
          for (const [id, prop] of [...this.proposals]) {
            if (!this.seen.has(id)) continue;
            this.proposals.delete(id);
            this.queue = this.queue.filter((x) => x !== id);
            for (const r of prop.reqIds) fx.reply(r, { status: 'ok' });
          }
        }
        return;
    }
  }

  private askSnapshot(fx: Fx): void {
    if (this.snapAsked) return;
    this.snapAsked = true;
    for (const r of this.cfg.replicas) if (r !== this.id) fx.send(r, { t: 'snapReq', pos: this.next });
  }

  /** The leader trims every segment all replicas applied (see docs/apps.md for the trade-off). */
  private maybeTrim(fx: Fx): void {
    if (!this.cfg.trim || !this.lead || this.trimBusy) return;
    let min = this.next;
    for (const r of this.cfg.replicas) if (r !== this.id) min = Math.min(min, this.peerApplied.get(r) ?? 0);
    const below = this.segOf(min); // segments before the one holding position min are applied everywhere
    if (this.trimmedBelow >= below) return;
    this.trimBusy = true;
    this.call(fx, { kind: 'trim', seg: this.trimmedBelow }, { p: 'trim', seg: this.trimmedBelow });
  }
}

export function makeNode(id: string, cfg: PaxosConfig): WormPaxosNode {
  return new WormPaxosNode(id, cfg);
}
