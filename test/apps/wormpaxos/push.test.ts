/**
 * Followers learn from the leader's pushes instead of reading the log: the leader sends every
 * position it applies ({t:'log'}), a follower applies what it is sent in order, and a follower
 * that heard a live leader does not poll the servers at its tick. A follower the pushes missed
 * still catches up by reading once it saw no progress for a tick. Driven on the pure node.
 */
import { describe, expect, it } from 'vitest';
import type { AnyResult } from '../../../src/core/messages.ts';
import { DEFAULT_CONFIG, WormPaxosNode, encodePut, type KvReply, type KvRequest, type PaxosConfig, type PaxosEvent, type PaxosMsg } from '../../../src/apps/wormpaxos/node.ts';
import { parsePaxosMsg } from '../../../src/apps/wormpaxos/tcp.ts';
import type { Effect, Input } from '../../../src/apps/runtime/node.ts';

type Out = Effect<PaxosMsg, KvReply, PaxosEvent>;

const cfg = (id: string): PaxosConfig => ({ ...DEFAULT_CONFIG, segSize: 8, replicas: ['r1', 'r2', 'r3'], addr: `${id}:1` });

const wos = (out: Out[]) => out.filter((e): e is Extract<Out, { kind: 'wos' }> => e.kind === 'wos');
const timers = (out: Out[]) => out.filter((e): e is Extract<Out, { kind: 'timer' }> => e.kind === 'timer');

function done(n: WormPaxosNode, out: Out[], kind: string, result: AnyResult): Out[] {
  const call = wos(out).find((e) => e.call.kind === kind);
  if (!call) throw new Error(`no ${kind} call in ${JSON.stringify(out)}`);
  return n.step({ kind: 'wosDone', tag: call.tag, result });
}

const step = (n: WormPaxosNode, inp: Input<PaxosMsg, KvRequest>): Out[] => n.step(inp);

describe('WormPaxos followers learn from the leader', () => {
  it('the leader pushes the positions it applies to every peer', () => {
    const n = new WormPaxosNode('r1', cfg('r1'));
    const start = n.start();
    const tick = timers(start)[0]!;
    let out = step(n, { kind: 'timer', tag: tick.tag }); // the first tick reads position 0
    out = done(n, out, 'read', { status: 'notAllocated' });
    out = step(n, { kind: 'request', reqId: 1, body: { op: 'put', id: 'p1', key: 'k', value: 'v' } });
    out = done(n, out, 'alloc', { status: 'ok' });
    out = done(n, out, 'captureSegment', { status: 'ok', captureId: [1, 1], written: [] });
    out = done(n, out, 'write', { status: 'ok' });
    expect(out).toContainEqual({ kind: 'reply', reqId: 1, body: { status: 'ok', pos: 0 } });
    // The push waits pushDelay for more positions; the put is answered without waiting for it.
    expect(out.filter((e) => e.kind === 'send')).toEqual([]);
    const push = timers(out).find((t) => t.delay === DEFAULT_CONFIG.pushDelay)!;
    expect(push).toBeDefined();
    // A second put applied before the timer fires joins the same push.
    out = step(n, { kind: 'request', reqId: 2, body: { op: 'put', id: 'p2', key: 'k', value: 'w' } });
    out = done(n, out, 'write', { status: 'ok' });
    expect(out).toContainEqual({ kind: 'reply', reqId: 2, body: { status: 'ok', pos: 1 } });
    expect(out.filter((e) => e.kind === 'send')).toEqual([]);
    expect(timers(out).filter((t) => t.delay === DEFAULT_CONFIG.pushDelay)).toEqual([]); // armed once
    out = step(n, { kind: 'timer', tag: push.tag });
    const vals = [encodePut('p1', 'k', 'v'), encodePut('p2', 'k', 'w')];
    expect(out.filter((e) => e.kind === 'send')).toEqual([
      { kind: 'send', to: 'r2', msg: { t: 'log', pos: 0, vals } },
      { kind: 'send', to: 'r3', msg: { t: 'log', pos: 0, vals } },
    ]);
  });

  it('with pushDelay 0 the leader pushes each step\'s positions at once', () => {
    const n = new WormPaxosNode('r1', { ...cfg('r1'), pushDelay: 0 });
    const start = n.start();
    let out = step(n, { kind: 'timer', tag: timers(start)[0]!.tag });
    out = done(n, out, 'read', { status: 'notAllocated' });
    out = step(n, { kind: 'request', reqId: 1, body: { op: 'put', id: 'p1', key: 'k', value: 'v' } });
    out = done(n, out, 'alloc', { status: 'ok' });
    out = done(n, out, 'captureSegment', { status: 'ok', captureId: [1, 1], written: [] });
    out = done(n, out, 'write', { status: 'ok' });
    expect(out.filter((e) => e.kind === 'send')).toEqual([
      { kind: 'send', to: 'r2', msg: { t: 'log', pos: 0, vals: [encodePut('p1', 'k', 'v')] } },
      { kind: 'send', to: 'r3', msg: { t: 'log', pos: 0, vals: [encodePut('p1', 'k', 'v')] } },
    ]);
  });

  it('a follower applies pushed positions in order, without reading them', () => {
    const n = new WormPaxosNode('r2', cfg('r2'));
    n.start();
    // Position 1 first: it waits for 0.
    let out = step(n, { kind: 'recv', from: 'r1', msg: { t: 'log', pos: 1, vals: [encodePut('b', 'k', '2')] } });
    expect(n.next).toBe(0);
    out = step(n, { kind: 'recv', from: 'r1', msg: { t: 'log', pos: 0, vals: [encodePut('a', 'k', '1')] } });
    expect(n.next).toBe(2);
    expect(n.kv.get('k')).toBe('2');
    expect(wos(out)).toEqual([]);
    expect(out.filter((e) => e.kind === 'trace').map((e) => (e as { event: PaxosEvent }).event)).toEqual([
      { a: 'learn', pos: 0, value: encodePut('a', 'k', '1') },
      { a: 'learn', pos: 1, value: encodePut('b', 'k', '2') },
    ]);
  });

  it('a follower that heard the leader does not poll at its tick; one left behind reads', () => {
    const n = new WormPaxosNode('r2', cfg('r2'));
    let tick = timers(n.start())[0]!;
    step(n, { kind: 'recv', from: 'r1', msg: { t: 'hb', lead: 1, applied: 0, addr: 'r1:1' } });
    let out = step(n, { kind: 'timer', tag: tick.tag });
    expect(wos(out)).toEqual([]);
    // The leader applied 3 positions whose pushes were lost: after a tick without progress, read them.
    tick = timers(out)[0]!;
    step(n, { kind: 'recv', from: 'r1', msg: { t: 'hb', lead: 1, applied: 3, addr: 'r1:1' } });
    out = step(n, { kind: 'timer', tag: tick.tag });
    const reads = wos(out).filter((e) => e.call.kind === 'read').map((e) => (e.call as { off: number }).off);
    expect(reads.sort()).toEqual([0, 1, 2]);
  });

  it('a malformed push is refused at the port', () => {
    expect(parsePaxosMsg({ t: 'log', pos: 0, vals: ['x'] })).toEqual({ t: 'log', pos: 0, vals: ['x'] });
    expect(() => parsePaxosMsg({ t: 'log', pos: -1, vals: ['x'] })).toThrow('malformed peer message');
    expect(() => parsePaxosMsg({ t: 'log', pos: 0, vals: [1] })).toThrow('malformed peer message');
  });
});
