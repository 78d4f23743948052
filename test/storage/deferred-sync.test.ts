/**
 * The pipelined commit path: a SqliteAcceptorStore opened with deferredSync commits without
 * fsync and GroupCommit hands results out only after syncWal (fdatasync of the WAL) finished.
 * - GroupCommit with a sync it controls: no result before its sync, batch order kept, a later
 *   sync releases earlier batches, a failed sync answers every pending and later caller with an
 *   error and nobody with a result.
 * - AcceptorService on a real deferredSync store: replies after the sync; a failing syncWal
 *   turns into errors only.
 * - A `wormspace server` process (which opens its store with deferredSync) killed with -9 in the
 *   middle of writes: every write it acknowledged is in its database when reopened.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import path from 'node:path';
import { GroupCommit } from '../../src/storage/group-commit.ts';
import { SqliteAcceptorStore } from '../../src/storage/sqlite-store.ts';
import { AcceptorService } from '../../src/server/acceptor-service.ts';
import type { Reply, Request } from '../../src/core/messages.ts';
import { WormSpace } from '../../src/client/wormspace.ts';
import { tempDir } from '../server/helpers.ts';
import { kill9, killAll, spawnServer } from '../e2e/processes.ts';

const root = tempDir('deferred-sync');
afterAll(() => {
  killAll();
  fs.rmSync(root, { recursive: true, force: true });
});
let dirNo = 0;
const freshDir = () => path.join(root, `d${++dirNo}`);
const turn = () => new Promise((r) => setImmediate(r));

/**
 * A GroupCommit whose syncs wait until the test finishes them; with `syncNow`, a lone batch is
 * synced at once by it (its calls are counted, and it answers what `nowResult` says then).
 */
function controlled(withSyncNow = false, maxBatch?: number) {
  const clock = { t: 0 };
  const syncs: ((err: Error | null) => void)[] = [];
  const failures: Error[] = [];
  const now = { calls: 0, result: null as Error | null, committedBefore: [] as number[] };
  const committed: number[] = [];
  const gc = new GroupCommit<number, number>({
    runBatch: (items) => (committed.push(...items), items.map((i) => i * 10)),
    maxBatch,
    now: () => clock.t,
    sync: (done) => syncs.push(done),
    ...(withSyncNow ? { syncNow: () => ((now.calls += 1), (now.committedBefore = [...committed]), now.result) } : {}),
    onSyncFailed: (e) => failures.push(e),
  });
  const got: (number | string)[] = [];
  const submit = (i: number) => gc.submit(i, (r) => got.push(r instanceof Error ? `error ${i}` : r));
  return { gc, syncs, failures, got, submit, now, clock };
}

describe('GroupCommit with a pipelined sync', () => {
  it('hands out no result before its sync, and batches in order', async () => {
    const c = controlled();
    c.submit(1);
    c.submit(2);
    await turn();
    c.submit(3); // the next batch, committed while the first one's sync is still running
    await turn();
    expect(c.syncs).toHaveLength(2);
    expect(c.got).toEqual([]);
    c.syncs[0]!(null);
    expect(c.got).toEqual([10, 20]);
    c.syncs[1]!(null);
    expect(c.got).toEqual([10, 20, 30]);
  });

  it('releases earlier batches when a later sync finishes first (it began after their commits)', async () => {
    const c = controlled();
    c.submit(1);
    await turn();
    c.submit(2);
    await turn();
    c.syncs[1]!(null);
    expect(c.got).toEqual([10, 20]);
    c.syncs[0]!(null); // late, changes nothing
    expect(c.got).toEqual([10, 20]);
  });

  it('stops answering with results after a failed sync', async () => {
    const c = controlled();
    c.submit(1);
    await turn();
    c.submit(2);
    await turn();
    c.submit(3); // queued, not yet committed
    c.syncs[0]!(new Error('EIO'));
    c.syncs[1]!(null);
    c.submit(4);
    await turn();
    expect(c.got).toEqual(['error 1', 'error 2', 'error 3', 'error 4']);
    expect(c.failures).toHaveLength(1);
    expect(c.failures[0]!.message).toMatch(/did not confirm a commit \(EIO\)/);
  });
});

describe('GroupCommit with syncNow (a lone batch synced on the event loop)', () => {
  it('syncs a batch that nothing else waits behind at once, after its commit, and answers it in the same turn', async () => {
    const c = controlled(true);
    c.submit(1);
    c.submit(2);
    await turn();
    expect(c.now.calls).toBe(1);
    expect(c.now.committedBefore).toEqual([1, 2]); // the sync came after the batch's commit
    expect(c.syncs).toHaveLength(0); // no pipelined sync
    expect(c.got).toEqual([10, 20]);
  });

  it('under light load commits the items of one synchronous run without waiting for the check phase', async () => {
    const c = controlled(true);
    c.submit(1);
    c.submit(2);
    await new Promise((r) => process.nextTick(r)); // queued behind the flush: no loop turn in between
    expect(c.now.calls).toBe(1);
    expect(c.got).toEqual([10, 20]);
    // While pipelined (a batch awaits its sync), items wait for the check phase, so that every
    // frame read in the loop turn joins their batch.
    const p = controlled(true, 1);
    p.submit(1);
    p.submit(2); // batch [1] leaves item 2 waiting: pipelined from here on
    await turn();
    p.submit(3);
    await new Promise((r) => process.nextTick(r));
    expect(p.syncs).toHaveLength(1); // items 2 and 3 not committed yet
    await turn();
    expect(p.syncs).toHaveLength(2);
    expect(p.now.calls).toBe(0);
  });

  it('takes the pipelined sync while a batch awaits its sync or items wait, keeping batch order', async () => {
    const c = controlled(true, 1); // one item per batch: the first batch leaves an item waiting
    c.submit(1);
    c.submit(2);
    await turn(); // batch [1], item 2 waiting: pipelined
    await turn(); // batch [2], batch [1] not synced yet: pipelined
    expect(c.now.calls).toBe(0);
    expect(c.syncs).toHaveLength(2);
    expect(c.got).toEqual([]);
    c.syncs[0]!(null);
    expect(c.got).toEqual([10]);
    c.syncs[1]!(null);
    expect(c.got).toEqual([10, 20]);
    c.submit(3); // nothing pending any more: synced at once
    await turn();
    expect(c.now.calls).toBe(1);
    expect(c.got).toEqual([10, 20, 30]);
  });

  it('an item arriving while a batch awaits its sync pipelines the syncs for overlapHoldMs (20 ms)', async () => {
    const c = controlled(true, 1);
    c.submit(1);
    c.submit(2);
    await turn(); // batch [1] pipelined (item 2 waits)
    c.submit(3); // arrives while batch [1] awaits its sync: overlap at t = 0
    await turn();
    await turn();
    expect(c.syncs).toHaveLength(3);
    for (const s of c.syncs) s(null);
    expect(c.got).toEqual([10, 20, 30]);
    c.clock.t = 19; // still within the hold: a lone batch is pipelined too
    c.submit(4);
    await turn();
    expect(c.now.calls).toBe(0);
    expect(c.syncs).toHaveLength(4);
    c.syncs[3]!(null);
    c.clock.t = 21; // the hold is over and nothing overlapped since
    c.submit(5);
    await turn();
    expect(c.now.calls).toBe(1);
    expect(c.got).toEqual([10, 20, 30, 40, 50]);
  });

  it('an item read right behind a sync that blocked the loop pipelines the next syncs', async () => {
    const c = controlled(true);
    let second = false;
    c.gc.submit(1, () => {
      // Answered by the blocking sync; what arrives before the next loop turn's check phase waited behind it.
      if (!second) (second = true), c.submit(2);
    });
    await turn();
    expect(c.now.calls).toBe(1);
    await turn();
    expect(c.now.calls).toBe(1); // item 2 went the pipelined way
    expect(c.syncs).toHaveLength(1);
    c.syncs[0]!(null);
    expect(c.got).toEqual([20]);
    await turn(); // the next turn: no longer right behind the blocking sync, but within the hold
    c.clock.t = 25;
    c.submit(3);
    await turn();
    expect(c.now.calls).toBe(2); // the hold (20 ms from t = 0) is over: synced at once again
    expect(c.got).toEqual([20, 30]);
  });

  it('after a blocking sync of a batch submitted in the poll phase, an item read before the next check phase is still behind it', async () => {
    const c = controlled(true);
    const answered = new Promise<void>((resolve) => {
      // An fs callback runs in the loop's poll phase, as a socket's data event does.
      fs.stat('.', () =>
        c.gc.submit(1, () => {
          // Answered by the blocking sync (the flush ran on process.nextTick, in this poll phase).
          setImmediate(() => (c.submit(2), resolve()));
        }),
      );
    });
    await answered;
    expect(c.now.calls).toBe(1);
    await turn();
    expect(c.now.calls).toBe(1); // item 2 went the pipelined way
    expect(c.syncs).toHaveLength(1);
  });

  it('a failed syncNow answers the batch and every later caller with an error, and nobody with a result', async () => {
    const c = controlled(true);
    c.now.result = new Error('EIO');
    c.submit(1);
    await turn();
    c.submit(2);
    await turn();
    expect(c.got).toEqual(['error 1', 'error 2']);
    expect(c.failures).toHaveLength(1);
    expect(c.failures[0]!.message).toMatch(/did not confirm a commit \(EIO\)/);
  });
});

describe('AcceptorService on a deferredSync store', () => {
  const accept = (off: number, value: string): Request => ({ type: 'Accept', rid: off + 1, seg: 1, off, ballot: [0, 0], value }); // the unsafe ballot: accepted with no promise

  it('commits with synchronous=NORMAL and answers after syncWal', async () => {
    const store = new SqliteAcceptorStore(freshDir(), { deferredSync: true });
    try {
      expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 1 });
      let synced = 0;
      const real = store.syncWal.bind(store);
      store.syncWal = (done) => real((err) => ((synced += 1), done(err)));
      const realNow = store.syncWalNow.bind(store);
      store.syncWalNow = () => ((synced += 1), realNow());
      const service = new AcceptorService(store);
      const replies = await Promise.all([0, 1, 2].map((off) => new Promise<Reply | Error>((resolve) => service.submit(accept(off, `v${off}`), resolve))));
      expect(replies.map((r) => (r instanceof Error ? r.message : r.type))).toEqual(['Accepted', 'Accepted', 'Accepted']);
      expect(synced).toBe(1); // one batch, one fdatasync
      expect(store.getWor(1, 2)?.acceptedValue).toBe('v2');
    } finally {
      store.close();
    }
  });

  it('answers errors only when the WAL cannot be synced', async () => {
    const store = new SqliteAcceptorStore(freshDir(), { deferredSync: true });
    try {
      store.syncWal = (done) => setImmediate(() => done(new Error('EIO: i/o error, fdatasync')));
      store.syncWalNow = () => new Error('EIO: i/o error, fdatasync');
      const service = new AcceptorService(store);
      const stderr = process.stderr.write;
      const lines: string[] = [];
      process.stderr.write = ((s: string) => (lines.push(String(s)), true)) as typeof process.stderr.write;
      let first: Reply | Error, later: Reply | Error;
      try {
        first = await new Promise((resolve) => service.submit(accept(0, 'x'), resolve));
        later = await new Promise((resolve) => service.submit(accept(1, 'y'), resolve));
      } finally {
        process.stderr.write = stderr;
      }
      expect(first).toBeInstanceOf(Error);
      expect(later).toBeInstanceOf(Error);
      expect(lines.join('')).toMatch(/^wormspace server: the disk did not confirm a commit \(EIO/);
    } finally {
      store.close();
    }
  });
});

describe('the WAL file syncWal syncs', () => {
  // syncWal opens the WAL once and syncs that fd until close, without checking the path again:
  // this holds only if SQLite never replaces the WAL file while the store is open.
  it('stays the same file over checkpoints, a truncating checkpoint and another connection closing', async () => {
    const dir = freshDir();
    const store = new SqliteAcceptorStore(dir, { deferredSync: true });
    const walPath = path.join(dir, 'acceptor.db-wal');
    const big = 'x'.repeat(3000); // about one page per register
    let off = 0;
    const commit = (n: number) => {
      for (let i = 0; i < n; i++) store.transaction(() => store.apply([{ kind: 'wor', seg: 1, off: off, promised: [1, 1], acceptedBallot: [1, 1], acceptedValue: `${off++}${big}` }]));
    };
    const synced = () => new Promise<void>((resolve, reject) => store.syncWal((err) => (err ? reject(err) : resolve())));
    try {
      commit(1);
      await synced();
      const ino = store.syncedWalInode;
      expect(ino).toBe(fs.statSync(walPath).ino);
      commit(1500); // past the automatic checkpoint (1000 pages): the WAL restarts from its start
      expect(fs.statSync(walPath).size).toBeLessThan(1500 * 4096);
      await synced();
      expect(fs.statSync(walPath).ino).toBe(ino);
      const other = new Database(path.join(dir, 'acceptor.db'));
      expect(other.prepare('SELECT count(*) AS n FROM wor').get()).toEqual({ n: 1501 });
      other.close(); // not the last connection: the WAL must survive it
      expect(fs.existsSync(walPath)).toBe(true);
      store.database.pragma('wal_checkpoint(TRUNCATE)');
      expect(fs.statSync(walPath).size).toBe(0);
      commit(1);
      expect(store.syncWalNow()).toBe(null);
      expect(fs.statSync(walPath).ino).toBe(ino);
      expect(store.syncedWalInode).toBe(ino);
    } finally {
      store.close();
    }
    const reopened = new SqliteAcceptorStore(dir);
    try {
      expect(reopened.getWor(1, off - 1)?.acceptedValue).toBe(`${off - 1}${big}`);
    } finally {
      reopened.close();
    }
  });
});

describe('a server process killed with -9', () => {
  it('has every write it acknowledged in its database', { timeout: 60_000 }, async () => {
    const dir = freshDir();
    const server = await spawnServer(dir);
    // One server is a partition of one: an acknowledged write is one this server acknowledged.
    const ws = await WormSpace.connect({ servers: [server.address], segmentSize: 100_000, retry: { firstTimeoutMs: 100, maxTimeoutMs: 200 }, maxTimeouts: 1 });
    const acked = new Map<number, string>();
    let next = 0;
    let running = true;
    expect((await ws.alloc(1, 'crash test')).status).toBe('ok');
    const writers = Array.from({ length: 16 }, async () => {
      while (running) {
        const off = next++;
        const r = await ws.write(1, off, `v${off}`);
        if (r.status === 'ok') acked.set(off, `v${off}`);
      }
    });
    while (acked.size < 200) await new Promise((r) => setTimeout(r, 10));
    await kill9(server); // writes in flight: some committed and unacknowledged, none acknowledged and lost
    running = false;
    await Promise.all(writers);
    ws.close();
    const store = new SqliteAcceptorStore(dir);
    try {
      const missing = [...acked].filter(([off, value]) => store.getWor(1, off)?.acceptedValue !== value).map(([off]) => off);
      expect(acked.size).toBeGreaterThanOrEqual(200);
      expect(missing).toEqual([]);
    } finally {
      store.close();
    }
  });
});
