/**
 * projectOpClients: a client's concurrent calls on one register, projected onto virtual clients
 * that each run one call at a time, so that WORPaxos (whose client state `cs[c]` holds one call)
 * can check them.
 *
 * Why it is needed. The code's client runs any number of calls at once (WormTX's RMs poll a vote
 * register while they write it, WormPaxos pipelines, `check` races `read`); WORPaxos's client
 * starts a call only when idle. A merged trace of a real application run had most of its
 * registers rejected at the second call's first event (`cs[c].phase = "idle"` false), which says
 * nothing about the protocol.
 *
 * The projection, for register (seg, off):
 * 1. A call is (client, rid). Its span on the register runs from its first event about the
 *    register to its last one (its starts, and its answers, which belong to the register the call
 *    last started an action on: the attribution record.ts extractRegister makes).
 * 2. The calls of each client, by the start of their span, are packed greedily onto slots: slot 0
 *    is the client itself, slot k > 0 a virtual client; a call takes the lowest slot whose last
 *    call ended before it started. A client whose calls never overlap keeps all of them: the
 *    projection is the identity on every trace that WORPaxos could already check.
 * 3. Every event of a moved call is renamed to its virtual client: the client's own events
 *    (`client`), the acceptors' events that answer it (`from`, with the call's rid), and each
 *    ballot the call started phase 1 with (`Capture`, `CaptureSegment` on this register): <<r, c>>
 *    becomes <<r, v>> wherever it appears (ballot, promised, acceptedBallot, captureId, in the
 *    replies and range answers too). Nothing else changes, and no event moves in the order.
 * 4. A virtual client's id v is the first of c+1, c+2, ... that no process of the run uses (as a
 *    client, or in a ballot of the segment), that is not a hand-over holder (HOLDER_BASE + k) and
 *    that keeps the order of every ballot of the segment: the renaming must be injective and
 *    strictly monotonic on them. The client library picks random 31-bit client ids, so c+1 almost
 *    always fits; when no id up to c+MAX_TRIES does, the register is reported as not projectable.
 *
 * Why it loses no check (soundness). Every acceptor step of the trace is the same step after the
 * renaming: the map on ballots is injective and keeps their order, so every comparison an acceptor
 * step makes (promise above, accept at the promise, the highest accepted) and every equality
 * (a reply for this ballot) has the same outcome. Every call's events are checked in the same
 * order, at the same places of the global order, by one client that is idle when the call starts
 * (its slot's calls do not overlap): the spec checks each call's phases, quorums, values and answer
 * exactly as it does a lone client's. Read replies still go to the read that asked (the acceptor's
 * `from` follows its rid), and capture ids handed over keep their identity (the ballot is renamed
 * everywhere at once). What WORPaxos relates between two calls of one client is `round[c]`: a new
 * ballot is above the client's last. What that protects is that no two calls run Paxos at one
 * ballot; the projection keeps it checked: a ballot is renamed after the FIRST call that started
 * phase 1 with it, so a second call that starts phase 1 at the same ballot shows, on its own
 * (virtual) client, a ballot that is not <<r, itself>> or a round that does not grow, and the
 * trace is rejected at its Capture (test/trace/op-clients.test.ts). The rest of a client's state
 * (`reads[c]`, `result[c]`) is per call in the code (read nonces are rids).
 */
import type { TimedTraceEvent } from '../sim/run.ts';
import { HOLDER_BASE } from './record.ts';

/** One call moved to a virtual client, as `trace merge` reports it. */
export interface ClientMove {
  client: number;
  rid: number;
  /** The virtual client that runs the call in the projected trace. */
  to: number;
  /** A call of the same client on the register still under way when this one started. */
  overlaps: number;
  /** The action of the call's first event on the register (Read, Capture, Write, ...). */
  first: string;
}

export interface Projection {
  events: TimedTraceEvent[];
  moves: ClientMove[];
  /** Why the register could not be projected (then `events` are the input, unchanged). */
  problems: string[];
}

/** How many ids above a client are tried for one of its virtual clients. */
export const MAX_TRIES = 1000;

type Vars = Record<string, unknown>;
type Ballot = [number, number];

const OFF_STARTS = new Set(['Capture', 'Write', 'Read', 'Repair']);
const RANGE_STARTS = new Set(['CaptureSegment', 'WriteSegment']);
/** Fields that hold a ballot, at any depth (replies, range answers, results). */
const BALLOT_FIELDS = new Set(['ballot', 'promised', 'acceptedBallot', 'captureId']);

const isBallot = (x: unknown): x is Ballot => Array.isArray(x) && x.length === 2 && typeof x[0] === 'number' && typeof x[1] === 'number';
const bkey = (b: readonly number[]): string => `${b[0]},${b[1]}`;

/** A client's own event of a call (not an acceptor's, not the API-level Invoke/Return). */
function callOf(e: TimedTraceEvent): string | null {
  const v = e.vars as Vars;
  if (typeof v.acceptor === 'string' || typeof v.client !== 'number' || v.rid === undefined) return null;
  if (e.action.startsWith('Invoke') || e.action.startsWith('Return')) return null;
  return `${v.client}/${v.rid}`;
}

/** The call an acceptor's event answers: its sender `c<id>` and rid. */
function answeredCall(e: TimedTraceEvent): string | null {
  const v = e.vars as Vars;
  if (typeof v.acceptor !== 'string' || typeof v.from !== 'string' || v.rid === undefined) return null;
  const m = /^c(\d+)$/.exec(v.from);
  return m ? `${m[1]}/${v.rid}` : null;
}

/** eachBallot visits every ballot of a value, under the ballot fields, at any depth. */
function eachBallot(x: unknown, field: string | null, visit: (b: Ballot) => void): void {
  if (field !== null && BALLOT_FIELDS.has(field) && isBallot(x)) {
    visit(x);
    return;
  }
  if (Array.isArray(x)) for (const y of x) eachBallot(y, null, visit);
  else if (typeof x === 'object' && x !== null) for (const [k, y] of Object.entries(x)) eachBallot(y, k, visit);
}

/** renameBallots copies a value with every ballot under the ballot fields mapped by `map`. */
function renameBallots(x: unknown, field: string | null, map: Map<string, Ballot>): unknown {
  if (field !== null && BALLOT_FIELDS.has(field) && isBallot(x)) return map.get(bkey(x)) ?? x;
  if (Array.isArray(x)) return x.map((y) => renameBallots(y, null, map));
  if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, renameBallots(y, k, map)]));
  return x;
}

interface Span {
  client: number;
  rid: number;
  first: number;
  last: number;
  firstAction: string;
}

/** spansOn: each call's span on register (seg, off), and the ballot each call started phase 1 with there. */
function spansOn(events: readonly TimedTraceEvent[], seg: number, off: number): { spans: Map<string, Span>; creator: Map<string, string> } {
  const spans = new Map<string, Span>();
  const creator = new Map<string, string>(); // ballot -> the first call that started phase 1 with it here
  const onRegister = new Map<string, boolean>(); // call -> its last start was about this register
  events.forEach((e, i) => {
    const v = e.vars as Vars;
    if (v.seg !== seg) return;
    const key = callOf(e);
    if (key === null) return;
    let about: boolean;
    if (OFF_STARTS.has(e.action)) {
      about = v.off === off;
      onRegister.set(key, about);
    } else if (RANGE_STARTS.has(e.action)) {
      about = (v.start as number) <= off && off < (v.end as number);
      onRegister.set(key, about);
    } else about = onRegister.get(key) === true;
    if (!about) return;
    if ((e.action === 'Capture' || e.action === 'CaptureSegment') && isBallot(v.ballot) && !creator.has(bkey(v.ballot))) creator.set(bkey(v.ballot), key);
    const s = spans.get(key);
    if (s) s.last = i;
    else spans.set(key, { client: v.client as number, rid: v.rid as number, first: i, last: i, firstAction: e.action });
  });
  return { spans, creator };
}

/** orderKept: the renaming is injective and strictly monotonic on `ballots` (sorted, distinct). */
function orderKept(ballots: readonly Ballot[], map: Map<string, Ballot>): boolean {
  let prev: Ballot | null = null;
  for (const b of ballots) {
    const m = map.get(bkey(b)) ?? b;
    if (prev && !(m[0] > prev[0] || (m[0] === prev[0] && m[1] > prev[1]))) return false;
    prev = m;
  }
  return true;
}

export function projectOpClients(events: readonly TimedTraceEvent[], seg: number, off: number): Projection {
  const { spans, creator } = spansOn(events, seg, off);
  // 2. Slots, per client, in the order the calls start.
  const slotOf = new Map<string, number>();
  const moved: { key: string; span: Span; slot: number; overlaps: number }[] = [];
  const slots = new Map<number, { lastEnd: number; rid: number }[]>();
  for (const [key, s] of [...spans].sort((a, b) => a[1].first - b[1].first)) {
    const mine = slots.get(s.client) ?? slots.set(s.client, []).get(s.client)!;
    let k = mine.findIndex((x) => x.lastEnd < s.first);
    if (k < 0) k = mine.push({ lastEnd: -1, rid: -1 }) - 1;
    const overlaps = mine.find((x, j) => j !== k && x.lastEnd >= s.first)?.rid ?? -1;
    mine[k] = { lastEnd: s.last, rid: s.rid };
    slotOf.set(key, k);
    if (k > 0) moved.push({ key, span: s, slot: k, overlaps });
  }
  if (moved.length === 0) return { events: [...events], moves: [], problems: [] };

  // 4. Ids for the virtual clients, (client, slot) in order of first use.
  const used = new Set<number>();
  const segBallots = new Map<string, Ballot>();
  for (const e of events) {
    const v = e.vars as Vars;
    if (typeof v.client === 'number') used.add(v.client);
    if (typeof v.from === 'string' && /^c\d+$/.test(v.from)) used.add(Number(v.from.slice(1)));
    if (v.seg === seg) eachBallot(v, null, (b) => segBallots.set(bkey(b), b));
  }
  for (const b of segBallots.values()) used.add(b[1]);
  const sorted = [...segBallots.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const ballotMap = new Map<string, Ballot>();
  const idOf = new Map<string, number>(); // `${client}#${slot}` -> virtual id
  const holders = (x: number): boolean => x > HOLDER_BASE && x <= HOLDER_BASE + events.length;
  for (const m of moved) {
    const slotKey = `${m.span.client}#${m.slot}`;
    if (idOf.has(slotKey)) continue;
    const mine = [...creator].filter(([, key]) => moved.some((x) => x.key === key && x.span.client === m.span.client && x.slot === m.slot)).map(([b]) => b);
    let found: number | null = null;
    for (let v = m.span.client + 1; v <= m.span.client + MAX_TRIES && found === null; v++) {
      if (used.has(v) || holders(v)) continue;
      const trial = new Map(ballotMap);
      for (const b of mine) trial.set(b, [segBallots.get(b)![0], v]);
      if (!orderKept(sorted, trial)) continue;
      found = v;
      for (const [b, nb] of trial) ballotMap.set(b, nb);
    }
    if (found === null) {
      return { events: [...events], moves: [], problems: [`client ${m.span.client} runs calls on this register concurrently, and none of the ids ${m.span.client + 1}..${m.span.client + MAX_TRIES} is free and keeps the order of the segment's ballots for a virtual client`] };
    }
    used.add(found);
    idOf.set(slotKey, found);
  }
  const toOf = new Map<string, number>(moved.map((m) => [m.key, idOf.get(`${m.span.client}#${m.slot}`)!]));

  // 3. Rename the moved calls' events and ballots; everything else stays as it was.
  const out = events.map((e): TimedTraceEvent => {
    const v = e.vars as Vars;
    if (v.seg !== seg) return e;
    const own = callOf(e);
    const answered = answeredCall(e);
    const to = (own !== null ? toOf.get(own) : undefined) ?? (answered !== null ? toOf.get(answered) : undefined);
    const vars = renameBallots(v, null, ballotMap) as Vars;
    if (to !== undefined && own !== null) vars.client = to;
    if (to !== undefined && answered !== null) vars.from = `c${to}`;
    return { ...e, vars };
  });
  const moves = moved.map((m) => ({ client: m.span.client, rid: m.span.rid, to: toOf.get(m.key)!, overlaps: m.overlaps, first: m.span.firstAction }));
  return { events: out, moves, problems: [] };
}

/** describeMove: one line for `trace merge`, so that the renaming is never silent. */
export function describeMove(m: ClientMove): string {
  return `client ${m.client}: call rid ${m.rid} (${m.first}) overlaps its call rid ${m.overlaps} on this register; checked as virtual client ${m.to}`;
}
