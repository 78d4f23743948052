/**
 * The acceptor under random request sequences (fast-check): the invariants of WORPaxos.tla's
 * acceptor hold after every step, replies agree with the state, and the persisted changes alone
 * rebuild the state (what a restart relies on).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { step } from '../../src/core/acceptor.ts';
import { compareBallots, type Ballot } from '../../src/core/ballot.ts';
import { MemoryAcceptorStore } from '../../src/core/memory-store.ts';
import type { Request } from '../../src/core/messages.ts';

const ballotArb: fc.Arbitrary<Ballot> = fc.oneof(
  { weight: 1, arbitrary: fc.constant([0, 0] as Ballot) },
  { weight: 8, arbitrary: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 })) as fc.Arbitrary<Ballot> },
);
const seg = fc.integer({ min: 0, max: 1 });
const off = fc.integer({ min: -2, max: 3 });
const value = fc.constantFrom('x', 'y', 'z');
const range = fc.integer({ min: 0, max: 3 }).chain((start) => fc.tuple(fc.constant(start), fc.integer({ min: start + 1, max: 5 })));

const requestArb: fc.Arbitrary<Request> = fc.oneof(
  fc.record({ type: fc.constant('Prepare' as const), rid: fc.constant(1), seg, off, ballot: ballotArb }),
  fc.record({ type: fc.constant('Accept' as const), rid: fc.constant(1), seg, off, ballot: ballotArb, value }),
  fc.record({ type: fc.constant('ReadQuery' as const), rid: fc.constant(1), seg, off }),
  fc.tuple(seg, range, ballotArb).map(([s, [start, end], ballot]) => ({ type: 'PrepareRange' as const, rid: 1, seg: s, start, end, ballot })),
  fc.tuple(seg, range, ballotArb, value).map(([s, [start, end], ballot, v]) => ({ type: 'AcceptRange' as const, rid: 1, seg: s, start, end, ballot, value: v })),
  { weight: 1, arbitrary: fc.record({ type: fc.constant('TrimSegment' as const), rid: fc.constant(1), seg }) },
);

const gte = (a: Ballot | null, b: Ballot | null): boolean => b === null || (a !== null && compareBallots(a, b) >= 0);

describe('acceptor under random requests', () => {
  it('keeps its invariants, answers consistently, and is rebuilt exactly from its changes', () => {
    fc.assert(
      fc.property(fc.array(requestArb, { maxLength: 60 }), (reqs) => {
        const live = new MemoryAcceptorStore();
        const persisted: Parameters<MemoryAcceptorStore['apply']>[0][number][] = [];
        for (const req of reqs) {
          const before = req.type === 'TrimSegment' ? undefined : 'off' in req ? live.getWor(req.seg, req.off) : undefined;
          const r = step(live, req);
          expect(step(live, req)).toEqual(r); // deterministic, and step does not mutate the view
          live.apply(r.changes);
          persisted.push(...r.changes);
          expect(r.replies).toHaveLength(1);
          const reply = r.replies[0]!;
          if (live.isTrimmed(req.seg) && req.type !== 'TrimSegment') expect(reply.type).toBe('Trimmed');
          if (reply.type === 'Accepted') {
            // Accepted only at the ballot this acceptor promised (the unsafe ballot where nothing was).
            const ballot = (req as { ballot: Ballot }).ballot;
            if (before?.promised != null) expect(compareBallots(before.promised, ballot)).toBe(0);
            else expect(ballot).toEqual([0, 0]);
          }
          if (reply.type === 'Promise' || reply.type === 'Accepted') {
            // The rules of Promise and Accepted: only ballots at least the promise are granted.
            expect(gte((req as { ballot: Ballot }).ballot, before?.promised ?? null)).toBe(true);
            const after = live.getWor(req.seg, (req as { off: number }).off)!;
            // The promise never goes down, and a granted ballot is the promise now.
            expect(gte(after.promised, before?.promised ?? null)).toBe(true);
            expect(after.promised).toEqual(maxOf(before?.promised ?? null, (req as { ballot: Ballot }).ballot));
          }
          if (reply.type === 'Nack') {
            // Refused: below the promise, or another value at the very ballot already accepted,
            // or (Accept only) a ballot this acceptor never promised, answered with its promise.
            const below = !gte(reply.ballot, before?.promised ?? null);
            const conflict = before?.acceptedBallot != null && compareBallots(before.acceptedBallot, reply.ballot) === 0 && req.type === 'Accept' && before.acceptedValue !== req.value;
            const unpromised = req.type === 'Accept' && !below && compareBallots(reply.promised, reply.ballot) < 0;
            expect(below || conflict || unpromised).toBe(true);
            expect(r.changes).toEqual([]);
            if (unpromised) expect(reply.promised).toEqual(before?.promised ?? [0, 0]);
            else expect(gte(reply.promised, reply.ballot)).toBe(true);
          }
          if (reply.type === 'NackRange' || reply.type === 'Invalid' || reply.type === 'ReadReply') expect(r.changes).toEqual([]);
          if (reply.type === 'AcceptedRange' && req.type === 'AcceptRange') {
            const refused = new Set(reply.refused.map((x) => x.off));
            // A refused register answers its promise: above the ballot, the ballot itself (another
            // value there), or below it (never promised here).
            for (const x of reply.refused) {
              const w = live.getWor(req.seg, x.off);
              const promised = w?.promised ?? null;
              expect(x.promised).toEqual(promised === null ? [0, 0] : compareBallots(promised, req.ballot) === 0 ? req.ballot : promised);
            }
            for (let o = req.start; o < req.end; o++) {
              const w = live.getWor(req.seg, o);
              if (!refused.has(o)) expect(w).toMatchObject({ acceptedBallot: req.ballot, acceptedValue: req.value });
            }
          }
          // Invariant on every row: acceptedBallot <= promised.
          for (const c of live.rows()) {
            if (c.kind === 'wor' && c.acceptedBallot !== null) expect(gte(c.promised, c.acceptedBallot)).toBe(true);
          }
        }
        // A restart from the persisted changes alone gives the same state.
        const rebuilt = MemoryAcceptorStore.load(persisted);
        expect(sortRows(rebuilt.rows())).toEqual(sortRows(live.rows()));
      }),
      { numRuns: 300 },
    );
  });
});

function maxOf(a: Ballot | null, b: Ballot): Ballot {
  return a === null || compareBallots(b, a) >= 0 ? b : a;
}

function sortRows<T>(rows: T[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}
