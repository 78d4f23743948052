import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteAcceptorStore } from '../../src/storage/sqlite-store.ts';
import { MemoryAcceptorStore } from '../../src/core/memory-store.ts';
import type { Change } from '../../src/core/acceptor.ts';
import type { Ballot } from '../../src/core/ballot.ts';
import { AcceptorService } from '../../src/server/acceptor-service.ts';
import type { Reply, Request } from '../../src/core/messages.ts';

const dirs: string[] = [];
const stores: SqliteAcceptorStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'wormspace-store-'));
  dirs.push(d);
  return d;
}
function open(dir: string): SqliteAcceptorStore {
  const s = new SqliteAcceptorStore(dir);
  stores.push(s);
  return s;
}

const ballot: fc.Arbitrary<Ballot> = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }));
const change: fc.Arbitrary<Change> = fc.oneof(
  { weight: 9, arbitrary: fc.record({
    kind: fc.constant('wor' as const),
    seg: fc.integer({ min: 0, max: 3 }),
    off: fc.integer({ min: -2, max: 5 }),
    promised: fc.option(ballot, { nil: null }),
    acceptedBallot: fc.option(ballot, { nil: null }),
    acceptedValue: fc.option(fc.string({ maxLength: 6 }), { nil: null }),
  }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('trim' as const), seg: fc.integer({ min: 0, max: 3 }) }) },
);

/** A run: the changes a range request makes, one per consecutive offset, all with one state. */
const run: fc.Arbitrary<Change[]> = fc
  .record({
    seg: fc.integer({ min: 0, max: 3 }),
    start: fc.integer({ min: 0, max: 12 }),
    length: fc.integer({ min: 1, max: 10 }),
    promised: fc.option(ballot, { nil: null }),
    accepted: fc.option(fc.tuple(ballot, fc.string({ maxLength: 3 })), { nil: null }),
  })
  .map(({ seg, start, length, promised, accepted }) =>
    Array.from({ length }, (_, k): Change => ({
      kind: 'wor',
      seg,
      off: start + k,
      promised,
      acceptedBallot: accepted?.[0] ?? null,
      acceptedValue: accepted?.[1] ?? null,
    })),
  );
const batch: fc.Arbitrary<Change[]> = fc.array(fc.oneof(change.map((c) => [c]), run), { maxLength: 5 }).map((parts) => parts.flat());

function sorted(rows: Change[]): Change[] {
  return [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('SqliteAcceptorStore', () => {
  it('holds exactly what the in-memory store holds, and again after a reopen', () => {
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 8 }), (batches) => {
        const dir = tempDir();
        const sqlite = open(dir);
        const memory = new MemoryAcceptorStore();
        for (const batch of batches) {
          sqlite.transaction(() => sqlite.apply(batch));
          memory.apply(batch);
        }
        expect(sorted(sqlite.rows())).toEqual(sorted(memory.rows()));
        for (const c of memory.rows()) {
          if (c.kind === 'wor') expect(sqlite.getWor(c.seg, c.off)).toEqual({ promised: c.promised, acceptedBallot: c.acceptedBallot, acceptedValue: c.acceptedValue });
          else expect(sqlite.isTrimmed(c.seg)).toBe(true);
        }
        // getRange (the prefetch of range requests) agrees with getWor everywhere, stored or not.
        for (let seg = 0; seg < 4; seg++) {
          const range = sqlite.getRange(seg, 0, 24);
          for (let off = 0; off < 24; off++) expect(range.get(off)).toEqual(memory.getWor(seg, off));
        }
        sqlite.close();
        expect(sorted(open(dir).rows())).toEqual(sorted(memory.rows()));
      }),
      { numRuns: 40 },
    );
  });

  it('leaves the state unchanged when a transaction throws', () => {
    const store = open(tempDir());
    store.transaction(() => store.apply([{ kind: 'wor', seg: 1, off: 0, promised: [1, 1], acceptedBallot: null, acceptedValue: null }]));
    expect(() =>
      store.transaction(() => {
        store.apply([{ kind: 'wor', seg: 1, off: 0, promised: [9, 9], acceptedBallot: [9, 9], acceptedValue: 'x' }, { kind: 'trim', seg: 1 }]);
        throw new Error('disk on fire');
      }),
    ).toThrow('disk on fire');
    expect(store.getWor(1, 0)).toEqual({ promised: [1, 1], acceptedBallot: null, acceptedValue: null });
    expect(store.isTrimmed(1)).toBe(false);
  });

  it('runs with WAL journaling and synchronous=FULL', () => {
    const dir = tempDir();
    // synchronous is a setting of the store's own connection: ask that connection (2 = FULL).
    expect(open(dir).durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
    const db = new Database(path.join(dir, 'acceptor.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});

describe('AcceptorService group commit', () => {
  it('reports trace events of committed steps, in order, and none of a batch that rolled back', async () => {
    const store = open(tempDir());
    const events: string[] = [];
    const service = new AcceptorService(store, { self: 's1', tracer: (e) => events.push(`${e.action}@${String(e.vars.off)}`) });
    const submit = (req: Request) => new Promise<Reply | Error>((resolve) => service.submit(req, resolve));
    await Promise.all([submit({ type: 'Prepare', rid: 1, seg: 1, off: 0, ballot: [2, 1] }), submit({ type: 'Accept', rid: 2, seg: 1, off: 0, ballot: [1, 1], value: 'x' })]);
    expect(events).toEqual(['Promise@0', 'RejectAccept@0']);
    store.close(); // the next batch cannot commit
    const failed = await submit({ type: 'Prepare', rid: 3, seg: 1, off: 1, ballot: [3, 1] });
    expect(failed).toBeInstanceOf(Error);
    expect(events).toHaveLength(2);
  });

  it('steps requests of one turn in one transaction and releases replies only after the commit', async () => {
    const dir = tempDir();
    const store = open(dir);
    const service = new AcceptorService(store);
    const n = 50;
    const replies: Reply[] = [];
    let committedAtFirstReply = -1;
    await new Promise<void>((resolve) => {
      for (let i = 0; i < n; i++) {
        const req: Request = { type: 'Accept', rid: i, seg: 7, off: i, ballot: [0, 0], value: `v${i}` }; // unsafe ballot: no Prepare needed
        service.submit(req, (reply) => {
          if (reply instanceof Error) throw reply;
          if (replies.length === 0) {
            // Another connection sees only committed data: every request of the batch must be there.
            const reader = new Database(path.join(dir, 'acceptor.db'), { readonly: true });
            committedAtFirstReply = reader.prepare<[], { n: number }>('SELECT count(*) AS n FROM wor WHERE seg = 7').get()!.n;
            reader.close();
          }
          replies.push(reply);
          if (replies.length === n) resolve();
        });
      }
    });
    expect(committedAtFirstReply).toBe(n);
    expect(service.stats.batches).toBe(1);
    expect(replies.map((r) => r.type)).toEqual(Array(n).fill('Accepted'));
  });

  it('lets a later request of a batch see an earlier one', async () => {
    const service = new AcceptorService(open(tempDir()));
    const submit = (req: Request) => new Promise<Reply>((resolve, reject) => service.submit(req, (r) => (r instanceof Error ? reject(r) : resolve(r))));
    const [promise, stale] = await Promise.all([
      submit({ type: 'Prepare', rid: 1, seg: 2, off: 3, ballot: [5, 1] }),
      submit({ type: 'Accept', rid: 2, seg: 2, off: 3, ballot: [4, 2], value: 'late' }),
    ]);
    expect(promise).toMatchObject({ type: 'Promise', acceptedBallot: null });
    expect(stale).toMatchObject({ type: 'Nack', promised: [5, 1] });
    expect(service.stats.batches).toBe(1);
  });

  it('prepares a range with one range read and persists a promise per register', async () => {
    const store = open(tempDir());
    const service = new AcceptorService(store);
    const submit = (req: Request) => new Promise<Reply>((resolve, reject) => service.submit(req, (r) => (r instanceof Error ? reject(r) : resolve(r))));
    await submit({ type: 'Accept', rid: 1, seg: 0, off: 10, ballot: [0, 0], value: 'early' });
    const reply = await submit({ type: 'PrepareRange', rid: 2, seg: 0, start: 0, end: 1024, ballot: [3, 1] });
    expect(reply).toEqual({ type: 'PromiseRange', rid: 2, seg: 0, start: 0, end: 1024, ballot: [3, 1], accepted: [{ off: 10, acceptedBallot: [0, 0], acceptedValue: 'early' }] });
    expect(store.stats().worRows).toBe(1024);
    // 1,023 fresh registers share one range row; the written one keeps its own row.
    expect(store.stats().rangeRows).toBe(2);
    expect(store.getWor(0, 1023)).toEqual({ promised: [3, 1], acceptedBallot: null, acceptedValue: null });
    expect(await submit({ type: 'PrepareRange', rid: 3, seg: 0, start: 500, end: 501, ballot: [2, 9] })).toMatchObject({ type: 'NackRange', promised: [3, 1] });
  });
});
