/**
 * Shared memory of a parallel search: the seen-set of fingerprints and the level barrier, both on
 * SharedArrayBuffers that every worker thread maps.
 *
 * The seen-set is an open-addressing table of (state, hi, lo) Int32 triples: a slot is claimed
 * with a compare-and-swap of its state word (0 empty, 1 being written, 2 full), so two workers
 * inserting the same fingerprint agree on one winner and the distinct count is exact. The buffer
 * is growable: at a barrier (every worker waiting) the last worker to arrive doubles the table and
 * rehashes it in place when the next level could fill it past half. A worker that finds the table
 * 90% full inside a level stops with TableFull (the caller then reruns with one worker).
 */
import type { StopReason } from '../../tla/result.ts';
import { StopSearch } from '../bfs.ts';

const SLOT = 3;
const EMPTY = 0;
const WRITING = 1;
const FULL = 2;

/** Control words. */
const C_SIZE = 0;
const C_ARRIVED = 1;
const C_GEN = 2;
const C_MORE = 3;
const C_RESULT = 4;
const C_ABORT = 5;
const C_QUEUED = 6;
const C_GENSUM = 7;
const C_EXPSUM = 8;
const C_LASTQ = 9;
/** 0, or why the search is being stopped (STOP_CODES) */
const C_STOP = 10;
const C_WORDS = 12;

const STOP_CODES: StopReason[] = ['timeout', 'SIGINT', 'SIGTERM'];

export class TableFull extends Error {}
export class Aborted extends Error {}

/** A growable SharedArrayBuffer (ES2024; Node 20 has it, this project's TypeScript lib does not). */
type GrowableSAB = SharedArrayBuffer & { grow(bytes: number): void; readonly maxByteLength: number };
const GrowableSAB = SharedArrayBuffer as unknown as new (bytes: number, o: { maxByteLength: number }) => GrowableSAB;

export interface SharedBuffers {
  table: GrowableSAB;
  ctrl: SharedArrayBuffer;
  /** posted[i * n + j]: batches of states worker i has posted to worker j so far */
  posted: SharedArrayBuffer;
  /** posted as it was when the last barrier opened: what each worker must take before going on */
  atBarrier: SharedArrayBuffer;
  /** sizes[i]: the length of worker i's queue at the barrier; sizes[n + i]: as the barrier opened */
  sizes: SharedArrayBuffer;
}

const MAX_TABLE_BYTES = 2 ** 31 - 4; // 178 million slots

export function allocShared(workers: number, initialSlotsLog2 = 18): SharedBuffers {
  const bytes = (1 << initialSlotsLog2) * SLOT * 4;
  return {
    table: new GrowableSAB(bytes, { maxByteLength: MAX_TABLE_BYTES - (MAX_TABLE_BYTES % (SLOT * 4)) }),
    ctrl: new SharedArrayBuffer(C_WORDS * 4),
    posted: new SharedArrayBuffer(workers * workers * 4),
    atBarrier: new SharedArrayBuffer(workers * workers * 4),
    sizes: new SharedArrayBuffer(2 * workers * 4),
  };
}

export class SharedFpSet {
  private t: Int32Array;
  private readonly c: Int32Array;
  constructor(private readonly buf: SharedBuffers) {
    this.t = new Int32Array(buf.table);
    this.c = new Int32Array(buf.ctrl);
  }

  get size(): number {
    return Atomics.load(this.c, C_SIZE);
  }

  private get capacity(): number {
    return this.t.length / SLOT;
  }

  /** Returns -1 if (hi, lo) was new (and is now in the set), else 0. */
  putIfAbsent(hi: number, lo: number, _id: number): number {
    const t = this.t;
    const cap = this.capacity;
    if (Atomics.load(this.c, C_SIZE) * 10 > cap * 9) throw new TableFull('the shared fingerprint table is full');
    const mask = cap - 1;
    hi |= 0;
    lo |= 0;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const at = i * SLOT;
      let st = Atomics.load(t, at);
      if (st === EMPTY) {
        st = Atomics.compareExchange(t, at, EMPTY, WRITING);
        if (st === EMPTY) {
          t[at + 1] = hi;
          t[at + 2] = lo;
          Atomics.store(t, at, FULL);
          Atomics.add(this.c, C_SIZE, 1);
          return -1;
        }
      }
      while (st === WRITING) st = Atomics.load(t, at);
      if (t[at + 1] === hi && t[at + 2] === lo) return 0;
      i = (i + 1) & mask;
    }
  }

  /** Doubles the table until it holds `want` entries at most half full; only while all workers wait. */
  reserve(want: number): void {
    let cap = this.capacity;
    let target = cap;
    while (want * 2 > target && (target * 2) * SLOT * 4 <= this.buf.table.maxByteLength) target *= 2;
    if (target === cap) return;
    const t = this.t;
    const his: number[] = [];
    const los: number[] = [];
    for (let i = 0; i < cap; i++) {
      if (t[i * SLOT] === FULL) {
        his.push(t[i * SLOT + 1]);
        los.push(t[i * SLOT + 2]);
      }
    }
    this.buf.table.grow(target * SLOT * 4);
    this.t = new Int32Array(this.buf.table);
    this.t.fill(0);
    cap = target;
    const mask = cap - 1;
    const n = new Int32Array(this.buf.table);
    for (let k = 0; k < his.length; k++) {
      let i = (los[k] ^ Math.imul(his[k], 0x9e3779b1)) & mask;
      while (n[i * SLOT] !== EMPTY) i = (i + 1) & mask;
      n[i * SLOT] = FULL;
      n[i * SLOT + 1] = his[k];
      n[i * SLOT + 2] = los[k];
    }
  }

  /** refresh: views over a table another worker grew. */
  refresh(): void {
    if (this.t.length !== this.buf.table.byteLength / 4) this.t = new Int32Array(this.buf.table);
  }
}

/**
 * barrier: every worker calls it with the number of states it has queued; it returns once all
 * have arrived, true if any has states left. The last to arrive grows the seen-set for the next
 * level: at most (queued states) x (successors per state, from the generated and expanded states
 * of all workers so far, doubled). `counting` false: a second barrier in the same level (the
 * queues being evened out), which only waits.
 */
export function makeBarrier(buf: SharedBuffers, workers: number, seen: SharedFpSet, generated: () => number): (queued: number, counting?: boolean) => boolean {
  let lastGenerated = 0;
  const c = new Int32Array(buf.ctrl);
  return (queued: number, counting = true): boolean => {
    if (Atomics.load(c, C_ABORT)) throw new Aborted('aborted');
    const stopping = stopRequested(buf);
    if (stopping !== undefined) throw new StopSearch(stopping);
    if (counting) {
      if (queued > 0) Atomics.add(c, C_MORE, 1);
      Atomics.add(c, C_QUEUED, queued);
      const g = generated();
      Atomics.add(c, C_GENSUM, g - lastGenerated);
      lastGenerated = g;
    }
    const gen = Atomics.load(c, C_GEN);
    if (Atomics.add(c, C_ARRIVED, 1) === workers - 1) {
      if (counting) {
        const expanded = Atomics.add(c, C_EXPSUM, Atomics.load(c, C_LASTQ)) + Atomics.load(c, C_LASTQ);
        const branching = Math.ceil(Atomics.load(c, C_GENSUM) / Math.max(1, expanded));
        const queuedAll = Atomics.load(c, C_QUEUED);
        seen.reserve(seen.size + queuedAll * 2 * Math.max(4, branching));
        Atomics.store(c, C_LASTQ, queuedAll);
        Atomics.store(c, C_RESULT, Atomics.load(c, C_MORE) > 0 ? 1 : 0);
        Atomics.store(c, C_MORE, 0);
        Atomics.store(c, C_QUEUED, 0);
      }
      Atomics.store(c, C_ARRIVED, 0);
      // Every worker posted its batches before arriving; later posts belong to the next level.
      const posted = new Int32Array(buf.posted);
      const snap = new Int32Array(buf.atBarrier);
      for (let i = 0; i < posted.length; i++) Atomics.store(snap, i, Atomics.load(posted, i));
      const sizes = new Int32Array(buf.sizes);
      for (let i = 0; i < workers; i++) Atomics.store(sizes, workers + i, Atomics.load(sizes, i));
      Atomics.add(c, C_GEN, 1);
      Atomics.notify(c, C_GEN);
    } else {
      while (Atomics.load(c, C_GEN) === gen) {
        Atomics.wait(c, C_GEN, gen, 200);
        if (Atomics.load(c, C_ABORT)) throw new Aborted('aborted');
        // A stopped worker will not come to this barrier: leave it, with the counts so far.
        const reason = stopRequested(buf);
        if (reason !== undefined) throw new StopSearch(reason);
      }
    }
    seen.refresh();
    return Atomics.load(c, C_RESULT) === 1;
  };
}

/** abort wakes every worker waiting at the barrier and makes them stop. */
export function abortAll(buf: SharedBuffers): void {
  const c = new Int32Array(buf.ctrl);
  Atomics.store(c, C_ABORT, 1);
  Atomics.notify(c, C_GEN);
}

/**
 * requestStop: the coordinator (the calling thread, whose event loop is free while the workers
 * search) stops the search for `--timeout`, Ctrl-C or SIGTERM. Every worker sees it within 16
 * states, or at once if it waits at the barrier, and ends its search with its counts so far.
 */
export function requestStop(buf: SharedBuffers, reason: StopReason): void {
  const c = new Int32Array(buf.ctrl);
  Atomics.compareExchange(c, C_STOP, 0, STOP_CODES.indexOf(reason) + 1);
  Atomics.notify(c, C_GEN);
}

/** stopRequested: why the search is being stopped, or undefined. */
export function stopRequested(buf: SharedBuffers): StopReason | undefined {
  const code = Atomics.load(new Int32Array(buf.ctrl), C_STOP);
  return code === 0 ? undefined : STOP_CODES[code - 1];
}
