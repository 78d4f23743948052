/**
 * captureSegment whose repair finds nothing (found by WormPaxos trace seed 6): phase 1 reveals a
 * value one acceptor accepted, the capture repairs that register at a fresh ballot above its id,
 * and the repair's own quorum does not see the value. The register stays unwritten, yet the
 * repair's promise stays above the capture id, so the answer reports the offset as `unrepaired`
 * (a write with the id will be refused there).
 */
import { describe, expect, it } from 'vitest';
import { compareBallots, RoundCounter, type Ballot } from '../../src/core/ballot.ts';
import type { Request } from '../../src/core/messages.ts';
import { CaptureSegmentOp } from '../../src/core/proposer/range-ops.ts';
import { Harness } from './harness.ts';

const SEG = 4;

describe('captureSegment: a repair that finds nothing', () => {
  it('answers ok with the offset listed as unrepaired, not written', () => {
    const h = new Harness();
    const op = new CaptureSegmentOp(h.ctx(new RoundCounter(2)), SEG, 0, 3);
    const prep = op.start().messages[0]!.msg as Request & { ballot: Ballot };
    expect(prep.type).toBe('PrepareRange');
    const range = (from: string, accepted: { off: number; acceptedBallot: Ballot; acceptedValue: string }[]) =>
      op.onReply(from, { type: 'PromiseRange', rid: op.rid, seg: SEG, start: 0, end: 3, ballot: prep.ballot, accepted });
    range('a', [{ off: 1, acceptedBallot: [1, 1], acceptedValue: 'x' }]);
    const repair = range('b', []);
    // Offset 1 was revealed: the capture repairs it at a ballot above its own id.
    const repairPrepares = repair.messages.map((m) => m.msg as Request & { ballot: Ballot; off: number });
    expect(repairPrepares.length).toBeGreaterThan(0);
    expect(repairPrepares.every((m) => m.type === 'Prepare' && m.off === 1 && compareBallots(m.ballot, prep.ballot) > 0)).toBe(true);
    const rb = repairPrepares[0]!.ballot;
    const promise = (from: string) => op.onReply(from, { type: 'Promise', rid: op.rid, seg: SEG, off: 1, ballot: rb, acceptedBallot: null, acceptedValue: null });
    promise('b');
    const done = promise('c').done;
    expect(done).toEqual({ status: 'ok', captureId: prep.ballot, written: [], unrepaired: [1] });
  });
});
