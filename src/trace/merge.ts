/**
 * mergeLogs orders the per-process event logs of a cluster (event-log.ts) into one execution,
 * in an order consistent with causality, and extracts one register's WORPaxos trace from it.
 *
 * The logical clock. Each process's log is in its own order (seq). Across processes, the only
 * causal links are messages, and every message a core event answers or uses is named by the
 * events themselves: an acceptor's Promise/RejectPrepare answers the Capture with its ballot,
 * Accepted/RejectAccept the Write or Repair with its ballot, ReadReply the Read of its sender and
 * rid; a client's Write/CaptureDone used the promises of its `quorum`, its ReadDone/Repair the
 * replies in `replies`, its WriteDone/RepairDone a majority of Accepted at its ballot. Merging is
 * a topological sort of the per-process orders plus these edges (Kahn's algorithm); among the
 * events ready at once, the earliest local clock `t` goes first (causality never depends on it).
 * A dependency that no log can satisfy is dropped and counted; if at some point no event is
 * ready (logs that contradict each other), the earliest head is taken and counted as forced.
 * A clock carried on the wire (Lamport) would need a protocol change; the names the events
 * already carry give the same guarantee for the events the spec relates.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../cli/errors.ts';
import type { TimedTraceEvent } from '../sim/run.ts';
import { LOG_KIND } from './event-log.ts';

export interface ProcessLog {
  process: string;
  file: string;
  /** `line`: the event's line in `file` (1-based). */
  events: { seq: number; t: number; action: string; vars: Record<string, unknown>; line?: number }[];
}

/** A merged event; `src` names the log line it came from (`server-2.ndjson:57`), for a reader of a rejection. */
export interface MergedEvent extends TimedTraceEvent {
  src?: string;
}

export interface Merged {
  events: MergedEvent[];
  acceptors: string[];
  /** Dependencies no log could satisfy (dropped), and events taken with unmet dependencies. */
  dropped: number;
  forced: number;
  processes: string[];
}

/** readLogs reads every *.ndjson event log of DIR; bad input is a UserError naming file and line. */
export function readLogs(dir: string): ProcessLog[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.ndjson')).sort();
  } catch {
    throw new UserError(`${dir}: not a readable folder`);
  }
  const logs: ProcessLog[] = [];
  for (const name of names) {
    const file = join(dir, name);
    if (!statSync(file).isFile()) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    let log: ProcessLog | null = null;
    lines.forEach((text, i) => {
      if (text.trim() === '') return;
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(text) as Record<string, unknown>;
      } catch (e) {
        // The last line of a process killed mid-write may be cut: ignore it, nothing else.
        if (i >= lines.length - 2) return;
        throw new UserError(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
      }
      if (log === null) {
        if (o.events !== LOG_KIND || typeof o.process !== 'string') throw new UserError(`${file}:${i + 1}: not an event log (the header must be {"events":"${LOG_KIND}","process":...})`);
        log = { process: o.process, file, events: [] };
        return;
      }
      if (typeof o.action !== 'string' || typeof o.vars !== 'object' || o.vars === null || typeof o.t !== 'number') throw new UserError(`${file}:${i + 1}: an event needs "action", "vars" and "t"`);
      log.events.push({ seq: Number(o.seq), t: o.t, action: o.action, vars: o.vars as Record<string, unknown>, line: i + 1 });
    });
    if (log) logs.push(log);
  }
  if (logs.length === 0) throw new UserError(`${dir}: no event logs (*.ndjson with a {"events":"${LOG_KIND}"} header)`);
  return logs;
}

const b = (x: unknown): string => (Array.isArray(x) ? `${x[0]},${x[1]}` : 'none');

interface Need {
  key: string;
  /** Named contributors that must all be in the fact's set, or a count of distinct ones. */
  of: string[] | null;
  min: number;
}

export function mergeLogs(logs: ProcessLog[]): Merged {
  const acceptors = [...new Set(logs.flatMap((l) => l.events.map((e) => e.vars.acceptor)).filter((a): a is string => typeof a === 'string'))].sort();
  const majority = Math.floor(acceptors.length / 2) + 1;
  /** facts an event establishes once emitted: key -> contributor */
  const factsOf = (e: { action: string; vars: Record<string, unknown> }, cur: Map<string, { off: unknown; ballot: unknown }>): [string, string][] => {
    const v = e.vars;
    switch (e.action) {
      case 'Capture':
        return [[`cap|${v.seg}|${v.off}|${b(v.ballot)}`, '']];
      case 'Write':
      case 'Repair':
        return [[`wr|${v.seg}|${v.off}|${b(v.ballot)}`, '']];
      case 'CaptureSegment':
        return [[`caps|${v.seg}|${b(v.ballot)}`, '']];
      case 'WriteSegment':
        return [[`wrs|${v.seg}|${b(v.ballot)}`, '']];
      case 'Read':
        return [[`rd|${v.seg}|${v.off}|c${v.client}|${v.rid}`, '']];
      case 'Promise':
        return [[`prom|${v.seg}|${v.off}|${b(v.ballot)}`, String(v.acceptor)]];
      case 'Accepted':
        return [[`acc|${v.seg}|${v.off}|${b(v.ballot)}`, String(v.acceptor)]];
      case 'ReadReply':
        return [[`rr|${v.seg}|${v.off}|${v.from}|${v.rid}`, String(v.acceptor)]];
      case 'PromiseRange':
        return [[`pr|${v.seg}|${b(v.ballot)}`, String(v.acceptor)]];
      case 'AcceptedRange':
        return [[`ar|${v.seg}|${b(v.ballot)}`, String(v.acceptor)]];
      case 'TrimSegment':
        return [[`trs|${v.seg}|c${v.client}|${v.rid}`, '']];
      default:
        // Any op answered trimmed tells the partition to drop the segment, under its own rid.
        if (typeof v.client === 'number' && !('acceptor' in v) && (v.result as { status?: string } | undefined)?.status === 'trimmed') return [[`trs|${v.seg}|c${v.client}|${v.rid}`, '']];
        void cur;
        return [];
    }
  };
  /** what an event needs emitted before it */
  const needsOf = (e: { action: string; vars: Record<string, unknown> }, cur: Map<string, { off: unknown; ballot: unknown }>): Need[] => {
    const v = e.vars;
    // The op this answer ends: the one of its register (a range capture repairs several at once
    // under one rid, each answer naming its register), else the rid's latest.
    const call = (typeof v.off === 'number' ? cur.get(`${v.client}/${v.rid}/${v.off}`) : undefined) ?? cur.get(`${v.client}/${v.rid}`);
    const range = cur.get(`${v.client}/${v.rid}/range`);
    switch (e.action) {
      case 'Promise':
      case 'RejectPrepare':
        return [{ key: `cap|${v.seg}|${v.off}|${b(v.ballot)}`, of: null, min: 1 }];
      case 'Accepted':
      case 'RejectAccept':
        return [{ key: `wr|${v.seg}|${v.off}|${b(v.ballot)}`, of: null, min: 1 }];
      case 'PromiseRange':
      case 'RejectPrepareRange':
        return [{ key: `caps|${v.seg}|${b(v.ballot)}`, of: null, min: 1 }];
      case 'AcceptedRange':
        return [{ key: `wrs|${v.seg}|${b(v.ballot)}`, of: null, min: 1 }];
      case 'ReadReply':
        return [{ key: `rd|${v.seg}|${v.off}|${v.from}|${v.rid}`, of: null, min: 1 }];
      case 'Write':
        return Array.isArray(v.quorum) ? [{ key: `prom|${v.seg}|${v.off}|${b(v.ballot)}`, of: v.quorum as string[], min: 0 }] : [];
      case 'CaptureDone':
        return call && Array.isArray(v.quorum) ? [{ key: `prom|${v.seg}|${call.off}|${b(call.ballot)}`, of: v.quorum as string[], min: 0 }] : [];
      case 'ReadDone':
      case 'Repair': {
        const off = e.action === 'Repair' ? v.off : call?.off;
        const rs = Array.isArray(v.replies) ? (v.replies as { acceptor: string }[]).map((r) => r.acceptor) : [];
        return rs.length > 0 ? [{ key: `rr|${v.seg}|${off}|c${v.client}|${v.rid}`, of: rs, min: 0 }] : [];
      }
      case 'WriteDone':
      case 'RepairDone':
        return call && (v.result as { status?: string } | undefined)?.status === 'ok' ? [{ key: `acc|${v.seg}|${call.off}|${b(call.ballot)}`, of: null, min: majority }] : [];
      // A range's answer ok came after a quorum of its phase's replies at its ballot.
      case 'CaptureSegmentDone':
        return range && (v.result as { status?: string } | undefined)?.status === 'ok' ? [{ key: `pr|${v.seg}|${b(range.ballot)}`, of: null, min: majority }] : [];
      case 'WriteSegmentDone':
        return range && (v.result as { status?: string } | undefined)?.status === 'ok' ? [{ key: `ar|${v.seg}|${b(range.ballot)}`, of: null, min: majority }] : [];
      // A server drops a segment when a client told it to (TrimSegment, or an op answered trimmed).
      case 'Trim':
      case 'RejectTrim':
        return [{ key: `trs|${v.seg}|${v.from}|${v.rid}`, of: null, min: 1 }];
      default:
        return [];
    }
  };
  const track = (e: { action: string; vars: Record<string, unknown> }, cur: Map<string, { off: unknown; ballot: unknown }>): void => {
    const v = e.vars;
    if (['Capture', 'Write', 'Read', 'Repair'].includes(e.action)) {
      const k = `${v.client}/${v.rid}`;
      const op = { off: v.off, ballot: v.ballot ?? cur.get(`${k}/${v.off}`)?.ballot ?? cur.get(k)?.ballot };
      cur.set(k, op);
      if (typeof v.off === 'number') cur.set(`${k}/${v.off}`, op);
    } else if (e.action === 'CaptureSegment' || e.action === 'WriteSegment') cur.set(`${v.client}/${v.rid}/range`, { off: null, ballot: v.ballot });
  };

  // Pass 1: every fact any log establishes, to drop dependencies that nothing can satisfy.
  const all = new Map<string, Set<string>>();
  for (const l of logs) {
    const cur = new Map<string, { off: unknown; ballot: unknown }>();
    for (const e of l.events) {
      for (const [k, who] of factsOf(e, cur)) (all.get(k) ?? all.set(k, new Set()).get(k)!).add(who);
      track(e, cur);
    }
  }
  const satisfiable = (n: Need, facts: Map<string, Set<string>>): boolean => {
    const s = facts.get(n.key);
    if (!s) return false;
    return n.of ? n.of.every((a) => s.has(a)) : s.size >= n.min;
  };
  // Pass 2: Kahn's algorithm over the process queues.
  const emitted = new Map<string, Set<string>>();
  const heads = logs.map(() => 0);
  const curs = logs.map(() => new Map<string, { off: unknown; ballot: unknown }>());
  const needs: (Need[] | null)[] = logs.map(() => null);
  const out: MergedEvent[] = [];
  let dropped = 0;
  let forced = 0;
  const total = logs.reduce((s, l) => s + l.events.length, 0);
  while (out.length < total) {
    let pick = -1;
    let pickT = Infinity;
    let fallback = -1;
    let fallbackT = Infinity;
    for (let p = 0; p < logs.length; p++) {
      const e = logs[p]!.events[heads[p]!];
      if (!e) continue;
      if (needs[p] === null) {
        const ns = needsOf(e, curs[p]!);
        needs[p] = ns.filter((n) => {
          if (satisfiable(n, all)) return true;
          dropped++;
          return false;
        });
      }
      if (e.t < fallbackT) [fallback, fallbackT] = [p, e.t];
      if (needs[p]!.every((n) => satisfiable(n, emitted)) && e.t < pickT) [pick, pickT] = [p, e.t];
    }
    if (pick < 0) {
      pick = fallback;
      forced++;
    }
    const e = logs[pick]!.events[heads[pick]!]!;
    for (const [k, who] of factsOf(e, curs[pick]!)) (emitted.get(k) ?? emitted.set(k, new Set()).get(k)!).add(who);
    track(e, curs[pick]!);
    out.push({ at: out.length, action: e.action, vars: e.vars, ...(e.line === undefined ? {} : { src: `${basename(logs[pick]!.file)}:${e.line}` }) });
    heads[pick]!++;
    needs[pick] = null;
  }
  return { events: out, acceptors, dropped, forced, processes: logs.map((l) => l.process) };
}
