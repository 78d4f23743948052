/**
 * The order in which a run's captures took effect, read from the acceptors' recorded events, so
 * that the WOS trace wrappers (tla/wos/TraceWOS.tla, TraceWOSImpl.tla) do not branch over it.
 *
 * In WOS every capture draws the next id of one counter, so two captures that overlap in time give
 * different spec states depending on which one the validator lets draw first; with a few dozen
 * concurrent captures the candidate states multiply. The code decides the order: a capture takes
 * effect when a quorum of a register's acceptors has promised its ballot (from then on every lower
 * ballot is refused there). Quorums intersect, so on one register the captures reach their quorum
 * in ballot order, which is the order WOS gives their ids; and a quorum is reached after the
 * call's invocation and before its answer, so the order agrees with real time.
 *
 * The result numbers the calls whose capture reached a quorum: `nc` = 1 for the first, 2 for the
 * next, ... A call retries with higher ballots; the ballot that counts is the call's highest one
 * that reached a quorum (the one its write or answer uses). Calls whose captures never reached a
 * quorum get no number: the wrapper leaves them free (they may take effect anywhere, or never).
 */
import { isBallot, type Ballot } from '../core/ballot.ts';
import type { TraceEvent } from '../core/trace.ts';
import type { CallRecord } from '../sim/history.ts';

/** The calls whose capture draws a WOS id: capture, and write/writeSegment without a capture id. */
function drawsCapture(rec: CallRecord): boolean {
  const c = rec.call;
  if (c.kind === 'capture' || c.kind === 'captureSegment') return true;
  return (c.kind === 'write' || c.kind === 'writeSegment') && c.captureId === null;
}

const regKey = (seg: number, off: number, b: Ballot): string => `${seg}/${off}/${b[0]},${b[1]}`;
const after = (a: Ballot, b: Ballot): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

/**
 * captureOrder: call id -> its capture's place (1-based) in the order the captures took effect.
 * `events` are the core's trace events in emission order (proposers' and acceptors'), `calls` the
 * same run's call records; `quorum` the acceptors a register's capture needs, `offsets` the data
 * registers of a segment (the metadata and trim registers are not WOS captures).
 */
export function captureOrder(events: readonly TraceEvent[], calls: readonly CallRecord[], quorum: number, offsets: number): Map<number, number> {
  if (!Number.isSafeInteger(quorum) || quorum < 1) throw new Error(`captureOrder: quorum ${quorum} is not a positive integer`);
  // The k-th Invoke of a client is its k-th call (a client runs one call at a time).
  const queue = new Map<number, CallRecord[]>();
  for (const rec of [...calls].sort((a, b) => a.invokedAt - b.invokedAt || a.id - b.id)) {
    if (!queue.has(rec.client)) queue.set(rec.client, []);
    queue.get(rec.client)!.push(rec);
  }
  const live = new Map<string, CallRecord>();
  const owner = new Map<string, CallRecord>(); // seg/off/ballot -> the call that prepared it
  const promised = new Map<string, Set<string>>(); // seg/off/ballot -> acceptors that promised it
  const best = new Map<number, { ballot: Ballot; at: number }>(); // call id -> its highest ballot with a quorum
  const reached = (seg: number, off: number, ballot: Ballot, acceptor: string, at: number): void => {
    const k = regKey(seg, off, ballot);
    const rec = owner.get(k);
    if (!rec) return; // a repair's or a metadata capture's ballot: not a WOS capture
    let s = promised.get(k);
    if (!s) promised.set(k, (s = new Set()));
    if (s.has(acceptor)) return;
    s.add(acceptor);
    if (s.size !== quorum) return;
    const cur = best.get(rec.id);
    if (!cur || after(ballot, cur.ballot)) best.set(rec.id, { ballot, at });
  };
  events.forEach((ev, at) => {
    const v = ev.vars;
    if ('acceptor' in v) {
      if (!isBallot(v.ballot)) return;
      const acceptor = String(v.acceptor);
      if (ev.action === 'Promise') reached(v.seg as number, v.off as number, v.ballot, acceptor, at);
      else if (ev.action === 'PromiseRange') {
        for (let o = v.start as number; o < (v.end as number); o++) reached(v.seg as number, o, v.ballot, acceptor, at);
      }
      return;
    }
    if (typeof v.client !== 'number' || typeof v.rid !== 'number') return;
    const key = `${v.client}/${v.rid}`;
    if (ev.action.startsWith('Invoke')) {
      const rec = queue.get(v.client)?.shift();
      if (rec) live.set(key, rec);
      return;
    }
    if (ev.action.startsWith('Return')) {
      live.delete(key);
      return;
    }
    const rec = live.get(key);
    if (!rec || !drawsCapture(rec) || !isBallot(v.ballot)) return;
    if (ev.action === 'Capture' && typeof v.off === 'number' && v.off >= 0 && v.off < offsets) owner.set(regKey(v.seg as number, v.off, v.ballot), rec);
    else if (ev.action === 'CaptureSegment') {
      for (let o = v.start as number; o < (v.end as number); o++) if (o >= 0 && o < offsets) owner.set(regKey(v.seg as number, o, v.ballot), rec);
    }
  });
  const order = [...best.entries()].sort((a, b) => a[1].at - b[1].at);
  return new Map(order.map(([id], i) => [id, i + 1]));
}
