/**
 * The trace journal: a traced server's events, written into the acceptor's own SQLite database in
 * the same transaction as the state change they describe.
 *
 * Why: a server's event log (src/trace/event-log.ts) is a plain file written after the batch
 * commits. A server killed with SIGKILL between the commit (the promise or accept is durable) and
 * the log line (the event is not) leaves a log that misses a step the acceptor really took: the
 * restarted server then reports a promise that no event of the merged trace explains, and the
 * trace check rejects a correct run. With the journal, the commit makes the events durable
 * together with the rows; after the commit they go to the log file, each line carrying its
 * journal id (`j`). At restart, the journal rows whose id is above the log's last `j` are the
 * events the crash kept out of the log: they are appended (before the restart's CrashAcceptor
 * marker, since they happened before the crash) and the journal is emptied.
 *
 * Rows already logged are deleted inside the next batch's transaction, so the journal costs no
 * extra fsync; it holds at most one batch's events between batches. AUTOINCREMENT ids never go
 * back, so a journal id names one event for the life of the data folder.
 */
import type Database from 'better-sqlite3';
import type { TraceEvent } from '../core/trace.ts';

/** One journaled event: its id, the event, and the local clock when it was taken (ms). */
export interface JournalRow {
  id: number;
  event: TraceEvent;
  t: number;
}

/** Where journaled events go once their batch committed (an event log; see openEventLog). */
export interface JournaledLog {
  /** The highest journal id the log already holds (0 for none). */
  readonly lastJournalId: number;
  /**
   * fresh: the log was created by this run (no earlier run of any server wrote to it). A fresh
   * log must start on an empty data folder: a trace is checked from the spec's initial state.
   */
  readonly fresh?: boolean;
  /** writeJournaled appends one committed event with its journal id. */
  writeJournaled(row: JournalRow): void;
  /** writeRecovered appends the events a crash kept out of the log, before any restart marker. */
  writeRecovered(rows: readonly JournalRow[]): void;
}

export class TraceJournal {
  private readonly insert: Database.Statement<[string, number]>;
  private readonly deleteThrough: Database.Statement<[number]>;
  private readonly selectAll: Database.Statement<[], { id: number; event: string; t: number }>;

  constructor(private readonly db: Database.Database) {
    db.exec('CREATE TABLE IF NOT EXISTS trace_journal (id INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL, t REAL NOT NULL)');
    this.insert = db.prepare('INSERT INTO trace_journal (event, t) VALUES (?, ?)');
    this.deleteThrough = db.prepare('DELETE FROM trace_journal WHERE id <= ?');
    this.selectAll = db.prepare('SELECT id, event, t FROM trace_journal ORDER BY id');
  }

  /** record journals events, in order; call it inside the batch's transaction. */
  record(events: readonly TraceEvent[]): JournalRow[] {
    const rows: JournalRow[] = [];
    for (const event of events) {
      const t = performance.timeOrigin + performance.now();
      const id = Number(this.insert.run(JSON.stringify(event), t).lastInsertRowid);
      rows.push({ id, event, t });
    }
    return rows;
  }

  /** forgetThrough drops the rows up to `id` (already in the log); inside a transaction. */
  forgetThrough(id: number): void {
    if (id > 0) this.deleteThrough.run(id);
  }

  /** rows lists what the journal holds, oldest first. */
  rows(): JournalRow[] {
    return this.selectAll.all().map((r) => ({ id: r.id, event: JSON.parse(r.event) as TraceEvent, t: r.t }));
  }

  /**
   * recoverInto appends to `log` the journaled events it does not hold yet (a crash came between
   * their commit and their log lines), then empties the journal. Returns how many it appended.
   */
  recoverInto(log: JournaledLog): number {
    const missing = this.rows().filter((r) => r.id > log.lastJournalId);
    if (missing.length > 0) log.writeRecovered(missing);
    this.db.transaction(() => this.deleteThrough.run(Number.MAX_SAFE_INTEGER))();
    return missing.length;
  }
}
