/**
 * SqliteAcceptorStore: an acceptor's durable state in SQLite (better-sqlite3), the embedded store
 * the server persists promises, accepts and trims in.
 *
 * Layout (one database file per server, `acceptor.db` in the data folder):
 * - `wor(seg, off, promised_*, accepted_*, accepted_value)`: one row per WOR, keyed by
 *   (seg, off); ballots are stored as their two integer parts so the rows can be read with the
 *   sqlite3 shell.
 * - `wor_range(id, seg, start, end, promised_*, accepted_*, accepted_value)`: one row standing for
 *   every WOR of [start, end) that has no `wor` row of its own. A captureSegment or writeSegment of
 *   1,024 fresh WORs gives the core 1,024 identical changes; storing them as one range row keeps
 *   its commit as cheap as a single capture's (the paper's batch capture costs about one capture).
 * - `segment(seg, trimmed)`: per-segment state, today the trim tombstone.
 * - `promised_key` and `accepted_proof` (JSON) in both WOR tables: the capture key a promise was
 *   made with and the proof an accepted value came with (src/core/capture-key.ts). They are
 *   written in the same row, in the same fsynced transaction, as the promise and the value.
 *
 * Schema version 3 added those two columns; a version 2 database is migrated when opened (its
 * rows get no key: promises made before the upgrade stay unprotected, as their clients made
 * them).
 *
 * The state of WOR (seg, off) is its `wor` row if it has one; else that of the latest (highest
 * id) range row covering it; else "never promised, unwritten". This is exact because a range row
 * is only written over offsets that have no `wor` row at that moment, with the state the core
 * asked for, and a `wor` row, once written, always wins.
 *
 * Durability: WAL journal with synchronous=FULL, so a committed transaction has been fsynced to
 * the WAL and survives a crash or power loss. With `deferredSync`, a commit only hands the WAL
 * frames to the operating system (synchronous=NORMAL: SQLite still syncs around checkpoints) and
 * the caller makes them durable with `syncWal` (an fdatasync of the WAL file off the event loop)
 * before it acknowledges anything: the same guarantee, but the next batch can be stepped while
 * the disk works (src/storage/group-commit.ts). The store is also the AcceptorView the core steps
 * against: reads inside an open transaction see that transaction's own writes, so requests of one
 * group-commit batch see each other in order without an in-memory copy that could run ahead of
 * the disk when a commit fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { withCaptureFields, type AcceptorView, type Change, type WorState } from '../core/acceptor.ts';
import type { AcceptProof } from '../core/capture-key.ts';
import { ballotEquals, type Ballot } from '../core/ballot.ts';
import { MAX_RANGE_LEN } from '../core/address.ts';

/** SCHEMA_VERSION is stored in the database; opening a database of another version is refused. */
const SCHEMA_VERSION = 3;
/** The version before the capture-key columns, migrated in place by adding them. */
const SCHEMA_VERSION_NO_KEYS = 2;

/** Runs of identical changes shorter than this are stored as plain rows. */
const RANGE_ROW_MIN = 4;

interface StateColumns {
  promised_round: number | null;
  promised_client: number | null;
  accepted_round: number | null;
  accepted_client: number | null;
  accepted_value: string | null;
  promised_key: string | null;
  accepted_proof: string | null;
}
interface WorRow extends StateColumns {
  off: number;
}
interface RangeRow extends StateColumns {
  start: number;
  end: number;
}
type WorChange = Extract<Change, { kind: 'wor' }>;

function ballotOf(round: number | null, client: number | null): Ballot | null {
  return round === null || client === null ? null : [round, client];
}

function stateOf(row: StateColumns): WorState {
  return withCaptureFields(
    {
      promised: ballotOf(row.promised_round, row.promised_client),
      acceptedBallot: ballotOf(row.accepted_round, row.accepted_client),
      acceptedValue: row.accepted_value,
    },
    { promisedKey: row.promised_key, acceptedProof: row.accepted_proof === null ? null : (JSON.parse(row.accepted_proof) as AcceptProof) },
  );
}

type Columns = [number | null, number | null, number | null, number | null, string | null, string | null, string | null];

function columnsOf(c: WorChange): Columns {
  return [
    c.promised?.[0] ?? null,
    c.promised?.[1] ?? null,
    c.acceptedBallot?.[0] ?? null,
    c.acceptedBallot?.[1] ?? null,
    c.acceptedValue,
    c.promisedKey ?? null,
    c.acceptedProof ? JSON.stringify(c.acceptedProof) : null,
  ];
}

function sameState(a: WorChange, b: WorChange): boolean {
  return (
    ballotEquals(a.promised, b.promised) &&
    ballotEquals(a.acceptedBallot, b.acceptedBallot) &&
    a.acceptedValue === b.acceptedValue &&
    (a.promisedKey ?? null) === (b.promisedKey ?? null) &&
    JSON.stringify(a.acceptedProof ?? null) === JSON.stringify(b.acceptedProof ?? null)
  );
}

export interface StoreStats {
  /** WORs with a state of their own (from `wor` rows or range rows). */
  worRows: number;
  rangeRows: number;
  trimmedSegments: number;
}

const STATE = 'promised_round, promised_client, accepted_round, accepted_client, accepted_value, promised_key, accepted_proof';

export interface SqliteStoreOptions {
  /** Commit without fsync; the caller must call syncWal and wait for it before acknowledging. */
  deferredSync?: boolean;
}

export class SqliteAcceptorStore implements AcceptorView {
  readonly file: string;
  readonly deferredSync: boolean;
  /** An fd of the WAL file for syncWal, opened at the first sync (see walFd). */
  private walFdOpen: number | null = null;
  private syncsInFlight = 0;
  private readonly db: Database.Database;
  /** db.transaction(fn)() builds a new wrapper per call (about 16 µs on this VM): built once here. */
  private readonly runInTransaction: (fn: () => unknown) => unknown;
  /**
   * The segments with a trim tombstone, loaded at open and kept by `apply`: every Accept asked the
   * segment table twice (the step's check and apply's). This connection is the only writer of the
   * table (the server's data-folder lock); a transaction that throws reloads it from the database.
   */
  private trimmed = new Set<number>();
  private readonly selectWor: Database.Statement<[number, number], WorRow>;
  private readonly selectCovering: Database.Statement<[number, number, number, number], RangeRow>;
  private readonly selectRange: Database.Statement<[number, number, number], WorRow>;
  private readonly selectOverlapping: Database.Statement<[number, number, number, number], RangeRow>;
  private readonly selectOffs: Database.Statement<[number, number, number], { off: number }>;
  private readonly upsertWor: Database.Statement<[number, number, ...Columns]>;
  private readonly insertRange: Database.Statement<[number, number, number, ...Columns]>;
  private readonly deleteSegmentWors: Database.Statement<[number]>;
  private readonly deleteSegmentRanges: Database.Statement<[number]>;
  private readonly insertTrim: Database.Statement<[number]>;
  private readonly selectTrimmed: Database.Statement<[], { seg: number }>;
  private readonly sumWorValueBytes: Database.Statement<[number, number, number, number, number, number, number, number, number], { bytes: number | null }>;
  private readonly sumRangeValueBytes: Database.Statement<[number, number, number, number, number, number, number, number, number, number, number, number], { bytes: number | null }>;

  /** open creates the data folder and database if needed and recovers the committed state. */
  constructor(dataDir: string, options: SqliteStoreOptions = {}) {
    this.deferredSync = options.deferredSync === true;
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'acceptor.db');
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    // FULL: fsync the WAL at every commit. NORMAL would only sync at checkpoints, and a promise
    // answered but lost in a power failure breaks Paxos; with deferredSync, syncWal does that
    // fsync after the commit instead, and nothing is answered before it finished.
    this.db.pragma(this.deferredSync ? 'synchronous = NORMAL' : 'synchronous = FULL');
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
        promised_key TEXT,
        accepted_proof TEXT,
        PRIMARY KEY (seg, off)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS wor_range (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        seg INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        promised_round INTEGER,
        promised_client INTEGER,
        accepted_round INTEGER,
        accepted_client INTEGER,
        accepted_value TEXT,
        promised_key TEXT,
        accepted_proof TEXT
      );
      CREATE INDEX IF NOT EXISTS wor_range_by_start ON wor_range (seg, start);
      CREATE TABLE IF NOT EXISTS segment (seg INTEGER PRIMARY KEY, trimmed INTEGER NOT NULL);
    `);
    const version = this.db.prepare<[], { value: number }>("SELECT value FROM meta WHERE key = 'schema_version'").get();
    if (version === undefined) {
      this.db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(SCHEMA_VERSION);
    } else if (version.value === SCHEMA_VERSION_NO_KEYS) {
      // CREATE TABLE IF NOT EXISTS left the old tables as they were: add the columns, in one transaction.
      this.db.transaction(() => {
        for (const table of ['wor', 'wor_range']) {
          this.db.exec(`ALTER TABLE ${table} ADD COLUMN promised_key TEXT; ALTER TABLE ${table} ADD COLUMN accepted_proof TEXT;`);
        }
        this.db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(SCHEMA_VERSION);
      })();
    } else if (version.value !== SCHEMA_VERSION) {
      this.db.close();
      throw new Error(`${this.file} has schema version ${version.value}; this server reads version ${SCHEMA_VERSION}`);
    }
    this.selectWor = this.db.prepare(`SELECT off, ${STATE} FROM wor WHERE seg = ? AND off = ?`);
    // Range rows are at most MAX_RANGE_LEN long, so `start > off - MAX_RANGE_LEN` bounds the scan.
    this.selectCovering = this.db.prepare(
      `SELECT start, end, ${STATE} FROM wor_range WHERE seg = ? AND start <= ? AND end > ? AND start > ? ORDER BY id DESC LIMIT 1`,
    );
    this.selectRange = this.db.prepare(`SELECT off, ${STATE} FROM wor WHERE seg = ? AND off >= ? AND off < ?`);
    this.selectOverlapping = this.db.prepare(
      `SELECT start, end, ${STATE} FROM wor_range WHERE seg = ? AND start < ? AND end > ? AND start > ? ORDER BY id`,
    );
    this.selectOffs = this.db.prepare('SELECT off FROM wor WHERE seg = ? AND off >= ? AND off < ? ORDER BY off');
    this.upsertWor = this.db.prepare(
      `INSERT INTO wor (seg, off, ${STATE}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (seg, off) DO UPDATE SET
         promised_round = excluded.promised_round, promised_client = excluded.promised_client,
         accepted_round = excluded.accepted_round, accepted_client = excluded.accepted_client,
         accepted_value = excluded.accepted_value,
         promised_key = excluded.promised_key, accepted_proof = excluded.accepted_proof`,
    );
    this.insertRange = this.db.prepare(`INSERT INTO wor_range (seg, start, end, ${STATE}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.deleteSegmentWors = this.db.prepare('DELETE FROM wor WHERE seg = ?');
    this.deleteSegmentRanges = this.db.prepare('DELETE FROM wor_range WHERE seg = ?');
    this.insertTrim = this.db.prepare('INSERT INTO segment (seg, trimmed) VALUES (?, 1) ON CONFLICT (seg) DO UPDATE SET trimmed = 1');
    this.selectTrimmed = this.db.prepare('SELECT seg FROM segment WHERE trimmed = 1');
    this.trimmed = this.loadTrimmed();
    this.runInTransaction = this.db.transaction((fn: () => unknown) => fn());
    // octet_length reads a value's size from its record header, not the value itself. The last
    // five parameters restrict the count to rows that could refuse an accept at ballot <<r, c>>
    // (promised above it, or accepted at it); a flag of 0 counts every row.
    const refusing = `(? = 0 OR promised_round > ? OR (promised_round = ? AND promised_client > ?) OR (accepted_round = ? AND accepted_client = ?))`;
    this.sumWorValueBytes = this.db.prepare(
      `SELECT SUM(octet_length(accepted_value)) AS bytes FROM wor WHERE seg = ? AND off >= ? AND off < ? AND ${refusing}`,
    );
    this.sumRangeValueBytes = this.db.prepare(
      `SELECT SUM((MIN(end, ?) - MAX(start, ?)) * octet_length(accepted_value)) AS bytes
       FROM wor_range WHERE seg = ? AND start < ? AND end > ? AND start > ? AND accepted_value IS NOT NULL AND ${refusing}`,
    );
  }

  /**
   * valueBytesAtMost bounds from above the bytes of the accepted values stored for [start, end)
   * of a segment, from the rows' sizes alone, without reading a value: a register counted both
   * in its own row and in range rows is counted more than once. With `refusingAt`, only registers
   * that could refuse an accept at that ballot count (an AcceptRange's reply lists only those). A
   * range request's reply carries at most these values, so the server can refuse a reply too big for a frame before building it.
   */
  valueBytesAtMost(seg: number, start: number, end: number, refusingAt?: Ballot): number {
    const [r, c] = refusingAt ?? [0, 0];
    const f = refusingAt === undefined ? 0 : 1;
    const own = this.sumWorValueBytes.get(seg, start, end, f, r, r, c, r, c)?.bytes ?? 0;
    const ranges = this.sumRangeValueBytes.get(end, start, seg, end, start, start - MAX_RANGE_LEN, f, r, r, c, r, c)?.bytes ?? 0;
    return own + ranges;
  }

  /** durability reports the connection's own journal and sync settings (they are per connection). */
  durability(): { journalMode: string; synchronous: number } {
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
    };
  }

  getWor(seg: number, off: number): WorState | undefined {
    const row = this.selectWor.get(seg, off);
    if (row !== undefined) return stateOf(row);
    const range = this.selectCovering.get(seg, off, off, off - MAX_RANGE_LEN);
    return range === undefined ? undefined : stateOf(range);
  }

  /** getRange returns the state of every stored WOR in [start, end), for prefetching a range request. */
  getRange(seg: number, start: number, end: number): Map<number, WorState> {
    const out = new Map<number, WorState>();
    // Range rows first, oldest to newest so newer ones overwrite; then the WORs' own rows win.
    for (const r of this.selectOverlapping.iterate(seg, end, start, start - MAX_RANGE_LEN)) {
      const state = stateOf(r);
      for (let off = Math.max(start, r.start); off < Math.min(end, r.end); off++) out.set(off, state);
    }
    for (const row of this.selectRange.iterate(seg, start, end)) out.set(row.off, stateOf(row));
    return out;
  }

  isTrimmed(seg: number): boolean {
    return this.trimmed.has(seg);
  }

  private loadTrimmed(): Set<number> {
    return new Set(this.selectTrimmed.all().map((r) => r.seg));
  }

  /**
   * apply writes the core's changes, in order. Call it inside `transaction` so that the changes
   * of a batch commit (and fsync) together.
   */
  apply(changes: readonly Change[]): void {
    // A range request yields one change per register of one segment: look its tombstone up once.
    let knownSeg = -1;
    let knownTrimmed = false;
    for (let i = 0; i < changes.length; ) {
      const c = changes[i]!;
      if (c.kind === 'trim') {
        this.deleteSegmentWors.run(c.seg);
        this.deleteSegmentRanges.run(c.seg);
        this.insertTrim.run(c.seg);
        this.trimmed.add(c.seg);
        knownSeg = -1;
        i++;
        continue;
      }
      if (c.seg !== knownSeg) {
        knownSeg = c.seg;
        knownTrimmed = this.isTrimmed(c.seg);
      }
      // The run of changes that set consecutive offsets of this segment to one same state.
      let j = i + 1;
      while (j < changes.length) {
        const d = changes[j]!;
        if (d.kind !== 'wor' || d.seg !== c.seg || d.off !== c.off + (j - i) || !sameState(c, d) || j - i >= MAX_RANGE_LEN) break;
        j++;
      }
      if (!knownTrimmed) this.applyRun(c, j - i); // a trimmed segment keeps no rows (as MemoryAcceptorStore)
      i = j;
    }
  }

  /** applyRun stores `length` WORs from first.off on with first's state. */
  private applyRun(first: WorChange, length: number): void {
    const state = columnsOf(first);
    if (length < RANGE_ROW_MIN || first.off < 0) {
      for (let k = 0; k < length; k++) this.upsertWor.run(first.seg, first.off + k, ...state);
      return;
    }
    const end = first.off + length;
    // WORs with rows of their own are updated in place (their rows win over any range row);
    // the stretches between them become range rows.
    let from = first.off;
    const flush = (to: number) => {
      if (to - from >= RANGE_ROW_MIN) this.insertRange.run(first.seg, from, to, ...state);
      else for (let off = from; off < to; off++) this.upsertWor.run(first.seg, off, ...state);
    };
    // .all(), not .iterate(): SQLite cannot write while a statement of the connection is open.
    for (const { off } of this.selectOffs.all(first.seg, first.off, end)) {
      flush(off);
      this.upsertWor.run(first.seg, off, ...state);
      from = off + 1;
    }
    flush(end);
  }

  /**
   * transaction runs fn in one SQLite transaction: committed and fsynced when fn returns, rolled
   * back (nothing changed) when it throws.
   */
  transaction<T>(fn: () => T): T {
    try {
      return this.runInTransaction(fn) as T;
    } catch (err) {
      // Rolled back: a trim applied in it is undone in the database, so forget it here too.
      this.trimmed = this.loadTrimmed();
      throw err;
    }
  }

  /** database: the open connection, for what must be written in the same transactions (the trace journal). */
  get database(): Database.Database {
    return this.db;
  }

  /** rows lists the whole durable state as one Change per WOR (trims first), for tests and tools. */
  rows(): Change[] {
    const out: Change[] = [];
    for (const r of this.db.prepare<[], { seg: number }>('SELECT seg FROM segment WHERE trimmed = 1 ORDER BY seg').iterate()) {
      out.push({ kind: 'trim', seg: r.seg });
    }
    const states = new Map<string, { seg: number; off: number; state: WorState }>();
    for (const r of this.db.prepare<[], RangeRow & { seg: number }>(`SELECT seg, start, end, ${STATE} FROM wor_range ORDER BY id`).iterate()) {
      for (let off = r.start; off < r.end; off++) states.set(`${r.seg}/${off}`, { seg: r.seg, off, state: stateOf(r) });
    }
    for (const r of this.db.prepare<[], WorRow & { seg: number }>(`SELECT seg, off, ${STATE} FROM wor`).iterate()) {
      states.set(`${r.seg}/${r.off}`, { seg: r.seg, off: r.off, state: stateOf(r) });
    }
    const sorted = [...states.values()].sort((a, b) => a.seg - b.seg || a.off - b.off);
    for (const { seg, off, state } of sorted) out.push({ kind: 'wor', seg, off, ...state });
    return out;
  }

  /** isEmpty: no register, range or segment was ever written (a data folder that holds no acceptor state). */
  isEmpty(): boolean {
    const any = (table: string) => this.db.prepare<[], { x: number }>(`SELECT 1 AS x FROM ${table} LIMIT 1`).get() !== undefined;
    return !any('wor') && !any('wor_range') && !any('segment');
  }

  stats(): StoreStats {
    const count = (sql: string) => this.db.prepare<[], { n: number }>(sql).get()!.n;
    return {
      worRows: this.rows().filter((r) => r.kind === 'wor').length,
      rangeRows: count('SELECT count(*) AS n FROM wor_range'),
      trimmedSegments: count('SELECT count(*) AS n FROM segment WHERE trimmed = 1'),
    };
  }

  /**
   * syncWal makes every transaction committed so far durable (fdatasync of the WAL file on the
   * thread pool) and then calls done. Only for a store opened with deferredSync.
   */
  syncWal(done: (err: Error | null) => void): void {
    if (!this.deferredSync) throw new Error('syncWal is for a store opened with deferredSync');
    let fd: number;
    try {
      fd = this.walFd();
    } catch (err) {
      done(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.syncsInFlight++;
    fs.fdatasync(fd, (err) => {
      this.syncsInFlight--;
      if (!this.db.open) {
        // Closing the database checkpointed the WAL into the database file and synced both.
        if (this.syncsInFlight === 0) this.closeWalFds();
        done(null);
        return;
      }
      done(err);
    });
  }

  /**
   * syncWalNow is syncWal on the calling thread: it returns once every transaction committed so
   * far is durable, or with the error. It blocks the event loop for the fdatasync, and saves the
   * thread pool's two hand-offs (a wake-up of a pool thread, then of the event loop).
   */
  syncWalNow(): Error | null {
    if (!this.deferredSync) throw new Error('syncWalNow is for a store opened with deferredSync');
    try {
      fs.fdatasyncSync(this.walFd());
      return null;
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  }

  /**
   * walFd is an fd of the WAL file, opened at the first sync (the first commit created the file)
   * and kept until close. It used to stat the WAL's path before every sync to reopen it if SQLite
   * had made a new file: a stat system call per fsync for a case that cannot happen while this
   * store is open. SQLite deletes a WAL only when the last connection to the database closes
   * (sqlite3WalClose, under an EXCLUSIVE lock of the database file that this connection's SHARED
   * lock, held as long as it is open in WAL mode, prevents) or when a connection leaves WAL mode,
   * which this store never asks for. Checkpoints, the restart of the WAL from its first frame
   * after a full one, and `wal_checkpoint(TRUNCATE)` write or truncate the same file (the same
   * inode). test/storage/deferred-sync.test.ts checks this over checkpoints and another
   * connection's open and close.
   */
  private walFd(): number {
    if (this.walFdOpen !== null) return this.walFdOpen;
    const walPath = `${this.file}-wal`;
    const ino = fs.statSync(walPath).ino;
    const fd = fs.openSync(walPath, 'r');
    // The file opened must be the one stat saw: otherwise SQLite replaced it in between.
    if (fs.fstatSync(fd).ino !== ino) {
      fs.closeSync(fd);
      throw new Error(`${walPath} changed while it was being opened`);
    }
    this.walFdOpen = fd;
    return fd;
  }

  /** syncedWalInode: the inode of the WAL file the syncs go to (null before the first sync), for tests. */
  get syncedWalInode(): number | null {
    return this.walFdOpen === null ? null : fs.fstatSync(this.walFdOpen).ino;
  }

  private closeWalFds(): void {
    if (this.walFdOpen !== null) fs.closeSync(this.walFdOpen);
    this.walFdOpen = null;
  }

  close(): void {
    if (this.db.open) this.db.close();
    if (this.syncsInFlight === 0) this.closeWalFds();
  }
}
