/**
 * listen(seg, onWrite): notifications of writes in a segment, by polling.
 *
 * The protocol has no server push (the paper leaves `listen` unverified, and its servers keep no
 * subscriber state), so a Listener reads the segment's not-yet-seen offsets with ordinary reads,
 * a window of `batch` offsets per tick, rotating through the unseen offsets so that a write
 * anywhere in the segment is noticed within ceil(unseen / batch) ticks.
 *
 * Guarantees: each written WOR is reported once per listener, with its decided value (reads are
 * linearizable and repair half-written registers). Reports come in the order the polls find the
 * writes, not necessarily in offset order. Latency is up to one rotation of `intervalMs` ticks.
 * The listener stops by itself when the segment is trimmed (after reporting `{ trimmed: true }`)
 * or when every offset has been reported; close() stops it at once.
 *
 * Cost: each tick issues up to `batch` quorum reads. Listening to a large, sparsely written
 * segment costs reads in proportion to its unseen offsets; keep `batch` and `intervalMs` in step
 * with how fast the segment fills.
 */
import type { ReadResult } from '../core/messages.ts';
import { misuse } from './misuse.ts';

export interface ListenOptions {
  /** Time between polls (default 50 ms). */
  intervalMs?: number;
  /** Offsets read per poll (default 16). */
  batch?: number;
  /** First offset to watch (default 0); offsets below it are never reported. */
  fromOffset?: number;
}

export type WriteNotification = { off: number; value: string } | { trimmed: true };

/** The part of the client a listener needs. */
interface Reader {
  readonly segmentSize: number;
  read(seg: number, off: number): Promise<ReadResult>;
}

/**
 * Unseen: the offsets not yet reported, as sorted disjoint half-open intervals. It starts as one
 * interval, whatever the segment's size, and grows by at most one interval per reported write, so
 * its memory is in proportion to the writes found, never to the segment.
 */
class Unseen {
  private readonly starts: number[];
  private readonly ends: number[];

  constructor(from: number, to: number) {
    this.starts = from < to ? [from] : [];
    this.ends = from < to ? [to] : [];
  }

  get empty(): boolean {
    return this.starts.length === 0;
  }

  /** take lists up to n unseen offsets from `at` on, wrapping around to the lowest, each once. */
  take(at: number, n: number): number[] {
    const out: number[] = [];
    const k = this.starts.length;
    if (k === 0) return out;
    let i = this.ends.findIndex((end) => end > at);
    if (i < 0) {
      i = 0;
      at = this.starts[0]!;
    }
    // Intervals i, i+1, ..., k-1, 0, ..., i: the last step is the part of interval i below `at`.
    for (let step = 0; step <= k && out.length < n; step++) {
      const j = (i + step) % k;
      const lo = step === 0 ? Math.max(at, this.starts[j]!) : this.starts[j]!;
      const hi = step === k ? Math.min(this.ends[j]!, at) : this.ends[j]!;
      for (let off = lo; off < hi && out.length < n; off++) out.push(off);
    }
    return out;
  }

  /** remove marks one offset as seen. */
  remove(off: number): void {
    const i = this.ends.findIndex((end, k) => off < end && off >= this.starts[k]!);
    if (i < 0) return;
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    const pieces: Array<[number, number]> = [];
    if (start < off) pieces.push([start, off]);
    if (off + 1 < end) pieces.push([off + 1, end]);
    this.starts.splice(i, 1, ...pieces.map((p) => p[0]));
    this.ends.splice(i, 1, ...pieces.map((p) => p[1]));
  }
}

export class Listener {
  private readonly unseen: Unseen;
  /** The offset the next window starts at. */
  private cursor: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly intervalMs: number;
  private readonly batch: number;

  constructor(
    private readonly reader: Reader,
    readonly seg: number,
    private readonly onWrite: (n: WriteNotification) => void,
    options: ListenOptions,
    private readonly onClose: () => void,
  ) {
    this.intervalMs = options.intervalMs ?? 50;
    this.batch = options.batch ?? 16;
    const from = options.fromOffset ?? 0;
    if (!Number.isSafeInteger(this.intervalMs) || this.intervalMs < 1) misuse(`listen: intervalMs must be a positive integer, got ${this.intervalMs}`);
    if (!Number.isSafeInteger(this.batch) || this.batch < 1) misuse(`listen: batch must be a positive integer, got ${this.batch}`);
    if (!Number.isSafeInteger(from) || from < 0 || from >= reader.segmentSize) misuse(`listen: fromOffset must be in [0, ${reader.segmentSize}), got ${from}`);
    this.unseen = new Unseen(from, reader.segmentSize);
    this.cursor = from;
  }

  get active(): boolean {
    return !this.stopped;
  }

  start(): void {
    void this.poll();
  }

  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.onClose();
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    const window = this.unseen.take(this.cursor, this.batch);
    const results = await Promise.all(window.map((off) => this.reader.read(this.seg, off).then((r) => ({ off, r }))));
    if (this.stopped) return;
    for (const { off, r } of results) {
      if (r.status === 'trimmed') {
        this.onWrite({ trimmed: true });
        this.close();
        return;
      }
      if (r.status === 'ok') {
        this.unseen.remove(off);
        this.onWrite({ off, value: r.value });
        if (this.stopped) return; // the callback closed the listener
      }
    }
    // Continue after the window (take wraps around to the lowest unseen offset).
    this.cursor = window.length > 0 ? window[window.length - 1]! + 1 : 0;
    if (this.unseen.empty) return this.close();
    this.timer = setTimeout(() => void this.poll(), this.intervalMs);
  }
}
