/**
 * The trace journal (issue 10 item 4): a traced server's events are committed with the state they
 * describe, so a kill -9 between the commit and the log line loses no event. The crash window is
 * made here by hand: events journaled in a committed transaction whose log lines were never
 * written (the process died first), then a restart on the same data folder and log.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { step } from '../../src/core/acceptor.ts';
import type { Request } from '../../src/core/messages.ts';
import type { TraceEvent } from '../../src/core/trace.ts';
import { AcceptorService } from '../../src/server/acceptor-service.ts';
import { startServer } from '../../src/server/server.ts';
import { TraceJournal } from '../../src/server/trace-journal.ts';
import { SqliteAcceptorStore } from '../../src/storage/sqlite-store.ts';
import { openEventLog } from '../../src/trace/event-log.ts';
import { tempDir } from './helpers.ts';

const root = tempDir('trace-journal');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

type Line = { seq: number; j?: number; action: string; vars: Record<string, unknown> };
const linesOf = (file: string): Line[] =>
  fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => JSON.parse(l) as Line);

/** stepCommitted steps a request on the store in one transaction and journals its events there. */
function stepCommitted(store: SqliteAcceptorStore, journal: TraceJournal, req: Request): ReturnType<TraceJournal['record']> {
  return store.transaction(() => {
    const events: TraceEvent[] = [];
    const r = step(store, req, { self: 's1', tracer: (e) => events.push(e) });
    store.apply(r.changes);
    return journal.record(events);
  });
}

describe('trace journal', () => {
  it('recovers, at restart, the events a crash kept out of the log, before the restart markers, once', () => {
    const dir = path.join(root, 'a');
    const file = path.join(root, 'a.ndjson');
    let store = new SqliteAcceptorStore(dir);
    let journal = new TraceJournal(store.database);
    let log = openEventLog(file, 'server s1', { server: true });
    // A first promise, committed and logged (as the service does).
    for (const row of stepCommitted(store, journal, { type: 'Prepare', rid: 1, seg: 1, off: 0, ballot: [1, 1] })) log.writeJournaled(row);
    // A second one committed, then kill -9 before its line: the journal holds it, the log not.
    stepCommitted(store, journal, { type: 'Prepare', rid: 2, seg: 1, off: 0, ballot: [2, 1] });
    log.close();
    store.close();
    expect(linesOf(file).map((l) => l.action)).toEqual(['Promise']);

    // Restart: the durable promise is [2, 1]; its event comes back from the journal.
    store = new SqliteAcceptorStore(dir);
    expect(store.getWor(1, 0)?.promised).toEqual([2, 1]);
    journal = new TraceJournal(store.database);
    log = openEventLog(file, 'server s1', { server: true });
    expect(journal.recoverInto(log)).toBe(1);
    expect(journal.rows()).toEqual([]);
    // A new step after the restart: markers first, then its event.
    const service = new AcceptorService(store, { self: 's1', traceLog: { journal, log } });
    const replied = new Promise((resolve) => service.submit({ type: 'ReadQuery', rid: 3, seg: 1, off: 0 }, resolve));
    return replied.then(() => {
      const lines = linesOf(file);
      expect(lines.map((l) => l.action)).toEqual(['Promise', 'Promise', 'CrashAcceptor', 'RecoverAcceptor', 'ReadReply']);
      expect(lines[1]!.vars.promised).toEqual([2, 1]);
      expect(lines[4]!.vars.promised).toEqual([2, 1]);
      // Journal ids and the logical clock both grow along the file.
      const js = lines.filter((l) => l.j !== undefined).map((l) => l.j!);
      expect(js).toEqual([...js].sort((x, y) => x - y));
      expect(new Set(js).size).toBe(js.length);
      expect(lines.map((l) => l.seq)).toEqual([0, 1, 2, 3, 4]);
      log.close();
      store.close();

      // A restart where the log already holds everything (crash after the lines, before the
      // journal was emptied) appends nothing twice.
      const again = new SqliteAcceptorStore(dir);
      const j2 = new TraceJournal(again.database);
      const log2 = openEventLog(file, 'server s1', { server: true });
      expect(j2.recoverInto(log2)).toBe(0);
      log2.close();
      again.close();
      expect(linesOf(file)).toHaveLength(5);
    });
  });

  it('holds at most the last batch between batches: logged rows are dropped in the next transaction', async () => {
    const dir = path.join(root, 'b');
    const file = path.join(root, 'b.ndjson');
    const store = new SqliteAcceptorStore(dir);
    const journal = new TraceJournal(store.database);
    const log = openEventLog(file, 'server s1', { server: true });
    const service = new AcceptorService(store, { self: 's1', traceLog: { journal, log } });
    for (let r = 1; r <= 5; r++) {
      await new Promise((resolve) => service.submit({ type: 'Prepare', rid: r, seg: 1, off: r, ballot: [1, 1] }, resolve));
      expect(journal.rows().length).toBeLessThanOrEqual(1);
    }
    expect(linesOf(file).map((l) => l.action)).toEqual(['Promise', 'Promise', 'Promise', 'Promise', 'Promise']);
    log.close();
    store.close();
  });

  it('refuses a new trace file on a data folder that already holds acceptor state, and changes nothing', async () => {
    const dir = path.join(root, 'c');
    const first = path.join(root, 'c-first.ndjson');
    const store = new SqliteAcceptorStore(dir);
    const journal = new TraceJournal(store.database);
    const log = openEventLog(first, 'server s1', { server: true });
    for (const row of stepCommitted(store, journal, { type: 'Prepare', rid: 1, seg: 1, off: 0, ballot: [1, 1] })) log.writeJournaled(row);
    log.close();
    store.close();

    // A second run traced to a new file: its trace could not start from the spec's Init.
    const second = path.join(root, 'c-second.ndjson');
    const fresh = openEventLog(second, 'server s1', { server: true });
    await expect(startServer({ host: '127.0.0.1', port: 0, dataDir: dir, traceLog: fresh })).rejects.toThrow(/already holds acceptor state that the new trace file would not record/);
    fresh.close();
    expect(fs.readFileSync(second, 'utf8').trim().split('\n')).toHaveLength(1); // the header only: no stale event copied
    // The folder is not locked nor changed: the same trace file continues it.
    const again = openEventLog(first, 'server s1', { server: true });
    expect(again.fresh).toBe(false);
    const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, traceLog: again });
    await server.close();
    again.close();
    const reopened = new SqliteAcceptorStore(dir);
    expect(reopened.getWor(1, 0)?.promised).toEqual([1, 1]);
    reopened.close();
  });
});
