/**
 * WormLog's trace: the recorder that turns a simulated run into a sequence of events named after
 * the actions of tla/apps/WormLog.tla, ready for tla/apps/TraceWormLog.tla.
 *
 * A WOS call takes effect at its linearization point, somewhere between its invocation and its
 * answer; the application only sees the answer. So every event that reports a WOS call carries
 * `inv`, the index (1-based) of the first event recorded after the call was invoked (and `back`,
 * the same relative to the event itself: the wrapper reads that), and the wrapper may take the call's step at any point from there until the event itself (it searches
 * the orders). A call that never answered (its node crashed) or answered timeout may still take
 * effect, unheard: it becomes a `Stray` event, placed where its messages are surely gone (a
 * margin after the crash or the timeout), which the wrapper may take as the spec's Stray* step
 * anywhere in its window, or not at all. The node's own steps (grants) are events of their own.
 *
 * Grants are resolved after the run: the sequencer's `GrantSent` becomes `Grant` (the spec's
 * Grant(s, c)) when the client took it, and `GrantLost` otherwise (the message was lost, or
 * duplicated, or came too late).
 */
import { formatBallot } from '../../core/ballot.ts';
import type { AnyResult } from '../../core/messages.ts';
import type { Effect, Input } from '../runtime/node.ts';
import type { WosCall } from '../runtime/wos-port.ts';
import { addrOf, posOf, type LogLayout } from './layout.ts';
import { specValue, type LogEvent, type LogMsg, type LogReply, type LogRequest } from './node.ts';

/**
 * Capture ids are ballots, unique per register only: a client's round counter is per register
 * (src/core/ballot.ts), so one ballot may capture two registers. The spec's ids are unique per
 * behaviour, so the trace names an id by its ballot and what it captured: a sequencer's segment
 * (`3.2@s1`) or a reader's position (`3.2@p5`).
 */
const segId = (ballot: string, seg: number): string => `${ballot}@s${seg}`;
const posId = (ballot: string, pos: number): string => `${ballot}@p${pos}`;

/**
 * One line of the trace (after the header). An event with `inv` also carries `back`, its own
 * index minus `inv`: the wrapper reads the window relative to each event, because the streaming
 * validator slides TraceLog and absolute indexes would leave its window.
 */
export type WormLogTraceEvent = WormLogCallEvent & { back?: number };

type WormLogCallEvent =
  | { action: 'SeqAlloc' | 'SeqAllocLost'; at: number; inv: number; s: string; seg: number }
  | { action: 'SeqCapture'; at: number; inv: number; s: string; seg: number; id: string }
  | { action: 'Grant'; at: number; s: string; c: string; slot: number; id: string }
  | { action: 'GrantLost'; at: number; s: string; slot: number }
  | { action: 'ClientWrite'; at: number; inv: number; c: string; slot: number; id: string; code: string; value: string | null; acked: boolean }
  | { action: 'Read'; at: number; inv: number; r: string; pos: number; value: string }
  | { action: 'ReaderCapture'; at: number; inv: number; r: string; pos: number; id: string }
  | { action: 'ReaderFill'; at: number; inv: number; r: string; pos: number; id: string; code: string; value: string | null }
  | { action: 'Stray'; at: number; inv: number; call: 'write'; pos: number; value: string; id: string }
  | { action: 'Stray'; at: number; inv: number; call: 'capture'; pos: number }
  | { action: 'Stray'; at: number; inv: number; call: 'captureSegment'; seg: number }
  | { action: 'Stray'; at: number; inv: number; call: 'alloc'; seg: number; s: string };

export interface WormLogTraceHeader {
  /** The trace descriptor (src/apps/wormlog/trace-descriptor.ts). */
  trace: 'WormLog';
  spec: 'WormLog';
  seed: number | null;
  base: number;
  segSize: number;
  /** Segments the trace touches: NSeg of the model. */
  nseg: number;
  sequencers: string[];
  clients: string[];
  readers: string[];
  /** Captures in the trace (successful ones and strays): MaxId of the model. */
  captures: number;
}

export interface WormLogTrace {
  header: WormLogTraceHeader;
  events: WormLogTraceEvent[];
}

type Raw = (LogEvent & { at: number; inv: number }) | Extract<WormLogTraceEvent, { action: 'Stray' }>;

interface Pending {
  call: WosCall;
  inv: number;
}

/** Recorder collects one run's events; `trace()` resolves grants and renumbers. */
export class Recorder {
  private readonly raw: Raw[] = [];
  private readonly pending = new Map<string, Map<number, Pending>>();
  private deferred: { due: number; ev: Raw }[] = [];
  /** Names of sequencers (the metadata's address -> spec name) by incarnation key. */
  private readonly names = new Map<string, string>();

  constructor(
    private readonly layout: LogLayout,
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

  /** setName records the spec name of a node incarnation (sequencers name their allocs by it). */
  setName(key: string, name: string): void {
    this.names.set(key, name);
  }

  /** input: a node is about to take an input. */
  input(key: string, inp: Input<LogMsg, LogRequest>, now: number): void {
    this.flush(now);
    if (inp.kind !== 'wosDone') return;
    const p = this.pending.get(key)?.get(inp.tag);
    if (!p) return;
    const r = inp.result as AnyResult;
    const call = p.call;
    const failedCapture = (call.kind === 'capture' || call.kind === 'captureSegment') && r.status !== 'ok';
    if (r.status === 'timeout' || failedCapture) this.stray(key, p, now + this.margin);
  }

  /** effects: a node's output; call after `input` of the same step. */
  effects(key: string, out: Effect<LogMsg, LogReply, LogEvent>[], now: number): void {
    this.flush(now);
    let calls = this.pending.get(key);
    if (!calls) this.pending.set(key, (calls = new Map()));
    for (const e of out) {
      if (e.kind === 'wos') calls.set(e.tag, { call: e.call, inv: this.raw.length + 1 });
      else if (e.kind === 'trace') {
        const ev = e.event;
        const tag = 'tag' in ev ? ev.tag : undefined;
        const inv = tag === undefined ? this.raw.length + 1 : (calls.get(tag)?.inv ?? this.raw.length + 1);
        this.raw.push({ ...ev, at: now, inv });
      }
    }
  }

  /** answered: drop the calls that answered in this step (after effects, so their events found inv). */
  answered(key: string, inp: Input<LogMsg, LogRequest>): void {
    if (inp.kind === 'wosDone') this.pending.get(key)?.delete(inp.tag);
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
        if (c.captureId) {
          const pos = posOf(this.layout, c.seg, c.off);
          // A reader writes with its own capture of the position; a client with its segment's grant.
          const id = key.startsWith('rd') ? posId(formatBallot(c.captureId), pos) : segId(formatBallot(c.captureId), c.seg - this.layout.base);
          ev = { action: 'Stray', at: 0, inv: p.inv, call: 'write', pos, value: specValue(c.value), id };
        }
        break;
      case 'capture':
        ev = { action: 'Stray', at: 0, inv: p.inv, call: 'capture', pos: posOf(this.layout, c.seg, c.off) };
        break;
      case 'captureSegment':
        ev = { action: 'Stray', at: 0, inv: p.inv, call: 'captureSegment', seg: c.seg - this.layout.base };
        break;
      case 'alloc':
        ev = { action: 'Stray', at: 0, inv: p.inv, call: 'alloc', seg: c.seg - this.layout.base, s: this.names.get(key) ?? key };
        break;
      default:
        break; // reads and checks change nothing
    }
    if (ev) this.deferred.push({ due, ev });
  }

  /** trace resolves grants, drops bookkeeping events, renumbers `inv`, and adds the header. */
  trace(seed: number | null, end: number): WormLogTrace {
    this.flush(Number.POSITIVE_INFINITY);
    void end;
    const taken = new Set<string>();
    for (const e of this.raw) if (e.action === 'GrantTaken') taken.add(`${e.s}|${e.c}|${e.n}|${e.slot}`);
    // newIndex[i]: the 1-based index in the output of the first kept event at or after raw index i.
    const keep = this.raw.map((e) => e.action !== 'GrantTaken');
    const firstKeptFrom: number[] = new Array(this.raw.length + 2);
    let count = 0;
    const kept: number[] = [];
    for (let i = 0; i < this.raw.length; i++) {
      kept.push(count);
      if (keep[i]) count++;
    }
    for (let i = 1; i <= this.raw.length + 1; i++) firstKeptFrom[i] = (i - 1 < kept.length ? kept[i - 1]! : count) + 1;
    const events: WormLogTraceEvent[] = [];
    const seqs = new Set<string>();
    const clients = new Set<string>();
    const readers = new Set<string>();
    let captures = 0;
    let maxSeg = 0;
    const seeSlot = (pos: number): void => {
      maxSeg = Math.max(maxSeg, Math.floor(pos / this.layout.segSize));
    };
    for (let i = 0; i < this.raw.length; i++) {
      const e = this.raw[i]!;
      if (e.action === 'GrantTaken') continue;
      const inv = firstKeptFrom[e.inv] ?? count + 1;
      switch (e.action) {
        case 'SeqAlloc':
        case 'SeqAllocLost':
          seqs.add(e.s);
          maxSeg = Math.max(maxSeg, e.seg - this.layout.base);
          events.push({ action: e.action, at: e.at, inv, s: e.s, seg: e.seg - this.layout.base });
          break;
        case 'SeqCapture':
          captures++;
          events.push({ action: 'SeqCapture', at: e.at, inv, s: e.s, seg: e.seg - this.layout.base, id: segId(e.id, e.seg - this.layout.base) });
          break;
        case 'GrantSent':
          seeSlot(e.slot);
          if (taken.has(`${e.s}|${e.c}|${e.n}|${e.slot}`)) {
            clients.add(e.c);
            events.push({ action: 'Grant', at: e.at, s: e.s, c: e.c, slot: e.slot, id: segId(e.id, addrOf(this.layout, e.slot).seg - this.layout.base) });
          } else events.push({ action: 'GrantLost', at: e.at, s: e.s, slot: e.slot });
          break;
        case 'ClientWrite':
          seeSlot(e.slot);
          events.push({ action: 'ClientWrite', at: e.at, inv, c: e.c, slot: e.slot, id: segId(e.id, addrOf(this.layout, e.slot).seg - this.layout.base), code: e.code, value: e.value, acked: e.acked });
          break;
        case 'Read':
          readers.add(e.r);
          seeSlot(e.pos);
          events.push({ action: 'Read', at: e.at, inv, r: e.r, pos: e.pos, value: e.value });
          break;
        case 'ReaderCapture':
          readers.add(e.r);
          captures++;
          seeSlot(e.pos);
          events.push({ action: 'ReaderCapture', at: e.at, inv, r: e.r, pos: e.pos, id: posId(e.id, e.pos) });
          break;
        case 'ReaderFill':
          readers.add(e.r);
          events.push({ action: 'ReaderFill', at: e.at, inv, r: e.r, pos: e.pos, id: posId(e.id, e.pos), code: e.code, value: e.value });
          break;
        case 'Stray':
          if (e.call === 'capture' || e.call === 'captureSegment') captures++;
          if (e.call === 'alloc') {
            seqs.add(e.s);
            maxSeg = Math.max(maxSeg, e.seg);
          }
          if (e.call === 'captureSegment') maxSeg = Math.max(maxSeg, e.seg);
          if (e.call === 'write' || e.call === 'capture') seeSlot(e.pos);
          if (e.call === 'write' && !e.value.startsWith('#')) clients.add(e.value);
          events.push({ ...e, inv });
          break;
      }
    }
    for (const e of events) if ((e.action === 'ClientWrite' || e.action === 'ReaderFill') && e.value !== null && !e.value.startsWith('#')) clients.add(e.value);
    for (const e of events) if (e.action === 'Read' && !e.value.startsWith('#')) clients.add(e.value);
    return {
      header: {
        trace: 'WormLog',
        spec: 'WormLog',
        seed,
        base: this.layout.base,
        segSize: this.layout.segSize,
        nseg: maxSeg + 1,
        sequencers: [...seqs].sort(),
        clients: [...clients].sort(),
        readers: [...readers].sort(),
        captures,
      },
      events: events.map((e, i) => ('inv' in e ? { ...e, back: i + 1 - e.inv } : e)),
    };
  }
}

/** addrOfPos re-exported for the trace model (positions are relative to the layout's base). */
export function segOfPos(layout: LogLayout, pos: number): number {
  return addrOf(layout, pos).seg - layout.base;
}
