/**
 * WormTX: the RM state machine on the simulator (fixed seeds, with and without faults), the
 * planted bugs caught by the simulation's invariants, the traces accepted by WormTX.tla, a
 * tampered trace rejected naming its event, and malformed requests refused with one line.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateWormTX } from '../../../src/apps/wormtx/sim.ts';
import { txTraces, type TimedTxEvent } from '../../../src/apps/wormtx/trace.ts';
import { parseTxRequest } from '../../../src/apps/wormtx/tcp.ts';
import { checkTrace, describeEvent } from '../../../src/trace/validate.ts';
import { pickEngine } from '../../../src/tla/engines.ts';
import type { TxConfig } from '../../../src/apps/wormtx/types.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ALL = ['loss', 'dup', 'reorder', 'crash', 'partition'] as const;

describe('WormTX simulation', () => {
  it.each([1, 2])('seed %i without faults: every invariant holds and the traces are accepted', async (seed) => {
    const r = await simulateWormTX({ seed, steps: 40, faults: [], traceFile: null, checkTrace: true, traceLimit: 4 });
    expect(r.violations).toEqual([]);
    expect(Number(r.stats.committed)).toBeGreaterThan(30);
    expect(r.trace?.accepted, r.trace?.message).toBe(true);
  }, 60_000);

  it.each([3, 6, 8])('seed %i with every fault (RM and server crashes too): invariants hold, traces accepted', async (seed) => {
    const r = await simulateWormTX({ seed, steps: 40, faults: [...ALL], traceFile: null, checkTrace: true, traceLimit: 4 });
    expect(r.violations).toEqual([]);
    expect(r.trace?.accepted, r.trace?.message).toBe(true);
  }, 60_000);

  it('aggressive vote timeouts (aborts by capture+write race the votes and the pre-captures): still consistent, traces accepted', async () => {
    // With a 10-tick timeout an RM captures another's register before that RM pre-captured its
    // window; the pre-capture then preempts the aborter (WormTX.tla's PreCapture after a
    // TimeoutCapture).
    const r = await simulateWormTX({ seed: 2, steps: 40, faults: ['reorder'], traceFile: null, checkTrace: true, traceLimit: 6, voteTimeout: 10 });
    expect(r.violations).toEqual([]);
    expect(r.trace?.accepted, r.trace?.message).toBe(true);
  }, 60_000);

  it('replays exactly from its seed', async () => {
    const a = await simulateWormTX({ seed: 4, steps: 20, faults: [...ALL], traceFile: null, checkTrace: false });
    const b = await simulateWormTX({ seed: 4, steps: 20, faults: [...ALL], traceFile: null, checkTrace: false });
    expect(a.stats).toEqual(b.stats);
  }, 60_000);
});

describe('WormTX planted bugs are caught', () => {
  it('CommitMissingVote (commit when every WRITTEN vote is yes) breaks TCConsistent and the balances', async () => {
    const r = await simulateWormTX({ seed: 1, steps: 40, faults: [], traceFile: null, checkTrace: false, bug: 'CommitMissingVote' });
    expect(r.violations.some((v) => v.startsWith('TCConsistent'))).toBe(true);
    expect(r.violations.some((v) => /committed but the votes are/.test(v))).toBe(true);
  }, 60_000);

  it('AbortWithoutWrite (abort on a timeout without writing no) is caught', async () => {
    const r = await simulateWormTX({ seed: 1, steps: 40, faults: ['reorder'], traceFile: null, checkTrace: false, bug: 'AbortWithoutWrite', voteTimeout: 10 });
    expect(r.violations.some((v) => /aborted but no vote register holds no/.test(v))).toBe(true);
  }, 60_000);
});

describe('WormTX traces', () => {
  it('a tampered trace is rejected, naming the event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wormtx-'));
    const file = join(dir, 't.ndjson');
    await simulateWormTX({ seed: 1, steps: 10, faults: [], traceFile: file, checkTrace: false });
    const events = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TimedTxEvent);
    const started = new Map<number, number[]>();
    for (const e of events) if (e.ev === 'sent' && !started.has(e.t)) started.set(e.t, []);
    // Participants: whoever voted in the transaction.
    for (const e of events) if (e.ev === 'sent' && e.target === e.rm) started.get(e.t)!.push(e.rm);
    for (const p of started.values()) p.sort((a, b) => a - b);
    const tr = txTraces(events, started, 16).find((t) => t.events.some((e) => e.action === 'Decide' && e.outcome === 'commit') && t.header.nrm === 2)!;
    const engine = pickEngine('embedded');
    expect((await checkTrace({ header: tr.header, events: tr.events }, engine)).accepted).toBe(true);
    // Tamper: one RM decides abort where it committed.
    const bad = tr.events.map((e) => ({ ...e }));
    const k = bad.findIndex((e) => e.action === 'Decide');
    bad[k]!.outcome = 'abort';
    const v = await checkTrace({ header: tr.header, events: bad }, engine);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.index).toBe(k);
    expect(describeEvent(v.firstUnmatched!.event)).toContain('Decide');
  }, 60_000);
});

describe('WormTX requests from the wire', () => {
  const cfg: TxConfig = { nRms: 3, segBase: 1, window: 16, accounts: 9, initialBalance: 100, voteTimeout: 100, pollInterval: 10 };
  it('accepts a well-formed request and refuses malformed ones with one line', () => {
    expect(parseTxRequest(cfg, 0, { kind: 'tx', t: 3, parts: [0, 1], ops: [['a3', -5]] })).toEqual({ kind: 'tx', t: 3, parts: [0, 1], ops: [['a3', -5]] });
    for (const bad of [null, { kind: 'x' }, { kind: 'tx', t: -1, parts: [0], ops: [] }, { kind: 'tx', t: 1, parts: [1], ops: [] }, { kind: 'tx', t: 1, parts: [0], ops: [['a1', 5]] }, { kind: 'tx', t: 1, parts: [0], ops: [['a0', 1.5]] }]) {
      expect(() => parseTxRequest(cfg, 0, bad)).toThrow(/^[^\n]+$/);
    }
  });
});
