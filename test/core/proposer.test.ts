import { describe, expect, it } from 'vitest';
import { META_OFFSET, TRIM_OFFSET, TRIM_VALUE } from '../../src/core/address.ts';
import { RoundCounter, UNSAFE_BALLOT, type Ballot } from '../../src/core/ballot.ts';
import type { Accept, Request } from '../../src/core/messages.ts';
import {
  allocOp,
  captureOp,
  captureSegmentOp,
  checkOp,
  readOp,
  trimOp,
  writeOp,
  writeSegmentOp,
} from '../../src/core/proposer/operations.ts';
import { PaxosOp, WriteOp } from '../../src/core/proposer/paxos-op.ts';
import { ReadOp } from '../../src/core/proposer/read-op.ts';
import { Harness } from './harness.ts';

const SEG = 4;

/** allocated returns a harness whose segment SEG is allocated. */
function allocated(): Harness {
  const h = new Harness();
  expect(h.run(allocOp(h.ctx(new RoundCounter(99)), SEG, 'meta'))).toEqual({ status: 'ok' });
  h.sent.length = 0;
  h.events.length = 0;
  return h;
}

/** seed puts an accepted value directly into some acceptors, as an earlier half-finished write would. */
function seed(h: Harness, ids: string[], off: number, ballot: Ballot, value: string): void {
  for (const id of ids) h.stores.get(id)!.apply([{ kind: 'wor', seg: SEG, off, promised: ballot, acceptedBallot: ballot, acceptedValue: value }]);
}

describe('capture', () => {
  it('answers a fresh capture id <<round, clientId>> after one phase 1', () => {
    const h = allocated();
    const r = h.run(captureOp(h.ctx(new RoundCounter(7)), SEG, 0, { allocated: true }));
    expect(r).toEqual({ status: 'ok', captureId: [1, 7] });
    expect(h.sentOfType('Prepare').length).toBe(3);
    expect(h.sentOfType('Accept').length).toBe(0);
  });

  it('gives each capture of one client a higher ballot', () => {
    const h = allocated();
    const ballots = new RoundCounter(7);
    const a = h.run(captureOp(h.ctx(ballots), SEG, 0, { allocated: true }));
    const b = h.run(captureOp(h.ctx(ballots), SEG, 1, { allocated: true }));
    expect(a).toMatchObject({ captureId: [1, 7] });
    expect(b).toMatchObject({ captureId: [2, 7] });
  });

  it('a later capture preempts an earlier capture id: the write with it answers preempted', () => {
    const h = allocated();
    const first = h.run(captureOp(h.ctx(new RoundCounter(1)), SEG, 0, { allocated: true }));
    const second = h.run(captureOp(h.ctx(new RoundCounter(2)), SEG, 0, { allocated: true }));
    expect(first).toMatchObject({ status: 'ok', captureId: [1, 1] });
    expect(second).toMatchObject({ status: 'ok', captureId: [1, 2] });
    const w = h.run(writeOp(h.ctx(new RoundCounter(1)), SEG, 0, 'late', [1, 1], { allocated: true }));
    expect(w).toEqual({ status: 'preempted' });
    expect(h.run(writeOp(h.ctx(new RoundCounter(3)), SEG, 0, 'mine', [1, 2], { allocated: true }))).toEqual({ status: 'ok' });
  });

  it('retries above a higher promise it meets, instead of failing', () => {
    const h = allocated();
    for (const s of h.stores.values()) s.apply([{ kind: 'wor', seg: SEG, off: 0, promised: [40, 3], acceptedBallot: null, acceptedValue: null }]);
    const r = h.run(captureOp(h.ctx(new RoundCounter(5)), SEG, 0, { allocated: true }));
    expect(r).toEqual({ status: 'ok', captureId: [41, 5] });
  });

  it('answers preempted after maxBallots refused ballots', () => {
    const h = allocated();
    const ballots = new RoundCounter(5);
    // Every Prepare is answered by a fresh, higher promise from two acceptors (a duelling proposer).
    let bump = 100;
    h.drop = (e) => {
      if (e.msg.type === 'Prepare' && e.to !== 'a') {
        h.stores.get(e.to)!.apply([{ kind: 'wor', seg: SEG, off: 0, promised: [bump++, 9], acceptedBallot: null, acceptedValue: null }]);
      }
      return false;
    };
    expect(h.run(captureOp(h.ctx(ballots, { maxBallots: 3 }), SEG, 0, { allocated: true }))).toEqual({ status: 'preempted' });
    expect(h.sentOfType('Prepare').length).toBe(9);
  });

  it('when the completion finds the register unwritten after all, answers the completion\'s ballot: an id that works', () => {
    const h = allocated();
    seed(h, ['a'], 0, [1, 1], 'half'); // only a took it
    // Round 1 (the capture's phase 1) misses c and reveals 'half'; the completion (round 2)
    // misses a and meets the quorum {b, c}, which never saw the value.
    h.drop = (e) => {
      const b = (e.msg as { ballot?: Ballot }).ballot;
      if (!b) return false;
      return b[0] === 1 ? e.to === 'c' : e.to === 'a';
    };
    const cap = h.run(captureOp(h.ctx(new RoundCounter(3)), SEG, 0, { allocated: true }));
    expect(cap).toEqual({ status: 'ok', captureId: [2, 3] });
    h.drop = (e) => e.to === 'a';
    const w = h.run(writeOp(h.ctx(new RoundCounter(4)), SEG, 0, 'mine', [2, 3], { allocated: true }));
    expect(w).toEqual({ status: 'ok' });
  });

  it('completes a revealed value ABOVE its id, so a handed-over write with the id cannot add a second value', () => {
    const h = allocated();
    seed(h, ['a'], 0, [1, 1], 'half'); // only one acceptor took it: not chosen yet
    h.drop = (e) => e.to === 'c'; // phase 1 quorum {a, b} reveals 'half'
    const cap = h.run(captureOp(h.ctx(new RoundCounter(3)), SEG, 0, { allocated: true }));
    expect(cap).toEqual({ status: 'ok', captureId: [1, 3], written: 'half' });
    // The completion ran at a fresh ballot of the same client, above the id.
    const accepts = h.sentOfType('Accept').map((e) => (e.msg as Accept).ballot);
    expect(accepts.length).toBeGreaterThan(0);
    expect(accepts.every((b) => b[0] > 1)).toBe(true);
    // Now c is back, and another client writes with the handed-over id: refused by a quorum.
    h.drop = () => false;
    const w = h.run(writeOp(h.ctx(new RoundCounter(4)), SEG, 0, 'second', [1, 3], { allocated: true }));
    expect(w).toEqual({ status: 'alreadyWritten', value: 'half' });
    expect(h.run(readOp(h.ctx(new RoundCounter(5)), SEG, 0, { allocated: true }))).toEqual({ status: 'ok', value: 'half' });
  });
});

describe('write', () => {
  it('capture+write: phase 1 then phase 2 with the own value when nothing was revealed', () => {
    const h = allocated();
    expect(h.run(writeOp(h.ctx(new RoundCounter(1)), SEG, 0, 'v', null, { allocated: true }))).toEqual({ status: 'ok' });
    for (const s of h.stores.values()) expect(s.getWor(SEG, 0)).toEqual({ promised: [1, 1], acceptedBallot: [1, 1], acceptedValue: 'v' });
  });

  it('phase 2 carries the highest accepted value phase 1 revealed, and answers alreadyWritten(it)', () => {
    const h = allocated();
    // Reachable history: <<1,1>> wrote 'low' to a only; <<2,2>> captured b and c, wrote 'high' to b only.
    seed(h, ['a'], 0, [1, 1], 'low');
    seed(h, ['b'], 0, [2, 2], 'high');
    h.stores.get('c')!.apply([{ kind: 'wor', seg: SEG, off: 0, promised: [2, 2], acceptedBallot: null, acceptedValue: null }]);
    const r = h.run(writeOp(h.ctx(new RoundCounter(3)), SEG, 0, 'mine', null, { allocated: true }));
    expect(r).toEqual({ status: 'alreadyWritten', value: 'high' });
    const accepted = h.sentOfType('Accept').map((e) => (e.msg as Accept).value);
    expect(new Set(accepted)).toEqual(new Set(['high']));
  });

  it('with a capture id: phase 2 only, at that ballot', () => {
    const h = allocated();
    const cap = h.run(captureOp(h.ctx(new RoundCounter(2)), SEG, 0, { allocated: true }));
    const before = h.sentOfType('Prepare').length;
    if (cap?.status !== 'ok') throw new Error('capture failed');
    expect(h.run(writeOp(h.ctx(new RoundCounter(6)), SEG, 0, 'w', cap.captureId, { allocated: true }))).toEqual({ status: 'ok' });
    expect(h.sentOfType('Prepare').length).toBe(before);
    expect(h.stores.get('a')!.getWor(SEG, 0)).toMatchObject({ acceptedBallot: cap.captureId, acceptedValue: 'w' });
  });

  it('a second write with a used id cannot change the value', () => {
    const h = allocated();
    const cap = h.run(captureOp(h.ctx(new RoundCounter(2)), SEG, 0, { allocated: true }));
    if (cap?.status !== 'ok') throw new Error('capture failed');
    h.run(writeOp(h.ctx(new RoundCounter(6)), SEG, 0, 'first', cap.captureId, { allocated: true }));
    const again = h.run(writeOp(h.ctx(new RoundCounter(7)), SEG, 0, 'second', cap.captureId, { allocated: true }));
    expect(again).toEqual({ status: 'alreadyWritten', value: 'first' });
  });

  it('the unsafe write (<<0,0>>) is phase 2 at the lowest ballot: ok where nobody captured, preempted otherwise', () => {
    const h = allocated();
    expect(h.run(writeOp(h.ctx(new RoundCounter(1)), SEG, 0, 'u', UNSAFE_BALLOT, { allocated: true }))).toEqual({ status: 'ok' });
    h.run(captureOp(h.ctx(new RoundCounter(2)), SEG, 1, { allocated: true }));
    expect(h.run(writeOp(h.ctx(new RoundCounter(1)), SEG, 1, 'u', UNSAFE_BALLOT, { allocated: true }))).toEqual({ status: 'preempted' });
  });

  it('survives lost messages by resending to the silent acceptors on timeout', () => {
    const h = allocated();
    let lost = 0;
    h.drop = (e) => e.to === 'client' && e.from !== 'c' && lost++ < 2; // the first two replies vanish
    expect(h.run(writeOp(h.ctx(new RoundCounter(1)), SEG, 0, 'v', null, { allocated: true }))).toEqual({ status: 'ok' });
  });

  it('answers timeout when no quorum ever answers', () => {
    const h = allocated();
    h.drop = (e) => e.to === 'b' || e.to === 'c';
    expect(h.run(writeOp(h.ctx(new RoundCounter(1), { maxTimeouts: 3 }), SEG, 0, 'v', null, { allocated: true }))).toEqual({ status: 'timeout' });
    // 3 acceptors at start + 2 silent ones resent at each of 3 timeouts.
    expect(h.sentOfType('Prepare').length).toBe(3 + 2 * 3);
  });

  it('counts a duplicated reply once', () => {
    const h = new Harness();
    const op = new WriteOp(h.ctx(new RoundCounter(1)), SEG, 0, 'v', [1, 1]);
    op.start();
    const reply = { type: 'Accepted', rid: op.rid, seg: SEG, off: 0, ballot: [1, 1] } as const;
    expect(op.onReply('a', reply).done).toBeUndefined();
    expect(op.onReply('a', reply).done).toBeUndefined();
    expect(op.onReply('b', reply).done).toEqual({ status: 'ok' });
  });

  it('ignores replies for another ballot, register, or from outside the partition', () => {
    const h = new Harness();
    const op = new WriteOp(h.ctx(new RoundCounter(1)), SEG, 0, 'v', [2, 1]);
    op.start();
    const ok = { type: 'Accepted', rid: op.rid, seg: SEG, off: 0, ballot: [2, 1] } as const;
    expect(op.onReply('a', { ...ok, ballot: [1, 1] }).done).toBeUndefined();
    expect(op.onReply('b', { ...ok, off: 1 }).done).toBeUndefined();
    expect(op.onReply('zz', ok).done).toBeUndefined();
    expect(op.onReply('a', { ...ok, rid: op.rid + 1 }).done).toBeUndefined();
    expect(op.onReply('a', ok).done).toBeUndefined();
    expect(op.onReply('c', ok).done).toEqual({ status: 'ok' });
  });
});

describe('read', () => {
  it('answers unwritten when no quorum member accepted anything', () => {
    const h = allocated();
    expect(h.run(readOp(h.ctx(new RoundCounter(1)), SEG, 0, { allocated: true }))).toEqual({ status: 'unwritten' });
    expect(h.sentOfType('Accept').length).toBe(0);
  });

  it('answers unwritten when the only accepted value sits outside the quorum that answered', () => {
    const h = allocated();
    seed(h, ['c'], 0, [1, 1], 'half');
    h.drop = (e) => e.from === 'c';
    expect(h.run(readOp(h.ctx(new RoundCounter(1)), SEG, 0, { allocated: true }))).toEqual({ status: 'unwritten' });
  });

  it('answers a value a whole quorum accepted at one ballot, without writing', () => {
    const h = allocated();
    seed(h, ['a', 'b'], 0, [1, 1], 'v');
    expect(h.run(readOp(h.ctx(new RoundCounter(1)), SEG, 0, { allocated: true }))).toEqual({ status: 'ok', value: 'v' });
    expect(h.sentOfType('Accept').length).toBe(0);
  });

  it('repairs a half-written register by re-sending Accept(top) before answering (RepairDone)', () => {
    const h = allocated();
    seed(h, ['a'], 0, [3, 1], 'half');
    // <<3,1>>'s phase 1 reached b too (a quorum promised it before a took the Accept).
    h.stores.get('b')!.apply([{ kind: 'wor', seg: SEG, off: 0, promised: [3, 1], acceptedBallot: null, acceptedValue: null }]);
    const r = h.run(readOp(h.ctx(new RoundCounter(2)), SEG, 0, { allocated: true }));
    expect(r).toEqual({ status: 'ok', value: 'half' });
    const repairs = h.sentOfType('Accept').map((e) => e.msg as Accept);
    expect(repairs.length).toBe(3);
    expect(repairs.every((m) => m.ballot[0] === 3 && m.ballot[1] === 1 && m.value === 'half')).toBe(true);
    let holders = 0;
    for (const s of h.stores.values()) if (s.getWor(SEG, 0)?.acceptedValue === 'half') holders++;
    expect(holders).toBeGreaterThanOrEqual(2);
    expect(h.events.some((e) => e.action === 'RepairDone')).toBe(true);
  });

  it('falls back to a full Paxos run when the re-sent Accept is refused, keeping the highest value', () => {
    const h = allocated();
    seed(h, ['a'], 0, [3, 1], 'half');
    // b and c promised a higher ballot (a capture in progress) without accepting anything.
    for (const id of ['b', 'c']) h.stores.get(id)!.apply([{ kind: 'wor', seg: SEG, off: 0, promised: [9, 4], acceptedBallot: null, acceptedValue: null }]);
    const r = h.run(readOp(h.ctx(new RoundCounter(2)), SEG, 0, { allocated: true }));
    expect(r).toEqual({ status: 'ok', value: 'half' });
    const prepares = h.sentOfType('Prepare').map((e) => (e.msg as { ballot: Ballot }).ballot);
    expect(prepares.length).toBeGreaterThan(0);
    expect(prepares.every((b) => b[0] > 9)).toBe(true);
  });

  it('the fallback answers unwritten when its phase 1 finds the value gone from the quorum', () => {
    const h = new Harness();
    const op = new ReadOp(h.ctx(new RoundCounter(2)), SEG, 0);
    op.start();
    const rr = (from: string, accepted: Ballot | null, value: string | null) =>
      op.onReply(from, { type: 'ReadReply', rid: op.rid, seg: SEG, off: 0, promised: accepted, acceptedBallot: accepted, acceptedValue: value });
    rr('a', [1, 1], 'x');
    const repair = rr('b', null, null);
    expect(repair.messages.map((m) => m.msg.type)).toEqual(['Accept', 'Accept', 'Accept']);
    const nack = (from: string) => op.onReply(from, { type: 'Nack', rid: op.rid, seg: SEG, off: 0, ballot: [1, 1], promised: [5, 5], acceptedBallot: null, acceptedValue: null });
    nack('b');
    const fallback = nack('c');
    const prepare = fallback.messages[0]!.msg as Request & { ballot: Ballot };
    expect(prepare.type).toBe('Prepare');
    const promise = (from: string) => op.onReply(from, { type: 'Promise', rid: op.rid, seg: SEG, off: 0, ballot: prepare.ballot, acceptedBallot: null, acceptedValue: null });
    promise('b');
    expect(promise('c').done).toEqual({ status: 'unwritten' });
  });
});

describe('allocation', () => {
  it('data calls on an unallocated segment answer notAllocated and change nothing', () => {
    const h = new Harness();
    const ballots = new RoundCounter(1);
    expect(h.run(captureOp(h.ctx(ballots), SEG, 0))).toEqual({ status: 'notAllocated' });
    expect(h.run(writeOp(h.ctx(ballots), SEG, 0, 'v', null))).toEqual({ status: 'notAllocated' });
    expect(h.run(readOp(h.ctx(ballots), SEG, 0))).toEqual({ status: 'notAllocated' });
    expect(h.run(captureSegmentOp(h.ctx(ballots), SEG, 0, 4))).toEqual({ status: 'notAllocated' });
    expect(h.run(writeSegmentOp(h.ctx(ballots), SEG, 0, 4, 'v', null))).toEqual({ status: 'notAllocated' });
    expect(h.run(checkOp(h.ctx(ballots), SEG))).toEqual({ status: 'notAllocated' });
    expect(h.run(trimOp(h.ctx(ballots), SEG))).toEqual({ status: 'notAllocated' });
    for (const s of h.stores.values()) expect(s.worCount()).toBe(0);
  });

  it('alloc: the first writer of the metadata WOR wins, check returns its metadata', () => {
    const h = new Harness();
    expect(h.run(allocOp(h.ctx(new RoundCounter(1)), SEG, 'm1'))).toEqual({ status: 'ok' });
    expect(h.run(allocOp(h.ctx(new RoundCounter(2)), SEG, 'm2'))).toEqual({ status: 'alreadyWritten', value: 'm1' });
    expect(h.run(checkOp(h.ctx(new RoundCounter(3)), SEG))).toEqual({ status: 'ok', value: 'm1' });
    expect(h.stores.get('a')!.getWor(SEG, META_OFFSET)!.acceptedValue).toBe('m1');
    expect(h.run(readOp(h.ctx(new RoundCounter(3)), SEG, 0))).toEqual({ status: 'unwritten' });
  });
});

describe('trim', () => {
  it('decides the trim WOR, drops the segment on the partition, and later calls answer trimmed', () => {
    const h = allocated();
    h.run(writeOp(h.ctx(new RoundCounter(1)), SEG, 0, 'v', null, { allocated: true }));
    expect(h.run(trimOp(h.ctx(new RoundCounter(2)), SEG))).toEqual({ status: 'ok' });
    expect(h.sentOfType('Accept').some((e) => (e.msg as Accept).off === TRIM_OFFSET)).toBe(true);
    for (const s of h.stores.values()) expect(s.isTrimmed(SEG)).toBe(true);
    const ballots = new RoundCounter(3);
    expect(h.run(readOp(h.ctx(ballots), SEG, 0, { allocated: true }))).toEqual({ status: 'trimmed' });
    expect(h.run(readOp(h.ctx(ballots), SEG, 0))).toEqual({ status: 'trimmed' });
    expect(h.run(allocOp(h.ctx(ballots), SEG, 'again'))).toEqual({ status: 'trimmed' });
    expect(h.run(checkOp(h.ctx(ballots), SEG))).toEqual({ status: 'trimmed' });
    expect(h.run(trimOp(h.ctx(ballots), SEG))).toEqual({ status: 'ok' });
  });

  it('a client that finds part of the partition trimmed answers trimmed and finishes the trim on the rest', () => {
    const h = allocated();
    // A trim decided on a and b whose client crashed after one TrimSegment (to a).
    seed(h, ['a', 'b'], TRIM_OFFSET, [1, 1], TRIM_VALUE);
    h.stores.get('a')!.apply([{ kind: 'trim', seg: SEG }]);
    const r = h.run(captureOp(h.ctx(new RoundCounter(1)), SEG, 0, { allocated: true }));
    expect(r).toEqual({ status: 'trimmed' });
    // b, which holds the decided trim register, trims; c, which never saw it, refuses.
    expect(h.stores.get('b')!.isTrimmed(SEG)).toBe(true);
    expect(h.stores.get('c')!.isTrimmed(SEG)).toBe(false);
    // Every quorum meets a trimmed acceptor: any later call answers trimmed.
    expect(h.run(readOp(h.ctx(new RoundCounter(2)), SEG, 0, { allocated: true }))).toEqual({ status: 'trimmed' });
  });
});

describe('captureSegment / writeSegment', () => {
  it('captures a range with one ballot and one round, then writes it with one round', () => {
    const h = allocated();
    const cap = h.run(captureSegmentOp(h.ctx(new RoundCounter(5)), SEG, 0, 16, { allocated: true }));
    expect(cap).toEqual({ status: 'ok', captureId: [1, 5], written: [] });
    expect(h.sentOfType('PrepareRange').length).toBe(3);
    if (cap?.status !== 'ok') return;
    const w = h.run(writeSegmentOp(h.ctx(new RoundCounter(6)), SEG, 0, 16, 'x', cap.captureId, { allocated: true }));
    expect(w).toEqual({ status: 'ok', written: [], preempted: [] });
    expect(h.sentOfType('AcceptRange').length).toBe(3);
    for (let off = 0; off < 16; off++) expect(h.run(readOp(h.ctx(new RoundCounter(7)), SEG, off, { allocated: true }))).toEqual({ status: 'ok', value: 'x' });
  });

  it('reports registers already written, completes them above the id, and the write with the id skips them', () => {
    const h = allocated();
    seed(h, ['a'], 3, [1, 1], 'old');
    const cap = h.run(captureSegmentOp(h.ctx(new RoundCounter(5)), SEG, 0, 8, { allocated: true }));
    expect(cap).toEqual({ status: 'ok', captureId: [1, 5], written: [{ off: 3, value: 'old' }] });
    if (cap?.status !== 'ok') return;
    const w = h.run(writeSegmentOp(h.ctx(new RoundCounter(6)), SEG, 0, 8, 'new', cap.captureId, { allocated: true }));
    expect(w).toEqual({ status: 'ok', written: [], preempted: [3] });
    expect(h.run(readOp(h.ctx(new RoundCounter(7)), SEG, 3, { allocated: true }))).toEqual({ status: 'ok', value: 'old' });
    expect(h.run(readOp(h.ctx(new RoundCounter(7)), SEG, 4, { allocated: true }))).toEqual({ status: 'ok', value: 'new' });
  });

  it('writeSegment without an id captures first and folds the already-written registers into its answer', () => {
    const h = allocated();
    seed(h, ['a', 'b'], 1, [1, 9], 'old');
    const w = h.run(writeSegmentOp(h.ctx(new RoundCounter(5)), SEG, 0, 3, 'new', null, { allocated: true }));
    expect(w).toEqual({ status: 'ok', written: [{ off: 1, value: 'old' }], preempted: [] });
  });

  it('a range capture retries above a higher promise and a stale range id is preempted', () => {
    const h = allocated();
    const first = h.run(captureSegmentOp(h.ctx(new RoundCounter(1)), SEG, 0, 4, { allocated: true }));
    const second = h.run(captureSegmentOp(h.ctx(new RoundCounter(2)), SEG, 2, 6, { allocated: true }));
    expect(second).toMatchObject({ status: 'ok' });
    if (first?.status !== 'ok') return;
    const w = h.run(writeSegmentOp(h.ctx(new RoundCounter(3)), SEG, 0, 4, 'late', first.captureId, { allocated: true }));
    expect(w).toEqual({ status: 'ok', written: [], preempted: [2, 3] });
    const all = h.run(writeSegmentOp(h.ctx(new RoundCounter(3)), SEG, 2, 4, 'late', first.captureId, { allocated: true }));
    expect(all).toEqual({ status: 'preempted' });
  });
});

describe('PaxosOp invariants', () => {
  it('refuses to start twice', () => {
    const h = new Harness();
    const op = new PaxosOp(h.ctx(new RoundCounter(1)), SEG, 0, 'capture');
    op.start();
    expect(() => op.start()).toThrow(/start called twice/);
  });

  it('rejects a partition with duplicate acceptors', () => {
    const h = new Harness();
    expect(() => new PaxosOp({ ...h.ctx(new RoundCounter(1)), acceptors: ['a', 'a'] }, SEG, 0, 'capture')).toThrow(/distinct/);
  });

  it('traces the spec actions of a capture+write', () => {
    const h = allocated();
    h.events.length = 0;
    h.run(writeOp(h.ctx(new RoundCounter(1)), SEG, 0, 'v', null, { allocated: true }));
    const actions = h.events.map((e) => e.action);
    // The abstract call's boundaries (WOR.tla) around the Paxos actions (WORPaxos.tla).
    expect(actions[0]).toBe('InvokeWrite');
    expect(actions.at(-1)).toBe('ReturnWrite');
    expect(h.events.at(-1)!.vars).toMatchObject({ client: 1, seg: SEG, off: 0, value: 'v', captureId: null, result: { status: 'ok' } });
    expect(actions[1]).toBe('Capture');
    expect(actions.filter((a) => a === 'Promise').length).toBe(3);
    expect(actions).toContain('Write');
    expect(actions.filter((a) => a === 'Accepted').length).toBe(3);
    expect(actions).toContain('WriteDone');
  });
});
