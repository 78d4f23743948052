/**
 * The checkers on hand-made logs: each one fires on the history it forbids and stays quiet on a
 * legal one, so a passing simulation means something.
 */
import { describe, expect, it } from 'vitest';
import type { Ballot } from '../../src/core/ballot.ts';
import type { AnyResult } from '../../src/core/messages.ts';
import { checkAgreement, checkAll, checkAnswers, checkLiveness, checkRealTime, chosenValues } from '../../src/sim/checker.ts';
import type { Call, CallRecord, RunLog, Vote } from '../../src/sim/history.ts';

const PART = ['a', 'b', 'c'];

function log(calls: CallRecord[], votes: Vote[]): RunLog {
  return { calls, votes, trims: [], partitionOf: () => PART };
}

let nextId = 0;
function call(c: Call, invokedAt: number, returnedAt: number | null, result: AnyResult | null, liveness = false): CallRecord {
  return { id: nextId++, client: 1, call: c, invokedAt, returnedAt, result, liveness };
}

function votes(off: number, ballot: Ballot, value: string, servers: string[]): Vote[] {
  return servers.map((server) => ({ server, seg: 0, off, ballot, value }));
}

describe('checkers', () => {
  it('chosen means a quorum at one ballot', () => {
    const v = [...votes(0, [1, 1], 'x', ['a']), ...votes(0, [2, 1], 'x', ['b'])];
    expect(chosenValues(log([], v)).get('0:0')).toBeUndefined();
    expect(chosenValues(log([], [...v, ...votes(0, [2, 1], 'x', ['c'])])).get('0:0')).toEqual(new Set(['x']));
  });

  it('agreement fires on two chosen values and on two values at one ballot on one acceptor', () => {
    const two = [...votes(0, [1, 1], 'x', ['a', 'b']), ...votes(0, [2, 2], 'y', ['b', 'c'])];
    expect(checkAgreement(log([], two)).join()).toMatch(/2 chosen values/);
    const sameBallot = [...votes(0, [1, 1], 'x', ['a']), ...votes(0, [1, 1], 'y', ['a'])];
    expect(checkAgreement(log([], sameBallot)).join()).toMatch(/two values at ballot <<1,1>> on a/);
    // Two acceptors with different values at one (shared) capture id: allowed, nothing chosen.
    expect(checkAgreement(log([], [...votes(0, [1, 1], 'x', ['a']), ...votes(0, [1, 1], 'y', ['b'])]))).toEqual([]);
    expect(checkAgreement(log([], votes(0, [1, 1], 'x', PART)))).toEqual([]);
  });

  it('answersChosen fires on a reported value no quorum accepted; oneValue on two reported values', () => {
    const v = votes(0, [1, 1], 'x', ['a', 'b']);
    const okRead = call({ kind: 'read', seg: 0, off: 0 }, 0, 1, { status: 'ok', value: 'x' });
    const badRead = call({ kind: 'read', seg: 0, off: 0 }, 2, 3, { status: 'ok', value: 'y' });
    expect(checkAnswers(log([okRead], v))).toEqual([]);
    const out = checkAnswers(log([okRead, badRead], v)).join('\n');
    expect(out).toMatch(/answersChosen: .*"y"/);
    expect(out).toMatch(/oneValue: 0:0/);
  });

  it('counts writeSegment registers as acknowledged except the refused ones', () => {
    const v = [...votes(0, [1, 1], 'w', PART), ...votes(2, [1, 1], 'w', PART)];
    const ws = call({ kind: 'writeSegment', seg: 0, start: 0, end: 3, value: 'w', captureId: [1, 1] }, 0, 1, { status: 'ok', written: [], preempted: [1] });
    expect(checkAnswers(log([ws], v))).toEqual([]);
    const claimsAll = call({ kind: 'writeSegment', seg: 0, start: 0, end: 3, value: 'w', captureId: [1, 1] }, 0, 1, { status: 'ok', written: [], preempted: [] });
    expect(checkAnswers(log([claimsAll], v)).join()).toMatch(/0:1/);
  });

  it('realTime fires on unwritten after a returned value, notAllocated after alloc, non-trimmed after trim', () => {
    const v = [...votes(0, [1, 1], 'x', PART), ...votes(-1, [1, 1], 'm', PART)];
    const write = call({ kind: 'write', seg: 0, off: 0, value: 'x', captureId: null }, 0, 10, { status: 'ok' });
    const concurrent = call({ kind: 'read', seg: 0, off: 0 }, 5, 12, { status: 'unwritten' });
    const after = call({ kind: 'read', seg: 0, off: 0 }, 11, 12, { status: 'unwritten' });
    expect(checkRealTime(log([write, concurrent], v))).toEqual([]);
    expect(checkRealTime(log([write, after], v)).join()).toMatch(/answered unwritten/);
    const alloc = call({ kind: 'alloc', seg: 0, value: 'm' }, 0, 5, { status: 'ok' });
    const na = call({ kind: 'read', seg: 0, off: 1 }, 6, 7, { status: 'notAllocated' });
    expect(checkRealTime(log([alloc, na], v)).join()).toMatch(/notAllocated/);
    const trim = call({ kind: 'trim', seg: 0 }, 20, 30, { status: 'ok' });
    const late = call({ kind: 'read', seg: 0, off: 1 }, 31, 32, { status: 'unwritten' });
    const trimmed = call({ kind: 'read', seg: 0, off: 1 }, 31, 32, { status: 'trimmed' });
    expect(checkRealTime(log([trim, trimmed], v))).toEqual([]);
    expect(checkRealTime(log([trim, late], v)).join()).toMatch(/after the segment's trim/);
  });

  it('realTime fires on a value returned before any call proposed it', () => {
    const v = votes(0, [1, 1], 'x', PART);
    const early = call({ kind: 'read', seg: 0, off: 0 }, 0, 3, { status: 'ok', value: 'x' });
    const write = call({ kind: 'write', seg: 0, off: 0, value: 'x', captureId: null }, 5, 10, { status: 'ok' });
    expect(checkRealTime(log([early, write], v)).join()).toMatch(/before any call proposed it/);
    const later = call({ kind: 'read', seg: 0, off: 0 }, 4, 6, { status: 'ok', value: 'x' });
    expect(checkRealTime(log([later, write], v))).toEqual([]);
  });

  it('liveness fires on a timeout, a call that never returned, and a lost acknowledged value', () => {
    const v = votes(0, [1, 1], 'x', PART);
    const write = call({ kind: 'write', seg: 0, off: 0, value: 'x', captureId: null }, 0, 10, { status: 'ok' });
    const good = call({ kind: 'read', seg: 0, off: 0 }, 20, 21, { status: 'ok', value: 'x' }, true);
    expect(checkLiveness(log([write, good], v))).toEqual([]);
    const lost = call({ kind: 'read', seg: 0, off: 0 }, 20, 21, { status: 'unwritten' }, true);
    const timedOut = call({ kind: 'read', seg: 0, off: 1 }, 20, 21, { status: 'timeout' }, true);
    const never = call({ kind: 'check', seg: 0 }, 20, null, null, true);
    const out = checkLiveness(log([write, lost, timedOut, never], v)).join('\n');
    expect(out).toMatch(/acknowledged before it began/);
    expect(out).toMatch(/timed out/);
    expect(out).toMatch(/never returned/);
  });

  it('a legal history passes every checker', () => {
    const v = [...votes(-1, [1, 1], 'm', PART), ...votes(0, [2, 1], 'x', ['a', 'b'])];
    const calls = [
      call({ kind: 'alloc', seg: 0, value: 'm' }, 0, 5, { status: 'ok' }),
      call({ kind: 'read', seg: 0, off: 0 }, 6, 7, { status: 'unwritten' }),
      call({ kind: 'write', seg: 0, off: 0, value: 'x', captureId: null }, 8, 12, { status: 'ok' }),
      call({ kind: 'write', seg: 0, off: 0, value: 'y', captureId: null }, 9, 14, { status: 'alreadyWritten', value: 'x' }),
      call({ kind: 'read', seg: 0, off: 0 }, 20, 21, { status: 'ok', value: 'x' }, true),
    ];
    expect(checkAll(log(calls, v))).toEqual([]);
  });
});
