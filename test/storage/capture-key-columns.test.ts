/**
 * The capture key of a promise and the proof of an accepted value are durable (issue 12): stored
 * in the WOR's row, in the same commit as the promise and the value, and read back after a
 * reopen, for single rows and range rows. A data folder of schema version 2 (before capture keys)
 * is migrated in place when opened; its rows keep their state, without keys.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { step } from '../../src/core/acceptor.ts';
import { RoundCounter, type Ballot } from '../../src/core/ballot.ts';
import { prepareKeyOf, signAccept } from '../../src/core/capture-key.ts';
import { SqliteAcceptorStore } from '../../src/storage/sqlite-store.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-keycols-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const b: Ballot = [4, 2];
const counter = new RoundCounter(2, Buffer.alloc(32, 5));

describe('capture keys in SQLite', () => {
  it('keeps the promise key and the accepted proof across a reopen, in wor and wor_range rows', () => {
    const dir = tempDir();
    let store = new SqliteAcceptorStore(dir);
    const one = counter.keyFor(1, 0, 1, b)!;
    const range = counter.keyFor(1, 10, 30, b)!;
    const run = (req: Parameters<typeof step>[1]) => store.transaction(() => store.apply(step(store, req).changes));
    run({ type: 'Prepare', rid: 1, seg: 1, off: 0, ballot: b, key: prepareKeyOf(one) });
    run({ type: 'Accept', rid: 2, seg: 1, off: 0, ballot: b, value: 'v', proof: signAccept(one, 1, 0, 1, b, 'v') });
    run({ type: 'PrepareRange', rid: 3, seg: 1, start: 10, end: 30, ballot: b, key: prepareKeyOf(range) });
    expect(store.stats().rangeRows).toBeGreaterThan(0);
    store.close();
    store = new SqliteAcceptorStore(dir);
    expect(store.getWor(1, 0)).toEqual({ promised: b, acceptedBallot: b, acceptedValue: 'v', promisedKey: prepareKeyOf(one), acceptedProof: signAccept(one, 1, 0, 1, b, 'v') });
    expect(store.getWor(1, 17)).toEqual({ promised: b, acceptedBallot: null, acceptedValue: null, promisedKey: prepareKeyOf(range) });
    // The reopened server still refuses a forged Accept at the promised ballot, and takes the signed one.
    expect(step(store, { type: 'AcceptRange', rid: 4, seg: 1, start: 10, end: 30, ballot: b, value: 'x' }).replies[0]).toMatchObject({ refused: expect.arrayContaining([{ off: 17, promised: b, acceptedBallot: null, acceptedValue: null }]) });
    const sig = signAccept(range, 1, 10, 30, b, 'x').sig;
    expect(step(store, { type: 'AcceptRange', rid: 5, seg: 1, start: 10, end: 30, ballot: b, value: 'x', sig }).replies[0]).toMatchObject({ refused: [] });
    store.close();
  });

  it('migrates a version 2 folder in place: the columns are added, the rows keep their state without keys', () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, 'acceptor.db'));
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE wor (seg INTEGER NOT NULL, off INTEGER NOT NULL, promised_round INTEGER, promised_client INTEGER,
        accepted_round INTEGER, accepted_client INTEGER, accepted_value TEXT, PRIMARY KEY (seg, off)) WITHOUT ROWID;
      CREATE TABLE wor_range (id INTEGER PRIMARY KEY AUTOINCREMENT, seg INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
        promised_round INTEGER, promised_client INTEGER, accepted_round INTEGER, accepted_client INTEGER, accepted_value TEXT);
      CREATE TABLE segment (seg INTEGER PRIMARY KEY, trimmed INTEGER NOT NULL);
      INSERT INTO meta VALUES ('schema_version', 2);
      INSERT INTO wor VALUES (1, 0, 3, 9, 3, 9, 'old');
      INSERT INTO wor_range (seg, start, end, promised_round, promised_client) VALUES (1, 8, 16, 5, 9);
    `);
    db.close();
    const store = new SqliteAcceptorStore(dir);
    expect(store.getWor(1, 0)).toEqual({ promised: [3, 9], acceptedBallot: [3, 9], acceptedValue: 'old' });
    expect(store.getWor(1, 9)).toEqual({ promised: [5, 9], acceptedBallot: null, acceptedValue: null });
    const key = counter.keyFor(1, 1, 2, b)!;
    store.transaction(() => store.apply(step(store, { type: 'Prepare', rid: 1, seg: 1, off: 1, ballot: b, key: prepareKeyOf(key) }).changes));
    expect(store.getWor(1, 1)!.promisedKey).toBe(prepareKeyOf(key));
    store.close();
    const version = new Database(path.join(dir, 'acceptor.db')).prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: number };
    expect(version.value).toBe(3);
  });

  it('refuses a folder of another version on one line', () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, 'acceptor.db'));
    db.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID; INSERT INTO meta VALUES ('schema_version', 1);");
    db.close();
    expect(() => new SqliteAcceptorStore(dir)).toThrow(/has schema version 1; this server reads version 3$/);
  });
});
