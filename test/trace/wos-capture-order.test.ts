// The capture order read from the acceptors' events (src/trace/wos-capture-order.ts), and the
// wrappers holding a trace to it (the Call field nc, tla/wos/TraceWOS.tla PinCapture).
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/core/trace.ts';
import type { CallRecord } from '../../src/sim/history.ts';
import { validateText } from '../../src/trace/stream-validate.ts';
import { captureOrder } from '../../src/trace/wos-capture-order.ts';
import { recordWosTrace } from '../../src/trace/wos-record.ts';
import type { WosTrace } from '../../src/trace/wos.ts';

const text = (t: WosTrace): string => [t.header, ...t.events].map((x) => JSON.stringify(x)).join('\n') + '\n';
const rec = (id: number, client: number, call: CallRecord['call'], invokedAt: number): CallRecord => ({ id, client, call, invokedAt, returnedAt: invokedAt + 100, result: null, liveness: false });
const invoke = (client: number, rid: number): TraceEvent => ({ action: 'InvokeCapture', vars: { client, rid } });
const capture = (client: number, rid: number, off: number, ballot: [number, number]): TraceEvent => ({ action: 'Capture', vars: { client, rid, seg: 0, off, ballot } });
const promise = (acceptor: string, off: number, ballot: [number, number]): TraceEvent => ({ action: 'Promise', vars: { acceptor, seg: 0, off, ballot } });

describe('capture order', () => {
  it('numbers the calls by the moment their highest ballot got a quorum of promises', () => {
    const calls = [
      rec(10, 1, { kind: 'capture', seg: 0, off: 0 }, 1),
      rec(11, 2, { kind: 'write', seg: 0, off: 0, value: 'x', captureId: null }, 2),
      rec(12, 3, { kind: 'capture', seg: 0, off: 1 }, 3),
      rec(13, 4, { kind: 'write', seg: 0, off: 1, value: 'y', captureId: [1, 1] }, 4),
    ];
    const events: TraceEvent[] = [
      invoke(1, 1), invoke(2, 1), invoke(3, 1), invoke(4, 1),
      capture(1, 1, 0, [1, 1]),
      capture(2, 1, 0, [1, 2]),
      promise('a', 0, [1, 1]),
      promise('a', 0, [1, 2]),
      promise('a', 0, [1, 2]), // a duplicate counts once
      promise('b', 0, [1, 2]), // client 2's capture has its quorum: first
      capture(1, 1, 0, [2, 1]), // client 1 retries higher
      promise('b', 0, [1, 1]), // its old ballot's quorum (too late to count: not its highest)
      promise('c', 0, [2, 1]),
      promise('a', 0, [2, 1]), // client 1's highest ballot: second
      capture(3, 1, 1, [1, 3]),
      promise('a', 1, [1, 3]), // client 3: one promise only, no place
      { action: 'Repair', vars: { client: 4, rid: 1, seg: 0, off: 1, ballot: [5, 4] } },
      promise('a', 1, [5, 4]),
      promise('b', 1, [5, 4]), // not a WOS capture (client 4's call holds a capture id)
    ];
    const order = captureOrder(events, calls, 2, 3);
    expect([...order.entries()]).toEqual([[11, 1], [10, 2]]);
    expect(() => captureOrder(events, calls, 0, 3)).toThrow(/quorum 0/);
  });

  it('leaves free a capture that found a value in flight, and places a call whose value another completed at its empty capture', () => {
    const calls = [
      rec(20, 1, { kind: 'write', seg: 0, off: 0, value: 'x', captureId: null }, 1),
      rec(21, 2, { kind: 'write', seg: 0, off: 0, value: 'y', captureId: null }, 2),
      rec(22, 3, { kind: 'capture', seg: 0, off: 1 }, 3),
    ];
    const held = (acceptor: string, ballot: [number, number], acceptedBallot: [number, number]): TraceEvent => ({ action: 'Promise', vars: { acceptor, seg: 0, off: 0, ballot, acceptedBallot } });
    const acc = (acceptor: string, ballot: [number, number]): TraceEvent => ({ action: 'Accepted', vars: { acceptor, seg: 0, off: 0, ballot } });
    const events: TraceEvent[] = [
      invoke(1, 1), invoke(2, 1), invoke(3, 1),
      capture(1, 1, 0, [1, 1]),
      promise('a', 0, [1, 1]),
      promise('b', 0, [1, 1]), // client 1 captures the empty register: its place
      acc('a', [1, 1]), // x in flight
      capture(2, 1, 0, [2, 2]),
      held('a', [2, 2], [1, 1]),
      promise('c', 0, [2, 2]), // client 2 finds x in flight and adopts it: free
      acc('a', [2, 2]),
      acc('c', [2, 2]), // x decided, through client 2's repair
      capture(1, 1, 0, [3, 1]),
      held('a', [3, 1], [2, 2]),
      held('c', [3, 1], [2, 2]), // client 1's retry finds x decided: it counts at its first capture
      capture(3, 1, 1, [1, 3]),
      promise('a', 1, [1, 3]),
      promise('b', 1, [1, 3]),
    ];
    expect([...captureOrder(events, calls, 2, 3).entries()]).toEqual([[20, 1], [22, 2]]);
  });

  it('a simulated run states the order, and a trace stating another one is rejected', () => {
    const { trace } = recordWosTrace(3, 20);
    const pinned = trace.events.filter((e) => e.action === 'Call' && e.nc !== null);
    expect(pinned.length).toBeGreaterThan(5);
    expect(pinned.map((e) => e.nc).sort((a, b) => (a as number) - (b as number))).toEqual(pinned.map((_, i) => i + 1));
    expect(validateText(text(trace), 'seed3.ndjson').accepted).toBe(true);
    // Two captures of which the second was invoked after the first answered: swapping their
    // places in the order is a lie that the wrapper must refuse.
    const ret = (i: number): number => trace.events.findIndex((e, j) => j > i && e.action === 'Return' && e.client === trace.events[i]!.client);
    const i = trace.events.findIndex((e) => e.action === 'Call' && e.nc !== null && e.status !== 'unknown');
    const j = trace.events.findIndex((e, k) => k > ret(i) && e.action === 'Call' && e.nc === (trace.events[i]!.nc as number) + 1);
    expect(j).toBeGreaterThan(i);
    const events = trace.events.map((e, k) => (k === i ? { ...e, nc: e.nc as number + 1 } : k === j ? { ...e, nc: e.nc as number - 1 } : e));
    const v = validateText(text({ header: trace.header, events }), 'swapped.ndjson');
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched!.index).toBeLessThanOrEqual(ret(i));
    expect(v.mismatch?.conjunct?.text).toContain('ncap + 1 = e.nc');
  }, 120_000);
});
