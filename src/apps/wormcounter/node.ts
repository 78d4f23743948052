/**
 * WormCounter's node: a replicated fetch-and-increment counter on WOS, as a pure state machine
 * (an AppNode of ../runtime/node.ts). The spec is tla/apps/WormCounter.tla; this file follows it
 * action by action.
 *
 * The counter is a row of write-once registers: slot k is register (base + k div segSize,
 * k mod segSize). To increment, the node writes a value of its own ("<clientId>:<i>" for its
 * i-th increment) into the first slot it does not know to be written, by capture+write (one
 * WOS call). The write that lands in slot k makes the counter k + 1, and that is the answer.
 *
 *   answer of the write                 the node (spec action Write / WriteLost)
 *   ok                                  answers k + 1; the next increment tries k + 1
 *   alreadyWritten with its own value   an earlier try landed (its answer was lost): answers k + 1
 *   alreadyWritten with another value   somebody else's increment holds k: tries k + 1
 *   preempted                           somebody captured k since: tries k again
 *   timeout                             tries k again with the same value
 * Entering a segment, the node allocates it first (spec action AllocSeg); alloc answers
 * alreadyWritten when another node did, which is just as good.
 *
 * A node starts at slot 0 and walks past written slots (each alreadyWritten costs one Paxos
 * round): it keeps no state of its own, so a node restarted after kill -9 is a fresh node.
 * Requests are served one at a time, in order.
 */
import type { AnyResult } from '../../core/messages.ts';
import { Effects, type AppNode, type Effect, type Input } from '../runtime/node.ts';

/** Where the counter lives: slot k is register (base + floor(k / segSize), k mod segSize). */
export interface CounterLayout {
  base: number;
  segSize: number;
}

export type CounterRequest = { op: 'inc' };
/** value: the counter after this increment (its number); written: the value put in the slot. */
export type CounterReply = { op: 'inc'; ok: true; value: number; written: string } | { op: 'inc'; ok: false; error: string };
/** Counter nodes never talk to each other: WOS is all they share. */
export type CounterMsg = never;

/**
 * Trace events (the spec's actions, see ./trace.ts): `send` / `allocSend` before each write /
 * alloc (so that a call whose answer never came is known), `write` / `alloc` with the answer. `client`
 * is the node's client id: one life of the node, as a client of the spec.
 */
export type CounterEvent =
  | { ev: 'allocSend'; client: number; seg: number }
  | { ev: 'alloc'; client: number; seg: number; answer: string }
  | { ev: 'send'; client: number; slot: number; value: string }
  | { ev: 'write'; client: number; slot: number; value: string; answer: string; found: string | null };

type Out = Effect<CounterMsg, CounterReply, CounterEvent>;

/** The spec's pc: what the node waits for. */
export type CounterPhase = 'idle' | 'alloc' | 'write';

export class CounterNode implements AppNode<CounterMsg, CounterRequest, CounterReply, CounterEvent> {
  private tag = 0;
  /** The slot the node tries next; every slot below it is written. */
  slot = 0;
  /** Increments acknowledged (the next one writes value `${clientId}:${done + 1}`). */
  done = 0;
  phase: CounterPhase = 'idle';
  /** Segments the node saw allocated (relative to base). */
  private readonly allocated = new Set<number>();
  /** Requests not yet answered, the first one in progress. */
  private readonly queue: number[] = [];
  private pendingTag = -1;
  /** What the node answered, for the refinement mapping: value -> the number it was told. */
  readonly answers = new Map<string, number>();

  constructor(
    readonly id: string,
    readonly clientId: number,
    private readonly layout: CounterLayout,
  ) {}

  start(): Out[] {
    return [];
  }

  /** The value the current increment writes. */
  get value(): string {
    return `${this.clientId}:${this.done + 1}`;
  }

  step(input: Input<CounterMsg, CounterRequest>): Out[] {
    const fx = new Effects<CounterMsg, CounterReply, CounterEvent>(() => ++this.tag);
    switch (input.kind) {
      case 'request':
        this.queue.push(input.reqId);
        if (this.phase === 'idle') this.next(fx);
        break;
      case 'wosDone':
        if (input.tag === this.pendingTag) this.onResult(fx, input.result);
        break;
      case 'timer':
      case 'recv':
        break;
    }
    return fx.out;
  }

  private segOf(slot: number): number {
    return Math.floor(slot / this.layout.segSize);
  }

  /** next starts work on the first queued request: alloc the slot's segment, or write. */
  private next(fx: Effects<CounterMsg, CounterReply, CounterEvent>): void {
    if (this.queue.length === 0) {
      this.phase = 'idle';
      return;
    }
    const seg = this.segOf(this.slot);
    if (!this.allocated.has(seg)) {
      this.phase = 'alloc';
      fx.trace({ ev: 'allocSend', client: this.clientId, seg });
      this.pendingTag = fx.wos({ kind: 'alloc', seg: this.layout.base + seg, value: `counter:${this.clientId}` });
      return;
    }
    this.phase = 'write';
    const value = this.value;
    fx.trace({ ev: 'send', client: this.clientId, slot: this.slot, value });
    this.pendingTag = fx.wos({ kind: 'write', seg: this.layout.base + seg, off: this.slot % this.layout.segSize, value, captureId: null });
  }

  private onResult(fx: Effects<CounterMsg, CounterReply, CounterEvent>, r: AnyResult): void {
    this.pendingTag = -1;
    if (this.phase === 'alloc') {
      const seg = this.segOf(this.slot);
      fx.trace({ ev: 'alloc', client: this.clientId, seg, answer: r.status });
      // ok: ours; alreadyWritten: somebody's. Else (preempted, timeout) alloc again.
      if (r.status === 'ok' || r.status === 'alreadyWritten') this.allocated.add(seg);
      if (r.status === 'trimmed') return this.fail(fx, `segment ${this.layout.base + seg} was trimmed`);
      return this.next(fx);
    }
    const value = this.value;
    const found = r.status === 'alreadyWritten' && 'value' in r ? (r.value as string) : null;
    fx.trace({ ev: 'write', client: this.clientId, slot: this.slot, value, answer: r.status, found });
    if (r.status === 'ok' || (r.status === 'alreadyWritten' && found === value)) {
      // The value is in this slot: the counter's value is slot + 1.
      const n = this.slot + 1;
      this.answers.set(value, n);
      this.done++;
      this.slot++;
      fx.reply(this.queue.shift()!, { op: 'inc', ok: true, value: n, written: value });
    } else if (r.status === 'alreadyWritten') {
      this.slot++;
    } else if (r.status === 'notAllocated') {
      this.allocated.delete(this.segOf(this.slot));
    } else if (r.status === 'trimmed') {
      return this.fail(fx, `slot ${this.slot} was trimmed`);
    }
    // preempted and timeout: the same slot again, with the same value.
    this.next(fx);
  }

  /** fail answers every queued request with an error: the counter cannot go on. */
  private fail(fx: Effects<CounterMsg, CounterReply, CounterEvent>, error: string): void {
    for (const reqId of this.queue.splice(0)) fx.reply(reqId, { op: 'inc', ok: false, error });
    this.phase = 'idle';
  }
}
