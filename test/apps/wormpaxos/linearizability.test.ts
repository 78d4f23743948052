/**
 * The KV linearizability checker on hand-made histories: linearizable ones (sequential,
 * overlapping, with a put that never answered) pass; non-linearizable ones (a stale read after a
 * completed put, two readers seeing two writes in opposite orders, a read of a value nobody
 * wrote, a lost acknowledged put) fail, naming the key.
 */
import { describe, expect, it } from 'vitest';
import { checkKv, type KvOp } from '../../../src/apps/wormpaxos/linearizability.ts';

const put = (key: string, value: string, call: number, ret: number | null, client = 'c'): KvOp => ({ kind: 'put', key, value, call, ret, client });
const get = (key: string, value: string | null, call: number, ret: number | null, client = 'c'): KvOp => ({ kind: 'get', key, value, call, ret, client });

describe('KV linearizability checker', () => {
  it('accepts linearizable histories', () => {
    expect(checkKv([]).ok).toBe(true);
    expect(checkKv([get('x', null, 0, 1), put('x', 'a', 2, 3), get('x', 'a', 4, 5)]).ok).toBe(true);
    // Overlapping put and get: the get may see either value.
    expect(checkKv([put('x', 'a', 0, 10), get('x', null, 1, 2), get('x', 'a', 3, 4)]).ok).toBe(true);
    // Two concurrent puts, readers agree on one order.
    expect(checkKv([put('x', 'a', 0, 10, 'p'), put('x', 'b', 0, 10, 'q'), get('x', 'a', 11, 12), get('x', 'a', 13, 14)]).ok).toBe(true);
    // A put that never answered may have taken effect...
    expect(checkKv([put('x', 'a', 0, null), get('x', 'a', 5, 6)]).ok).toBe(true);
    // ...or not.
    expect(checkKv([put('x', 'a', 0, null), get('x', null, 5, 6)]).ok).toBe(true);
    // Keys are independent.
    expect(checkKv([put('x', 'a', 0, 1), put('y', 'b', 2, 3), get('x', 'a', 4, 5), get('y', 'b', 4, 5)]).ok).toBe(true);
  });

  it('rejects a read that went back to an older value after a newer one was read', () => {
    // put a; then get a; then (strictly after) get null: not linearizable (the put cannot be
    // linearized both before the first read and after the second).
    const r = checkKv([put('x', 'a', 0, 10), get('x', 'a', 1, 2), get('x', null, 3, 4, 'd')]);
    expect(r.ok).toBe(false);
    expect(r.failures[0]).toContain('key "x"');
  });

  it('rejects a stale read after a completed put (a lost acknowledged put)', () => {
    const r = checkKv([put('x', 'a', 0, 1), get('x', null, 2, 3)]);
    expect(r.ok).toBe(false);
  });

  it('rejects two readers that see two concurrent writes in opposite orders', () => {
    const r = checkKv([
      put('x', 'a', 0, 10, 'p'),
      put('x', 'b', 0, 10, 'q'),
      get('x', 'a', 11, 12, 'r1'),
      get('x', 'b', 13, 14, 'r2'),
      get('x', 'a', 15, 16, 'r1'),
    ]);
    expect(r.ok).toBe(false);
  });

  it('rejects a read of a value nobody wrote, and names the culprit', () => {
    const r = checkKv([put('x', 'a', 0, 1), get('x', 'zz', 2, 3, 'r9'), put('y', 'b', 0, 1), get('y', 'b', 2, 3)]);
    expect(r.ok).toBe(false);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toContain('which no put wrote');
  });

  it('rejects a read that saw a put before it was invoked', () => {
    const r = checkKv([get('x', 'a', 0, 1), put('x', 'a', 2, 3)]);
    expect(r.ok).toBe(false);
    expect(r.failures[0]).toContain('before its put was invoked');
  });

  it('handles a few hundred concurrent operations quickly', () => {
    const ops: KvOp[] = [];
    // 8 clients, 40 rounds; in round i every client puts then the value of round i is read.
    for (let i = 0; i < 40; i++) {
      for (let c = 0; c < 8; c++) ops.push(put('k', `v${i}.${c}`, i * 10, i * 10 + 5, `c${c}`));
      ops.push(get('k', `v${i}.3`, i * 10 + 6, i * 10 + 7, 'r'));
    }
    const t0 = Date.now();
    const r = checkKv(ops);
    expect(r.ok).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
