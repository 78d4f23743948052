/**
 * One capture id, several writers (issue 12): acceptors end up holding different values at the
 * same ballot. Every decision must then compare values as well as ballots: a read must not answer
 * a value no quorum holds, a write must not answer `alreadyWritten` with a value that is not
 * chosen, and a phase 1 must carry the value that may be chosen, never the other one.
 */
import { describe, expect, it } from 'vitest';
import { RoundCounter, type Ballot } from '../../src/core/ballot.ts';
import { PaxosOp, WriteOp } from '../../src/core/proposer/paxos-op.ts';
import { ReadOp } from '../../src/core/proposer/read-op.ts';
import { decidePhase1 } from '../../src/core/proposer/op.ts';
import { Harness } from './harness.ts';

const SEG = 0;
const OFF = 0;

/** capture on all three acceptors, then each writer's Accept reaches only the acceptors listed. */
function split(writes: [value: string, to: string[]][]): { h: Harness; id: Ballot } {
  const h = new Harness(['a', 'b', 'c']);
  const cap = h.run(new PaxosOp(h.ctx(new RoundCounter(1)), SEG, OFF, 'capture'));
  if (cap?.status !== 'ok') throw new Error('capture failed');
  const id = cap.captureId;
  let client = 2;
  for (const [value, to] of writes) {
    h.drop = (e) => e.msg.type === 'Accept' && !to.includes(e.to);
    h.run(new WriteOp(h.ctx(new RoundCounter(client++)), SEG, OFF, value, id), 0);
  }
  h.drop = () => false;
  return { h, id };
}

describe('a capture id shared by several writers', () => {
  it('a read that sees two values at the top ballot does not answer either until it knows which is chosen', () => {
    // v2 is chosen (b and c); a holds v1 at the same ballot.
    const { h } = split([['v1', ['a']], ['v2', ['b', 'c']]]);
    // The read hears from a and b only: each value has one vote, c is unknown.
    h.drop = (e) => e.from === 'c' || e.to === 'c';
    const read = new ReadOp(h.ctx(new RoundCounter(9)), SEG, OFF);
    expect(h.run(read, 3)).toBeUndefined();
    // Once c answers (the read's resend reaches it), the read knows v2 is the chosen one.
    h.drop = () => false;
    expect(h.pump(read, read.onTimeout())).toEqual({ status: 'ok', value: 'v2' });
    expect(h.run(new ReadOp(h.ctx(new RoundCounter(10)), SEG, OFF))).toEqual({ status: 'ok', value: 'v2' });
  });

  it('a write refused by acceptors holding two different values at its id answers timeout, not alreadyWritten', () => {
    const { h, id } = split([['v1', ['a']], ['v2', ['b']]]);
    // A third writer: a and b refuse (other values at this id), c accepts: nothing is chosen.
    const r = h.run(new WriteOp(h.ctx(new RoundCounter(7)), SEG, OFF, 'v3', id));
    expect(r).toEqual({ status: 'timeout' });
    // Any later read settles on one value and keeps it.
    const first = h.run(new ReadOp(h.ctx(new RoundCounter(8)), SEG, OFF));
    expect(first?.status).toBe('ok');
    expect(h.run(new ReadOp(h.ctx(new RoundCounter(9)), SEG, OFF))).toEqual(first);
  });

  it('a write whose refusals show a quorum at one ballot AND one value answers that value', () => {
    const { h, id } = split([['v1', ['a', 'b']]]);
    expect(h.run(new WriteOp(h.ctx(new RoundCounter(5)), SEG, OFF, 'v2', id))).toEqual({ status: 'alreadyWritten', value: 'v1' });
  });

  it('a made-up capture id ([1000, 77]) cannot overwrite a written register: alreadyWritten with the chosen value', () => {
    const h = new Harness(['a', 'b', 'c']);
    expect(h.run(new PaxosOp(h.ctx(new RoundCounter(1)), SEG, OFF, 'propose', 'v'))).toEqual({ status: 'ok' });
    // Before the fix the acceptors took Accept([1000, 77], w) above their promise: w replaced v.
    expect(h.run(new WriteOp(h.ctx(new RoundCounter(77)), SEG, OFF, 'w', [1000, 77]))).toEqual({ status: 'alreadyWritten', value: 'v' });
    for (const s of h.stores.values()) expect(s.getWor(SEG, OFF)).toMatchObject({ acceptedBallot: [1, 1], acceptedValue: 'v' });
    expect(h.run(new ReadOp(h.ctx(new RoundCounter(3)), SEG, OFF))).toEqual({ status: 'ok', value: 'v' });
    // Nor can a later unsafe write, a second made-up id, or a read repair at it.
    expect(h.run(new WriteOp(h.ctx(new RoundCounter(4)), SEG, OFF, 'z', [0, 0]))).toEqual({ status: 'alreadyWritten', value: 'v' });
    expect(h.run(new WriteOp(h.ctx(new RoundCounter(5)), SEG, OFF, 'z', [2, 5]))).toEqual({ status: 'alreadyWritten', value: 'v' });
    expect(h.run(new ReadOp(h.ctx(new RoundCounter(6)), SEG, OFF))).toEqual({ status: 'ok', value: 'v' });
  });

  it('a made-up capture id on an unwritten register changes nothing and promises nothing (timeout)', () => {
    const h = new Harness(['a', 'b', 'c']);
    expect(h.run(new WriteOp(h.ctx(new RoundCounter(77)), SEG, OFF, 'w', [1000, 77]))).toEqual({ status: 'timeout' });
    for (const s of h.stores.values()) expect(s.getWor(SEG, OFF)).toBeUndefined();
    expect(h.run(new ReadOp(h.ctx(new RoundCounter(3)), SEG, OFF))).toEqual({ status: 'unwritten' });
    // The register stays usable: an honest capture and write go through.
    const cap = h.run(new PaxosOp(h.ctx(new RoundCounter(4)), SEG, OFF, 'capture'));
    if (cap?.status !== 'ok') throw new Error('capture failed');
    expect(h.run(new WriteOp(h.ctx(new RoundCounter(5)), SEG, OFF, 'x', cap.captureId))).toEqual({ status: 'ok' });
    expect(h.run(new ReadOp(h.ctx(new RoundCounter(6)), SEG, OFF))).toEqual({ status: 'ok', value: 'x' });
  });

  it('a made-up id equal to a capture id in use is a hand-over: one value, never two', () => {
    // Two writers at one captured id, the second one guessing it (same ballot, another value):
    // whichever reaches a quorum first is chosen; the other learns it or times out.
    const { h, id } = split([['v1', ['a', 'b']]]);
    expect(h.run(new WriteOp(h.ctx(new RoundCounter(9)), SEG, OFF, 'guess', [id[0], id[1]]))).toEqual({ status: 'alreadyWritten', value: 'v1' });
    expect(h.run(new ReadOp(h.ctx(new RoundCounter(10)), SEG, OFF))).toEqual({ status: 'ok', value: 'v1' });
  });

  it('decidePhase1 compares values at the top ballot', () => {
    const p = (entries: [string, Ballot, string][]) => new Map(entries.map(([a, ballot, value]) => [a, { ballot, value }]));
    const k: Ballot = [3, 1];
    // One value at top: standard Paxos.
    expect(decidePhase1(p([['a', k, 'x'], ['b', [1, 1], 'y']]), 2, 3, 2)).toEqual({ kind: 'value', value: 'x' });
    // Two values at top, the third acceptor unknown: either may be chosen.
    expect(decidePhase1(p([['a', k, 'x'], ['b', k, 'y']]), 2, 3, 2)).toEqual({ kind: 'ambiguous' });
    // All three known: y has a quorum.
    expect(decidePhase1(p([['a', k, 'x'], ['b', k, 'y'], ['c', k, 'y']]), 3, 3, 2)).toEqual({ kind: 'value', value: 'y' });
    // All known, no value can be chosen at top: any (the most reported, then the smallest).
    expect(decidePhase1(p([['a', k, 'y'], ['b', k, 'x']]), 3, 3, 2)).toEqual({ kind: 'value', value: 'x' });
    expect(decidePhase1(p([]), 2, 3, 2)).toEqual({ kind: 'none' });
  });
});
