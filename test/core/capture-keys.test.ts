/**
 * Capture keys (src/core/capture-key.ts, issue 12): a ballot seen in a reply is no licence to
 * write. An acceptor whose promise carries a key takes an Accept at that ballot only with a proof
 * (a MAC under that key) of that value; the key is a secret the acceptor never hands out; the proof is kept with the value and returned by ReadQuery, so a
 * read can re-send exactly that Accept, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { step, type Change } from '../../src/core/acceptor.ts';
import { formatCaptureId, parseCaptureId, RoundCounter, type Ballot } from '../../src/core/ballot.ts';
import { keyOf, plainBallot, prepareKeyOf, signAccept, withKey } from '../../src/core/capture-key.ts';
import { MemoryAcceptorStore } from '../../src/core/memory-store.ts';
import { checkRequest, type ReadReply, type Reply, type Request } from '../../src/core/messages.ts';
import { captureOp, captureSegmentOp, readOp, writeOp, writeSegmentOp } from '../../src/core/proposer/operations.ts';
import type { OpContext, ProposerOp } from '../../src/core/proposer/op.ts';

function stepApply(store: MemoryAcceptorStore, req: Request): { changes: Change[]; replies: Reply[] } {
  const r = step(store, req);
  store.apply(r.changes);
  return r;
}

const secret = Buffer.alloc(32, 7);
const b: Ballot = [3, 11];
const key = new RoundCounter(11, secret).keyFor(1, 0, 1, b)!;
const other = new RoundCounter(12, Buffer.alloc(32, 9)).keyFor(1, 0, 1, b)!;

const prepare = (k: string | null, ballot: Ballot = b): Request => ({ type: 'Prepare', rid: 1, seg: 1, off: 0, ballot, ...(k ? { key: prepareKeyOf(k) } : {}) });
const accept = (value: string, proof?: ReturnType<typeof signAccept>, ballot: Ballot = b, off = 0): Request => ({
  type: 'Accept',
  rid: 2,
  seg: 1,
  off,
  ballot,
  value,
  ...(proof ? { proof } : {}),
});
const read = (off = 0): Request => ({ type: 'ReadQuery', rid: 3, seg: 1, off });

describe('acceptor: capture keys', () => {
  it('refuses an Accept at a keyed promise without a proof, or with a proof of another value, and changes nothing', () => {
    const s = new MemoryAcceptorStore();
    stepApply(s, prepare(key));
    for (const req of [accept('forged'), accept('forged', signAccept(other, 1, 0, 1, b, 'forged')), accept('forged', signAccept(key, 1, 0, 1, b, 'honest'))]) {
      const r = stepApply(s, req);
      expect(r.changes).toEqual([]);
      expect(r.replies[0]).toMatchObject({ type: 'Nack', ballot: b, promised: b, acceptedValue: null });
    }
    expect(s.getWor(1, 0)!.acceptedValue).toBeNull();
  });

  it('takes the signed value, keeps the proof with it, and ReadQuery returns that proof (not the key)', () => {
    const s = new MemoryAcceptorStore();
    stepApply(s, prepare(key));
    const proof = signAccept(key, 1, 0, 1, b, 'honest');
    expect(stepApply(s, accept('honest', proof)).replies[0]).toMatchObject({ type: 'Accepted' });
    const reply = stepApply(s, read()).replies[0] as ReadReply;
    expect(reply).toMatchObject({ acceptedBallot: b, acceptedValue: 'honest', acceptedProof: proof });
    expect(JSON.stringify(reply)).not.toContain(key);
    // A replayed frame is the proposer's own message: accepted again, nothing changes.
    expect(stepApply(s, accept('honest', proof))).toMatchObject({ changes: [], replies: [{ type: 'Accepted' }] });
  });

  it('no reply to anyone carries the promise\'s key: the MAC key is the acceptor\'s secret', () => {
    const s = new MemoryAcceptorStore();
    const pk = prepareKeyOf(key);
    const rangeKey = new RoundCounter(11, secret).keyFor(1, 2, 6, b)!;
    const replies: Reply[] = [
      ...stepApply(s, prepare(key)).replies,
      ...stepApply(s, prepare(other)).replies, // the same ballot with another key: refused
      ...stepApply(s, accept('forged')).replies,
      ...stepApply(s, accept('honest', signAccept(key, 1, 0, 1, b, 'honest'))).replies,
      ...stepApply(s, read()).replies,
      ...stepApply(s, prepare(key, [2, 11])).replies, // below the promise: Nack
      ...stepApply(s, { type: 'PrepareRange', rid: 4, seg: 1, start: 2, end: 6, ballot: b, key: prepareKeyOf(rangeKey) }).replies,
      ...stepApply(s, { type: 'AcceptRange', rid: 5, seg: 1, start: 2, end: 6, ballot: b, value: 'r' }).replies,
      ...stepApply(s, read(3)).replies,
    ];
    expect(replies.map((r) => r.type)).toEqual(['Promise', 'Nack', 'Nack', 'Accepted', 'ReadReply', 'Nack', 'PromiseRange', 'AcceptedRange', 'ReadReply']);
    const text = JSON.stringify(replies);
    for (const secretKey of [key, pk, rangeKey, prepareKeyOf(rangeKey)]) expect(text).not.toContain(secretKey);
  });

  it('a proof stored by the Ed25519 version (a 64-byte signature) passes the frame check but never holds', () => {
    const s = new MemoryAcceptorStore();
    stepApply(s, prepare(key));
    const old = { start: 0, end: 1, sig: 'A'.repeat(86) };
    const req = accept('v', old);
    expect(checkRequest(req)).toBeNull();
    expect(stepApply(s, req)).toMatchObject({ changes: [], replies: [{ type: 'Nack' }] });
  });

  it('a read re-sends the returned proof to an acceptor that promised the ballot but missed the Accept; a copy with another value is refused', () => {
    const a = new MemoryAcceptorStore();
    const c = new MemoryAcceptorStore();
    stepApply(a, prepare(key));
    stepApply(c, prepare(key));
    stepApply(a, accept('honest', signAccept(key, 1, 0, 1, b, 'honest')));
    const seen = stepApply(a, read()).replies[0] as ReadReply;
    expect(stepApply(c, accept('copied', seen.acceptedProof)).replies[0]!.type).toBe('Nack');
    expect(stepApply(c, accept('honest', seen.acceptedProof)).replies[0]!.type).toBe('Accepted');
  });

  it('a proof covers its own register: a proof for register 0 does not open register 1', () => {
    const s = new MemoryAcceptorStore();
    stepApply(s, { type: 'Prepare', rid: 1, seg: 1, off: 1, ballot: b, key: prepareKeyOf(key) });
    expect(stepApply(s, accept('v', signAccept(key, 1, 0, 1, b, 'v'), b, 1)).replies[0]!.type).toBe('Nack');
  });

  it('re-grants a promised ballot only with the same key: nobody takes a promised ballot over by re-preparing it', () => {
    const s = new MemoryAcceptorStore();
    stepApply(s, prepare(key));
    expect(stepApply(s, prepare(key))).toMatchObject({ changes: [], replies: [{ type: 'Promise' }] });
    for (const req of [prepare(other), prepare(null)]) {
      expect(stepApply(s, req)).toMatchObject({ changes: [], replies: [{ type: 'Nack', promised: b }] });
    }
    expect(s.getWor(1, 0)!.promisedKey).toBe(prepareKeyOf(key));
  });

  it('ranges: AcceptRange needs the range MAC; without it every register refuses; one register takes a single proof by the range key', () => {
    const s = new MemoryAcceptorStore();
    const rangeKey = new RoundCounter(11, secret).keyFor(1, 0, 4, b)!;
    stepApply(s, { type: 'PrepareRange', rid: 1, seg: 1, start: 0, end: 4, ballot: b, key: prepareKeyOf(rangeKey) });
    const unsigned = stepApply(s, { type: 'AcceptRange', rid: 2, seg: 1, start: 0, end: 4, ballot: b, value: 'x' });
    expect(unsigned.changes).toEqual([]);
    expect(unsigned.replies[0]).toMatchObject({ type: 'AcceptedRange', refused: [{ off: 0 }, { off: 1 }, { off: 2 }, { off: 3 }] });
    const sig = signAccept(rangeKey, 1, 2, 4, b, 'tail').sig;
    expect(stepApply(s, { type: 'AcceptRange', rid: 3, seg: 1, start: 2, end: 4, ballot: b, value: 'tail', sig }).replies[0]).toMatchObject({ refused: [] });
    expect(stepApply(s, accept('head', signAccept(rangeKey, 1, 0, 1, b, 'head'))).replies[0]!.type).toBe('Accepted');
    expect(s.getWor(1, 3)).toMatchObject({ acceptedValue: 'tail', acceptedProof: { start: 2, end: 4, sig } });
    expect(s.getWor(1, 1)!.acceptedValue).toBeNull();
  });

  it('checkRequest takes well-formed keys and proofs and refuses malformed ones on one line', () => {
    const proof = signAccept(key, 1, -1, 0, b, 'm');
    expect(checkRequest({ type: 'Accept', rid: 1, seg: 1, off: -1, ballot: b, value: 'm', proof })).toBeNull();
    expect(checkRequest({ type: 'Accept', rid: 1, seg: 1, off: 0, ballot: b, value: 'm', proof: { ...proof, sig: 'short' } })).toMatch(/^proof must be/);
    expect(checkRequest({ type: 'Prepare', rid: 1, seg: 1, off: 0, ballot: b, key: 'not a key' })).toMatch(/^key must be/);
    expect(checkRequest({ type: 'AcceptRange', rid: 1, seg: 1, start: 0, end: 2, ballot: b, value: 'v', sig: 7 })).toMatch(/^sig must be/);
  });
});

describe('capture ids carry their key', () => {
  it('formatCaptureId writes the key and parseCaptureId reads it back; JSON and ballots in messages never show it', () => {
    const id = withKey(b, key);
    const text = formatCaptureId(id);
    expect(text).toBe(`3.11.${key}`);
    const back = parseCaptureId(text)!;
    expect(plainBallot(back)).toEqual([3, 11]);
    expect(keyOf(back)).toBe(key);
    expect(JSON.stringify(id)).toBe('[3,11]');
    expect(keyOf(parseCaptureId('3.11')!)).toBeNull();
  });
});

/** A synchronous cluster of acceptors for driving one op to its end. */
function drive<R>(stores: MemoryAcceptorStore[], op: ProposerOp<R>): R {
  const ids = stores.map((_, i) => `s${i}`);
  let queue = op.start().messages;
  let done: R | undefined;
  for (let guard = 0; guard < 10_000 && done === undefined; guard++) {
    const m = queue.shift();
    if (!m) break;
    const { replies } = stepApply(stores[ids.indexOf(m.to)]!, m.msg);
    for (const r of replies) {
      const out = op.onReply(m.to, r);
      queue.push(...out.messages);
      if (out.done !== undefined) done = out.done;
    }
  }
  if (done === undefined) throw new Error('op did not finish');
  return done;
}

describe('proposer: writes with a capture id', () => {
  const ctx = (clientId: number, rid: number, withSecret = true): OpContext => ({
    acceptors: ['s0', 's1', 's2'],
    ballots: new RoundCounter(clientId, withSecret ? Buffer.alloc(32, clientId) : null),
    rid,
  });

  it('the id capture returned writes; the same ballot without its key (sniffed from a reply) is refused and changes nothing', () => {
    const stores = [new MemoryAcceptorStore(), new MemoryAcceptorStore(), new MemoryAcceptorStore()];
    const cap = drive(stores, captureOp(ctx(1, 1), 1, 0, { allocated: true }));
    if (cap.status !== 'ok') throw new Error(cap.status);
    expect(keyOf(cap.captureId)).not.toBeNull();
    const sniffed = plainBallot(cap.captureId);
    const forged = drive(stores, writeOp(ctx(2, 2), 1, 0, 'forged', sniffed, { allocated: true }));
    expect(forged.status).not.toBe('ok');
    expect(drive(stores, readOp(ctx(3, 3), 1, 0, { allocated: true }))).toEqual({ status: 'unwritten' });
    // Handed over (with its key) to another writer, the id writes.
    expect(drive(stores, writeOp(ctx(4, 4), 1, 0, 'handed', cap.captureId, { allocated: true }))).toEqual({ status: 'ok' });
    expect(drive(stores, readOp(ctx(3, 5), 1, 0, { allocated: true }))).toEqual({ status: 'ok', value: 'handed' });
  });

  it('a segment capture id writes its range and single registers in it; its bare ballot writes nothing', () => {
    const stores = [new MemoryAcceptorStore(), new MemoryAcceptorStore(), new MemoryAcceptorStore()];
    const cap = drive(stores, captureSegmentOp(ctx(1, 1), 1, 0, 8, { allocated: true }));
    if (cap.status !== 'ok') throw new Error(cap.status);
    const bare = drive(stores, writeSegmentOp(ctx(2, 2), 1, 0, 8, 'forged', plainBallot(cap.captureId), { allocated: true }));
    expect(bare.status).toBe('preempted');
    expect(drive(stores, writeOp(ctx(2, 3), 1, 5, 'one', cap.captureId, { allocated: true }))).toEqual({ status: 'ok' });
    expect(drive(stores, writeSegmentOp(ctx(2, 4), 1, 0, 8, 'rest', cap.captureId, { allocated: true }))).toMatchObject({ status: 'ok', preempted: [5] });
    expect(drive(stores, readOp(ctx(3, 5), 1, 5, { allocated: true }))).toEqual({ status: 'ok', value: 'one' });
    expect(drive(stores, readOp(ctx(3, 6), 1, 0, { allocated: true }))).toEqual({ status: 'ok', value: 'rest' });
  });
});
