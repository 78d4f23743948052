/**
 * SqliteAcceptorStore: an acceptor's durable state in SQLite (better-sqlite3), the embedded store
 * the server persists promises, accepts and trims in.
 *
 * Layout (one database file per server, `acceptor.db` in the data folder):
 * - `wor(seg, off, promised_*, accepted_*, accepted_value)`: one row per WOR that was ever promised
 *   or written, keyed by (seg, off); ballots are stored as their two integer parts so the rows can
 *   be read with the sqlite3 shell. A missing row means "never promised, unwritten".
 * - `segment(seg, trimmed)`: per-segment state, today the trim tombstone.
 *
 * Durability: WAL journal with synchronous=FULL, so a committed transaction has been fsynced to
 * the WAL and survives a crash or power loss. The store is also the AcceptorView the core steps
 * against: reads inside an open transaction see that transaction's own writes, so requests of one
 * group-commit batch see each other in order without an in-memory copy that could run ahead of
 * the disk when a commit fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AcceptorView, Change, WorState } from '../core/acceptor.ts';
import type { Ballot } from '../core/ballot.ts';

/** SCHEMA_VERSION is stored in the database; opening a database of another version is refused. */
const SCHEMA_VERSION = 1;

interface WorRow {
  off: number;
  promised_round: number | null;
  promised_client: number | null;
  accepted_round: number | null;
  accepted_client: number | null;
  accepted_value: string | null;
}

function ballotOf(round: number | null, client: number | null): Ballot | null {
  return round === null || client === null ? null : [round, client];
}

function stateOf(row: WorRow): WorState {
  return {
    promised: ballotOf(row.promised_round, row.promised_client),
    acceptedBallot: ballotOf(row.accepted_round, row.accepted_client),
    acceptedValue: row.accepted_value,
  };
}

export interface StoreStats {
  worRows: number;
  trimmedSegments: number;
}

export class SqliteAcceptorStore implements AcceptorView {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly selectWor: Database.Statement<[number, number], WorRow>;
  private readonly selectRange: Database.Statement<[number, number, number], WorRow>;
  private readonly upsertWor: Database.Statement<[number, number, number | null, number | null, number | null, number | null, string | null]>;
  private readonly deleteSegmentWors: Database.Statement<[number]>;
  private readonly insertTrim: Database.Statement<[number]>;
  private readonly selectTrimmed: Database.Statement<[number], { trimmed: number }>;

  /** open creates the data folder and database if needed and recovers the committed state. */
  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'acceptor.db');
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    // FULL: fsync the WAL at every commit. NORMAL would only sync at checkpoints, and a promise
    // answered but lost in a power failure breaks Paxos.
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS wor (
        seg INTEGER NOT NULL,
        off INTEGER NOT NULL,
        promised_round INTEGER,
        promised_client INTEGER,
        accepted_round INTEGER,
        accepted_client INTEGER,
        accepted_value TEXT,
        PRIMARY KEY (seg, off)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS segment (seg INTEGER PRIMARY KEY, trimmed INTEGER NOT NULL);
    `);
    const version = this.db.prepare<[], { value: number }>("SELECT value FROM meta WHERE key = 'schema_version'").get();
    if (version === undefined) {
      this.db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(SCHEMA_VERSION);
    } else if (version.value !== SCHEMA_VERSION) {
      this.db.close();
      throw new Error(`${this.file} has schema version ${version.value}; this server reads version ${SCHEMA_VERSION}`);
    }
    const columns = 'off, promised_round, promised_client, accepted_round, accepted_client, accepted_value';
    this.selectWor = this.db.prepare(`SELECT ${columns} FROM wor WHERE seg = ? AND off = ?`);
    this.selectRange = this.db.prepare(`SELECT ${columns} FROM wor WHERE seg = ? AND off >= ? AND off < ? ORDER BY off`);
    this.upsertWor = this.db.prepare(
      `INSERT INTO wor (seg, off, promised_round, promised_client, accepted_round, accepted_client, accepted_value)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (seg, off) DO UPDATE SET
         promised_round = excluded.promised_round, promised_client = excluded.promised_client,
         accepted_round = excluded.accepted_round, accepted_client = excluded.accepted_client,
         accepted_value = excluded.accepted_value`,
    );
    this.deleteSegmentWors = this.db.prepare('DELETE FROM wor WHERE seg = ?');
    this.insertTrim = this.db.prepare('INSERT INTO segment (seg, trimmed) VALUES (?, 1) ON CONFLICT (seg) DO UPDATE SET trimmed = 1');
    this.selectTrimmed = this.db.prepare('SELECT trimmed FROM segment WHERE seg = ?');
  }

  getWor(seg: number, off: number): WorState | undefined {
    const row = this.selectWor.get(seg, off);
    return row === undefined ? undefined : stateOf(row);
  }

  /** getRange returns the stored rows of data WORs in [start, end), for prefetching a range request. */
  getRange(seg: number, start: number, end: number): Map<number, WorState> {
    const out = new Map<number, WorState>();
    for (const row of this.selectRange.iterate(seg, start, end)) out.set(row.off, stateOf(row));
    return out;
  }

  isTrimmed(seg: number): boolean {
    return this.selectTrimmed.get(seg)?.trimmed === 1;
  }

  /**
   * apply writes the core's changes, in order. Call it inside `transaction` so that the changes
   * of a batch commit (and fsync) together.
   */
  apply(changes: readonly Change[]): void {
    // A range request yields one change per register of one segment: look its tombstone up once.
    let knownSeg = -1;
    let knownTrimmed = false;
    for (const c of changes) {
      if (c.kind === 'trim') {
        this.deleteSegmentWors.run(c.seg);
        this.insertTrim.run(c.seg);
        knownSeg = -1;
      } else {
        if (c.seg !== knownSeg) {
          knownSeg = c.seg;
          knownTrimmed = this.isTrimmed(c.seg);
        }
        if (knownTrimmed) continue; // a trimmed segment keeps no rows (as MemoryAcceptorStore)
        this.upsertWor.run(c.seg, c.off, c.promised?.[0] ?? null, c.promised?.[1] ?? null, c.acceptedBallot?.[0] ?? null, c.acceptedBallot?.[1] ?? null, c.acceptedValue);
      }
    }
  }

  /**
   * transaction runs fn in one SQLite transaction: committed and fsynced when fn returns, rolled
   * back (nothing changed) when it throws.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** rows lists the whole durable state as Change records (trims first), for tests and tools. */
  rows(): Change[] {
    const out: Change[] = [];
    for (const r of this.db.prepare<[], { seg: number }>('SELECT seg FROM segment WHERE trimmed = 1 ORDER BY seg').iterate()) {
      out.push({ kind: 'trim', seg: r.seg });
    }
    const all = this.db.prepare<[], WorRow & { seg: number }>(
      'SELECT seg, off, promised_round, promised_client, accepted_round, accepted_client, accepted_value FROM wor ORDER BY seg, off',
    );
    for (const r of all.iterate()) out.push({ kind: 'wor', seg: r.seg, ...stateOfWithOff(r) });
    return out;
  }

  stats(): StoreStats {
    const worRows = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM wor').get()!.n;
    const trimmedSegments = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM segment WHERE trimmed = 1').get()!.n;
    return { worRows, trimmedSegments };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function stateOfWithOff(r: WorRow): { off: number } & WorState {
  return { off: r.off, ...stateOf(r) };
}
