import { describe, expect, it } from 'vitest';
import { step, type Change } from '../../src/core/acceptor.ts';
import { META_OFFSET, TRIM_OFFSET, TRIM_VALUE } from '../../src/core/address.ts';
import type { Ballot } from '../../src/core/ballot.ts';
import { MemoryAcceptorStore } from '../../src/core/memory-store.ts';
import type { Reply, Request } from '../../src/core/messages.ts';
import type { TraceEvent } from '../../src/core/trace.ts';

const b = (round: number, client: number): Ballot => [round, client];

/** stepApply steps and applies, as a runtime does after its fsync. */
function stepApply(store: MemoryAcceptorStore, req: Request): { changes: Change[]; replies: Reply[] } {
  const r = step(store, req);
  store.apply(r.changes);
  return r;
}

const prepare = (ballot: Ballot, off = 0, seg = 1): Request => ({ type: 'Prepare', rid: 7, seg, off, ballot });
const accept = (ballot: Ballot, value: string, off = 0, seg = 1): Request => ({ type: 'Accept', rid: 8, seg, off, ballot, value });
const readQuery = (off = 0, seg = 1): Request => ({ type: 'ReadQuery', rid: 9, seg, off });

/** writeAt runs phase 1 then phase 2 of one ballot on one acceptor, as a capture+write does. */
function writeAt(store: MemoryAcceptorStore, ballot: Ballot, value: string, off = 0, seg = 1): { changes: Change[]; replies: Reply[] } {
  stepApply(store, prepare(ballot, off, seg));
  return stepApply(store, accept(ballot, value, off, seg));
}

describe('acceptor: Promise / RejectPrepare', () => {
  it('promises a first ballot, persists it, and reports nothing accepted', () => {
    const s = new MemoryAcceptorStore();
    const r = stepApply(s, prepare(b(1, 1)));
    expect(r.replies).toEqual([{ type: 'Promise', rid: 7, seg: 1, off: 0, ballot: [1, 1], acceptedBallot: null, acceptedValue: null }]);
    expect(r.changes).toEqual([{ kind: 'wor', seg: 1, off: 0, promised: [1, 1], acceptedBallot: null, acceptedValue: null }]);
  });

  it('promises only ballots at least the promise; a lower one gets Nack with the promise and changes nothing', () => {
    const s = new MemoryAcceptorStore();
    stepApply(s, prepare(b(2, 1)));
    const low = stepApply(s, prepare(b(1, 9)));
    expect(low.changes).toEqual([]);
    expect(low.replies[0]).toMatchObject({ type: 'Nack', ballot: [1, 9], promised: [2, 1] });
    expect(s.getWor(1, 0)!.promised).toEqual([2, 1]);
  });

  it('re-grants the same ballot without a change (a resent Prepare after a lost reply)', () => {
    const s = new MemoryAcceptorStore();
    stepApply(s, prepare(b(3, 4)));
    const again = stepApply(s, prepare(b(3, 4)));
    expect(again.changes).toEqual([]);
    expect(again.replies[0]!.type).toBe('Promise');
  });

  it('orders ballots by round first, then client id', () => {
    const s = new MemoryAcceptorStore();
    stepApply(s, prepare(b(2, 5)));
    expect(stepApply(s, prepare(b(2, 4))).replies[0]!.type).toBe('Nack');
    expect(stepApply(s, prepare(b(2, 6))).replies[0]!.type).toBe('Promise');
    expect(stepApply(s, prepare(b(3, 1))).replies[0]!.type).toBe('Promise');
    expect(s.getWor(1, 0)!.promised).toEqual([3, 1]);
  });

  it('reports the accepted ballot and value in a promise', () => {
    const s = new MemoryAcceptorStore();
    writeAt(s, b(1, 1), 'x');
    const r = stepApply(s, prepare(b(2, 2)));
    expect(r.replies[0]).toMatchObject({ type: 'Promise', acceptedBallot: [1, 1], acceptedValue: 'x' });
    expect(s.getWor(1, 0)).toEqual({ promised: [2, 2], acceptedBallot: [1, 1], acceptedValue: 'x' });
  });

  it('refuses a Prepare at the unsafe ballot <<0,0>>', () => {
    const s = new MemoryAcceptorStore();
    const r = stepApply(s, prepare(b(0, 0)));
    expect(r.replies[0]!.type).toBe('Invalid');
    expect(r.changes).toEqual([]);
  });
});

describe('acceptor: Accepted / RejectAccept', () => {
  it('refuses an Accept above its promise: nobody ran phase 1 for that ballot here (a made-up capture id)', () => {
    const fresh = new MemoryAcceptorStore();
    const r0 = stepApply(fresh, accept(b(2, 2), 'v'));
    expect(r0.replies).toEqual([{ type: 'Nack', rid: 8, seg: 1, off: 0, ballot: [2, 2], promised: [0, 0], acceptedBallot: null, acceptedValue: null }]);
    expect(r0.changes).toEqual([]);
    const s = new MemoryAcceptorStore();
    stepApply(s, prepare(b(1, 1)));
    const r = stepApply(s, accept(b(2, 2), 'v'));
    expect(r.replies).toEqual([{ type: 'Nack', rid: 8, seg: 1, off: 0, ballot: [2, 2], promised: [1, 1], acceptedBallot: null, acceptedValue: null }]);
    expect(r.changes).toEqual([]);
    expect(s.getWor(1, 0)).toEqual({ promised: [1, 1], acceptedBallot: null, acceptedValue: null });
  });

  it('never lets a made-up higher id replace a written value (the forged [1000, 77])', () => {
    const s = new MemoryAcceptorStore();
    writeAt(s, b(1, 1), 'x');
    const r = stepApply(s, accept(b(1000, 77), 'forged'));
    expect(r.replies[0]).toMatchObject({ type: 'Nack', promised: [1, 1], acceptedBallot: [1, 1], acceptedValue: 'x' });
    expect(r.changes).toEqual([]);
    expect(s.getWor(1, 0)).toEqual({ promised: [1, 1], acceptedBallot: [1, 1], acceptedValue: 'x' });
  });

  it('accepts at exactly the promise (phase 2 of the capture that promised)', () => {
    const s = new MemoryAcceptorStore();
    stepApply(s, prepare(b(4, 1)));
    expect(stepApply(s, accept(b(4, 1), 'v')).replies[0]!.type).toBe('Accepted');
  });

  it('refuses a ballot below the promise, keeping the state', () => {
    const s = new MemoryAcceptorStore();
    stepApply(s, prepare(b(5, 1)));
    const r = stepApply(s, accept(b(4, 9), 'v'));
    expect(r.changes).toEqual([]);
    expect(r.replies[0]).toMatchObject({ type: 'Nack', promised: [5, 1], acceptedBallot: null });
    expect(s.getWor(1, 0)).toEqual({ promised: [5, 1], acceptedBallot: null, acceptedValue: null });
  });

  it('lets a higher ballot replace an accepted value (Paxos acceptors may change their vote)', () => {
    const s = new MemoryAcceptorStore();
    writeAt(s, b(1, 1), 'x');
    writeAt(s, b(2, 1), 'y');
    expect(s.getWor(1, 0)!.acceptedValue).toBe('y');
  });

  it('refuses a different value at the ballot it already accepted, but re-accepts the same one without a change', () => {
    const s = new MemoryAcceptorStore();
    writeAt(s, b(3, 3), 'x');
    const other = stepApply(s, accept(b(3, 3), 'y'));
    expect(other.replies[0]).toMatchObject({ type: 'Nack', promised: [3, 3], acceptedValue: 'x' });
    expect(other.changes).toEqual([]);
    const same = stepApply(s, accept(b(3, 3), 'x'));
    expect(same.replies[0]!.type).toBe('Accepted');
    expect(same.changes).toEqual([]);
  });

  it('takes an unsafe write (<<0,0>>) only where nobody captured', () => {
    const fresh = new MemoryAcceptorStore();
    expect(stepApply(fresh, accept(b(0, 0), 'u')).replies[0]!.type).toBe('Accepted');
    const captured = new MemoryAcceptorStore();
    stepApply(captured, prepare(b(1, 1)));
    expect(stepApply(captured, accept(b(0, 0), 'u')).replies[0]!.type).toBe('Nack');
  });
});

describe('acceptor: ReadReply', () => {
  it('answers the whole state and changes nothing', () => {
    const s = new MemoryAcceptorStore();
    expect(stepApply(s, readQuery()).replies[0]).toEqual({ type: 'ReadReply', rid: 9, seg: 1, off: 0, promised: null, acceptedBallot: null, acceptedValue: null });
    writeAt(s, b(2, 1), 'v');
    const r = stepApply(s, readQuery());
    expect(r.changes).toEqual([]);
    expect(r.replies[0]).toMatchObject({ promised: [2, 1], acceptedBallot: [2, 1], acceptedValue: 'v' });
  });
});

describe('acceptor: ranges', () => {
  it('PromiseRange promises every register and lists the accepted ones', () => {
    const s = new MemoryAcceptorStore();
    writeAt(s, b(1, 1), 'x', 2);
    const r = stepApply(s, { type: 'PrepareRange', rid: 1, seg: 1, start: 0, end: 4, ballot: [2, 2] });
    expect(r.replies[0]).toEqual({ type: 'PromiseRange', rid: 1, seg: 1, start: 0, end: 4, ballot: [2, 2], accepted: [{ off: 2, acceptedBallot: [1, 1], acceptedValue: 'x' }] });
    expect(r.changes).toHaveLength(4);
    for (let off = 0; off < 4; off++) expect(s.getWor(1, off)!.promised).toEqual([2, 2]);
  });

  it('PrepareRange is all or nothing: one higher promise refuses the whole range with the highest promise', () => {
    const s = new MemoryAcceptorStore();
    stepApply(s, prepare(b(5, 1), 1));
    stepApply(s, prepare(b(7, 1), 3));
    const r = stepApply(s, { type: 'PrepareRange', rid: 1, seg: 1, start: 0, end: 4, ballot: [6, 2] });
    expect(r.replies[0]).toEqual({ type: 'NackRange', rid: 1, seg: 1, start: 0, end: 4, ballot: [6, 2], promised: [7, 1] });
    expect(r.changes).toEqual([]);
    expect(s.getWor(1, 0)).toBeUndefined();
  });

  it('AcceptRange decides register by register and lists refusals', () => {
    const s = new MemoryAcceptorStore();
    stepApply(s, { type: 'PrepareRange', rid: 1, seg: 1, start: 0, end: 4, ballot: [2, 2] });
    stepApply(s, prepare(b(3, 9), 1)); // somebody captured register 1 since
    writeAt(s, b(2, 2), 'other', 2); // a different value at this very ballot
    const r = stepApply(s, { type: 'AcceptRange', rid: 2, seg: 1, start: 0, end: 4, ballot: [2, 2], value: 'w' });
    const reply = r.replies[0]!;
    expect(reply.type).toBe('AcceptedRange');
    if (reply.type !== 'AcceptedRange') return;
    expect(reply.refused.map((x) => x.off)).toEqual([1, 2]);
    expect(reply.refused[0]).toMatchObject({ promised: [3, 9] });
    expect(reply.refused[1]).toMatchObject({ acceptedValue: 'other' });
    expect(s.getWor(1, 0)!.acceptedValue).toBe('w');
    expect(s.getWor(1, 3)!.acceptedValue).toBe('w');
    expect(s.getWor(1, 1)!.acceptedValue).toBeNull();
    expect(s.getWor(1, 2)!.acceptedValue).toBe('other');
  });

  it('refuses empty and oversized ranges as Invalid, changing nothing', () => {
    const s = new MemoryAcceptorStore();
    for (const [start, end] of [
      [3, 3],
      [4, 2],
      [0, 1_000_000],
    ] as const) {
      const r = stepApply(s, { type: 'PrepareRange', rid: 1, seg: 1, start, end, ballot: [1, 1] });
      expect(r.replies[0]!.type).toBe('Invalid');
      expect(r.changes).toEqual([]);
    }
  });
});

describe('acceptor: trim', () => {
  it('drops the segment, keeps a tombstone, and answers Trimmed to everything after', () => {
    const s = new MemoryAcceptorStore();
    writeAt(s, b(1, 1), 'meta', META_OFFSET);
    writeAt(s, b(1, 1), 'x', 0);
    writeAt(s, b(1, 1), 'other-seg', 0, 2);
    writeAt(s, b(1, 1), TRIM_VALUE, TRIM_OFFSET);
    const t = stepApply(s, { type: 'TrimSegment', rid: 3, seg: 1 });
    expect(t.changes).toEqual([{ kind: 'trim', seg: 1 }]);
    expect(t.replies).toEqual([{ type: 'Trimmed', rid: 3, seg: 1 }]);
    expect(s.getWor(1, 0)).toBeUndefined();
    expect(s.getWor(2, 0)!.acceptedValue).toBe('other-seg');
    for (const req of [prepare(b(9, 9)), accept(b(9, 9), 'y'), readQuery(), { type: 'TrimSegment', rid: 4, seg: 1 } as Request]) {
      const r = stepApply(s, req);
      expect(r.changes).toEqual([]);
      expect(r.replies[0]).toMatchObject({ type: 'Trimmed', seg: 1 });
    }
  });

  it('survives a restart: rows() and load() rebuild the same state, tombstones included', () => {
    const s = new MemoryAcceptorStore();
    writeAt(s, b(1, 1), 'x', 0, 5);
    writeAt(s, b(1, 1), TRIM_VALUE, TRIM_OFFSET, 6);
    stepApply(s, { type: 'TrimSegment', rid: 3, seg: 6 });
    const again = MemoryAcceptorStore.load(s.rows());
    expect(again.getWor(5, 0)).toEqual(s.getWor(5, 0));
    expect(again.isTrimmed(6)).toBe(true);
    expect(again.worCount()).toBe(1);
  });
});

describe('acceptor: a TrimSegment before the trim register is written here', () => {
  it('is refused and changes nothing (a forged frame cannot trim)', () => {
    const s = new MemoryAcceptorStore();
    writeAt(s, b(1, 1), 'meta', META_OFFSET);
    writeAt(s, b(1, 1), 'x', 0);
    const before = s.rows();
    const t = stepApply(s, { type: 'TrimSegment', rid: 3, seg: 1 });
    expect(t.changes).toEqual([]);
    expect(t.replies).toEqual([{ type: 'Invalid', rid: 3, reason: 'TrimSegment of segment 1 before its trim register is written here' }]);
    expect(s.rows()).toEqual(before);
    expect(s.isTrimmed(1)).toBe(false);
    // Once the trim register holds its value here, the same request trims.
    writeAt(s, b(2, 1), TRIM_VALUE, TRIM_OFFSET);
    expect(stepApply(s, { type: 'TrimSegment', rid: 4, seg: 1 }).replies).toEqual([{ type: 'Trimmed', rid: 4, seg: 1 }]);
  });
});

describe('acceptor: tracing', () => {
  it('names the spec action and the variables it touched, and costs no events when off', () => {
    const s = new MemoryAcceptorStore();
    const events: TraceEvent[] = [];
    step(s, prepare(b(1, 1)), { self: 'a', tracer: (e) => events.push(e) });
    expect(events).toEqual([{ action: 'Promise', vars: { acceptor: 'a', seg: 1, off: 0, ballot: [1, 1], promised: [1, 1], acceptedBallot: null, acceptedValue: null } }]);
    s.apply(step(s, prepare(b(2, 1))).changes);
    step(s, accept(b(1, 1), 'v'), { self: 'a', tracer: (e) => events.push(e) });
    expect(events[1]!.action).toBe('RejectAccept');
  });

  it('is deterministic: the same state and request give the same output', () => {
    const s = new MemoryAcceptorStore();
    writeAt(s, b(1, 1), 'x');
    expect(step(s, prepare(b(2, 2)))).toEqual(step(s, prepare(b(2, 2))));
  });
});
