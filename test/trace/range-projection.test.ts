/**
 * The per-register projection of range steps (src/trace/range-projection.ts) against the code's
 * own single-register handlers: from the same acceptor state, a PrepareRange/AcceptRange projected
 * register by register must be exactly what Prepare/Accept of each register does (same trace
 * event, same new state), except that a refused PrepareRange leaves the registers that would have
 * promised untouched (a lost Prepare in their view). This is what makes the projection exact.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { step, type AcceptorView, type Change, type WorState } from '../../src/core/acceptor.ts';
import type { Ballot } from '../../src/core/ballot.ts';
import type { TraceEvent } from '../../src/core/trace.ts';
import { projectRange, RegisterStates, type RegState } from '../../src/trace/range-projection.ts';

const SEG = 3;
const A = 's1';

class MapView implements AcceptorView {
  constructor(readonly rows: Map<number, WorState>) {}
  getWor(seg: number, off: number): WorState | undefined {
    return seg === SEG ? this.rows.get(off) : undefined;
  }
  isTrimmed(): boolean {
    return false;
  }
}

function applied(rows: Map<number, WorState>, changes: Change[]): Map<number, WorState> {
  const next = new Map(rows);
  for (const c of changes) if (c.kind === 'wor') next.set(c.off, { promised: c.promised, acceptedBallot: c.acceptedBallot, acceptedValue: c.acceptedValue });
  return next;
}

function stateOf(rows: Map<number, WorState>, off: number): RegState {
  const r = rows.get(off);
  return { promised: r?.promised ?? null, acceptedBallot: r?.acceptedBallot ?? null, acceptedValue: r?.acceptedValue ?? null };
}

function traced(view: AcceptorView, req: Parameters<typeof step>[1]): { events: TraceEvent[]; changes: Change[] } {
  const events: TraceEvent[] = [];
  const { changes } = step(view, req, { self: A, tracer: (e) => events.push(e) });
  return { events, changes };
}

// Small ballots so that equal, lower and higher ones all occur.
const ballotArb = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 })).map((b) => b as Ballot);
const rowArb: fc.Arbitrary<WorState | null> = fc.option(
  fc.record({
    promised: fc.option(ballotArb, { nil: null }),
    accepted: fc.option(fc.tuple(ballotArb, fc.constantFrom('x', 'y')), { nil: null }),
  }).map(({ promised, accepted }) => ({ promised: promised ?? accepted?.[0] ?? null, acceptedBallot: accepted?.[0] ?? null, acceptedValue: accepted?.[1] ?? null })),
  { nil: null },
);
const caseArb = fc.record({ start: fc.integer({ min: 0, max: 3 }), len: fc.integer({ min: 1, max: 4 }), rows: fc.array(rowArb, { minLength: 7, maxLength: 7 }), ballot: ballotArb, value: fc.constantFrom('x', 'y') });

function setup(c: { rows: (WorState | null)[] }): { rows: Map<number, WorState>; states: RegisterStates } {
  const rows = new Map<number, WorState>();
  const states = new RegisterStates();
  c.rows.forEach((r, off) => {
    if (r === null) return;
    rows.set(off, r);
    states.set(A, SEG, off, r);
  });
  return { rows, states };
}

describe('range projection is exact against the single-register acceptor', () => {
  it('PrepareRange = Prepare per register, or (refused) RejectPrepare where promised above and no step elsewhere', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { rows, states } = setup(c);
        const end = c.start + c.len;
        const range = traced(new MapView(rows), { type: 'PrepareRange', rid: 1, seg: SEG, start: c.start, end, ballot: c.ballot });
        expect(range.events).toHaveLength(1);
        const steps = projectRange(range.events[0]!.action, range.events[0]!.vars, states);
        const after = applied(rows, range.changes);
        const refusedAnywhere = [...Array(c.len).keys()].some((i) => {
          const p = rows.get(c.start + i)?.promised;
          return p != null && (p[0] > c.ballot[0] || (p[0] === c.ballot[0] && p[1] > c.ballot[1]));
        });
        expect(range.events[0]!.action).toBe(refusedAnywhere ? 'RejectPrepareRange' : 'PromiseRange');
        const byOff = new Map(steps.map((s) => [s.off, s]));
        for (let off = c.start; off < end; off++) {
          const single = traced(new MapView(rows), { type: 'Prepare', rid: 1, seg: SEG, off, ballot: c.ballot });
          const want = single.events[0]!;
          const got = byOff.get(off);
          if (refusedAnywhere && want.action === 'Promise') {
            expect(got).toBeUndefined();
            expect(stateOf(after, off)).toEqual(stateOf(rows, off));
            continue;
          }
          expect(got).toBeDefined();
          expect(got!.action).toBe(want.action);
          const wantState = { promised: want.vars.promised, acceptedBallot: want.vars.acceptedBallot, acceptedValue: want.vars.acceptedValue };
          expect({ promised: got!.promised, acceptedBallot: got!.acceptedBallot, acceptedValue: got!.acceptedValue }).toEqual(wantState);
          // The durable rows the range step writes are the states the projection states.
          expect(stateOf(after, off)).toEqual(wantState);
          expect(stateOf(applied(rows, single.changes), off)).toEqual(wantState);
        }
        for (const off of byOff.keys()) expect(off >= c.start && off < end).toBe(true);
      }),
      { seed: 20261206, numRuns: 400 },
    );
  });

  it('AcceptRange = Accept per register', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { rows, states } = setup(c);
        const end = c.start + c.len;
        const range = traced(new MapView(rows), { type: 'AcceptRange', rid: 1, seg: SEG, start: c.start, end, ballot: c.ballot, value: c.value });
        const steps = projectRange(range.events[0]!.action, range.events[0]!.vars, states);
        const after = applied(rows, range.changes);
        expect(steps.map((s) => s.off)).toEqual([...Array(c.len).keys()].map((i) => c.start + i));
        for (const got of steps) {
          const single = traced(new MapView(rows), { type: 'Accept', rid: 1, seg: SEG, off: got.off, ballot: c.ballot, value: c.value });
          const want = single.events[0]!;
          expect(got.action).toBe(want.action);
          const wantState = { promised: want.vars.promised, acceptedBallot: want.vars.acceptedBallot, acceptedValue: want.vars.acceptedValue };
          expect({ promised: got.promised, acceptedBallot: got.acceptedBallot, acceptedValue: got.acceptedValue }).toEqual(wantState);
          expect(stateOf(after, got.off)).toEqual(wantState);
          expect(stateOf(applied(rows, single.changes), got.off)).toEqual(wantState);
        }
      }),
      { seed: 20261206, numRuns: 400 },
    );
  });

  it('keeps each register state for later refusals, and forgets a trimmed segment', () => {
    const states = new RegisterStates();
    projectRange('PromiseRange', { acceptor: A, seg: SEG, start: 0, end: 2, ballot: [5, 1], accepted: [] }, states);
    const refused = projectRange('RejectPrepareRange', { acceptor: A, seg: SEG, start: 1, end: 3, ballot: [4, 2], promised: [5, 1] }, states);
    expect(refused).toEqual([{ action: 'RejectPrepare', acceptor: A, off: 1, ballot: [4, 2], promised: [5, 1], acceptedBallot: null, acceptedValue: null }]);
    states.dropSegment(A, SEG);
    expect(projectRange('RejectPrepareRange', { acceptor: A, seg: SEG, start: 1, end: 3, ballot: [4, 2], promised: [5, 1] }, states)).toEqual([]);
  });

  it('refuses a range event that names a register outside its range', () => {
    const states = new RegisterStates();
    expect(() => projectRange('AcceptedRange', { acceptor: A, seg: SEG, start: 0, end: 2, ballot: [1, 1], acceptedValue: 'x', refused: [{ off: 5, promised: [2, 1], acceptedBallot: null, acceptedValue: null }] }, states)).toThrow(/refuses register 5/);
    expect(() => projectRange('Promise', { acceptor: A, seg: SEG, start: 0, end: 1, ballot: [1, 1] }, states)).toThrow(/not a range event/);
  });
});
