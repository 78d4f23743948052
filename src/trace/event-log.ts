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
 * A server that starts on a log that already holds events was restarted: before its first new
 * event it writes CrashAcceptor and RecoverAcceptor for itself (the spec's crash and recovery).
 */
import fs from 'node:fs';
import type { TraceEvent, Tracer } from '../core/trace.ts';
import { UserError } from '../cli/errors.ts';

export const LOG_KIND = 'wormspace';

export interface EventLog {
  tracer: Tracer;
  close(): void;
}

/** openEventLog appends to (or creates) FILE; `acceptor` marks a server's log (restart markers). */
export function openEventLog(file: string, process: string, opts: { server?: boolean; onError?: (msg: string) => void } = {}): EventLog {
  let fd: number;
  let seq = 0;
  let restarted = false;
  try {
    const prior = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const lines = prior.split('\n').filter((l) => l.trim() !== '');
    if (lines.length > 1) {
      restarted = true;
      const last = JSON.parse(lines[lines.length - 1]!) as { seq?: number };
      seq = (last.seq ?? lines.length) + 1;
    }
    fd = fs.openSync(file, 'a');
    if (lines.length === 0) fs.writeSync(fd, `${JSON.stringify({ events: LOG_KIND, process })}\n`);
  } catch (err) {
    throw new UserError(`cannot open the trace file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let failed = false;
  const write = (action: string, vars: Record<string, unknown>): void => {
    if (failed) return;
    try {
      fs.writeSync(fd, `${JSON.stringify({ seq: seq++, t: performance.timeOrigin + performance.now(), action, vars })}\n`);
    } catch (err) {
      // A trace that cannot be written must not take the process down: say so once, stop tracing.
      failed = true;
      opts.onError?.(`tracing to ${file} stopped: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  return {
    tracer: (event: TraceEvent) => {
      if (restarted && opts.server && typeof event.vars.acceptor === 'string') {
        restarted = false;
        write('CrashAcceptor', { acceptor: event.vars.acceptor });
        write('RecoverAcceptor', { acceptor: event.vars.acceptor });
      }
      write(event.action, event.vars);
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
