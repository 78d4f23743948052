/**
 * WormLog as pure state machines (AppNode, src/apps/runtime/node.ts), after tla/apps/WormLog.tla:
 *
 * - SequencerNode: finds the first unallocated segment, allocates it with its own address as the
 *   metadata (alloc succeeds once: this is sequencer election, and fail-over is a new sequencer
 *   allocating the next segment), batch-captures the whole segment (captureSegment) and hands out
 *   its slots one by one, each with the segment's capture id (`Grant`). When the segment runs out
 *   it allocates the next one. It is soft state: a new sequencer needs nothing from the old.
 * - ClientNode: appends. It asks the sequencer for a slot (round trip 1) and writes its entry
 *   there with the handed-out capture id (round trip 2). Only `ok` acknowledges the append; any
 *   other answer loses the slot and the client asks again (a write that timed out is first sent
 *   again as it was: it may land). It learns where the sequencer is
 *   from the metadata of the last allocated segment, and looks again when the sequencer is silent.
 * - ReaderNode: reads positions, in order (follow mode, the simulator's readers) or one on
 *   request (`wormspace log read`). A position that stays unwritten while the sequencer's tail is
 *   past it is a hole: the reader captures it (which preempts the sequencer's capture id) and
 *   writes junk; whatever lands first stays, and the reader reads it.
 *
 * No I/O, clock or randomness here: hosts (SimHost, TcpHost, tcp.ts) run the effects.
 */
import { formatBallot, type Ballot } from '../../core/ballot.ts';
import { keyOf, plainBallot, withKey } from '../../core/capture-key.ts';
import type { AnyResult } from '../../core/messages.ts';
import { Effects, type AppNode, type Effect, type Input } from '../runtime/node.ts';
import type { WosCall } from '../runtime/wos-port.ts';
import { addrOf, decode, encodeEntry, JUNK, posOf, sequencerMeta, sequencerOf, type LogLayout } from './layout.ts';

// ------------------------------------------------------------------ messages, requests, replies

/** Node-to-node messages: grant and tail requests to the sequencer, and its answers. */
export type LogMsg =
  | { t: 'grant?'; n: number; c: string }
  /** `key`: the capture id's key, so the client can write with it (a grant hands the id over). */
  | { t: 'grant'; n: number; c: string; s: string; seg: number; off: number; pos: number; id: Ballot; key?: string }
  | { t: 'tail?'; n: number }
  | { t: 'tail'; n: number; s: string; tail: number | null };

/** Users' requests: to a client (append), a reader (read), or the sequencer (its messages, over RPC). */
export type LogRequest = { op: 'append'; value: string } | { op: 'read'; pos: number } | { op: 'seq'; msg: LogMsg };

export type LogReply =
  | { op: 'append'; ok: true; pos: number; seg: number; off: number; attempts: number; appendId: string }
  | { op: 'append'; ok: false; error: string }
  | { op: 'read'; status: 'ok'; pos: number; kind: 'entry' | 'junk' | 'foreign'; value: string; filled: boolean }
  | { op: 'read'; status: 'unwritten' | 'notAllocated' | 'trimmed' | 'timeout'; pos: number; why: string }
  | { op: 'seq'; msg: LogMsg | null };

/**
 * Trace events, at the points where a WOS call answered (`tag` names the call; the simulation's
 * recorder adds where it was invoked) or where the application took a step of its own. Names
 * follow tla/apps/WormLog.tla. `value` is the spec's value of a register: an entry's append id,
 * or "#junk".
 */
export type LogEvent =
  | { action: 'SeqAlloc'; s: string; seg: number; tag: number }
  | { action: 'SeqAllocLost'; s: string; seg: number; tag: number }
  | { action: 'SeqCapture'; s: string; seg: number; id: string; tag: number }
  | { action: 'GrantSent'; s: string; c: string; n: number; to: string; slot: number; id: string }
  | { action: 'GrantTaken'; c: string; s: string; n: number; slot: number }
  | { action: 'ClientWrite'; c: string; slot: number; id: string; code: string; value: string | null; acked: boolean; tag: number }
  | { action: 'Read'; r: string; pos: number; value: string; tag: number }
  | { action: 'ReaderCapture'; r: string; pos: number; id: string; tag: number }
  | { action: 'ReaderFill'; r: string; pos: number; id: string; code: string; value: string | null; tag: number };

export const JUNK_VALUE = '#junk';

/** specValue: what the spec sees in a register holding `raw`. */
export function specValue(raw: string): string {
  const d = decode(raw);
  if (d.kind === 'entry') return d.appendId;
  if (d.kind === 'junk') return JUNK_VALUE;
  return `#foreign:${raw}`;
}

type Out = Effect<LogMsg, LogReply, LogEvent>;
type In = Input<LogMsg, LogRequest>;
type Fx = Effects<LogMsg, LogReply, LogEvent>;
type R = AnyResult & { value?: string; captureId?: Ballot };

export interface Timing {
  /** How long a client waits for a grant, or a reader for the tail, before asking again (ms or virtual time). */
  askTimeout: number;
  /** A reader's pause between two reads of an unwritten position. */
  readWait: number;
  /** Reads of an unwritten position before the reader treats it as a hole. */
  holeAfter: number;
  /** Pause after a failed discovery or a call that answered nothing useful. */
  retryWait: number;
}

export const DEFAULT_TIMING: Timing = { askTimeout: 500, readWait: 20, holeAfter: 10, retryWait: 50 };

// ------------------------------------------------------------------ discovery

/**
 * Discovery finds the last allocated segment of the log (and so the sequencer named in its
 * metadata) and the first unallocated one, by galloping then bisecting with `check` calls:
 * segments are allocated in order, so the allocated ones form a prefix.
 */
export class Discovery {
  private lo: number;
  private hi: number | null = null;
  private step = 1;
  private readonly metas = new Map<number, string | null>();

  constructor(
    private readonly layout: LogLayout,
    /** A segment known to be allocated (its metadata if known), to start from. */
    known?: { seg: number; meta: string | null },
  ) {
    this.lo = known ? known.seg : layout.base - 1;
    if (known) this.metas.set(known.seg, known.meta);
  }

  /** The next segment to check, or null when done. */
  probe(): number | null {
    if (this.hi === null) return this.lo + this.step;
    return this.hi - this.lo > 1 ? Math.floor((this.lo + this.hi) / 2) : null;
  }

  onResult(seg: number, r: R): void {
    if (r.status === 'ok' || r.status === 'trimmed') {
      if (seg > this.lo) this.lo = seg;
      this.metas.set(seg, r.status === 'ok' ? (r.value ?? null) : null);
      if (this.hi === null) this.step *= 2;
    } else if (r.status === 'notAllocated') {
      this.hi = this.hi === null ? seg : Math.min(this.hi, seg);
    }
    // timeout and the like: the same probe is asked again
  }

  /** The last allocated segment (base-1: none) and its metadata. */
  get last(): { seg: number; meta: string | null } {
    return { seg: this.lo, meta: this.metas.get(this.lo) ?? null };
  }

  /** The first unallocated segment (valid once probe() is null). */
  get firstFree(): number {
    return this.hi ?? this.lo + 1;
  }

  get sequencer(): string | null {
    const m = this.last.meta;
    return m === null ? null : sequencerOf(m);
  }
}

/** A node's tags and the calls/timers they stand for. */
abstract class Base implements AppNode<LogMsg, LogRequest, LogReply, LogEvent> {
  private tagCounter = 0;
  protected readonly calls = new Map<number, (r: R, fx: Fx) => void>();
  protected readonly timers = new Map<number, (fx: Fx) => void>();

  constructor(
    readonly id: string,
    protected readonly layout: LogLayout,
    protected readonly timing: Timing,
  ) {}

  protected fx(): Fx {
    return new Effects(() => ++this.tagCounter);
  }

  protected wos(fx: Fx, call: WosCall, then: (r: R, fx: Fx) => void): number {
    const tag = fx.wos(call);
    this.calls.set(tag, then);
    return tag;
  }

  protected after(fx: Fx, delay: number, then: (fx: Fx) => void): number {
    const tag = fx.timer(delay);
    this.timers.set(tag, then);
    return tag;
  }

  abstract start(): Out[];

  step(inp: In): Out[] {
    const fx = this.fx();
    switch (inp.kind) {
      case 'wosDone': {
        const k = this.calls.get(inp.tag);
        this.calls.delete(inp.tag);
        k?.(inp.result as R, fx);
        break;
      }
      case 'timer': {
        const k = this.timers.get(inp.tag);
        this.timers.delete(inp.tag);
        k?.(fx);
        break;
      }
      case 'recv':
        this.onMessage(inp.from, inp.msg, fx);
        break;
      case 'request':
        this.onRequest(inp.reqId, inp.body, fx);
        break;
    }
    return fx.out;
  }

  protected onMessage(_from: string, _msg: LogMsg, _fx: Fx): void {}
  protected abstract onRequest(reqId: number, body: LogRequest, fx: Fx): void;

  /** discover runs a Discovery to its end, then calls `done`. */
  protected discover(fx: Fx, d: Discovery, done: (d: Discovery, fx: Fx) => void): void {
    const seg = d.probe();
    if (seg === null) return done(d, fx);
    this.wos(fx, { kind: 'check', seg }, (r, fx2) => {
      d.onResult(seg, r);
      if (r.status === 'timeout' || r.status === 'preempted') this.after(fx2, this.timing.retryWait, (fx3) => this.discover(fx3, d, done));
      else this.discover(fx2, d, done);
    });
  }
}

// ------------------------------------------------------------------ the sequencer

export interface SequencerOptions {
  /** The address clients reach this sequencer at: its node id in the simulator, host:port over TCP. */
  address: string;
  /** The spec's name for this sequencer (unique per incarnation). */
  name: string;
}

type Asker = { via: 'msg'; from: string; msg: LogMsg } | { via: 'req'; reqId: number; msg: LogMsg };

export class SequencerNode extends Base {
  private phase: 'discover' | 'alloc' | 'capture' | 'ready' = 'discover';
  private seg = -1;
  private captureId: Ballot | null = null;
  private next = 0;
  private readonly waiting: Asker[] = [];
  /** Counters for status and tests. */
  granted = 0;
  segments = 0;

  constructor(id: string, layout: LogLayout, timing: Timing, private readonly opts: SequencerOptions) {
    super(id, layout, timing);
  }

  start(): Out[] {
    const fx = this.fx();
    this.discover(fx, new Discovery(this.layout), (d, fx2) => this.alloc(fx2, d.firstFree));
    return fx.out;
  }

  /** The next position this sequencer will hand out (null before it owns a segment). */
  get tail(): number | null {
    return this.seg < 0 ? null : posOf(this.layout, this.seg, this.next);
  }

  get status(): { phase: string; seg: number; next: number; tail: number | null } {
    return { phase: this.phase, seg: this.seg, next: this.next, tail: this.tail };
  }

  private alloc(fx: Fx, g: number): void {
    this.phase = 'alloc';
    const tag = this.wos(fx, { kind: 'alloc', seg: g, value: sequencerMeta(this.opts.address) }, (r, fx2) => {
      if (r.status === 'ok') {
        fx2.trace({ action: 'SeqAlloc', s: this.opts.name, seg: g, tag });
        this.seg = g;
        this.next = 0;
        this.captureId = null;
        this.segments++;
        this.capture(fx2);
      } else if (r.status === 'alreadyWritten' || r.status === 'trimmed') {
        // Somebody else (or our own alloc that timed out: the spec treats it as lost too) owns g.
        if (r.status === 'alreadyWritten') fx2.trace({ action: 'SeqAllocLost', s: this.opts.name, seg: g, tag });
        this.alloc(fx2, g + 1);
      } else {
        this.after(fx2, this.timing.retryWait, (fx3) => this.alloc(fx3, g));
      }
    });
  }

  private capture(fx: Fx): void {
    this.phase = 'capture';
    const g = this.seg;
    const tag = this.wos(fx, { kind: 'captureSegment', seg: g, start: 0, end: this.layout.segSize }, (r, fx2) => {
      if (r.status === 'ok' && r.captureId) {
        fx2.trace({ action: 'SeqCapture', s: this.opts.name, seg: g, id: formatBallot(r.captureId), tag });
        this.captureId = r.captureId;
        this.phase = 'ready';
        this.serve(fx2);
      } else {
        this.after(fx2, this.timing.retryWait, (fx3) => this.capture(fx3));
      }
    });
  }

  private answer(fx: Fx, a: Asker, msg: LogMsg): void {
    if (a.via === 'msg') fx.send(a.from, msg);
    else fx.reply(a.reqId, { op: 'seq', msg });
  }

  private handle(fx: Fx, a: Asker): void {
    const m = a.msg;
    if (m.t === 'tail?') {
      this.answer(fx, a, { t: 'tail', n: m.n, s: this.opts.name, tail: this.tail });
      return;
    }
    if (m.t !== 'grant?') {
      if (a.via === 'req') fx.reply(a.reqId, { op: 'seq', msg: null });
      return;
    }
    if (this.phase !== 'ready') {
      if (this.waiting.length < 100_000) this.waiting.push(a);
      return;
    }
    const off = this.next;
    const id = this.captureId!;
    this.next++;
    this.granted++;
    const pos = posOf(this.layout, this.seg, off);
    fx.trace({ action: 'GrantSent', s: this.opts.name, c: m.c, n: m.n, to: a.via === 'msg' ? a.from : `req${a.reqId}`, slot: pos, id: formatBallot(id) });
    const key = keyOf(id);
    this.answer(fx, a, { t: 'grant', n: m.n, c: m.c, s: this.opts.name, seg: this.seg, off, pos, id: plainBallot(id), ...(key === null ? {} : { key }) });
    if (this.next >= this.layout.segSize) this.alloc(fx, this.seg + 1);
  }

  private serve(fx: Fx): void {
    while (this.phase === 'ready' && this.waiting.length > 0) this.handle(fx, this.waiting.shift()!);
  }

  protected override onMessage(from: string, msg: LogMsg, fx: Fx): void {
    this.handle(fx, { via: 'msg', from, msg });
  }

  protected onRequest(reqId: number, body: LogRequest, fx: Fx): void {
    if (body.op === 'seq') this.handle(fx, { via: 'req', reqId, msg: body.msg });
    else fx.reply(reqId, body.op === 'append' ? { op: 'append', ok: false, error: 'this is a sequencer: append through a client' } : { op: 'read', status: 'timeout', pos: body.pos, why: 'this is a sequencer' });
  }
}

// ------------------------------------------------------------------ finding the sequencer

/** SequencerFinder keeps where the sequencer is, and rediscovers it when it is silent. */
class SequencerFinder {
  address: string | null = null;
  private known: { seg: number; meta: string | null } | undefined;
  private busy = false;
  private readonly waiters: Array<(fx: Fx) => void> = [];

  constructor(
    private readonly node: { discoverVia(fx: Fx, d: Discovery, done: (d: Discovery, fx: Fx) => void): void; later(fx: Fx, then: (fx: Fx) => void): void },
    private readonly layout: LogLayout,
    fixed: string | null,
    private readonly fixedOnly: boolean,
  ) {
    this.address = fixed;
  }

  /** find calls `then` once an address is known (asks WormSpace when `fresh` or unknown). */
  find(fx: Fx, fresh: boolean, then: (fx: Fx) => void): void {
    if (this.address !== null && (!fresh || this.fixedOnly)) return then(fx);
    this.waiters.push(then);
    if (this.busy) return;
    this.busy = true;
    this.node.discoverVia(fx, new Discovery(this.layout, this.known), (d, fx2) => {
      this.busy = false;
      if (d.last.seg >= this.layout.base) this.known = d.last;
      const addr = d.sequencer;
      if (addr === null) {
        // no WormLog segment yet, or a foreign one: look again later
        this.node.later(fx2, (fx3) => {
          const w = this.waiters.splice(0);
          for (const k of w) this.find(fx3, true, k);
        });
        return;
      }
      this.address = addr;
      for (const k of this.waiters.splice(0)) k(fx2);
    });
  }
}

// ------------------------------------------------------------------ the appending client

export interface ClientOptions {
  /** Prefix of this node's append ids (unique per incarnation, e.g. its client id in base 36). */
  idPrefix: string;
  /** A sequencer address to use instead of discovering it from WormSpace. */
  sequencer?: string | null;
  /** Give up an append after this many slots (default: never). */
  maxAttempts?: number;
}

interface Append {
  reqId: number;
  value: string;
  appendId: string;
  n: number;
  attempts: number;
  grant: { s: string; seg: number; off: number; pos: number; id: Ballot } | null;
  askTimer: number;
}

export class ClientNode extends Base {
  private readonly queue: { reqId: number; value: string }[] = [];
  private cur: Append | null = null;
  private nextAppend = 1;
  private nextN = 1;
  private readonly finder: SequencerFinder;
  acked = 0;

  constructor(id: string, layout: LogLayout, timing: Timing, private readonly opts: ClientOptions) {
    super(id, layout, timing);
    this.finder = new SequencerFinder(
      { discoverVia: (fx, d, done) => this.discover(fx, d, done), later: (fx, then) => this.after(fx, this.timing.retryWait, then) },
      layout,
      opts.sequencer ?? null,
      opts.sequencer != null,
    );
  }

  start(): Out[] {
    return [];
  }

  protected onRequest(reqId: number, body: LogRequest, fx: Fx): void {
    if (body.op !== 'append') {
      fx.reply(reqId, body.op === 'read' ? { op: 'read', status: 'timeout', pos: body.pos, why: 'this node appends; read through a reader' } : { op: 'seq', msg: null });
      return;
    }
    this.queue.push({ reqId, value: body.value });
    if (this.cur === null) this.nextOne(fx);
  }

  private nextOne(fx: Fx): void {
    const q = this.queue.shift();
    if (!q) return;
    this.cur = { reqId: q.reqId, value: q.value, appendId: `${this.opts.idPrefix}.${this.nextAppend++}`, n: 0, attempts: 0, grant: null, askTimer: 0 };
    this.ask(fx, false);
  }

  /** ask: round trip 1, a slot and its capture id from the sequencer. */
  private ask(fx: Fx, fresh: boolean): void {
    const a = this.cur!;
    if (this.opts.maxAttempts !== undefined && a.attempts >= this.opts.maxAttempts) {
      fx.reply(a.reqId, { op: 'append', ok: false, error: `no slot after ${a.attempts} attempts` });
      this.cur = null;
      return this.nextOne(fx);
    }
    a.grant = null;
    this.finder.find(fx, fresh, (fx2) => {
      if (this.cur !== a) return;
      a.n = this.nextN++;
      fx2.send(this.finder.address!, { t: 'grant?', n: a.n, c: a.appendId });
      a.askTimer = this.after(fx2, this.timing.askTimeout, (fx3) => {
        if (this.cur === a && a.grant === null) this.ask(fx3, true);
      });
    });
  }

  protected override onMessage(_from: string, msg: LogMsg, fx: Fx): void {
    const a = this.cur;
    if (msg.t !== 'grant' || a === null || a.grant !== null || msg.n !== a.n || msg.c !== a.appendId) return; // late, duplicate or stray
    this.timers.delete(a.askTimer);
    a.grant = { s: msg.s, seg: msg.seg, off: msg.off, pos: msg.pos, id: withKey(msg.id, msg.key ?? null) };
    a.attempts++;
    fx.trace({ action: 'GrantTaken', c: a.appendId, s: msg.s, n: msg.n, slot: msg.pos });
    this.write(fx);
  }

  /** write: round trip 2, the entry into the slot with the handed-out capture id. */
  private write(fx: Fx): void {
    const a = this.cur!;
    const g = a.grant!;
    const tag = this.wos(fx, { kind: 'write', seg: g.seg, off: g.off, value: encodeEntry(a.appendId, a.value), captureId: g.id }, (r, fx2) => {
      if (this.cur !== a) return;
      if (r.status === 'timeout') return this.write(fx2); // same slot, same id: it may have landed
      // alreadyWritten never acknowledges, even with our own entry (an earlier write of this slot
      // that timed out landed): the append is then retried and may be in the log twice, as in
      // Corfu. Taking alreadyWritten for ok is the spec's wrong variant AckAlreadyWritten.
      const acked = r.status === 'ok';
      fx2.trace({
        action: 'ClientWrite',
        c: a.appendId,
        slot: g.pos,
        id: formatBallot(g.id),
        code: r.status,
        value: r.status === 'alreadyWritten' && r.value !== undefined ? specValue(r.value) : null,
        acked,
        tag,
      });
      if (acked) {
        this.acked++;
        fx2.reply(a.reqId, { op: 'append', ok: true, pos: g.pos, seg: g.seg, off: g.off, attempts: a.attempts, appendId: a.appendId });
        this.cur = null;
        this.nextOne(fx2);
      } else {
        // alreadyWritten by another, preempted (a reader filled the hole), trimmed, notAllocated: a new slot
        this.ask(fx2, r.status === 'notAllocated' || r.status === 'trimmed');
      }
    });
  }
}

// ------------------------------------------------------------------ readers

export interface ReaderOptions {
  /** The spec's name for this reader (unique per incarnation). */
  name: string;
  /** Read positions 0, 1, ... by itself (the simulator's readers), delivering them in order. */
  follow: boolean;
  sequencer?: string | null;
  /** Do not fill holes (a read of an unwritten position answers unwritten). */
  noFill?: boolean;
}

interface ReadJob {
  pos: number;
  reqId: number | null;
  unwrittenReads: number;
  tailAsks: number;
  filled: boolean;
}

export class ReaderNode extends Base {
  /** What this reader delivered, position 0 first (follow mode). */
  readonly delivered: string[] = [];
  /** The spec's name for this reader. */
  readonly name: string;
  private job: ReadJob | null = null;
  private readonly queue: { reqId: number; pos: number }[] = [];
  private readonly finder: SequencerFinder;
  private tailN = 1;
  private staleSequencer = false;
  private tailWait: { n: number; timer: number; then: (tail: number | null, fx: Fx) => void } | null = null;
  filled = 0;

  constructor(id: string, layout: LogLayout, timing: Timing, private readonly opts: ReaderOptions) {
    super(id, layout, timing);
    this.name = opts.name;
    this.finder = new SequencerFinder(
      { discoverVia: (fx, d, done) => this.discover(fx, d, done), later: (fx, then) => this.after(fx, this.timing.retryWait, then) },
      layout,
      opts.sequencer ?? null,
      opts.sequencer != null,
    );
  }

  start(): Out[] {
    const fx = this.fx();
    if (this.opts.follow) this.begin(fx, this.delivered.length, null);
    return fx.out;
  }

  protected onRequest(reqId: number, body: LogRequest, fx: Fx): void {
    if (body.op !== 'read' || this.opts.follow) {
      fx.reply(reqId, body.op === 'append' ? { op: 'append', ok: false, error: 'this node reads' } : { op: 'seq', msg: null });
      return;
    }
    this.queue.push({ reqId, pos: body.pos });
    if (this.job === null) this.nextRequest(fx);
  }

  private nextRequest(fx: Fx): void {
    const q = this.queue.shift();
    if (q) this.begin(fx, q.pos, q.reqId);
  }

  private begin(fx: Fx, pos: number, reqId: number | null): void {
    this.job = { pos, reqId, unwrittenReads: 0, tailAsks: 0, filled: false };
    this.read(fx);
  }

  private finish(fx: Fx, reply: LogReply): void {
    const j = this.job!;
    this.job = null;
    if (j.reqId !== null) fx.reply(j.reqId, reply);
    if (this.opts.follow) this.begin(fx, this.delivered.length, null);
    else this.nextRequest(fx);
  }

  private read(fx: Fx): void {
    const j = this.job!;
    const { seg, off } = addrOf(this.layout, j.pos);
    const tag = this.wos(fx, { kind: 'read', seg, off }, (r, fx2) => {
      if (this.job !== j) return;
      switch (r.status) {
        case 'ok': {
          const raw = r.value!;
          fx2.trace({ action: 'Read', r: this.opts.name, pos: j.pos, value: specValue(raw), tag });
          if (this.opts.follow) this.delivered.push(specValue(raw));
          const d = decode(raw);
          return this.finish(fx2, { op: 'read', status: 'ok', pos: j.pos, kind: d.kind, value: d.kind === 'entry' ? d.value : d.kind === 'junk' ? '' : d.raw, filled: j.filled });
        }
        case 'unwritten':
          j.unwrittenReads++;
          if (j.unwrittenReads < this.timing.holeAfter) return void this.after(fx2, this.timing.readWait, (fx3) => this.job === j && this.read(fx3));
          if (this.opts.noFill) return this.finish(fx2, { op: 'read', status: 'unwritten', pos: j.pos, why: 'nothing written there yet (not filled: --no-fill)' });
          return this.maybeFill(fx2);
        case 'notAllocated':
          if (!this.opts.follow) return this.finish(fx2, { op: 'read', status: 'notAllocated', pos: j.pos, why: `position ${j.pos} is beyond the end of the log (segment ${seg} is not allocated)` });
          return void this.after(fx2, this.timing.readWait * 2, (fx3) => this.job === j && this.read(fx3));
        case 'trimmed':
          if (!this.opts.follow) return this.finish(fx2, { op: 'read', status: 'trimmed', pos: j.pos, why: `position ${j.pos} was trimmed` });
          return void this.after(fx2, this.timing.retryWait, (fx3) => this.job === j && this.read(fx3));
        default:
          if (!this.opts.follow) return this.finish(fx2, { op: 'read', status: 'timeout', pos: j.pos, why: 'no quorum of the servers answered' });
          return void this.after(fx2, this.timing.retryWait, (fx3) => this.job === j && this.read(fx3));
      }
    });
  }

  /** maybeFill: an unwritten position is a hole once the sequencer's tail is past it; fill it with junk. */
  private maybeFill(fx: Fx): void {
    const j = this.job!;
    this.askTail(fx, (tail, fx2) => {
      if (this.job !== j) return;
      if (tail !== null && tail > j.pos) return this.capture(fx2);
      j.tailAsks++;
      // The sequencer we know may be a deposed one, still on an older segment: look again.
      this.staleSequencer = true;
      if (!this.opts.follow && j.tailAsks >= 3) {
        const why = tail === null ? 'no sequencer answered, so the hole was not filled' : `beyond the tail (${tail}): nothing was appended there yet`;
        return this.finish(fx2, { op: 'read', status: 'unwritten', pos: j.pos, why });
      }
      j.unwrittenReads = Math.max(0, this.timing.holeAfter - 2);
      this.after(fx2, this.timing.readWait, (fx3) => this.job === j && this.read(fx3));
    });
  }

  private askTail(fx: Fx, then: (tail: number | null, fx: Fx) => void): void {
    const fresh = this.staleSequencer;
    this.staleSequencer = false;
    this.finder.find(fx, fresh, (fx2) => {
      const n = this.tailN++;
      fx2.send(this.finder.address!, { t: 'tail?', n });
      const timer = this.after(fx2, this.timing.askTimeout, (fx3) => {
        if (this.tailWait?.n !== n) return;
        this.tailWait = null;
        // Silent sequencer: look it up again for next time.
        this.finder.find(fx3, true, () => {});
        then(null, fx3);
      });
      this.tailWait = { n, timer, then };
    });
  }

  protected override onMessage(_from: string, msg: LogMsg, fx: Fx): void {
    if (msg.t !== 'tail' || this.tailWait === null || msg.n !== this.tailWait.n) return;
    const w = this.tailWait;
    this.tailWait = null;
    this.timers.delete(w.timer);
    w.then(msg.tail, fx);
  }

  private capture(fx: Fx): void {
    const j = this.job!;
    const { seg, off } = addrOf(this.layout, j.pos);
    const tag = this.wos(fx, { kind: 'capture', seg, off }, (r, fx2) => {
      if (this.job !== j) return;
      if (r.status !== 'ok' || !r.captureId) return void this.after(fx2, this.timing.retryWait, (fx3) => this.job === j && this.read(fx3));
      const id = r.captureId;
      fx2.trace({ action: 'ReaderCapture', r: this.opts.name, pos: j.pos, id: formatBallot(id), tag });
      this.fill(fx2, id);
    });
  }

  private fill(fx: Fx, id: Ballot): void {
    const j = this.job!;
    const { seg, off } = addrOf(this.layout, j.pos);
    const tag = this.wos(fx, { kind: 'write', seg, off, value: JUNK, captureId: id }, (r, fx2) => {
      if (this.job !== j) return;
      if (r.status === 'timeout') return this.fill(fx2, id); // the same write again: it may have landed
      fx2.trace({
        action: 'ReaderFill',
        r: this.opts.name,
        pos: j.pos,
        id: formatBallot(id),
        code: r.status,
        value: r.status === 'alreadyWritten' && r.value !== undefined ? specValue(r.value) : null,
        tag,
      });
      if (r.status === 'ok') {
        j.filled = true;
        this.filled++;
      }
      this.read(fx2); // whatever landed first stays: read it
    });
  }
}
