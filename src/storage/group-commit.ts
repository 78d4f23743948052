/**
 * GroupCommit batches the requests that arrive together into one durable transaction.
 *
 * Requests submitted during one turn of the event loop (everything read from every socket before
 * the loop comes back around) wait in a queue; on the next turn they are applied in order inside a
 * single transaction, which is committed (one fsync), and only then are their results handed out.
 * This is the etcd-raft Ready rule, "persist, then send": no caller learns a result before the
 * state that produced it is on disk. Because better-sqlite3 commits synchronously, requests that
 * arrive while a commit is in progress pile up in the socket buffers and form the next batch, so
 * the batch size grows with the load and the fsync cost per request falls.
 *
 * Pipelined sync (the `sync` option): the transaction commits to the operating system only and
 * `sync` makes it durable off the event loop (an fdatasync on libuv's thread pool), so the next
 * batch is stepped and committed while the disk works on this one. Under light load (`syncNow`)
 * a lone batch is synced on the event loop instead, which saves two thread wake-ups. Results are still handed out
 * only after a sync that began after their commit finished, in batch order. A failed sync
 * leaves the disk state unknown while later batches may already have read it: from then on every
 * pending and future caller gets an error and nobody gets a result (fail-stop).
 */

/** GroupCommitStats counts batches so benchmarks can say how well the fsync cost is shared. */
export interface GroupCommitStats {
  batches: number;
  items: number;
  largestBatch: number;
  commitMicrosTotal: number;
}

export interface GroupCommitOptions<I, O> {
  /** runBatch applies the items in order inside one transaction and returns one result each. */
  runBatch: (items: I[]) => O[];
  /** maxBatch bounds one transaction, so one huge burst cannot hold every caller's reply hostage. */
  maxBatch?: number;
  /**
   * sync makes every batch committed so far durable and then calls done (with the error if it
   * could not). Without it, runBatch's commit must itself be durable when it returns.
   */
  sync?: (done: (err: Error | null) => void) => void;
  /**
   * syncNow, with sync: makes every batch committed so far durable on the calling thread and
   * returns the error if it could not. Used while the load is light (see `overlapHoldMs`) for a
   * batch committed with no earlier batch awaiting its sync and no item waiting: the pipelining
   * has nothing to overlap then, and the thread pool's hand-off (two thread wake-ups) costs more
   * than the fdatasync itself on a virtual machine (bench/results/apps-wormpaxos.md, session 10).
   */
  syncNow?: () => Error | null;
  /**
   * With syncNow: once an item arrives while a batch awaits its sync, or right behind a sync that
   * blocked the event loop (read in the loop turn after it: it waited in a socket buffer), the
   * syncs are pipelined for this long (default 20 ms), each such arrival extending it. A caller
   * with more than one request in flight (a leader pipelining its slots) then gets its later
   * requests committed and synced beside the earlier ones instead of behind their fsync.
   */
  overlapHoldMs?: number;
  /** The clock for overlapHoldMs (milliseconds; tests set it). */
  now?: () => number;
  /** onSyncFailed hears of the first failed sync (the service stops answering with results). */
  onSyncFailed?: (err: Error) => void;
}

type Waiter<O> = (result: O | Error) => void;

/** A committed batch whose results wait for its sync. */
interface Unsynced<O> {
  results: O[];
  waiters: Waiter<O>[];
  synced: boolean;
}

export class GroupCommit<I, O> {
  private queue: I[] = [];
  private waiters: Waiter<O>[] = [];
  private scheduled = false;
  private readonly maxBatch: number;
  /** Batches committed but not yet known durable, oldest first. */
  private readonly unsynced: Unsynced<O>[] = [];
  /** Set once a sync failed: nothing is answered with a result any more. */
  private failed: Error | null = null;
  readonly stats: GroupCommitStats = { batches: 0, items: 0, largestBatch: 0, commitMicrosTotal: 0 };
  /** Syncs stay pipelined until then (the clock of `now`): work overlapped a sync lately. */
  private pipelinedUntil = -Infinity;
  /** Set by a sync on the event loop until the loop turn after it: items read meanwhile waited for it. */
  private behindBlockingSync = false;
  private readonly now: () => number;

  constructor(private readonly options: GroupCommitOptions<I, O>) {
    this.maxBatch = options.maxBatch ?? 4096;
    this.now = options.now ?? (() => performance.now());
  }

  /** submit queues an item; done is called once, after the batch holding it committed or failed. */
  submit(item: I, done: Waiter<O>): void {
    if (this.failed) {
      done(this.failed);
      return;
    }
    let light = false;
    if (this.options.syncNow) {
      if (this.unsynced.length > 0 || this.behindBlockingSync) this.pipelinedUntil = this.now() + (this.options.overlapHoldMs ?? 20);
      else light = !this.scheduled && this.now() >= this.pipelinedUntil;
    }
    this.queue.push(item);
    this.waiters.push(done);
    if (!this.scheduled) {
      this.scheduled = true;
      // setImmediate runs after the I/O callbacks of this loop turn, so every frame already read
      // from every connection joins the batch. Under light load (a batch that will be synced at
      // once, see syncNow) the batch is the frames of this one read: process.nextTick runs once
      // the socket's data handler returned, skipping the hop to the loop's check phase. A frame
      // of another connection read in the same turn then finds the loop just blocked by this
      // batch's sync, which turns the pipelined mode on (behindBlockingSync).
      if (light) process.nextTick(() => this.flush(false));
      else setImmediate(() => this.flush(true));
    }
  }

  /** pending is the number of items waiting for the next commit. */
  get pending(): number {
    return this.queue.length;
  }

  /** inCheckPhase: called from setImmediate (else from process.nextTick, in the loop's poll phase). */
  private flush(inCheckPhase: boolean): void {
    this.scheduled = false;
    const items = this.queue.splice(0, this.maxBatch);
    const waiters = this.waiters.splice(0, this.maxBatch);
    if (this.queue.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.flush(true));
    }
    if (items.length === 0) return;
    if (this.failed) {
      for (const w of waiters) w(this.failed);
      return;
    }
    const started = process.hrtime.bigint();
    let results: O[];
    try {
      results = this.options.runBatch(items);
    } catch (err) {
      // The transaction rolled back, so the durable state is as before the batch: every caller
      // gets the error, nobody gets a result that was not persisted.
      const error = err instanceof Error ? err : new Error(String(err));
      for (const w of waiters) w(error);
      return;
    }
    const micros = Number(process.hrtime.bigint() - started) / 1000;
    this.stats.batches += 1;
    this.stats.items += items.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, items.length);
    this.stats.commitMicrosTotal += micros;
    const sync = this.options.sync;
    if (!sync) {
      for (let i = 0; i < waiters.length; i++) waiters[i]!(results[i]!);
      return;
    }
    const batch: Unsynced<O> = { results, waiters, synced: false };
    this.unsynced.push(batch);
    if (this.options.syncNow && this.unsynced.length === 1 && this.queue.length === 0 && this.now() >= this.pipelinedUntil) {
      const err = this.options.syncNow();
      if (err) return this.fail(err);
      if (!this.behindBlockingSync) {
        this.behindBlockingSync = true;
        // An immediate queued in the check phase runs in the next turn's check phase, after its
        // poll phase has read whatever arrived while this sync blocked the loop. Queued in the
        // poll phase (a nextTick flush), it would run in this turn's check phase, before that
        // read: one more hop then.
        const clear = () => (this.behindBlockingSync = false);
        if (inCheckPhase) setImmediate(clear);
        else setImmediate(() => setImmediate(clear));
      }
      batch.synced = true;
      this.release();
      return;
    }
    sync((err) => {
      if (err) return this.fail(err);
      // This sync began after this batch's commit, which came after every earlier batch's: they
      // are all durable now, even those whose own sync has not reported yet.
      for (const b of this.unsynced) {
        b.synced = true;
        if (b === batch) break;
      }
      this.release();
    });
  }

  /** release hands out the results of the oldest batches that are durable, in batch order. */
  private release(): void {
    while (this.unsynced.length > 0 && this.unsynced[0]!.synced && !this.failed) {
      const { results, waiters } = this.unsynced.shift()!;
      for (let i = 0; i < waiters.length; i++) waiters[i]!(results[i]!);
    }
  }

  private fail(err: Error): void {
    if (this.failed) return;
    this.failed = new Error(`the disk did not confirm a commit (${err.message}); this server answers no more requests`);
    this.options.onSyncFailed?.(this.failed);
    for (const b of this.unsynced.splice(0)) for (const w of b.waiters) w(this.failed);
    const waiting = this.waiters.splice(0);
    this.queue.length = 0;
    for (const w of waiting) w(this.failed);
  }
}
