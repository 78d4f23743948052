/**
 * Proposer operations under arbitrary (well-typed) replies and timeouts: whatever acceptors answer,
 * in any order and any number of times, an operation never throws, never answers twice, stays
 * quiet once done (but for its final output), sends a bounded number of messages, and answers
 * within its timeout budget once replies stop. Replies are built from the requests the op sent, with
 * random verdicts and random accepted values, so they reach every branch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RoundCounter, type Ballot } from '../../src/core/ballot.ts';
import { STATUSES, type AnyResult, type Reply, type Request } from '../../src/core/messages.ts';
import type { OpContext, Outgoing, ProposerOp } from '../../src/core/proposer/op.ts';
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

const ACCEPTORS = ['a', 'b', 'c'];
const MAX_TIMEOUTS = 3;

type Factory = (ctx: OpContext) => ProposerOp<AnyResult>;
const FACTORIES: Record<string, Factory> = {
  alloc: (ctx) => allocOp(ctx, 1, 'm'),
  check: (ctx) => checkOp(ctx, 1),
  trim: (ctx) => trimOp(ctx, 1),
  capture: (ctx) => captureOp(ctx, 1, 0),
  captureWrite: (ctx) => writeOp(ctx, 1, 0, 'v', null),
  writeWithId: (ctx) => writeOp(ctx, 1, 0, 'v', [2, 2], { allocated: true }),
  unsafeWrite: (ctx) => writeOp(ctx, 1, 0, 'v', [0, 0], { allocated: true }),
  read: (ctx) => readOp(ctx, 1, 0),
  captureSegment: (ctx) => captureSegmentOp(ctx, 1, 0, 4),
  writeSegment: (ctx) => writeSegmentOp(ctx, 1, 0, 4, 'v', null),
  writeSegmentWithId: (ctx) => writeSegmentOp(ctx, 1, 0, 4, 'v', [2, 2], { allocated: true }),
};

interface Event {
  kind: 'reply' | 'timeout';
  pick: number;
  verdict: number;
  value: number;
  round: number;
}

const eventArb: fc.Arbitrary<Event> = fc.record({
  kind: fc.constantFrom('reply', 'reply', 'reply', 'timeout') as fc.Arbitrary<'reply' | 'timeout'>,
  pick: fc.nat(),
  verdict: fc.nat(9),
  value: fc.nat(2),
  round: fc.integer({ min: 1, max: 6 }),
});

/** replyTo builds a well-typed answer to a request; `verdict` picks among the acceptor's options. */
function replyTo(req: Request, e: Event): Reply {
  const accepted: Ballot | null = e.value === 0 ? null : [e.round, 9];
  const value = e.value === 0 ? null : `w${e.value}`;
  const promised: Ballot = [e.round + 1, 8];
  if (e.verdict === 9) return { type: 'Trimmed', rid: req.rid, seg: req.seg };
  switch (req.type) {
    case 'Prepare':
      return e.verdict < 6
        ? { type: 'Promise', rid: req.rid, seg: req.seg, off: req.off, ballot: req.ballot, acceptedBallot: accepted, acceptedValue: value }
        : { type: 'Nack', rid: req.rid, seg: req.seg, off: req.off, ballot: req.ballot, promised, acceptedBallot: accepted, acceptedValue: value };
    case 'Accept':
      return e.verdict < 6
        ? { type: 'Accepted', rid: req.rid, seg: req.seg, off: req.off, ballot: req.ballot }
        : { type: 'Nack', rid: req.rid, seg: req.seg, off: req.off, ballot: req.ballot, promised, acceptedBallot: accepted, acceptedValue: value };
    case 'ReadQuery':
      return { type: 'ReadReply', rid: req.rid, seg: req.seg, off: req.off, promised: accepted, acceptedBallot: accepted, acceptedValue: value };
    case 'PrepareRange':
      return e.verdict < 6
        ? { type: 'PromiseRange', rid: req.rid, seg: req.seg, start: req.start, end: req.end, ballot: req.ballot, accepted: accepted ? [{ off: req.start + (e.pick % 6) - 1, acceptedBallot: accepted, acceptedValue: value! }] : [] }
        : { type: 'NackRange', rid: req.rid, seg: req.seg, start: req.start, end: req.end, ballot: req.ballot, promised };
    case 'AcceptRange':
      return { type: 'AcceptedRange', rid: req.rid, seg: req.seg, start: req.start, end: req.end, ballot: req.ballot, refused: e.verdict < 5 ? [] : [{ off: req.start + (e.pick % 6) - 1, promised, acceptedBallot: accepted, acceptedValue: value }] };
    case 'TrimSegment':
      return { type: 'Trimmed', rid: req.rid, seg: req.seg };
  }
}

describe('proposer operations under arbitrary replies', () => {
  for (const [name, make] of Object.entries(FACTORIES)) {
    it(name, () => {
      fc.assert(
        fc.property(fc.array(eventArb, { maxLength: 80 }), (events) => {
          const op = make({ acceptors: ACCEPTORS, ballots: new RoundCounter(1), rid: 5, maxTimeouts: MAX_TIMEOUTS, maxBallots: 4 });
          const sent: Outgoing[] = [];
          let result: AnyResult | undefined;
          const take = (out: { messages: Outgoing[]; done?: AnyResult }): void => {
            expect(out.messages.length).toBeLessThanOrEqual(ACCEPTORS.length * 8);
            if (result !== undefined) {
              expect(out.done).toBeUndefined();
              expect(out.messages).toEqual([]);
            }
            // Requests only ever address the op's own registers (data 0..3, metadata, trim WOR).
            for (const m of out.messages) {
              if ('off' in m.msg) expect(m.msg.off >= -2 && m.msg.off < 4).toBe(true);
              if ('start' in m.msg) expect([m.msg.start, m.msg.end]).toEqual([0, 4]);
              expect(m.msg.seg).toBe(1);
            }
            sent.push(...out.messages);
            if (out.done !== undefined) {
              result = out.done;
              expect(op.result).toEqual(result);
            }
          };
          take(op.start());
          for (const e of events) {
            if (e.kind === 'timeout') {
              take(op.onTimeout());
              continue;
            }
            if (sent.length === 0) continue;
            const m = sent[e.pick % sent.length]!;
            take(op.onReply(m.to, replyTo(m.msg, e)));
          }
          // Silence: the op must answer within its timeout budget (nested ops have their own).
          for (let i = 0; i < 64 && result === undefined; i++) take(op.onTimeout());
          expect(result).toBeDefined();
          expect(STATUSES).toContain(result!.status);
          expect(sent.length).toBeLessThan(2_000);
        }),
        { numRuns: 150 },
      );
    });
  }
});
