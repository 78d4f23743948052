/**
 * Workload: the random API calls simulated clients make, over a small address space so that
 * calls collide. Capture ids go into a shared pool and are written with by whichever client
 * draws them, so capture and write often happen in different clients (the paper's hand-over).
 * By default each id is used once and each register gets at most one unsafe write (what a careful
 * user does); with `shareIds` an id stays in the pool and is written with again and again, by
 * several clients at once, with different values, unsafe writes repeat, and some writes use capture
 * ids nobody captured (made up far above, or guessed next to the ids in use): write-once must hold
 * whatever clients do.
 */
import type { Ballot } from '../core/ballot.ts';
import { UNSAFE_BALLOT } from '../core/ballot.ts';
import type { AnyResult } from '../core/messages.ts';
import type { Call } from './history.ts';
import type { Prng } from './prng.ts';

export interface WorkloadConfig {
  segments: number;
  /** Data offsets 0..offsets-1 of each segment are used. */
  offsets: number;
  /** Weight of trim calls (0 = never trim). */
  trimWeight: number;
  /** Hand every capture id to several writers (it stays in the pool), and repeat unsafe writes. */
  shareIds?: boolean;
}

type Pooled = { kind: 'one'; seg: number; off: number; id: Ballot } | { kind: 'range'; seg: number; start: number; end: number; id: Ballot };

const WEIGHTS = {
  alloc: 8,
  check: 3,
  capture: 10,
  writePooled: 12,
  captureWrite: 14,
  unsafeWrite: 3,
  read: 25,
  captureSegment: 6,
  writeSegment: 4,
} as const;

/** Weight of writes with made-up capture ids (only with shareIds). */
const MADE_UP_WEIGHT = 5;

export class Workload {
  private readonly pool: Pooled[] = [];
  private readonly unsafeUsed = new Set<string>();
  private counter = 0;

  constructor(
    private readonly cfg: WorkloadConfig,
    private readonly prng: Prng,
  ) {}

  /** next draws the next call of `client`. */
  next(client: number): Call {
    const p = this.prng;
    const seg = p.int(this.cfg.segments);
    const off = p.int(this.cfg.offsets);
    const value = `v${client}.${++this.counter}`;
    // madeUp last and weightless without shareIds, so that the other workloads draw as before.
    const weights: [string, number][] = [...Object.entries(WEIGHTS), ['trim', this.cfg.trimWeight], ['madeUp', this.cfg.shareIds ? MADE_UP_WEIGHT : 0]];
    const total = weights.reduce((a, [, w]) => a + w, 0);
    let r = p.int(total);
    let kind = 'read';
    for (const [k, w] of weights) {
      if (r < w) {
        kind = k;
        break;
      }
      r -= w;
    }
    switch (kind) {
      case 'alloc':
        return { kind: 'alloc', seg, value: `meta${client}.${this.counter}` };
      case 'check':
        return { kind: 'check', seg };
      case 'trim':
        return { kind: 'trim', seg };
      case 'capture':
        return { kind: 'capture', seg, off };
      case 'captureWrite':
        return { kind: 'write', seg, off, value, captureId: null };
      case 'unsafeWrite': {
        const k = `${seg}:${off}`;
        if (this.unsafeUsed.has(k) && !this.cfg.shareIds) return { kind: 'read', seg, off };
        this.unsafeUsed.add(k);
        return { kind: 'write', seg, off, value, captureId: UNSAFE_BALLOT };
      }
      case 'writePooled': {
        if (this.pool.length === 0) return { kind: 'write', seg, off, value, captureId: null };
        const at = p.int(this.pool.length);
        const item = this.cfg.shareIds ? this.pool[at]! : this.pool.splice(at, 1)[0]!;
        if (item.kind === 'one') return { kind: 'write', seg: item.seg, off: item.off, value, captureId: item.id };
        if (p.chance(1, 4)) return { kind: 'write', seg: item.seg, off: p.range(item.start, item.end - 1), value, captureId: item.id };
        return { kind: 'writeSegment', seg: item.seg, start: item.start, end: item.end, value, captureId: item.id };
      }
      case 'madeUp': {
        // A capture id nobody captured: a far one from a client that does not exist (the
        // [1000, 77] of issue 12), or a guess next to the ids in use (a pooled id's round with
        // another client id, or the pooled id itself written by someone it was not handed to).
        const pooled = this.pool.length > 0 ? this.pool[p.int(this.pool.length)]! : null;
        const id: Ballot = pooled === null || p.chance(1, 3) ? [p.range(1, 1000), p.range(50, 99)] : p.chance(1, 2) ? [pooled.id[0], p.range(1, 9)] : [pooled.id[0] + 1, pooled.id[1]];
        if (pooled?.kind === 'one' && p.chance(1, 2)) return { kind: 'write', seg: pooled.seg, off: pooled.off, value, captureId: id };
        return { kind: 'write', seg, off, value, captureId: id };
      }
      case 'captureSegment':
      case 'writeSegment': {
        const start = p.int(this.cfg.offsets);
        const end = p.range(start + 1, this.cfg.offsets);
        if (kind === 'captureSegment') return { kind: 'captureSegment', seg, start, end };
        return { kind: 'writeSegment', seg, start, end, value, captureId: null };
      }
      default:
        return { kind: 'read', seg, off };
    }
  }

  /** returned learns capture ids from results, for later writes by any client. */
  returned(call: Call, result: AnyResult): void {
    if (result.status !== 'ok' || !('captureId' in result)) return;
    if (call.kind === 'capture') this.pool.push({ kind: 'one', seg: call.seg, off: call.off, id: result.captureId });
    if (call.kind === 'captureSegment') this.pool.push({ kind: 'range', seg: call.seg, start: call.start, end: call.end, id: result.captureId });
  }
}
