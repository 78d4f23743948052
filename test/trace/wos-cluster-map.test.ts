// wosOfMerged's mapping of a merged multi-process run onto WOS traces (src/trace/wos-cluster.ts),
// on hand-made events: segments renumbered in order, a client's overlapping calls on virtual
// clients (freed when they answer), a call without a Return unanswered, an Invoke WOS has no call
// for left out, a malformed Invoke refused, and each event naming its log line.
import { describe, expect, it } from 'vitest';
import type { Merged } from '../../src/trace/merge.ts';
import { validateTrace } from '../../src/trace/stream-validate.ts';
import { wosOfMerged } from '../../src/trace/wos-cluster.ts';
import { WosTraceError } from '../../src/trace/wos.ts';

const merged = (events: [string, Record<string, unknown>][]): Merged => ({
  events: events.map(([action, vars], at) => ({ at, action, vars, src: `client-7.ndjson:${at + 2}` })),
  acceptors: ['a', 'b', 'c'],
  dropped: 0,
  forced: 0,
  processes: ['client 7'],
});

describe('wosOfMerged', () => {
  it('renumbers segments, runs overlapping calls on virtual clients, keeps unanswered calls unanswered', () => {
    const w = wosOfMerged(merged([
      ['InvokeRead', { rid: 1, client: 7, seg: 6082590003, off: 0 }],
      ['InvokeCheck', { rid: 2, client: 7, seg: 6082590003 }],
      ['InvokeListen', { rid: 3, client: 7, seg: 6082590003 }],
      ['ReturnCheck', { rid: 2, client: 7, seg: 6082590003, result: { status: 'notAllocated' } }],
      ['ReturnRead', { rid: 1, client: 7, seg: 6082590003, off: 0, result: { status: 'notAllocated' } }],
      ['InvokeCheck', { rid: 4, client: 7, seg: 500 }],
      ['InvokeWrite', { rid: 5, client: 7, seg: 500, off: 2, value: 'v', captureId: null }],
      ['ReturnCheck', { rid: 4, client: 7, seg: 500, result: { status: 'notAllocated' } }],
    ]));
    expect(w.segments).toEqual([500, 6082590003]);
    expect([w.calls, w.virtual, w.unanswered]).toEqual([4, 2, 1]);
    expect(w.wos.header).toMatchObject({ trace: 'WOS', segments: 2, offsets: 3 });
    const calls = w.wos.events.filter((e) => e.action === 'Call').map((e) => [e.client, e.kind, e.seg, e.status, e.log]);
    expect(calls).toEqual([
      [7, 'read', 1, 'notAllocated', 'client-7.ndjson:2'],
      [8, 'check', 1, 'notAllocated', 'client-7.ndjson:3'],
      [7, 'check', 0, 'notAllocated', 'client-7.ndjson:7'],
      // the virtual client 8 was freed by its answer and runs the next overlapping call
      [8, 'write', 0, 'unknown', 'client-7.ndjson:8'],
    ]);
    expect(w.wos.events.filter((e) => e.action === 'Return').map((e) => e.log)).toEqual(['client-7.ndjson:5', 'client-7.ndjson:6', 'client-7.ndjson:9']);
    for (const t of [w.wos, w.wosimpl]) expect(validateTrace(t).accepted).toBe(true);
    // A read that answers a value on a segment nobody allocated is not a WOS behaviour.
    const bad = wosOfMerged(merged([
      ['InvokeRead', { rid: 1, client: 7, seg: 3, off: 0 }],
      ['ReturnRead', { rid: 1, client: 7, seg: 3, off: 0, result: { status: 'ok', value: 'x' } }],
    ]));
    const v = validateTrace(bad.wos);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched!.event.log).toBe('client-7.ndjson:3');
  });

  it('answers an unanswered write where a quorum accepted it, and only then', () => {
    const run = (accepts: string[]): ReturnType<typeof wosOfMerged> => wosOfMerged(merged([
      ['InvokeAlloc', { rid: 1, client: 7, seg: 9, value: 'm' }],
      ['ReturnAlloc', { rid: 1, client: 7, seg: 9, value: 'm', result: { status: 'ok' } }],
      ['InvokeWrite', { rid: 2, client: 7, seg: 9, off: 0, value: 'v', captureId: null }],
      ['Capture', { client: 7, rid: 2, seg: 9, off: 0, ballot: [1, 7] }],
      ['Promise', { acceptor: 'a', seg: 9, off: 0, ballot: [1, 7], promised: [1, 7], acceptedBallot: null, acceptedValue: null, from: 'c7', rid: 2 }],
      ['Promise', { acceptor: 'b', seg: 9, off: 0, ballot: [1, 7], promised: [1, 7], acceptedBallot: null, acceptedValue: null, from: 'c7', rid: 2 }],
      ['Write', { client: 7, rid: 2, seg: 9, off: 0, ballot: [1, 7], value: 'v', callerValue: 'v', quorum: ['a', 'b'] }],
      ...accepts.map((a): [string, Record<string, unknown>] => ['Accepted', { acceptor: a, seg: 9, off: 0, ballot: [1, 7], promised: [1, 7], acceptedBallot: [1, 7], acceptedValue: 'v', from: 'c7', rid: 2 }]),
    ]));
    const decided = run(['a', 'b']);
    expect([decided.unanswered, decided.settled, decided.pinned]).toEqual([0, 1, 1]);
    const call = decided.wos.events.find((e) => e.action === 'Call' && e.kind === 'write')!;
    expect([call.status, call.nc]).toEqual(['ok', 1]);
    // Its Return comes right after the Accepted that completed the quorum (line 10 of the log).
    expect(decided.wos.events.map((e) => `${e.action}:${e.log}`)).toEqual(['Call:client-7.ndjson:2', 'Return:client-7.ndjson:3', 'Call:client-7.ndjson:4', 'Return:client-7.ndjson:10']);
    for (const t of [decided.wos, decided.wosimpl]) expect(validateTrace(t).accepted).toBe(true);
    const one = run(['a']);
    expect([one.unanswered, one.settled]).toEqual([1, 0]);
    expect(one.wos.events.find((e) => e.action === 'Call' && e.kind === 'write')!.status).toBe('unknown');
  });

  it('refuses logs without calls and a malformed Invoke, in one line', () => {
    expect(() => wosOfMerged(merged([['Promise', { acceptor: 'a', seg: 1, off: 0, ballot: [1, 1] }]]))).toThrow(WosTraceError);
    expect(() => wosOfMerged(merged([['InvokeWrite', { rid: 1, client: 7, seg: 1, off: 0, captureId: null }]]))).toThrow(/InvokeWrite of client 7 \(rid 1\): no value/);
    expect(() => wosOfMerged(merged([['InvokeWrite', { rid: 1, client: 7, seg: 1, off: 0, value: 'v', captureId: 'x' }]]))).toThrow(/capture id "x" is not a ballot/);
  });
});
