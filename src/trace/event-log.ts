/**
 * Per-process event logs of a real cluster (`wormspace server --trace FILE`, `cluster --trace DIR`,
 * and clients' tracers): NDJSON, line 1 `{"events":"wormspace","process":"server 127.0.0.1:7001"}`,
 * then one line per core event in the order this process took them:
 * `{"seq":0,"t":1733389012345.12,"action":"Promise","vars":{...}}`. `seq` is the process's own
 * logical clock (its event count, carried across restarts of the same file), `t` its local clock in
 * ms (only a tie-break for events that causality leaves unordered; see merge.ts).
 *
 * Lines are written synchronously, before the step's reply leaves (servers trace after commit,
 * before replying; clients before sending): a process killed with SIGKILL loses no event that
 * another process could have seen the effect of.
 *
 * A server that starts on a log that already exists was restarted: before its first new
 * event it writes CrashAcceptor and RecoverAcceptor for itself (the spec's crash and recovery).
 *
 * A server's events are journaled in its database with the state change (src/server/trace-journal.ts)
 * and their lines carry the journal id `j`; events a kill -9 kept out of the log are appended at
 * restart from the journal (writeRecovered), before the restart markers.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TraceEvent, Tracer } from '../core/trace.ts';
import { UserError } from '../cli/errors.ts';
import type { JournalRow, JournaledLog } from '../server/trace-journal.ts';

export const LOG_KIND = 'wormspace';

export interface EventLog extends JournaledLog {
  tracer: Tracer;
  close(): void;
}

/** openEventLog appends to (or creates) FILE; `acceptor` marks a server's log (restart markers). */
export function openEventLog(file: string, process: string, opts: { server?: boolean; onError?: (msg: string) => void } = {}): EventLog {
  let fd: number;
  let seq = 0;
  let restarted = false;
  let lastJournalId = 0;
  try {
    // `--trace DIR` names a folder the cluster, the servers and every client share: whoever
    // starts first creates it.
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const prior = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const lines = prior.split('\n').filter((l) => l.trim() !== '');
    // A log that exists was written by an earlier run of this server, even if that run was
    // killed before its first event: this run is a restart.
    if (lines.length > 0) restarted = true;
    if (lines.length > 1) {
      const last = JSON.parse(lines[lines.length - 1]!) as { seq?: number };
      seq = (last.seq ?? lines.length) + 1;
      // Journal ids grow along the file: the last line that has one has the highest.
      for (let i = lines.length - 1; i > 0; i--) {
        const m = /"j":(\d+)/.exec(lines[i]!);
        if (m) {
          lastJournalId = Number(m[1]);
          break;
        }
      }
    }
    fd = fs.openSync(file, 'a');
    if (lines.length === 0) fs.writeSync(fd, `${JSON.stringify({ events: LOG_KIND, process })}\n`);
  } catch (err) {
    throw new UserError(`cannot open the trace file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let failed = false;
  const write = (action: string, vars: Record<string, unknown>, journal?: { j: number; t: number }): void => {
    if (failed) return;
    try {
      const t = journal?.t ?? performance.timeOrigin + performance.now();
      const line = journal ? { seq: seq++, t, j: journal.j, action, vars } : { seq: seq++, t, action, vars };
      fs.writeSync(fd, `${JSON.stringify(line)}\n`);
    } catch (err) {
      // A trace that cannot be written must not take the process down: say so once, stop tracing.
      failed = true;
      opts.onError?.(`tracing to ${file} stopped: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  const tracer = (event: TraceEvent, journal?: { j: number; t: number }): void => {
    if (restarted && opts.server && typeof event.vars.acceptor === 'string') {
      restarted = false;
      write('CrashAcceptor', { acceptor: event.vars.acceptor });
      write('RecoverAcceptor', { acceptor: event.vars.acceptor });
    }
    write(event.action, event.vars, journal);
  };
  return {
    tracer: (event: TraceEvent) => tracer(event),
    get lastJournalId() {
      return lastJournalId;
    },
    fresh: !restarted,
    writeJournaled: (row: JournalRow) => {
      tracer(row.event, { j: row.id, t: row.t });
      lastJournalId = row.id;
    },
    // Events committed before a crash but not logged: they come before the restart's markers, and
    // they prove a restart even in a log that had no line yet.
    writeRecovered: (rows: readonly JournalRow[]) => {
      for (const row of rows) {
        write(row.event.action, row.event.vars, { j: row.id, t: row.t });
        lastJournalId = row.id;
      }
      if (rows.length > 0) restarted = true;
    },
    close: () => {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    },
  };
}
