/**
 * AcceptorService binds the core acceptor (`step`) to the durable store with group commit.
 *
 * Requests are queued; once per event-loop turn the queued batch is stepped in arrival order
 * inside one SQLite transaction, each step's changes are written before the next request is
 * stepped (so requests of one batch see each other), the transaction commits with one fsync, and
 * only then are the replies released. A read in the same batch as a write waits for the commit
 * too: answering it earlier could reveal state that a crash would then take back.
 */
import { step, type AcceptorView, type WorState } from '../core/acceptor.ts';
import type { Reply, Request } from '../core/messages.ts';
import type { TraceEvent, Tracer } from '../core/trace.ts';
import { GroupCommit, type GroupCommitStats } from '../storage/group-commit.ts';
import type { JournaledLog, JournalRow, TraceJournal } from './trace-journal.ts';
import type { SqliteAcceptorStore } from '../storage/sqlite-store.ts';

export interface AcceptorServiceOptions {
  /** self names this acceptor in trace events. */
  self?: string;
  /** tracer receives the core's trace events of each batch, in step order, after its commit. */
  tracer?: Tracer | null;
  /**
   * traceLog, instead of tracer: the events are journaled in the batch's own transaction
   * (trace-journal.ts), so a kill -9 between the commit and the log line loses none of them.
   */
  traceLog?: { journal: TraceJournal; log: JournaledLog } | null;
  maxBatch?: number;
  /**
   * maxReplyValueBytes: a range request whose reply could carry more bytes of stored values than
   * this (one frame's worth) is refused before it is stepped, so its reply is never built.
   */
  maxReplyValueBytes?: number;
}

/** RequestRefused: a request the server answers with an error frame instead of a reply; nothing changed. */
export class RequestRefused extends Error {
  constructor(
    readonly code: 'oversized',
    message: string,
  ) {
    super(message);
    this.name = 'RequestRefused';
  }
}

/**
 * RangeView answers a range request's reads from one range query instead of one query per
 * register; everything else goes to the store. It is built per request, after the previous
 * request's changes were written, so it never shows stale rows.
 */
class RangeView implements AcceptorView {
  constructor(
    private readonly store: SqliteAcceptorStore,
    private readonly seg: number,
    private readonly start: number,
    private readonly end: number,
    private readonly rows: Map<number, WorState>,
  ) {}

  getWor(seg: number, off: number): WorState | undefined {
    if (seg === this.seg && off >= this.start && off < this.end) return this.rows.get(off);
    return this.store.getWor(seg, off);
  }

  isTrimmed(seg: number): boolean {
    return this.store.isTrimmed(seg);
  }
}

/** A queued request and, when known, who sent it (`c<clientId>`, as the simulator names clients). */
interface Submitted {
  request: Request;
  from?: string;
}

export class AcceptorService {
  private readonly commit: GroupCommit<Submitted, Reply | RequestRefused>;
  /** The request being stepped, so that its trace events can name it. */
  private current: Submitted | null = null;
  /** Trace events of the batch being stepped: reported only once the batch committed. */
  private batchEvents: TraceEvent[] = [];
  private readonly collect: Tracer | null;

  constructor(
    private readonly store: SqliteAcceptorStore,
    private readonly options: AcceptorServiceOptions = {},
  ) {
    // `from` and `rid` name the request a step answered, so a trace can tell whose read a
    // ReadReply served (the same stamps as the simulator's servers).
    this.collect = options.tracer || options.traceLog
      ? (event) => this.batchEvents.push({ action: event.action, vars: { ...event.vars, from: this.current?.from ?? null, rid: this.current?.request.rid ?? null } })
      : null;
    this.commit = new GroupCommit<Submitted, Reply | RequestRefused>({
      maxBatch: options.maxBatch,
      // A store that commits without fsync is synced off the event loop before any reply leaves.
      ...(store.deferredSync
        ? {
            sync: (done: (err: Error | null) => void) => store.syncWal(done),
            syncNow: () => store.syncWalNow(),
            onSyncFailed: (err: Error) => process.stderr.write(`wormspace server: ${err.message}\n`),
          }
        : {}),
      runBatch: (items) => {
        try {
          const traceLog = this.options.traceLog;
          let journaled: JournalRow[] = [];
          const replies = this.store.transaction(() => {
            const stepped = items.map((item) => this.stepOne(item));
            if (traceLog) {
              traceLog.journal.forgetThrough(traceLog.log.lastJournalId);
              journaled = traceLog.journal.record(this.batchEvents);
            }
            return stepped;
          });
          // A trace records what happened: steps of a batch that rolled back did not. The batch
          // is committed by now, so a failing tracer must not turn its replies into errors.
          try {
            if (traceLog) for (const row of journaled) traceLog.log.writeJournaled(row);
            else for (const event of this.batchEvents) this.options.tracer!(event);
          } catch (err) {
            process.stderr.write(`wormspace server: tracer failed: ${err instanceof Error ? err.message : String(err)}\n`);
          }
          return replies;
        } finally {
          this.batchEvents = [];
        }
      },
    });
  }

  /**
   * submit steps one request; done receives its reply after the reply's state is durable. `from`
   * names the sender in trace events.
   */
  submit(request: Request, done: (reply: Reply | RequestRefused | Error) => void, from?: string): void {
    this.commit.submit(from === undefined ? { request } : { request, from }, done);
  }

  get stats(): GroupCommitStats {
    return this.commit.stats;
  }

  private stepOne(item: Submitted): Reply | RequestRefused {
    const request = item.request;
    const limit = this.options.maxReplyValueBytes;
    if (limit !== undefined && (request.type === 'PrepareRange' || request.type === 'AcceptRange') && request.end > request.start) {
      // Measured inside the batch, so a range written earlier in this same batch counts.
      const bytes = this.store.valueBytesAtMost(request.seg, request.start, request.end, request.type === 'AcceptRange' ? request.ballot : undefined);
      if (bytes > limit) {
        return new RequestRefused(
          'oversized',
          `${request.type} of [${request.start}, ${request.end}) in segment ${request.seg} could answer with up to ${bytes} bytes of values, more than one frame (${limit}); ask for a shorter range`,
        );
      }
    }
    this.current = item;
    const view: AcceptorView =
      (request.type === 'PrepareRange' || request.type === 'AcceptRange') && request.end > request.start
        ? new RangeView(this.store, request.seg, request.start, request.end, this.store.getRange(request.seg, request.start, request.end))
        : this.store;
    const { changes, replies } = step(view, request, { self: this.options.self, tracer: this.collect });
    this.current = null;
    this.store.apply(changes);
    // Every acceptor rule answers a request with exactly one reply; the wire protocol relies on it.
    if (replies.length !== 1) throw new Error(`acceptor step returned ${replies.length} replies for ${request.type}`);
    return replies[0]!;
  }
}
