/**
 * WormPaxos's trace: the recorder that turns a simulated run into a sequence of events named after
 * the actions of tla/apps/WormPaxos.tla, ready for tla/apps/TraceWormPaxos.tla.
 *
 * The replica's own steps (a put handed to it, a notLeader drop, a slot handed to a command, a
 * slot skipped, a position learned, an answer, a step-down) are the node's trace events, taken at
 * the moment the node takes them. A WOS call is different: it takes effect at its linearization
 * point, somewhere between its invocation and its answer, and the replica only sees the answer.
 * So the event that reports a call (recorded when the answer arrives, with the exact call the node
 * issued and the result it got) carries `inv`, the index (1-based) of the first event recorded
 * after the call was invoked; the wrapper may take the call's step anywhere from there until the
 * event itself (`back` says the same relative to the event: the wrapper reads that). A call that never answered (its replica crashed) or answered timeout may still
 * take effect, unheard: it becomes a `Stray` event placed where its messages are surely gone (a
 * margin after the crash or the timeout), which the wrapper may take anywhere in its window, or
 * not at all.
 *
 * Names. A replica incarnation is a spec replica of its own (`r1`, then `r1~1` after its first
 * restart: it starts from nothing). A put command is its id (`c2.5`), a no-op is `#noop`. Capture
 * ids are ballots, unique per register only, so the trace names an id by its ballot and what it
 * captured: the leader's segment (`3.2@s1`) or a seal's range (`3.2@s1.4`).
 */
import { formatBallot, type Ballot } from '../../core/ballot.ts';
import type { AnyResult, OffsetValue } from '../../core/messages.ts';
import type { Effect, Input } from '../runtime/node.ts';
import type { WosCall } from '../runtime/wos-port.ts';
import { decode, type KvReply, type KvRequest, type PaxosEvent, type PaxosMsg } from './node.ts';

export const NOOP_VALUE = '#noop';

/** The spec's value of a register's content: its batch as the sequence of put ids, or #noop. */
export function specValue(v: string): string[] | typeof NOOP_VALUE {
  const c = decode(v);
  return c.kind === 'batch' ? c.puts.map((p) => p.id) : NOOP_VALUE;
}

/** The entries a register's content adds to a replica's applied sequence: its put ids, or one #noop. */
export function specEntries(v: string): string[] {
  const s = specValue(v);
  return s === NOOP_VALUE ? [NOOP_VALUE] : s;
}

/** A batch or #noop, as the trace writes a register's value. */
type SpecValue = string[] | typeof NOOP_VALUE;

const leaderId = (b: Ballot, seg: number): string => `${formatBallot(b)}@s${seg}`;
const sealId = (b: Ballot, seg: number, lo: number): string => `${formatBallot(b)}@s${seg}.${lo}`;

/** One line of the trace (after the header). Positions and segments are relative to the log (segment 0 = firstSeg). */
type RawEvent =
  | { action: 'Submit' | 'Drop' | 'Ack'; at: number; r: string; c: string }
  /** One entry of the batch at pos (a put id or #noop): a batch is learned one entry per event. */
  | { action: 'Learn'; at: number; r: string; pos: number; value: string }
  | { action: 'Issue'; at: number; r: string; pos: number; c: string[] }
  | { action: 'Skip'; at: number; r: string; pos: number }
  | { action: 'StepDown'; at: number; r: string; seg: number }
  | { action: 'Alloc' | 'AllocLost'; at: number; inv: number; r: string; seg: number }
  | { action: 'Capture'; at: number; inv: number; r: string; seg: number; id: string; stale: number[] }
  | { action: 'Write'; at: number; inv: number; r: string; pos: number; c: string[]; id: string; code: string; value: SpecValue | null }
  | { action: 'WriteLost'; at: number; r: string; pos: number; c: string[]; id: string }
  | { action: 'SealCapture'; at: number; inv: number; r: string; seg: number; lo: number; hi: number; id: string; full: boolean; stale: number[] }
  | { action: 'SealWrite'; at: number; inv: number; r: string; landed: number[] }
  | { action: 'SealLost'; at: number; r: string }
  | { action: 'ReadEmpty'; at: number; inv: number; r: string; pos: number }
  | { action: 'Stray'; at: number; inv: number; call: 'write'; pos: number; value: SpecValue; id: string }
  | { action: 'Stray'; at: number; inv: number; call: 'captureSegment'; seg: number; lo: number; hi: number }
  | { action: 'Stray'; at: number; inv: number; call: 'writeSegment'; seg: number; lo: number; hi: number; id: string }
  | { action: 'Stray'; at: number; inv: number; call: 'alloc'; seg: number; r: string };

/** An event as written: a call's event also carries `back` (its event index minus `inv`). */
export type WormPaxosTraceEvent = RawEvent & { back?: number };

export interface WormPaxosTraceHeader {
  /** The trace descriptor (src/apps/wormpaxos/trace-descriptor.ts). */
  trace: 'WormPaxos';
  spec: 'WormPaxos';
  seed: number | null;
  firstSeg: number;
  segSize: number;
  /** Segments the trace touches: NSeg of the model. */
  nseg: number;
  /** Replica incarnations. */
  replicas: string[];
  /** Put ids. */
  commands: string[];
  /** Captures in the trace (successful ones and strays): MaxId of the model. */
  captures: number;
  /** The longest batch in the trace: MaxBatch of the model (absent in traces from before batching: 1). */
  maxBatch?: number;
}

export interface WormPaxosTrace {
  header: WormPaxosTraceHeader;
  events: WormPaxosTraceEvent[];
}

type Raw = RawEvent;

interface Pending {
  call: WosCall;
  inv: number;
}

/** Recorder collects one run's events, per replica incarnation (`key`, named `name` in the trace). */
export class Recorder {
  private readonly raw: Raw[] = [];
  private readonly pending = new Map<string, Map<number, Pending>>();
  private deferred: { due: number; ev: Raw }[] = [];
  private readonly names = new Map<string, string>();
  /** A reason the run cannot be traced (trim, snapshots): then `trace()` refuses. */
  unsupported: string | null = null;

  constructor(
    private readonly firstSeg: number,
    private readonly segSize: number,
    /** How long after a crash or a timeout a call's messages may still take effect. */
    private readonly margin: number,
  ) {}

  private flush(now: number): void {
    if (this.deferred.length === 0) return;
    const due = this.deferred.filter((d) => d.due <= now);
    if (due.length === 0) return;
    this.deferred = this.deferred.filter((d) => d.due > now);
    for (const d of due) this.raw.push({ ...d.ev, at: d.due });
  }

  private pos(seg: number, off: number): number {
    return (seg - this.firstSeg) * this.segSize + off;
  }

  /** setName records the spec name of a replica incarnation. */
  setName(key: string, name: string): void {
    this.names.set(key, name);
  }

  private nameOf(key: string): string {
    return this.names.get(key) ?? key;
  }

  /** step records one step of a replica incarnation: its input and the effects it produced. */
  step(key: string, inp: Input<PaxosMsg, KvRequest> | null, out: Effect<PaxosMsg, KvReply, PaxosEvent>[], now: number): void {
    this.flush(now);
    let calls = this.pending.get(key);
    if (!calls) this.pending.set(key, (calls = new Map()));
    const answered = inp?.kind === 'wosDone' ? calls.get(inp.tag) : undefined;
    if (inp?.kind === 'wosDone') calls.delete(inp.tag);
    const r = this.nameOf(key);
    // A read that found its register unwritten: its repair fallback may have preempted capture ids there.
    if (answered && answered.call.kind === 'read' && inp?.kind === 'wosDone' && (inp.result as AnyResult).status === 'unwritten') {
      this.raw.push({ action: 'ReadEmpty', at: now, inv: answered.inv, r, pos: this.pos(answered.call.seg, answered.call.off) });
    }
    for (const e of out) {
      if (e.kind === 'wos') {
        calls.set(e.tag, { call: e.call, inv: this.raw.length + 1 });
        continue;
      }
      if (e.kind !== 'trace') continue;
      const ev = e.event;
      switch (ev.a) {
        case 'submit':
          this.raw.push({ action: 'Submit', at: now, r, c: ev.id });
          break;
        case 'drop':
          this.raw.push({ action: 'Drop', at: now, r, c: ev.id });
          break;
        case 'ack':
          this.raw.push({ action: 'Ack', at: now, r, c: ev.id });
          break;
        case 'learn':
          for (const value of specEntries(ev.value)) this.raw.push({ action: 'Learn', at: now, r, pos: ev.pos, value });
          break;
        case 'issue':
          this.raw.push({ action: 'Issue', at: now, r, pos: ev.pos, c: [...ev.ids] });
          break;
        case 'skip':
          this.raw.push({ action: 'Skip', at: now, r, pos: ev.pos });
          break;
        case 'depose':
          this.raw.push({ action: 'StepDown', at: now, r, seg: ev.seg - this.firstSeg });
          break;
        case 'snapshot':
          this.unsupported = 'a replica installed a snapshot (trim is on): WormPaxos.tla does not model trim';
          break;
        case 'lead':
          break; // the alloc's answer says it
        case 'wos':
          if (answered) this.answer(key, r, answered, ev.result, ev.purpose, now);
          break;
      }
    }
  }

  /** answer turns a WOS call's answer into its event (or its stray, when the answer is timeout or a failure). */
  private answer(key: string, r: string, p: Pending, res: AnyResult, purpose: string, now: number): void {
    const c = p.call;
    const inv = p.inv;
    switch (c.kind) {
      case 'alloc':
        if (res.status === 'ok') this.raw.push({ action: 'Alloc', at: now, inv, r, seg: c.seg - this.firstSeg });
        else if (res.status === 'alreadyWritten') this.raw.push({ action: 'AllocLost', at: now, inv, r, seg: c.seg - this.firstSeg });
        else this.stray(key, p, now + this.margin);
        return;
      case 'captureSegment': {
        if (res.status !== 'ok' || !('captureId' in res)) {
          this.stray(key, p, now + this.margin);
          return;
        }
        const seg = c.seg - this.firstSeg;
        // Offsets whose repair found nothing: the capture id is already stale there.
        const stale = (res as { unrepaired?: number[] }).unrepaired ?? [];
        if (purpose === 'lead') {
          this.raw.push({ action: 'Capture', at: now, inv, r, seg, id: leaderId(res.captureId, c.seg), stale });
          return;
        }
        const written = (res as { written?: OffsetValue[] }).written ?? [];
        this.raw.push({ action: 'SealCapture', at: now, inv, r, seg, lo: c.start, hi: c.end - 1, id: sealId(res.captureId, c.seg, c.start), full: written.length === c.end - c.start, stale });
        return;
      }
      case 'writeSegment': {
        if (res.status === 'timeout') {
          this.raw.push({ action: 'SealLost', at: now, r });
          this.stray(key, p, now + this.margin);
          return;
        }
        const landed: number[] = [];
        if (res.status === 'ok' && 'preempted' in res) {
          const refused = new Set(res.preempted);
          const written = new Set(res.written.map((w) => w.off));
          for (let off = c.start; off < c.end; off++) if (!refused.has(off) && !written.has(off)) landed.push(off);
        }
        this.raw.push({ action: 'SealWrite', at: now, inv, r, landed });
        return;
      }
      case 'write': {
        const pos = this.pos(c.seg, c.off);
        const id = leaderId(c.captureId!, c.seg);
        const v = specValue(c.value);
        // The leader writes only batches (no-ops are written by writeSegment).
        const cmd = v === NOOP_VALUE ? [] : v;
        if (res.status === 'timeout') {
          this.raw.push({ action: 'WriteLost', at: now, r, pos, c: cmd, id });
          this.stray(key, p, now + this.margin);
          return;
        }
        const value = res.status === 'alreadyWritten' && 'value' in res ? specValue(res.value) : null;
        this.raw.push({ action: 'Write', at: now, inv, r, pos, c: cmd, id, code: res.status, value });
        return;
      }
      case 'trim':
        this.unsupported = 'the leader trimmed a segment: WormPaxos.tla does not model trim';
        return;
      default:
        return; // reads and checks change nothing
    }
  }

  /** crashed: every call of the incarnation still pending may take effect until now + margin. */
  crashed(key: string, now: number): void {
    this.flush(now);
    const calls = this.pending.get(key);
    if (!calls) return;
    for (const p of calls.values()) this.stray(key, p, now + this.margin);
    calls.clear();
  }

  private stray(key: string, p: Pending, due: number): void {
    const c = p.call;
    let ev: Raw | null = null;
    switch (c.kind) {
      case 'write':
        if (c.captureId) ev = { action: 'Stray', at: 0, inv: p.inv, call: 'write', pos: this.pos(c.seg, c.off), value: specValue(c.value), id: leaderId(c.captureId, c.seg) };
        break;
      case 'captureSegment':
        ev = { action: 'Stray', at: 0, inv: p.inv, call: 'captureSegment', seg: c.seg - this.firstSeg, lo: c.start, hi: c.end - 1 };
        break;
      case 'writeSegment':
        if (c.captureId) ev = { action: 'Stray', at: 0, inv: p.inv, call: 'writeSegment', seg: c.seg - this.firstSeg, lo: c.start, hi: c.end - 1, id: sealId(c.captureId, c.seg, c.start) };
        break;
      case 'alloc':
        ev = { action: 'Stray', at: 0, inv: p.inv, call: 'alloc', seg: c.seg - this.firstSeg, r: this.nameOf(key) };
        break;
      default:
        break; // reads change nothing; trims are refused above
    }
    if (ev) this.deferred.push({ due, ev });
  }

  /** trace adds the header (the sets of names and the bounds the model needs). */
  trace(seed: number | null): WormPaxosTrace {
    this.flush(Number.POSITIVE_INFINITY);
    const replicas = new Set<string>(this.names.values());
    const commands = new Set<string>();
    let captures = 0;
    let maxSeg = 0;
    const seePos = (pos: number): void => {
      maxSeg = Math.max(maxSeg, Math.floor(pos / this.segSize));
    };
    let maxBatch = 1;
    const seeCmd = (c: string | string[]): void => {
      if (Array.isArray(c)) {
        maxBatch = Math.max(maxBatch, c.length);
        for (const x of c) seeCmd(x);
      } else if (c !== NOOP_VALUE) commands.add(c);
    };
    for (const e of this.raw) {
      if ('pos' in e) seePos(e.pos);
      if ('seg' in e) maxSeg = Math.max(maxSeg, e.seg);
      if ('c' in e) seeCmd(e.c);
      if ('value' in e && e.value !== null) seeCmd(e.value);
      if (e.action === 'Capture' || e.action === 'SealCapture' || (e.action === 'Stray' && e.call === 'captureSegment')) captures++;
    }
    return {
      header: { trace: 'WormPaxos', spec: 'WormPaxos', seed, firstSeg: this.firstSeg, segSize: this.segSize, nseg: maxSeg + 1, replicas: [...replicas].sort(), commands: [...commands].sort(), captures, maxBatch },
      // back: how many events before this one its call was invoked (the wrapper's relative window).
      events: this.raw.map((e, i) => ('inv' in e ? ({ ...e, back: i + 1 - e.inv } as WormPaxosTraceEvent) : e)),
    };
  }
}
