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

export class Listener {
  private readonly unseen: number[] = [];
  private cursor = 0;
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
    for (let off = from; off < reader.segmentSize; off++) this.unseen.push(off);
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
    if (this.cursor >= this.unseen.length) this.cursor = 0;
    const window = this.unseen.slice(this.cursor, this.cursor + this.batch);
    const results = await Promise.all(window.map((off) => this.reader.read(this.seg, off).then((r) => ({ off, r }))));
    if (this.stopped) return;
    const found = new Set<number>();
    for (const { off, r } of results) {
      if (r.status === 'trimmed') {
        this.onWrite({ trimmed: true });
        this.close();
        return;
      }
      if (r.status === 'ok') {
        found.add(off);
        this.onWrite({ off, value: r.value });
        if (this.stopped) return; // the callback closed the listener
      }
    }
    const before = this.unseen.length;
    const kept = this.unseen.filter((off) => !found.has(off));
    this.unseen.length = 0;
    this.unseen.push(...kept);
    // Continue after the window, accounting for the offsets of it that were just removed.
    this.cursor += window.length - (before - kept.length);
    if (this.unseen.length === 0) return this.close();
    this.timer = setTimeout(() => void this.poll(), this.intervalMs);
  }
}
