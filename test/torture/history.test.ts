/** The write-once linearizability checker: histories it must accept and histories it must reject. */
import { describe, expect, it } from 'vitest';
import { checkRegister, type Op } from '../../src/torture/history.ts';

const w = (value: string, invoke: number, answer: number, outcome: 'ok' | 'notTaken' | 'unknown' = 'ok', observed?: string): Op =>
  observed === undefined ? { kind: 'write', client: 1, value, invoke, answer, outcome } : { kind: 'write', client: 1, value, invoke, answer, outcome, observed };
const r = (invoke: number, answer: number, value?: string): Op =>
  value === undefined ? { kind: 'read', client: 2, invoke, answer, outcome: 'unwritten' } : { kind: 'read', client: 2, invoke, answer, outcome: 'value', value };

describe('checkRegister', () => {
  it('accepts linearizable histories', () => {
    expect(checkRegister([])).toEqual({ ok: true });
    expect(checkRegister([r(0, 1), r(2, 3)])).toEqual({ ok: true });
    expect(checkRegister([w('a', 0, 10), r(1, 2), r(5, 12, 'a'), w('b', 3, 8, 'notTaken', 'a')])).toEqual({ ok: true, chosen: 'a' });
    // A write with an unknown outcome may take effect late, even after its answer (a read repairs it).
    expect(checkRegister([w('a', 0, Infinity, 'unknown'), r(20, 21), r(30, 31, 'a')])).toEqual({ ok: true, chosen: 'a' });
    // A write that answered alreadyWritten with its own value took effect before its answer.
    expect(checkRegister([w('a', 0, 10, 'unknown', 'a'), r(1, 2), r(11, 12, 'a')])).toEqual({ ok: true, chosen: 'a' });
    expect(checkRegister([w('a', 0, 10, 'unknown', 'a'), r(11, 12)])).toMatchObject({ ok: false });
    // Overlapping read and write: either order is fine.
    expect(checkRegister([w('a', 0, 10), r(5, 6)])).toMatchObject({ ok: true });
    expect(checkRegister([w('a', 0, 10), r(5, 6, 'a')])).toMatchObject({ ok: true });
  });

  it('rejects two values in one register', () => {
    expect(checkRegister([w('a', 0, 1), w('b', 2, 3)])).toMatchObject({ ok: false, reason: expect.stringMatching(/^two values in one register/) });
    expect(checkRegister([w('a', 0, Infinity, 'unknown'), w('b', 0, Infinity, 'unknown'), r(5, 6, 'a'), r(7, 8, 'b')])).toMatchObject({ ok: false });
    expect(checkRegister([w('a', 0, 1), w('b', 2, 3, 'notTaken', 'c')])).toMatchObject({ ok: false });
  });

  it('rejects a lost acknowledged write: unwritten read after the write answered ok', () => {
    expect(checkRegister([w('a', 0, 10), r(11, 12)])).toMatchObject({ ok: false, reason: expect.stringMatching(/^no instant for the write of "a"/) });
  });

  it('rejects a value read before its write began, a value nobody wrote, and a refused write read back', () => {
    expect(checkRegister([r(0, 1, 'a'), w('a', 2, 3)])).toMatchObject({ ok: false });
    expect(checkRegister([r(0, 1, 'z')])).toMatchObject({ ok: false, reason: expect.stringMatching(/a value nobody wrote$/) });
    expect(checkRegister([w('a', 0, 1, 'notTaken', 'a'), r(2, 3, 'a')])).toMatchObject({ ok: false, reason: expect.stringMatching(/did not take effect/) });
  });

  it('rejects a flip back to unwritten: a read saw the value, a later read saw none', () => {
    expect(checkRegister([w('a', 0, Infinity, 'unknown'), r(5, 6, 'a'), r(7, 8)])).toMatchObject({ ok: false });
  });

  it('refuses histories it cannot judge: one value written twice', () => {
    expect(checkRegister([w('a', 0, 1), w('a', 2, 3, 'unknown')])).toMatchObject({ ok: false, reason: expect.stringMatching(/written twice/) });
  });
});
