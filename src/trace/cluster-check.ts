/**
 * Checking a whole traced cluster (`wormspace trace check DIR`): merge the folder's event logs
 * (merge.ts), then for every register the run touched, project a client's concurrent calls onto
 * virtual clients (op-clients.ts), extract the register's WORPaxos trace (record.ts) and step it
 * through the validator (stream-validate.ts).
 *
 * Why every register and not one: a run's bug can sit in any register, and a register that is not
 * traceable (a made-up capture id, say: record.ts lists the reasons) is a result the user must
 * see, not a register silently left out. So each register ends as accepted, rejected (with the event) or not traceable (with why),
 * and the run passes only when every register is accepted.
 */
import { mergeLogs, readLogs, type Merged } from './merge.ts';
import { projectOpClients } from './op-clients.ts';
import { extractRegister, traceOf } from './record.ts';
import { validateTrace } from './stream-validate.ts';
import { describeEvent, TraceCheckError } from './validate.ts';
import { WosTraceError } from './wos.ts';
import { wosOfMerged } from './wos-cluster.ts';

export type Register = readonly [seg: number, off: number];

/**
 * registersOf lists every register (seg, off) some event names: by its offset, or (with
 * `ranges`) inside the [start, end) of a batch (range) step; an API call's Invoke and Return do
 * not count. Sorted by segment, then offset.
 */
export function registersOf(events: readonly { action?: string; vars: Record<string, unknown> }[], opts: { ranges?: boolean } = {}): Register[] {
  const seen = new Map<string, Register>();
  for (const e of events) {
    // An API call's boundaries (TracedOp's Invoke*/Return*) name its register but are no step of
    // it: a call refused before it reached the register (notAllocated) leaves nothing to check there.
    if (e.action !== undefined && (e.action.startsWith('Invoke') || e.action.startsWith('Return'))) continue;
    const { seg, off, start, end } = e.vars;
    if (typeof seg !== 'number') continue;
    if (typeof off === 'number') seen.set(`${seg}/${off}`, [seg, off]);
    if (opts.ranges && typeof start === 'number' && typeof end === 'number') {
      for (let o = start; o < end; o++) seen.set(`${seg}/${o}`, [seg, o]);
    }
  }
  return [...seen.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

export interface RegisterVerdict {
  seg: number;
  off: number;
  verdict: 'accepted' | 'rejected' | 'not traceable';
  events: number;
  /** Calls checked as virtual clients (op-clients.ts). */
  moves: number;
  /** Why it was rejected (the event) or is not traceable; empty when accepted. */
  detail: string;
}

/** checkRegister checks one register of a merged run. */
export function checkRegister(merged: Merged, seg: number, off: number): RegisterVerdict {
  const projected = projectOpClients(merged.events, seg, off);
  const x = extractRegister(projected.events, merged.acceptors, seg, off);
  const problems = [...projected.problems, ...x.problems];
  const base = { seg, off, events: x.events.length, moves: projected.moves.length };
  if (problems.length > 0) return { ...base, verdict: 'not traceable', detail: problems.join('; ') };
  // Events name the register, but none of them is a step of it (an action the recorder does not
  // know, say): an empty trace checks nothing, so it must not count as accepted.
  if (!x.events.some((e) => e.action !== 'CrashAcceptor' && e.action !== 'RecoverAcceptor')) {
    return { ...base, verdict: 'not traceable', detail: 'no event of the logs is a WORPaxos step of this register: nothing to check' };
  }
  const v = validateTrace(traceOf(x.events, { seg, off, acceptors: merged.acceptors }));
  if (v.accepted) return { ...base, verdict: 'accepted', detail: '' };
  const u = v.firstUnmatched!;
  return { ...base, verdict: 'rejected', detail: `at event ${u.index + 1}: ${describeEvent(u.event)}` };
}

/** The whole run as one trace of a WOS-layer spec (wos-cluster.ts): one per level. */
export interface WosLevelVerdict {
  /** The trace descriptor: WOS (tla/wos/WOS.tla) or WOSImpl (tla/wos/WOSImpl.tla). */
  level: 'WOS' | 'WOSImpl';
  verdict: 'accepted' | 'rejected' | 'not traceable';
  events: number;
  calls: number;
  /** Calls whose capture's place in the capture order is pinned; calls with no answer; calls on virtual clients. */
  pinned: number;
  unanswered: number;
  /** Calls their client's log leaves unanswered whose write the acceptors show decided (answered there). */
  settled: number;
  virtual: number;
  /** The most candidate spec states any event had (the validator gives up beyond 10,000). */
  maxCandidates: number;
  seconds: number;
  /** Why it was rejected (the event, its line in the trace, the log line it stands for, the false conjunct) or is not traceable; empty when accepted. */
  detail: string;
}

export interface ClusterVerdict {
  processes: number;
  events: number;
  /** Ordering notes of the merge: dependencies no log satisfies, events ordered by clock alone. */
  dropped: number;
  forced: number;
  registers: RegisterVerdict[];
  /** The WOS-layer checks of the whole run, when asked for (`wos`). */
  wos: WosLevelVerdict[];
  accepted: boolean;
}

/**
 * checkWosLevels checks the whole merged run at the WOS layer: one trace against WOS (the API:
 * every call and its answer) and one against WOSImpl (each call's metadata, trim and data WOR
 * steps, each server's drop of a trimmed segment), with the capture order read from the servers'
 * promises. A run whose logs hold no client call is not traceable at this layer.
 */
export function checkWosLevels(merged: Merged): WosLevelVerdict[] {
  let built: ReturnType<typeof wosOfMerged>;
  try {
    built = wosOfMerged(merged);
  } catch (e) {
    if (!(e instanceof WosTraceError)) throw e;
    const none = { events: 0, calls: 0, pinned: 0, unanswered: 0, settled: 0, virtual: 0, maxCandidates: 0, seconds: 0, verdict: 'not traceable' as const, detail: e.message };
    return [{ level: 'WOS', ...none }, { level: 'WOSImpl', ...none }];
  }
  const out: WosLevelVerdict[] = [];
  for (const [level, trace] of [['WOS', built.wos], ['WOSImpl', built.wosimpl]] as const) {
    const base = { level, events: trace.events.length, calls: built.calls, pinned: built.pinned, unanswered: built.unanswered, settled: built.settled, virtual: built.virtual };
    try {
      const v = validateTrace(trace);
      const u = v.firstUnmatched;
      const c = v.mismatch?.conjunct;
      const detail = u ? `at event ${u.index + 1} (line ${u.line}): ${describeEvent(u.event)}${c ? `; false at ${c.location}: ${c.text}` : ''}` : '';
      out.push({ ...base, verdict: v.accepted ? 'accepted' : 'rejected', maxCandidates: v.maxCandidates, seconds: v.seconds, detail });
    } catch (e) {
      // Too many candidate states (the trace pins too little) is not a pass.
      if (!(e instanceof TraceCheckError)) throw e;
      out.push({ ...base, verdict: 'not traceable', maxCandidates: 0, seconds: 0, detail: e.message });
    }
  }
  return out;
}

/**
 * checkCluster merges DIR's logs and checks every register, calling `onRegister` as each one
 * finishes (progress for long runs).
 */
export function checkCluster(
  dir: string,
  opts: { ranges?: boolean; registers?: boolean; wos?: boolean; onRegister?: (r: RegisterVerdict, done: number, total: number) => void } = {},
): ClusterVerdict {
  const merged = mergeLogs(readLogs(dir));
  const registers = opts.registers === false ? [] : registersOf(merged.events, { ranges: opts.ranges ?? true });
  const out: RegisterVerdict[] = [];
  for (const [seg, off] of registers) {
    const r = checkRegister(merged, seg, off);
    out.push(r);
    opts.onRegister?.(r, out.length, registers.length);
  }
  const wos = opts.wos ? checkWosLevels(merged) : [];
  return {
    processes: merged.processes.length,
    events: merged.events.length,
    dropped: merged.dropped,
    forced: merged.forced,
    registers: out,
    wos,
    accepted: (out.length > 0 || wos.length > 0) && out.every((r) => r.verdict === 'accepted') && wos.every((w) => w.verdict === 'accepted'),
  };
}
