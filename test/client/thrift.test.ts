/**
 * Thrifty sending in runOp (src/client/driver.ts): a phase that asks every acceptor the same
 * single-register question goes to a quorum first, and to the others only when that quorum falls
 * short. Acceptors here are the core's own `step` over in-memory stores, so the replies are the
 * protocol's; the sender records who was asked what.
 */
import { describe, expect, it } from 'vitest';
import { step } from '../../src/core/acceptor.ts';
import { RoundCounter } from '../../src/core/ballot.ts';
import { MemoryAcceptorStore } from '../../src/core/memory-store.ts';
import type { Reply, Request } from '../../src/core/messages.ts';
import { readOp, writeOp } from '../../src/core/proposer/operations.ts';
import { runOp, type Sender, type Thrift } from '../../src/client/driver.ts';
import type { RequestOutcome } from '../../src/transport/tcp-client.ts';

const SERVERS = ['s1', 's2', 's3'];
// Timers far beyond the test's own timeout: a result that needed one of them fails the test.
const RETRY = { firstTimeoutMs: 60_000, maxTimeoutMs: 60_000, backoffFactor: 2 };

/** A partition of in-memory acceptors; `behave` may make one fail, stall or answer late. */
function partition(behave: (to: string, req: Request) => 'answer' | 'fail' | 'stall' = () => 'answer') {
  const stores = new Map(SERVERS.map((s) => [s, new MemoryAcceptorStore()]));
  const asked: string[] = [];
  const send: Sender = (to, req) => {
    asked.push(`${req.type}>${to}`);
    const how = behave(to, req);
    if (how === 'stall') return new Promise(() => {});
    if (how === 'fail') return Promise.resolve({ ok: false, reason: 'disconnected', message: `${to} is down` });
    const store = stores.get(to)!;
    const { changes, replies } = step(store, req);
    store.apply(changes);
    return Promise.resolve({ ok: true, response: replies[0]! } as RequestOutcome<Reply>);
  };
  return { stores, asked, send };
}

const thrift = (holdMs = 60_000): Thrift => ({ rank: (a) => [...a], holdMs: () => holdMs });
let rid = 1;
const ctx = (clientId = 7) => ({ acceptors: SERVERS, ballots: new RoundCounter(clientId), rid: rid++ });

describe('thrifty runOp', () => {
  it('asks a quorum only when it answers: a capture+write and a read reach two servers of three', async () => {
    const p = partition();
    const w = await runOp(writeOp(ctx(), 1, 0, 'v', null, { allocated: true }), p.send, RETRY, Math.random, thrift());
    expect(w.status).toBe('ok');
    const r = await runOp(readOp(ctx(), 1, 0, { allocated: true }), p.send, RETRY, Math.random, thrift());
    expect(r).toEqual({ status: 'ok', value: 'v' });
    expect(p.asked.every((a) => !a.endsWith('>s3'))).toBe(true);
    expect(p.asked).toEqual(['Prepare>s1', 'Prepare>s2', 'Accept>s1', 'Accept>s2', 'ReadQuery>s1', 'ReadQuery>s2']);
    // The value is chosen: on a quorum, and not on the server never asked.
    expect(p.stores.get('s3')!.getWor(1, 0)).toBeUndefined();
  });

  it('asks every server at once without thrift', async () => {
    const p = partition();
    await runOp(readOp(ctx(), 1, 0, { allocated: true }), p.send, RETRY);
    expect(p.asked).toEqual(['ReadQuery>s1', 'ReadQuery>s2', 'ReadQuery>s3']);
  });

  it('asks the held server at once when one of the quorum fails at the transport', async () => {
    const p = partition((to) => (to === 's1' ? 'fail' : 'answer'));
    const w = await runOp(writeOp(ctx(), 1, 0, 'v', null, { allocated: true }), p.send, RETRY, Math.random, thrift());
    expect(w.status).toBe('ok');
    expect(p.asked.slice(0, 3)).toEqual(['Prepare>s1', 'Prepare>s2', 'Prepare>s3']);
    expect(p.stores.get('s3')!.getWor(1, 0)?.acceptedValue).toBe('v');
  });

  it('asks the held server once the quorum answered without a result (a refusal)', async () => {
    const p = partition();
    // s1 promised a higher ballot of another client: a write at a lower ballot is refused there.
    const high = { type: 'Prepare', rid: 999, seg: 1, off: 0, ballot: [1000, 99] } as Request;
    const s1 = p.stores.get('s1')!;
    s1.apply(step(s1, high).changes);
    const w = await runOp(writeOp(ctx(), 1, 0, 'v', null, { allocated: true }), p.send, RETRY, Math.random, thrift());
    expect(w.status).toBe('ok');
    // The first Prepare went to s1 and s2; s1's refusal left the quorum short, so s3 was asked.
    expect(p.asked.slice(0, 3)).toEqual(['Prepare>s1', 'Prepare>s2', 'Prepare>s3']);
  });

  it('asks the held server when the quorum stalls past the hold time, before the op timer', async () => {
    const p = partition((to) => (to === 's2' ? 'stall' : 'answer'));
    const r = await runOp(readOp(ctx(), 1, 0, { allocated: true }), p.send, RETRY, Math.random, thrift(20));
    expect(r.status).toBe('unwritten');
    // Answered by s1 and s3 after the hold, not by the op timer's resend (which would ask s2 again).
    expect(p.asked).toEqual(['ReadQuery>s1', 'ReadQuery>s2', 'ReadQuery>s3']);
  });
});
