/**
 * Checkers over a run's log (history of calls, acceptors' votes, trims), separate from the
 * simulator so that they judge only what a user or a spec could observe. Each returns a list of
 * violations, one line each; an empty list means the run passed.
 *
 * Safety (WORPaxos.tla's Agreement and AnswersChosen, WOR.tla's linearizability, per register):
 * - agreement: at most one value is ever chosen (accepted by a quorum at one ballot);
 * - answersChosen: every value a call reports for a register (ok, alreadyWritten, read, a
 *   capture's `written`, a writeSegment's registers) is a chosen value of that register;
 * - oneValue: no two calls report different values for one register;
 * - realTime: a read that starts after a call returned a register's value does not answer
 *   `unwritten`; a data call that starts after an allocation returned does not answer
 *   `notAllocated`; a call that starts after a trim returned answers `trimmed` (or `timeout`).
 * Liveness (after the faults stop): every call of the liveness phase returned, without `timeout`,
 * and reads of the liveness phase return the value acknowledged for their register.
 */
import { META_OFFSET, quorumSize } from '../core/address.ts';
import { compareBallots, type Ballot } from '../core/ballot.ts';
import type { AnyResult, Value } from '../core/messages.ts';
import type { CallRecord, RunLog } from './history.ts';

type Key = string;
const key = (seg: number, off: number): Key => `${seg}:${off}`;

interface Report {
  value: Value;
  call: CallRecord;
}

/** reportsOf lists the (register, value) pairs a returned call claims. */
export function reportsOf(c: CallRecord): { seg: number; off: number; value: Value }[] {
  const r = c.result as AnyResult | null;
  if (!r) return [];
  const call = c.call;
  const out: { seg: number; off: number; value: Value }[] = [];
  switch (call.kind) {
    case 'alloc':
      if (r.status === 'ok') out.push({ seg: call.seg, off: META_OFFSET, value: call.value });
      if (r.status === 'alreadyWritten') out.push({ seg: call.seg, off: META_OFFSET, value: r.value });
      break;
    case 'check':
      if (r.status === 'ok' && 'value' in r) out.push({ seg: call.seg, off: META_OFFSET, value: r.value });
      break;
    case 'capture':
      if (r.status === 'ok' && 'written' in r && typeof r.written === 'string') out.push({ seg: call.seg, off: call.off, value: r.written });
      break;
    case 'write':
      if (r.status === 'ok') out.push({ seg: call.seg, off: call.off, value: call.value });
      if (r.status === 'alreadyWritten') out.push({ seg: call.seg, off: call.off, value: r.value });
      break;
    case 'read':
      if (r.status === 'ok' && 'value' in r) out.push({ seg: call.seg, off: call.off, value: r.value });
      break;
    case 'captureSegment':
      if (r.status === 'ok' && 'written' in r && Array.isArray(r.written)) for (const w of r.written) out.push({ seg: call.seg, off: w.off, value: w.value });
      break;
    case 'writeSegment':
      if (r.status === 'ok' && 'preempted' in r) {
        const skip = new Set<number>(r.preempted);
        for (const w of r.written) {
          skip.add(w.off);
          out.push({ seg: call.seg, off: w.off, value: w.value });
        }
        for (let off = call.start; off < call.end; off++) if (!skip.has(off)) out.push({ seg: call.seg, off, value: call.value });
      }
      break;
    case 'trim':
      break;
  }
  return out;
}

/** chosenValues computes, per register, the values some quorum accepted at one ballot. */
export function chosenValues(log: RunLog): Map<Key, Set<Value>> {
  // votes per register, per ballot+value, the set of servers
  const tally = new Map<Key, Map<string, { value: Value; servers: Set<string> }>>();
  for (const v of log.votes) {
    const k = key(v.seg, v.off);
    let byBallot = tally.get(k);
    if (!byBallot) tally.set(k, (byBallot = new Map()));
    const bk = `${v.ballot[0]}.${v.ballot[1]}=${v.value}`;
    let entry = byBallot.get(bk);
    if (!entry) byBallot.set(bk, (entry = { value: v.value, servers: new Set() }));
    entry.servers.add(v.server);
  }
  const chosen = new Map<Key, Set<Value>>();
  for (const [k, byBallot] of tally) {
    const seg = Number(k.split(':')[0]);
    const q = quorumSize(log.partitionOf(seg).length);
    for (const { value, servers } of byBallot.values()) {
      if (servers.size >= q) {
        let set = chosen.get(k);
        if (!set) chosen.set(k, (set = new Set()));
        set.add(value);
      }
    }
  }
  return chosen;
}

export function checkAgreement(log: RunLog): string[] {
  const out: string[] = [];
  for (const [k, values] of chosenValues(log)) {
    if (values.size > 1) out.push(`agreement: register ${k} has ${values.size} chosen values: ${[...values].map((v) => JSON.stringify(v)).join(', ')}`);
  }
  // An acceptor never accepts two values at one ballot. (Different acceptors may: writers that
  // share a capture id, or unsafe writes, send different values at one ballot.)
  const perBallot = new Map<string, Value>();
  for (const v of log.votes) {
    const bk = `${v.seg}:${v.off}@${v.ballot[0]}.${v.ballot[1]}@${v.server}`;
    const prev = perBallot.get(bk);
    if (prev !== undefined && prev !== v.value) out.push(`agreement: register ${v.seg}:${v.off} got two values at ballot <<${v.ballot[0]},${v.ballot[1]}>> on ${v.server}: ${JSON.stringify(prev)} and ${JSON.stringify(v.value)}`);
    perBallot.set(bk, v.value);
  }
  return out;
}

export function checkAnswers(log: RunLog): string[] {
  const out: string[] = [];
  const chosen = chosenValues(log);
  const first = new Map<Key, Report>();
  for (const c of log.calls) {
    for (const rep of reportsOf(c)) {
      const k = key(rep.seg, rep.off);
      if (!chosen.get(k)?.has(rep.value)) {
        out.push(`answersChosen: call #${c.id} (${c.call.kind} by client ${c.client}) reported ${JSON.stringify(rep.value)} for ${k}, which no quorum accepted`);
      }
      const prev = first.get(k);
      if (prev && prev.value !== rep.value) {
        out.push(`oneValue: ${k} reported as ${JSON.stringify(prev.value)} by call #${prev.call.id} and as ${JSON.stringify(rep.value)} by call #${c.id}`);
      } else if (!prev) {
        first.set(k, { value: rep.value, call: c });
      }
    }
  }
  return out;
}

const DATA_KINDS = new Set(['capture', 'write', 'read', 'captureSegment', 'writeSegment']);

export function checkRealTime(log: RunLog): string[] {
  const out: string[] = [];
  // The earliest return time of a call that reported a value for a register / allocated / trimmed a segment.
  const valueKnownAt = new Map<Key, number>();
  const allocatedAt = new Map<number, number>();
  const trimmedAt = new Map<number, number>();
  for (const c of log.calls) {
    if (c.returnedAt === null || !c.result) continue;
    for (const rep of reportsOf(c)) {
      const k = key(rep.seg, rep.off);
      valueKnownAt.set(k, Math.min(valueKnownAt.get(k) ?? Infinity, c.returnedAt));
      if (rep.off === META_OFFSET) allocatedAt.set(rep.seg, Math.min(allocatedAt.get(rep.seg) ?? Infinity, c.returnedAt));
    }
    if (c.call.kind === 'trim' && c.result.status === 'ok') trimmedAt.set(c.call.seg, Math.min(trimmedAt.get(c.call.seg) ?? Infinity, c.returnedAt));
  }
  // A register takes a value only after some call carrying it began (WOR.tla: Decide picks from
  // `proposed`), so no call may return a value before the first call proposing it was invoked.
  const proposedAt = new Map<string, number>();
  const propose = (seg: number, off: number, value: Value, at: number): void => {
    const k = `${key(seg, off)}=${value}`;
    proposedAt.set(k, Math.min(proposedAt.get(k) ?? Infinity, at));
  };
  for (const c of log.calls) {
    const call = c.call;
    if (call.kind === 'alloc') propose(call.seg, META_OFFSET, call.value, c.invokedAt);
    if (call.kind === 'write') propose(call.seg, call.off, call.value, c.invokedAt);
    if (call.kind === 'writeSegment') for (let off = call.start; off < call.end; off++) propose(call.seg, off, call.value, c.invokedAt);
  }
  for (const c of log.calls) {
    if (c.returnedAt === null) continue;
    for (const rep of reportsOf(c)) {
      const at = proposedAt.get(`${key(rep.seg, rep.off)}=${rep.value}`);
      if (at === undefined || at > c.returnedAt) {
        out.push(`realTime: call #${c.id} (${c.call.kind}) returned ${JSON.stringify(rep.value)} for ${key(rep.seg, rep.off)} at ${c.returnedAt}, before any call proposed it`);
      }
    }
  }
  for (const c of log.calls) {
    if (!c.result) continue;
    const call = c.call;
    const status = c.result.status;
    const trimmed = trimmedAt.get(call.seg);
    if (trimmed !== undefined && c.invokedAt > trimmed && call.kind !== 'trim' && status !== 'trimmed' && status !== 'timeout') {
      out.push(`realTime: call #${c.id} (${call.kind} of segment ${call.seg}) started after the segment's trim returned at ${trimmed}, yet answered ${status}`);
    }
    const alloc = allocatedAt.get(call.seg);
    if (alloc !== undefined && c.invokedAt > alloc && status === 'notAllocated' && (DATA_KINDS.has(call.kind) || call.kind === 'check' || call.kind === 'trim')) {
      out.push(`realTime: call #${c.id} (${call.kind}) answered notAllocated though segment ${call.seg} was allocated at ${alloc}`);
    }
    if (call.kind === 'read' && status === 'unwritten') {
      const known = valueKnownAt.get(key(call.seg, call.off));
      if (known !== undefined && c.invokedAt > known) {
        out.push(`realTime: read #${c.id} of ${call.seg}:${call.off} started at ${c.invokedAt}, after a value was returned at ${known}, yet answered unwritten`);
      }
    }
  }
  return out;
}

export function checkLiveness(log: RunLog): string[] {
  const out: string[] = [];
  // Per register, the values reported and when they were returned.
  const reported = new Map<Key, { value: Value; at: number }[]>();
  for (const c of log.calls) {
    if (c.returnedAt === null) continue;
    for (const rep of reportsOf(c)) {
      const k = key(rep.seg, rep.off);
      let list = reported.get(k);
      if (!list) reported.set(k, (list = []));
      list.push({ value: rep.value, at: c.returnedAt });
    }
  }
  for (const c of log.calls) {
    if (!c.liveness) continue;
    if (c.result === null) {
      out.push(`liveness: call #${c.id} (${c.call.kind} ${c.call.seg}) never returned after the faults stopped`);
      continue;
    }
    if (c.result.status === 'timeout') out.push(`liveness: call #${c.id} (${c.call.kind} ${c.call.seg}) timed out after the faults stopped`);
    if (c.call.kind === 'read') {
      // Only values acknowledged before this read began must be read back (a concurrent write may linearize after it).
      const before = (reported.get(key(c.call.seg, c.call.off)) ?? []).filter((r) => r.at < c.invokedAt);
      const r = c.result;
      if (before.length > 0 && r.status !== 'trimmed' && !(r.status === 'ok' && 'value' in r && r.value === before[0]!.value)) {
        out.push(`liveness: read #${c.id} of ${c.call.seg}:${c.call.off} answered ${JSON.stringify(r)}, but ${JSON.stringify(before[0]!.value)} was acknowledged before it began`);
      }
    }
  }
  return out;
}

/** checkAll runs every checker. */
export function checkAll(log: RunLog): string[] {
  return [...checkAgreement(log), ...checkAnswers(log), ...checkRealTime(log), ...checkLiveness(log)];
}

/** The acceptor actions of a trace whose vars carry a register's state after the action. */
const ACCEPTOR_STATE_ACTIONS = new Set(['Promise', 'RejectPrepare', 'Accepted', 'RejectAccept', 'ReadReply']);

/**
 * checkAcceptorTrace validates the acceptor events of a trace against two invariants of
 * WORPaxos.tla that durability must keep across crashes: per acceptor and register, `promised`
 * never decreases, and `acceptedBallot` is never above `promised`. (A trim resets a segment.)
 */
export function checkAcceptorTrace(events: readonly { action: string; vars: Record<string, unknown> }[]): string[] {
  const out: string[] = [];
  const last = new Map<string, Ballot | null>();
  for (const [i, e] of events.entries()) {
    const v = e.vars;
    if (e.action === 'Trim') {
      for (const k of [...last.keys()]) if (k.startsWith(`${v.acceptor}|${v.seg}:`)) last.delete(k);
      continue;
    }
    if (!ACCEPTOR_STATE_ACTIONS.has(e.action)) continue;
    const k = `${v.acceptor}|${v.seg}:${v.off}`;
    const promised = v.promised as Ballot | null;
    const accepted = v.acceptedBallot as Ballot | null;
    const prev = last.get(k) ?? null;
    if (prev !== null && (promised === null || compareBallots(promised, prev) < 0)) {
      out.push(`trace #${i} ${e.action} at ${v.acceptor} on ${v.seg}:${v.off}: promised went down from <<${prev}>> to <<${promised}>>`);
    }
    if (accepted !== null && (promised === null || compareBallots(accepted, promised) > 0)) {
      out.push(`trace #${i} ${e.action} at ${v.acceptor} on ${v.seg}:${v.off}: acceptedBallot <<${accepted}>> above promised <<${promised}>>`);
    }
    last.set(k, promised);
  }
  return out;
}
