import { describe, expect, it } from 'vitest';
import { partitionOf, quorumSize } from '../../src/core/address.ts';
import { compareBallots, formatCaptureId, isBallot, parseCaptureId, RoundCounter, ROUND_MAX, UNSAFE_BALLOT } from '../../src/core/ballot.ts';
import { checkRequest } from '../../src/core/messages.ts';

describe('ballots and capture ids', () => {
  it('order by round first, then client id', () => {
    expect(compareBallots([1, 9], [2, 1])).toBeLessThan(0);
    expect(compareBallots([2, 1], [2, 3])).toBeLessThan(0);
    expect(compareBallots([2, 3], [2, 3])).toBe(0);
    expect(compareBallots(UNSAFE_BALLOT, [1, 1])).toBeLessThan(0);
  });

  it('format and parse capture ids, 0 being the unsafe write', () => {
    expect(formatCaptureId([12, 7])).toBe('12.7');
    expect(formatCaptureId(UNSAFE_BALLOT)).toBe('0');
    expect(parseCaptureId('12.7')).toEqual([12, 7]);
    expect(parseCaptureId('0')).toEqual(UNSAFE_BALLOT);
    for (const bad of ['', '1', '1.', '.1', '0.5', '5.0', '-1.2', '1.2.3', 'x.y', '1e3.2']) expect(parseCaptureId(bad)).toBeNull();
  });

  // A forged round near 2^53 would make next() repeat a ballot (x + 1 === x past 2^53).
  it('rounds stop at ROUND_MAX: frames refuse larger ones and a counter never repeats a ballot', () => {
    expect(isBallot([ROUND_MAX, 1])).toBe(true);
    expect(isBallot([ROUND_MAX + 1, 1])).toBe(false);
    expect(isBallot([Number.MAX_SAFE_INTEGER, 5])).toBe(false);
    expect(parseCaptureId(`${ROUND_MAX + 1}.1`)).toBeNull();
    const counter = new RoundCounter(3);
    expect(counter.next(ROUND_MAX - 1)).toEqual([ROUND_MAX, 3]);
    expect(counter.next()).toBeNull();
    expect(new RoundCounter(4).next(ROUND_MAX)).toBeNull();
  });

  it('a round seen on one register does not push the rounds of the others', () => {
    const counter = new RoundCounter(3);
    expect(counter.next(0, ['1:0'])).toEqual([1, 3]);
    // A forged promise at ROUND_MAX on 1:1: no round is left there.
    expect(counter.next(ROUND_MAX, ['1:1'])).toBeNull();
    // A large promise on 1:2: the jump stays with 1:2.
    expect(counter.next(1_000_000, ['1:2'])).toEqual([1_000_001, 3]);
    expect(counter.next(0, ['1:3'])).toEqual([3, 3]);
    expect(counter.next(0, ['1:2'])).toEqual([1_000_002, 3]);
    // Every ballot of one register is fresh, whatever the order.
    const seen = new Map<string, Set<number>>();
    const c = new RoundCounter(9);
    for (let i = 0; i < 20_000; i++) {
      const key = `0:${i % 7}`;
      const b = c.next(i % 5 === 0 ? (i * 7919) % 100_000 : 0, i % 11 === 0 ? [key, `0:${(i + 1) % 7}`] : [key])!;
      for (const k of i % 11 === 0 ? [key, `0:${(i + 1) % 7}`] : [key]) {
        if (!seen.has(k)) seen.set(k, new Set());
        expect(seen.get(k)!.has(b[0])).toBe(false);
        seen.get(k)!.add(b[0]);
      }
    }
  });

  it('isBallot accepts <<0,0>> and real ballots only', () => {
    expect(isBallot([0, 0])).toBe(true);
    expect(isBallot([3, 4])).toBe(true);
    for (const bad of [[0, 4], [1], [1, 2, 3], [-1, 1], [1.5, 2], ['1', 2], null, {}]) expect(isBallot(bad)).toBe(false);
  });

  it('RoundCounter never repeats a round and jumps above a seen promise', () => {
    const c = new RoundCounter(3);
    expect(c.next()).toEqual([1, 3]);
    expect(c.next(10)).toEqual([11, 3]);
    expect(c.next(5)).toEqual([12, 3]);
    expect(() => new RoundCounter(0)).toThrow(/clientId/);
  });
});

describe('addresses', () => {
  it('map segments to partitions by modulo and use majority quorums', () => {
    expect(partitionOf(7, 3)).toBe(1);
    expect(quorumSize(3)).toBe(2);
    expect(quorumSize(5)).toBe(3);
    expect(quorumSize(1)).toBe(1);
    expect(() => partitionOf(-1, 3)).toThrow();
  });
});

describe('checkRequest', () => {
  it('accepts every well-formed request', () => {
    for (const req of [
      { type: 'Prepare', rid: 1, seg: 0, off: 3, ballot: [1, 2] },
      { type: 'Accept', rid: 1, seg: 0, off: -1, ballot: [0, 0], value: 'v' },
      { type: 'ReadQuery', rid: 0, seg: 5, off: -2 },
      { type: 'PrepareRange', rid: 1, seg: 0, start: 0, end: 1024, ballot: [1, 2] },
      { type: 'AcceptRange', rid: 1, seg: 0, start: 3, end: 4, ballot: [1, 2], value: '' },
      { type: 'TrimSegment', rid: 1, seg: 0 },
    ]) {
      expect(checkRequest(req)).toBeNull();
    }
  });

  it('names what is wrong with a malformed request', () => {
    expect(checkRequest(null)).toMatch(/not an object/);
    expect(checkRequest({ type: 'Nope', rid: 1, seg: 0 })).toMatch(/unknown request type/);
    expect(checkRequest({ type: 'Prepare', rid: 1, seg: 0, off: 3, ballot: [0, 2] })).toMatch(/ballot/);
    expect(checkRequest({ type: 'Prepare', rid: 1, seg: 0, off: -3, ballot: [1, 2] })).toMatch(/off/);
    expect(checkRequest({ type: 'Accept', rid: 1, seg: 0, off: 0, ballot: [1, 2], value: 5 })).toMatch(/value/);
    expect(checkRequest({ type: 'ReadQuery', rid: 1, seg: 0, off: 0, extra: 1 })).toMatch(/wrong fields/);
    expect(checkRequest({ type: 'ReadQuery', rid: -1, seg: 0, off: 0 })).toMatch(/rid/);
    expect(checkRequest({ type: 'PrepareRange', rid: 1, seg: 0, start: 5, end: 5, ballot: [1, 2] })).toMatch(/empty/);
    expect(checkRequest({ type: 'PrepareRange', rid: 1, seg: 0, start: 0, end: 70_000, ballot: [1, 2] })).toMatch(/longer/);
    expect(checkRequest({ type: 'TrimSegment', rid: 1, seg: 1.5 })).toMatch(/seg/);
  });
});
