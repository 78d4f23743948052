/**
 * Round space (issue 12): a forged capture id at round 2^48 must neither close a register for
 * good (acceptors refuse rounds far above a register's promise) nor break a long-lived client
 * that meets such a promise (its other registers keep small rounds; no exception reaches the
 * caller).
 */
import { describe, expect, it } from 'vitest';
import { step } from '../../src/core/acceptor.ts';
import { META_OFFSET } from '../../src/core/address.ts';
import { ROUND_MAX, ROUND_WINDOW, RoundCounter } from '../../src/core/ballot.ts';
import { MemoryAcceptorStore } from '../../src/core/memory-store.ts';
import { allocOp, captureOp, writeOp } from '../../src/core/proposer/operations.ts';
import { Harness } from './harness.ts';

describe('acceptor: the round window', () => {
  it('refuses a Prepare, Accept or range whose round jumps more than the window above the promise, and changes nothing', () => {
    const s = new MemoryAcceptorStore();
    for (const req of [
      { type: 'Prepare', rid: 1, seg: 1, off: META_OFFSET, ballot: [ROUND_MAX, 5] },
      { type: 'Accept', rid: 2, seg: 1, off: 0, ballot: [ROUND_WINDOW + 1, 5], value: 'x' },
      { type: 'PrepareRange', rid: 3, seg: 1, start: 0, end: 4, ballot: [ROUND_MAX, 5] },
      { type: 'AcceptRange', rid: 4, seg: 1, start: 0, end: 4, ballot: [ROUND_MAX, 5], value: 'x' },
    ] as const) {
      const r = step(s, req);
      expect(r.changes).toEqual([]);
      expect(r.replies[0]).toMatchObject({ type: 'Invalid', rid: req.rid });
      expect((r.replies[0] as { reason: string }).reason).toMatch(/more than 4294967296 above the register's promise/);
    }
    expect(s.rows()).toEqual([]);
    // Within the window: granted; the window then moves with the promise.
    const ok = step(s, { type: 'Prepare', rid: 5, seg: 1, off: 0, ballot: [ROUND_WINDOW, 5] });
    expect(ok.replies[0]).toMatchObject({ type: 'Promise' });
    s.apply(ok.changes);
    expect(step(s, { type: 'Prepare', rid: 6, seg: 1, off: 0, ballot: [2 * ROUND_WINDOW, 5] }).replies[0]).toMatchObject({ type: 'Promise' });
  });
});

describe('a long-lived client that meets a promise at ROUND_MAX', () => {
  it('answers preempted on that register, never throws, and keeps small rounds everywhere else', () => {
    const h = new Harness(['a', 'b', 'c']);
    const ballots = new RoundCounter(7);
    expect(h.run(allocOp(h.ctx(ballots), 1, 'meta'))).toEqual({ status: 'ok' });
    // A promise at ROUND_MAX left on register 1:0 (say by a server from before the window).
    for (const s of h.stores.values()) s.apply([{ kind: 'wor', seg: 1, off: 0, promised: [ROUND_MAX, 9], acceptedBallot: null, acceptedValue: null }]);
    expect(h.run(captureOp(h.ctx(ballots), 1, 0, { allocated: true }))).toEqual({ status: 'preempted' });
    expect(h.run(writeOp(h.ctx(ballots), 1, 0, 'x', null, { allocated: true }))).toEqual({ status: 'preempted' });
    // Every other register: ok, with rounds that did not jump.
    for (let off = 1; off < 5; off++) {
      const cap = h.run(captureOp(h.ctx(ballots), 1, off, { allocated: true }));
      expect(cap).toMatchObject({ status: 'ok' });
      if (cap?.status === 'ok') expect(cap.captureId[0]).toBeLessThan(20);
    }
  });
});
