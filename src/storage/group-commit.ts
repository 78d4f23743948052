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
}

type Waiter<O> = (result: O | Error) => void;

export class GroupCommit<I, O> {
  private queue: I[] = [];
  private waiters: Waiter<O>[] = [];
  private scheduled = false;
  private readonly maxBatch: number;
  readonly stats: GroupCommitStats = { batches: 0, items: 0, largestBatch: 0, commitMicrosTotal: 0 };

  constructor(private readonly options: GroupCommitOptions<I, O>) {
    this.maxBatch = options.maxBatch ?? 4096;
  }

  /** submit queues an item; done is called once, after the batch holding it committed or failed. */
  submit(item: I, done: Waiter<O>): void {
    this.queue.push(item);
    this.waiters.push(done);
    if (!this.scheduled) {
      this.scheduled = true;
      // setImmediate runs after the I/O callbacks of this loop turn, so every frame already read
      // from every connection joins the batch.
      setImmediate(() => this.flush());
    }
  }

  /** pending is the number of items waiting for the next commit. */
  get pending(): number {
    return this.queue.length;
  }

  private flush(): void {
    this.scheduled = false;
    const items = this.queue.splice(0, this.maxBatch);
    const waiters = this.waiters.splice(0, this.maxBatch);
    if (this.queue.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    if (items.length === 0) return;
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
    for (let i = 0; i < waiters.length; i++) waiters[i]!(results[i]!);
  }
}
