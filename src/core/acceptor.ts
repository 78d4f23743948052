/**
 * The acceptor: the server side of WormSpace as a deterministic state machine.
 *
 * Contract (the shape of etcd raft's Step/Ready):
 *
 *     const { changes, replies } = step(view, request, ctx)
 *
 * - `view` is read-only access to the acceptor's durable state (AcceptorView). step never mutates
 *   it, does no I/O, reads no clock and draws no random number.
 * - `changes` lists the records to persist, in order (Change: a whole WOR row to upsert, or the
 *   trim of a segment). The runtime MUST make them durable (fsync) BEFORE it sends any of
 *   `replies`: a promise or an accept that is answered and then forgotten in a crash breaks
 *   Paxos. It must also apply them to `view` before stepping the next request, so that requests
 *   see each other in order. Group commit is fine: apply to the view at once, hold the replies,
 *   send them after the shared fsync.
 * - `replies` go back to the sender of `request`, in order.
 * - `changes` is empty when nothing changed (reads, refusals, duplicates), and then the replies may
 *   go out at once.
 *
 * Durable state, as plain rows keyed by (seg, off) (see WorState and Change):
 * - per WOR: `{promised, acceptedBallot, acceptedValue}`; a missing row means all three are null
 *   (never promised, unwritten). The metadata WOR (META_OFFSET) and the trim WOR (TRIM_OFFSET) of
 *   a segment are ordinary rows: a segment is allocated exactly when its metadata WOR is written.
 * - per segment: a `trimmed` tombstone. Trimming deletes every WOR row of the segment and keeps
 *   the tombstone, so the segment answers Trimmed forever (it can never be re-allocated).
 *
 * Rules (each names its action in tla/wor/WORPaxos.tla):
 * - Promise: Prepare(b) is granted when b >= promised (a missing promise is below every ballot).
 *   Equality re-grants, so a proposer that resends its own Prepare after a lost reply gets the
 *   same answer; ballots are unique per proposer, so no one else can hold b. Otherwise Nack.
 * - Accepted: Accept(b, v) is granted only at the ballot this acceptor promised: promised = b
 *   (the unsafe ballot <<0,0>> counts as promised by an acceptor that promised nothing: it is
 *   below every ballot, so its phase 1 is empty). It sets acceptedBallot := b, acceptedValue := v.
 *   Two refusals beyond Paxos, both for clients that do not follow the protocol:
 *   - promised < b: nobody ran phase 1 for b here. Paxos lets an acceptor accept above its promise
 *     because only b's proposer, after its phase 1, sends Accept(b); a write with a made-up capture
 *     id (say [1000, 77]) has had no phase 1 anywhere, and accepting it would overwrite a chosen
 *     value with a higher ballot. The Nack carries promised (<<0,0>> for none), below b.
 *   - a DIFFERENT value already accepted at b: Nack with promised = b. Paxos assumes one value per
 *     ballot; a capture id handed to two writers, or two unsafe writers (ballot <<0,0>>), break that
 *     assumption, and this rule keeps any one acceptor from flipping between their values.
 *   (Above b: Nack, the ordinary Paxos refusal; the writer is preempted.)
 * - ReadReply: ReadQuery returns the row as it is and changes nothing.
 * - PromiseRange: Prepare over [start, end) of data WORs, all or nothing: if any register of the
 *   range promised above b, the whole request is refused (NackRange) and nothing changes, so a
 *   capture id always holds a whole range or nothing.
 * - AcceptedRange: Accept over [start, end), register by register; the registers that refuse
 *   (as Accept would: promised other than b, or another value at b) are listed in the reply and
 *   the others accept.
 * - Trim: TrimSegment drops the segment, but only where the segment's trim WOR (TRIM_OFFSET)
 *   holds an accepted value: the client sends it only once the trim WOR is decided, and the
 *   acceptors of the deciding quorum all hold it, so that quorum trims; elsewhere (and for a
 *   forged TrimSegment before any trim was decided) the request is refused (Invalid) and changes
 *   nothing.
 * - Capture keys (capture-key.ts): a Prepare (PrepareRange) may carry the public key of its phase
 *   1; the acceptor stores it with the promise (`promisedKey`). Where the promise has a key, an
 *   Accept at that ballot must carry a proof signed by it, for its value and a range holding the
 *   register, else it is refused like an Accept at an unpromised ballot (Nack, promised as it
 *   is), so a ballot learnt from a ReadReply or a Nack is no licence to write. The proof is
 *   stored with the accepted value (`acceptedProof`) and returned by ReadQuery, so a read can
 *   re-send exactly that Accept (repair). A Prepare of the ballot already promised is granted
 *   again only with the same key (a resend); another key is refused (Nack with promised = b),
 *   so nobody takes over a promised ballot by re-preparing it.
 * - Any request on a trimmed segment is answered Trimmed.
 * - A ballot whose round is more than `roundWindow` (ROUND_WINDOW, 2^32) above the register's
 *   promise is refused (Invalid) and changes nothing (see tooFar).
 *
 * Allocation is not checked here: the client library checks (and caches) that a segment's
 * metadata WOR is written before its first data operation, which linearizes correctly because an
 * allocation is never undone (a trim turns every answer into Trimmed instead). An acceptor that
 * missed the metadata write can then still serve the segment's data, which keeps every majority
 * usable.
 */
import { ballotEquals, ballotGte, compareBallots, isUnsafeBallot, maxBallot, ROUND_WINDOW, UNSAFE_BALLOT, type Ballot } from './ballot.ts';
import { checkRange, type ReadReply, type RangeAccepted, type RangeRefusal, type Reply, type Request, type ServerId, type Value } from './messages.ts';
import type { Tracer } from './trace.ts';
import { proofHolds, type AcceptProof } from './capture-key.ts';
import { TRIM_OFFSET } from './address.ts';

/** The durable state of one WOR at one acceptor. */
export interface WorState {
  promised: Ballot | null;
  acceptedBallot: Ballot | null;
  acceptedValue: Value | null;
  /** The capture key the promise was made with (missing or null: none, unprotected). */
  promisedKey?: string | null;
  /** The proof the accepted value came with (missing or null: none). */
  acceptedProof?: AcceptProof | null;
}

export const EMPTY_WOR: WorState = Object.freeze({ promised: null, acceptedBallot: null, acceptedValue: null });

/** A record to persist: a whole WOR row (upsert), or the trim of a segment. */
export type Change =
  | {
      kind: 'wor';
      seg: number;
      off: number;
      promised: Ballot | null;
      acceptedBallot: Ballot | null;
      acceptedValue: Value | null;
      promisedKey?: string | null;
      acceptedProof?: AcceptProof | null;
    }
  | { kind: 'trim'; seg: number };

/** Read access to an acceptor's durable state, as step needs it. */
export interface AcceptorView {
  /** The WOR row, or undefined when there is none (never promised, unwritten). */
  getWor(seg: number, off: number): WorState | undefined;
  isTrimmed(seg: number): boolean;
}

export interface StepResult {
  changes: Change[];
  replies: Reply[];
}

export interface AcceptorContext {
  /** This acceptor's id, only used in trace events. */
  self?: ServerId;
  tracer?: Tracer | null;
  /** How far above a register's promise a round may jump (default ROUND_WINDOW). */
  roundWindow?: number;
}

/**
 * tooFar: a ballot whose round is more than the window above the register's current promise
 * (round 0 when none). Refused with Invalid before anything else, so that one forged capture id
 * at round 2^48 cannot close a register (or a segment's metadata register) for good; honest
 * clients jump only just above the promises they see.
 */
function tooFar(ctx: AcceptorContext, ballot: Ballot, promised: Ballot | null): string | null {
  const window = ctx.roundWindow ?? ROUND_WINDOW;
  const base = promised === null ? 0 : promised[0];
  return ballot[0] - base > window ? `round ${ballot[0]} is more than ${window} above the register's promise (round ${base})` : null;
}

/** step applies the acceptor rules to one request; see the contract at the top of this file. */
export function step(view: AcceptorView, req: Request, ctx: AcceptorContext = {}): StepResult {
  if (view.isTrimmed(req.seg)) {
    if (ctx.tracer) ctx.tracer({ action: 'ReplyTrimmed', vars: { acceptor: ctx.self ?? null, seg: req.seg, request: req.type } });
    return { changes: [], replies: [{ type: 'Trimmed', rid: req.rid, seg: req.seg }] };
  }
  switch (req.type) {
    case 'Prepare':
      return onPrepare(view, req, ctx);
    case 'Accept':
      return onAccept(view, req, ctx);
    case 'ReadQuery':
      return onReadQuery(view, req, ctx);
    case 'PrepareRange':
      return onPrepareRange(view, req, ctx);
    case 'AcceptRange':
      return onAcceptRange(view, req, ctx);
    case 'TrimSegment':
      return onTrimSegment(view, req, ctx);
  }
}

function worOf(view: AcceptorView, seg: number, off: number): WorState {
  return view.getWor(seg, off) ?? EMPTY_WOR;
}

function worChange(seg: number, off: number, s: WorState): Change {
  return { kind: 'wor', seg, off, ...withCaptureFields({ promised: s.promised, acceptedBallot: s.acceptedBallot, acceptedValue: s.acceptedValue }, s) };
}

/**
 * withCaptureFields adds the capture key and proof of `from` to `base` where they are set: rows
 * of unprotected promises keep the three fields they always had.
 */
export function withCaptureFields<T extends object>(base: T, from: { promisedKey?: string | null; acceptedProof?: AcceptProof | null }): T & Partial<Pick<WorState, 'promisedKey' | 'acceptedProof'>> {
  const out: T & Partial<Pick<WorState, 'promisedKey' | 'acceptedProof'>> = base;
  if (from.promisedKey) out.promisedKey = from.promisedKey;
  if (from.acceptedProof) out.acceptedProof = from.acceptedProof;
  return out;
}

function traceWor(ctx: AcceptorContext, action: string, seg: number, off: number, ballot: Ballot | null, s: WorState): void {
  ctx.tracer!({
    action,
    vars: {
      acceptor: ctx.self ?? null,
      seg,
      off,
      ballot,
      promised: s.promised,
      acceptedBallot: s.acceptedBallot,
      acceptedValue: s.acceptedValue,
    },
  });
}

function onPrepare(view: AcceptorView, req: Extract<Request, { type: 'Prepare' }>, ctx: AcceptorContext): StepResult {
  const { rid, seg, off, ballot } = req;
  if (isUnsafeBallot(ballot)) return invalid(rid, 'Prepare with ballot <<0,0>>: the unsafe write has no phase 1');
  const cur = worOf(view, seg, off);
  const far = tooFar(ctx, ballot, cur.promised);
  if (far) return invalid(rid, far);
  if (!ballotGte(ballot, cur.promised) || keyClash(req.key, ballot, cur)) {
    if (ctx.tracer) traceWor(ctx, 'RejectPrepare', seg, off, ballot, cur);
    return { changes: [], replies: [nack(rid, seg, off, ballot, cur.promised!, cur)] };
  }
  const changed = !ballotEquals(cur.promised, ballot);
  const next: WorState = changed ? { ...cur, promised: [ballot[0], ballot[1]], promisedKey: req.key ?? null } : cur;
  if (ctx.tracer) traceWor(ctx, 'Promise', seg, off, ballot, next);
  return {
    changes: changed ? [worChange(seg, off, next)] : [],
    replies: [{ type: 'Promise', rid, seg, off, ballot, acceptedBallot: cur.acceptedBallot, acceptedValue: cur.acceptedValue }],
  };
}

function onAccept(view: AcceptorView, req: Extract<Request, { type: 'Accept' }>, ctx: AcceptorContext): StepResult {
  const { rid, seg, off, ballot, value } = req;
  const cur = worOf(view, seg, off);
  const far = tooFar(ctx, ballot, cur.promised);
  if (far) return invalid(rid, far);
  if (!ballotGte(ballot, cur.promised)) {
    if (ctx.tracer) traceWor(ctx, 'RejectAccept', seg, off, ballot, cur);
    return { changes: [], replies: [nack(rid, seg, off, ballot, cur.promised!, cur)] };
  }
  if (!promisedHere(ballot, cur.promised) || !signedHere(seg, off, ballot, value, req.proof, cur)) {
    if (ctx.tracer) traceWor(ctx, 'RejectAccept', seg, off, ballot, cur);
    return { changes: [], replies: [nack(rid, seg, off, ballot, cur.promised ?? UNSAFE_BALLOT, cur)] };
  }
  if (ballotEquals(cur.acceptedBallot, ballot) && cur.acceptedValue !== value) {
    if (ctx.tracer) traceWor(ctx, 'RejectAccept', seg, off, ballot, cur);
    return { changes: [], replies: [nack(rid, seg, off, ballot, ballot, cur)] };
  }
  const b: Ballot = [ballot[0], ballot[1]];
  const proof = cur.promisedKey ? req.proof! : null;
  const next: WorState = { promised: b, acceptedBallot: b, acceptedValue: value, promisedKey: cur.promisedKey ?? null, acceptedProof: proof };
  const changed = !sameWor(cur, next);
  if (ctx.tracer) traceWor(ctx, 'Accepted', seg, off, ballot, next);
  return {
    changes: changed ? [worChange(seg, off, next)] : [],
    replies: [{ type: 'Accepted', rid, seg, off, ballot }],
  };
}

function onReadQuery(view: AcceptorView, req: Extract<Request, { type: 'ReadQuery' }>, ctx: AcceptorContext): StepResult {
  const { rid, seg, off } = req;
  const cur = worOf(view, seg, off);
  if (ctx.tracer) traceWor(ctx, 'ReadReply', seg, off, null, cur);
  const reply: ReadReply = { type: 'ReadReply', rid, seg, off, promised: cur.promised, acceptedBallot: cur.acceptedBallot, acceptedValue: cur.acceptedValue };
  if (cur.acceptedProof) reply.acceptedProof = cur.acceptedProof;
  return { changes: [], replies: [reply] };
}

function onPrepareRange(view: AcceptorView, req: Extract<Request, { type: 'PrepareRange' }>, ctx: AcceptorContext): StepResult {
  const { rid, seg, start, end, ballot } = req;
  const bad = checkRange(start, end);
  if (bad) return invalid(rid, bad);
  if (isUnsafeBallot(ballot)) return invalid(rid, 'PrepareRange with ballot <<0,0>>: the unsafe write has no phase 1');
  for (let off = start; off < end; off++) {
    const far = tooFar(ctx, ballot, view.getWor(seg, off)?.promised ?? null);
    if (far) return invalid(rid, far);
  }
  // One pass builds the answer; a promise above the ballot anywhere throws it away (all or nothing).
  const changes: Change[] = [];
  const accepted: RangeAccepted[] = [];
  let above: Ballot | null = null;
  const b: Ballot = [ballot[0], ballot[1]];
  const promisedKey = req.key ?? null;
  for (let off = start; off < end; off++) {
    const cur = view.getWor(seg, off);
    if (cur === undefined) {
      if (above === null) changes.push(worChange(seg, off, { promised: b, acceptedBallot: null, acceptedValue: null, promisedKey }));
      continue;
    }
    // A register that promised this very ballot with another key refuses the range as a larger promise would.
    if ((cur.promised !== null && compareBallots(cur.promised, ballot) > 0) || keyClash(req.key, ballot, cur)) {
      above = maxBallot(above, cur.promised);
      continue;
    }
    if (above !== null) continue;
    if (cur.acceptedBallot !== null) accepted.push({ off, acceptedBallot: cur.acceptedBallot, acceptedValue: cur.acceptedValue! });
    if (!ballotEquals(cur.promised, ballot)) changes.push(worChange(seg, off, { ...cur, promised: b, promisedKey }));
  }
  if (above) {
    if (ctx.tracer) ctx.tracer({ action: 'RejectPrepareRange', vars: { acceptor: ctx.self ?? null, seg, start, end, ballot, promised: above } });
    return { changes: [], replies: [{ type: 'NackRange', rid, seg, start, end, ballot, promised: above }] };
  }
  if (ctx.tracer) ctx.tracer({ action: 'PromiseRange', vars: { acceptor: ctx.self ?? null, seg, start, end, ballot, promised: ballot, accepted } });
  return { changes, replies: [{ type: 'PromiseRange', rid, seg, start, end, ballot, accepted }] };
}

function onAcceptRange(view: AcceptorView, req: Extract<Request, { type: 'AcceptRange' }>, ctx: AcceptorContext): StepResult {
  const { rid, seg, start, end, ballot, value } = req;
  const bad = checkRange(start, end);
  if (bad) return invalid(rid, bad);
  for (let off = start; off < end; off++) {
    const far = tooFar(ctx, ballot, view.getWor(seg, off)?.promised ?? null);
    if (far) return invalid(rid, far);
  }
  const changes: Change[] = [];
  const refused: RangeRefusal[] = [];
  const b: Ballot = [ballot[0], ballot[1]];
  const proof: AcceptProof | undefined = req.sig === undefined ? undefined : { start, end, sig: req.sig };
  // The registers of a range were promised by one PrepareRange, so one key: check each key once.
  const checked = new Map<string, boolean>();
  for (let off = start; off < end; off++) {
    const cur = worOf(view, seg, off);
    let signed = true;
    if (cur.promisedKey) {
      let ok = checked.get(cur.promisedKey);
      if (ok === undefined) checked.set(cur.promisedKey, (ok = proofHolds(cur.promisedKey, seg, off, ballot, value, proof)));
      signed = ok;
    }
    const notPromised = !promisedHere(ballot, cur.promised) || !signed;
    const conflict = ballotEquals(cur.acceptedBallot, ballot) && cur.acceptedValue !== value;
    if (notPromised || conflict) {
      refused.push({ off, promised: notPromised ? (cur.promised ?? UNSAFE_BALLOT) : ballot, acceptedBallot: cur.acceptedBallot, acceptedValue: cur.acceptedValue });
      continue;
    }
    const next: WorState = { promised: b, acceptedBallot: b, acceptedValue: value, promisedKey: cur.promisedKey ?? null, acceptedProof: cur.promisedKey ? proof! : null };
    if (!sameWor(cur, next)) changes.push(worChange(seg, off, next));
  }
  if (ctx.tracer) {
    ctx.tracer({ action: 'AcceptedRange', vars: { acceptor: ctx.self ?? null, seg, start, end, ballot, acceptedBallot: ballot, acceptedValue: value, refused } });
  }
  return { changes, replies: [{ type: 'AcceptedRange', rid, seg, start, end, ballot, refused }] };
}

function onTrimSegment(view: AcceptorView, req: Extract<Request, { type: 'TrimSegment' }>, ctx: AcceptorContext): StepResult {
  if (worOf(view, req.seg, TRIM_OFFSET).acceptedValue === null) {
    if (ctx.tracer) ctx.tracer({ action: 'RejectTrim', vars: { acceptor: ctx.self ?? null, seg: req.seg, trimmed: false } });
    return invalid(req.rid, `TrimSegment of segment ${req.seg} before its trim register is written here`);
  }
  if (ctx.tracer) ctx.tracer({ action: 'Trim', vars: { acceptor: ctx.self ?? null, seg: req.seg, trimmed: true } });
  return { changes: [{ kind: 'trim', seg: req.seg }], replies: [{ type: 'Trimmed', rid: req.rid, seg: req.seg }] };
}

/**
 * promisedHere: may Accept(b) be taken by an acceptor whose promise is `promised`? Only at the
 * ballot it promised, so that some phase 1 for b reached this acceptor; the unsafe ballot needs
 * none (nothing can be accepted below it) and is taken where nothing was promised.
 */
function promisedHere(ballot: Ballot, promised: Ballot | null): boolean {
  if (promised === null) return isUnsafeBallot(ballot);
  return ballotEquals(promised, ballot);
}

/**
 * signedHere: may Accept(b, value) with `proof` be taken where the promise is `cur`? Where the
 * promise carries a capture key, only with a proof by that key for this value and register.
 */
function signedHere(seg: number, off: number, ballot: Ballot, value: Value, proof: AcceptProof | undefined, cur: WorState): boolean {
  if (!cur.promisedKey) return true;
  return proofHolds(cur.promisedKey, seg, off, ballot, value, proof);
}

/** keyClash: a Prepare of the ballot already promised here, with another key (or none where there was one). */
function keyClash(key: string | undefined, ballot: Ballot, cur: WorState): boolean {
  return ballotEquals(cur.promised, ballot) && (key ?? null) !== (cur.promisedKey ?? null);
}

function nack(rid: number, seg: number, off: number, ballot: Ballot, promised: Ballot, cur: WorState): Reply {
  return { type: 'Nack', rid, seg, off, ballot, promised, acceptedBallot: cur.acceptedBallot, acceptedValue: cur.acceptedValue };
}

function invalid(rid: number, reason: string): StepResult {
  return { changes: [], replies: [{ type: 'Invalid', rid, reason }] };
}

function sameWor(a: WorState, b: WorState): boolean {
  return (
    ballotEquals(a.promised, b.promised) &&
    ballotEquals(a.acceptedBallot, b.acceptedBallot) &&
    a.acceptedValue === b.acceptedValue &&
    (a.promisedKey ?? null) === (b.promisedKey ?? null) &&
    sameProof(a.acceptedProof ?? null, b.acceptedProof ?? null)
  );
}

function sameProof(a: AcceptProof | null, b: AcceptProof | null): boolean {
  if (a === null || b === null) return a === b;
  return a.start === b.start && a.end === b.end && a.sig === b.sig;
}
