/**
 * WormLog on the simulator: fixed seeds with every fault, the application's invariants and the
 * WOS checkers clean, the trace accepted by TraceWormLog.tla; the planted bug (a client taking
 * alreadyWritten for ok) is caught by the invariants and by the trace; a tampered trace is
 * rejected naming the event; runs replay from their seed.
 */
import { describe, expect, it } from 'vitest';
import { runWormLog } from '../../../src/apps/wormlog/sim.ts';
import type { WormLogTrace, WormLogTraceEvent } from '../../../src/apps/wormlog/trace.ts';
import { backOf, validateWormLogTrace } from '../../../src/apps/wormlog/validate.ts';
import { FAULT_KINDS } from '../../../src/apps/runtime/faults.ts';

const ALL = [...FAULT_KINDS];

describe('WormLog simulation', () => {
  it.each([1, 2, 3])('seed %i, every fault: invariants hold and the trace is accepted', async (seed) => {
    const r = await runWormLog({ seed, steps: 40, faults: ALL, traceFile: null, checkTrace: true, keepTrace: true });
    expect(r.violations).toEqual([]);
    expect(r.stats.appends).toBeGreaterThanOrEqual(35);
    expect(r.stats.sequencerCrashes).toBeGreaterThanOrEqual(1);
    expect(r.trace?.accepted, r.trace?.message).toBe(true);
    expect(r.trace!.events).toBe(r.recorded!.events.length);
    const actions = new Set(r.recorded!.events.map((e) => e.action));
    for (const a of ['SeqAlloc', 'SeqCapture', 'Grant', 'ClientWrite', 'Read', 'ReaderCapture', 'ReaderFill']) expect(actions).toContain(a);
  }, 60_000);

  it('replays exactly from its seed', async () => {
    const a = await runWormLog({ seed: 9, steps: 20, faults: ALL, traceFile: null, checkTrace: false, keepTrace: true });
    const b = await runWormLog({ seed: 9, steps: 20, faults: ALL, traceFile: null, checkTrace: false, keepTrace: true });
    expect(a.recorded).toEqual(b.recorded);
    expect(a.stats).toEqual(b.stats);
  });

  // Seeds 1 and 5 have a client paused long enough that a reader fills its slot with junk, so its
  // write answers alreadyWritten: exactly where the planted bug acknowledges the append.
  it.each([1, 5])('seed %i: the planted bug AckAlreadyWritten is caught by the invariants and the trace', async (seed) => {
    const opts = { seed, steps: 60, faults: [], traceFile: null, checkTrace: true };
    const good = await runWormLog({ ...opts, checkTrace: false, keepTrace: true });
    expect(good.violations).toEqual([]);
    const lost = good.recorded!.events.filter((e) => e.action === 'ClientWrite' && e.code === 'alreadyWritten');
    expect(lost.length).toBeGreaterThan(0);
    const bad = await runWormLog({ ...opts, bug: 'AckAlreadyWritten' });
    expect(bad.violations.some((v) => /acknowledged append .* but the position holds #junk/.test(v))).toBe(true);
    expect(bad.trace?.accepted).toBe(false);
    expect(bad.trace?.message).toMatch(/ClientWrite .*acked=true/);
  }, 60_000);
});

describe('WormLog trace validation', () => {
  async function recorded(seed: number): Promise<WormLogTrace> {
    const r = await runWormLog({ seed, steps: 15, faults: ['loss', 'reorder'], traceFile: null, checkTrace: false, keepTrace: true });
    expect(r.violations).toEqual([]);
    return r.recorded!;
  }

  it('rejects a tampered trace and names the event', async () => {
    const t = await recorded(4);
    expect((await validateWormLogTrace(t)).accepted).toBe(true);
    // A read that reports another value than the register holds.
    const i = t.events.findIndex((e) => e.action === 'Read' && e.value !== '#junk');
    expect(i).toBeGreaterThan(0);
    const tampered: WormLogTrace = { header: t.header, events: t.events.map((e, j) => (j === i ? ({ ...e, value: '#junk' } as WormLogTraceEvent) : e)) };
    const v = await validateWormLogTrace(tampered);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched).toBe(i);
    expect(v.message).toContain(`event ${i + 1} (Read `);
  }, 60_000);

  it('rejects a grant of a slot the sequencer already handed out', async () => {
    const t = await recorded(6);
    const grants = t.events.map((e, j) => [e, j] as const).filter(([e]) => e.action === 'Grant');
    expect(grants.length).toBeGreaterThan(2);
    const [second, j] = grants[1]!;
    const first = grants[0]![0];
    const tampered: WormLogTrace = { header: t.header, events: t.events.map((e, k) => (k === j ? ({ ...second, slot: (first as { slot: number }).slot } as WormLogTraceEvent) : e)) };
    const v = await validateWormLogTrace(tampered);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched).toBe(j);
  }, 60_000);

  it('computes linearization windows from invocation points', () => {
    const ev = [
      { action: 'SeqAlloc', at: 1, inv: 1, s: 's', seg: 0 },
      { action: 'SeqCapture', at: 2, inv: 1, s: 's', seg: 0, id: '1.1' },
      { action: 'Grant', at: 3, s: 's', c: 'c', slot: 0, id: '1.1' },
      { action: 'ClientWrite', at: 4, inv: 2, c: 'c', slot: 0, id: '1.1', code: 'ok', value: null, acked: true },
    ] as WormLogTraceEvent[];
    // Event 2 (invoked before event 1) may take its step 1 event early; event 4, 2 events early
    // (before 2 and 3); a grant is no call.
    expect(ev.map((e, i) => backOf(e, i))).toEqual([0, 1, null, 2]);
  });
});
