/**
 * The order in which a run's captures took effect, read from the acceptors' recorded events, so
 * that the WOS trace wrappers (tla/wos/TraceWOS.tla, TraceWOSImpl.tla) do not branch over it.
 *
 * In WOS every capture draws the next id of one counter, so two captures that overlap in time give
 * different spec states depending on which one the validator lets draw first; with a few dozen
 * concurrent captures the candidate states multiply. The code decides the order: a capture takes
 * effect when a quorum of a register's acceptors has promised its ballot (from then on every lower
 * ballot is refused there). Quorums intersect, so on one register the captures mostly reach their
 * quorum in ballot order, which is the order WOS gives their ids; and a quorum is reached after
 * the call's invocation and before its answer, so the order agrees with real time. Not always: a
 * lower ballot may complete its quorum late, through an acceptor the higher one had not reached
 * (captureOrder leaves such a capture free).
 *
 * That holds for a capture that found its registers empty or decided. One that found a value
 * accepted by some of its quorum but not yet decided ("in flight") adopts it (its write repairs
 * it): the value's own write, which WOS must take before this capture, may be decided later,
 * through this very repair. Such a capture is left free.
 *
 * A call retries with higher ballots. The ballot that counts is its highest one that reached a
 * quorum, except when that one found the register already decided while an earlier ballot of the
 * call had captured it empty: then the decided value may be the call's own, completed by another
 * client's repair in between (seed 8 at 200 calls: a capture+write answered ok whose own retry came
 * long after), and its capture took effect at that earlier ballot. A ballot in flight above the
 * one that would count leaves the call free.
 *
 * The result numbers the calls so placed: `nc` = 1 for the first, 2 for the next, ... Calls whose
 * captures never reached a quorum, or are left free, get no number: the wrapper lets them take
 * effect anywhere, or never.
 */
import { isBallot, type Ballot } from '../core/ballot.ts';
import type { TraceEvent } from '../core/trace.ts';
import type { CallRecord } from '../sim/history.ts';

/**
 * The calls whose capture draws a WOS id: capture, and write/writeSegment without a capture id. A
 * capture answered notAllocated or trimmed is WOS's refused capture, which draws none, whatever its
 * promises did (a trim raced it: seed 2 at 200 calls).
 */
function drawsCapture(rec: CallRecord): boolean {
  const c = rec.call;
  if (c.kind === 'capture' || c.kind === 'captureSegment') return rec.result?.status !== 'trimmed' && rec.result?.status !== 'notAllocated';
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
  // seg/off/ballot -> the acceptors that promised it, and whether one of them held a value
  const promised = new Map<string, { by: Set<string>; sawValue: boolean }>();
  const accepts = new Map<string, Set<string>>(); // seg/off/ballot -> acceptors that accepted it
  const decided = new Set<string>(); // seg/off of the registers a quorum accepted a value on
  // call id -> its ballots that reached a quorum: when, and what they found (over their registers)
  const reachedBy = new Map<number, Map<string, Reach>>();
  const reached = (seg: number, off: number, ballot: Ballot, acceptor: string, held: boolean, at: number): void => {
    const k = regKey(seg, off, ballot);
    const rec = owner.get(k);
    if (!rec) return; // a repair's or a metadata capture's ballot: not a WOS capture
    let p = promised.get(k);
    if (!p) promised.set(k, (p = { by: new Set(), sawValue: false }));
    if (p.by.has(acceptor)) return;
    p.by.add(acceptor);
    p.sawValue ||= held;
    if (p.by.size !== quorum) return;
    const found: Found = decided.has(`${seg}/${off}`) ? 'decided' : p.sawValue ? 'inFlight' : 'empty';
    let mine = reachedBy.get(rec.id);
    if (!mine) reachedBy.set(rec.id, (mine = new Map()));
    const bk = `${ballot[0]},${ballot[1]}`;
    const cur = mine.get(bk);
    if (!cur) mine.set(bk, { ballot, at, found, regs: new Set([`${seg}/${off}`]) });
    else {
      cur.found = worse(cur.found, found); // another register of its range
      cur.regs.add(`${seg}/${off}`);
    }
  };
  const accepted = (seg: number, off: number, ballot: Ballot, acceptor: string): void => {
    const k = regKey(seg, off, ballot);
    let s = accepts.get(k);
    if (!s) accepts.set(k, (s = new Set()));
    s.add(acceptor);
    if (s.size >= quorum) decided.add(`${seg}/${off}`);
  };
  events.forEach((ev, at) => {
    const v = ev.vars;
    if ('acceptor' in v) {
      if (!isBallot(v.ballot)) return;
      const acceptor = String(v.acceptor);
      const seg = v.seg as number;
      if (ev.action === 'Promise') reached(seg, v.off as number, v.ballot, acceptor, v.acceptedBallot != null, at);
      else if (ev.action === 'PromiseRange') {
        const held = new Set(((v.accepted ?? []) as { off: number }[]).map((a) => a.off));
        for (let o = v.start as number; o < (v.end as number); o++) reached(seg, o, v.ballot, acceptor, held.has(o), at);
      } else if (ev.action === 'Accepted') accepted(seg, v.off as number, v.ballot, acceptor);
      else if (ev.action === 'AcceptedRange') {
        const refused = new Set(((v.refused ?? []) as { off: number }[]).map((r) => r.off));
        for (let o = v.start as number; o < (v.end as number); o++) if (!refused.has(o)) accepted(seg, o, v.ballot, acceptor);
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
  const placed: { id: number; reach: Reach }[] = [];
  for (const [id, mine] of reachedBy) {
    const reach = placeOf([...mine.values()]);
    if (reach !== null) placed.push({ id, reach });
  }
  placed.sort((a, b) => a.reach.at - b.reach.at);
  // A lower ballot can complete its quorum after a higher one did, through an acceptor that had
  // not seen the higher one yet (seg 1 off 2 of seed 6 with the hostile client: [7,3] promised by
  // s0.0, then [8,1] by s0.0 and s0.1, then [7,3] by s0.2). Its writes are refused where the higher
  // ballot was promised, so in WOS it drew its id before the higher capture: not in the order the
  // quorums completed. Such a capture is left free.
  const highest = new Map<string, Ballot>(); // seg/off -> the highest ballot placed on it so far
  const order = new Map<number, number>();
  for (const { id, reach } of placed) {
    if ([...reach.regs].some((r) => { const h = highest.get(r); return h !== undefined && after(h, reach.ballot); })) continue;
    for (const r of reach.regs) highest.set(r, reach.ballot);
    order.set(id, order.size + 1);
  }
  return order;
}

/** What a ballot's quorum found on a register: nothing accepted, a decided value, a value in flight. */
type Found = 'empty' | 'decided' | 'inFlight';
interface Reach {
  ballot: Ballot;
  at: number;
  found: Found;
  /** The registers (seg/off) on which the ballot reached a quorum. */
  regs: Set<string>;
}
/** A range capture is as free as its least clear register: in flight, else empty (the decided ones are fine then). */
const worse = (a: Found, b: Found): Found => (a === 'inFlight' || b === 'inFlight' ? 'inFlight' : a === 'empty' || b === 'empty' ? 'empty' : 'decided');

/** placeOf: the ballot (and moment) at which a call's capture took effect, from its ballots that reached a quorum; null: free. */
function placeOf(reaches: Reach[]): Reach | null {
  const desc = reaches.sort((a, b) => (after(a.ballot, b.ballot) ? -1 : 1));
  const top = desc[0]!;
  if (top.found !== 'decided') return top.found === 'empty' ? top : null;
  // The register was decided when the top ballot captured it: an earlier empty capture of the call, with
  // nothing in flight between, is where the call's capture took effect; else the top one.
  for (const r of desc.slice(1)) {
    if (r.found === 'inFlight') return null;
    if (r.found === 'empty') return r;
  }
  return top;
}
