/**
 * A data folder belongs to one server process at a time: two acceptors writing one database
 * would each believe the other's promises are its own.
 *
 * The lock is an operating-system lock, not a pid file: the server holds an open write
 * transaction (`BEGIN IMMEDIATE`) on a small SQLite database, `server.lock`, for as long as it
 * runs. SQLite takes it as a POSIX advisory (fcntl) byte-range lock, which the kernel grants to one
 * process at a time, atomically, and drops when the process dies however it dies (kill -9
 * included). So there is no "stale lock" to detect or take over, and no window in which two
 * starting servers can both decide that a lock is stale: whoever's BEGIN IMMEDIATE the kernel
 * grants first holds the folder; everyone else gets SQLITE_BUSY at once (busy timeout 0).
 *
 * `server.pid` next to it names the holder, for the error message of a server that lost; it is
 * written only after the lock is held, and never decides anything.
 *
 * Like any fcntl lock this relies on a local file system (or an NFS with working locks).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const LOCK_FILE = 'server.lock';
export const PID_FILE = 'server.pid';

/** Folders locked by this process, so that a second lock in one process gets a clear message. */
const heldHere = new Set<string>();

export interface DataLock {
  release(): void;
}

function ownerOf(dataDir: string): string {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, PID_FILE), 'utf8').trim());
    if (Number.isSafeInteger(pid) && pid > 0) return `server process ${pid}`;
  } catch {
    // No pid file yet: the winner has not written it.
  }
  return 'another server process';
}

/** lockDataDir takes the folder's lock or throws an Error naming the live owner. */
export function lockDataDir(dataDir: string): DataLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const real = fs.realpathSync(dataDir);
  if (heldHere.has(real)) throw new Error(`${dataDir} is in use by another server in this process`);
  const file = path.join(dataDir, LOCK_FILE);
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: 0 });
  } catch (err) {
    throw new Error(`cannot open the lock file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    // A rollback journal (not WAL): BEGIN IMMEDIATE then takes SQLite's RESERVED lock, an fcntl
    // lock on the database file itself, and holds it until the transaction ends.
    db.pragma('journal_mode = DELETE');
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    db.close();
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw new Error(`${dataDir} is in use by ${ownerOf(dataDir)}`);
    if (code === 'SQLITE_NOTADB') {
      throw new Error(`${file} is not a lock of this version (a pid file of an older one?); remove it if no server runs on ${dataDir}`);
    }
    throw new Error(`cannot lock ${dataDir}: ${err instanceof Error ? err.message : String(err)}`);
  }
  heldHere.add(real);
  const pidFile = path.join(dataDir, PID_FILE);
  try {
    const tmp = `${pidFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${process.pid}\n`);
    fs.renameSync(tmp, pidFile);
  } catch {
    // Only the error message of a losing server needs it.
  }
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      try {
        if (fs.readFileSync(pidFile, 'utf8').trim() === String(process.pid)) fs.unlinkSync(pidFile);
      } catch {
        // Already gone.
      }
      db.close(); // ends the transaction: the kernel drops the lock
      heldHere.delete(real);
    },
  };
}
