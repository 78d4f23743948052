/**
 * Capture calls, capture ids written by other clients and batch ranges are WORPaxos behaviours
 * (HandOver, Release, ForgetRevealed; ranges projected per register; src/trace/record.ts): the
 * data registers of the simulator's seeds are traced, not refused, and accepted; nothing is
 * refused any more (the unsafe write is WORPaxos's UnsafeWrite);
 * tampered hand-over traces are rejected at the tampered line with the false conjunct.
 */
import { describe, expect, it } from 'vitest';
import type { Trace, TraceEventLine } from '../../src/trace/format.ts';
import { HOLDER_BASE, recordTrace } from '../../src/trace/record.ts';
import { validateTrace } from '../../src/trace/stream-validate.ts';

const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);

const count = (t: Trace, action: string): number => t.events.filter((e) => e.action === action).length;

function dataRegisters(): { seed: number; off: number; trace: Trace; problems: string[] }[] {
  const out = [];
  for (const seed of SEEDS) for (const off of [0, 1]) {
    const r = recordTrace({ seed, off });
    out.push({ seed, off, trace: r.trace, problems: r.problems });
  }
  return out;
}

const validate = (t: Trace) => validateTrace(t as unknown as Parameters<typeof validateTrace>[0]);

describe('capture ids handed over: traced and accepted', () => {
  const regs = dataRegisters();

  it('seeds 1-30: every data register with a hand-over or a range is accepted; none is refused', () => {
    // Nothing is refused (docs/traces.md, "What the WORPaxos recorder refuses"): a problem names its register.
    for (const r of regs) expect({ seed: r.seed, off: r.off, problems: r.problems }).toEqual({ seed: r.seed, off: r.off, problems: [] });
    // Measured: none of the 60 (the unsafe write and a range completion that found nothing are traced now).
    expect(regs.filter((r) => r.problems.length > 0).length).toBe(0);
    const handedOver = regs.filter((r) => r.problems.length === 0 && count(r.trace, 'HandOver') > 0);
    expect(handedOver.length).toBeGreaterThanOrEqual(15);
    // Ranges: an AcceptRange or PrepareRange projected onto the register, accepted below.
    expect(handedOver.filter((r) => r.trace.events.some((e) => e.action === 'Write' && e.quorum === null)).length).toBeGreaterThan(0);
    let forgot = 0;
    let writers = 0;
    for (const r of handedOver) {
      const v = validate(r.trace);
      expect({ seed: r.seed, off: r.off, unmatched: v.firstUnmatched?.index ?? null }).toEqual({ seed: r.seed, off: r.off, unmatched: null });
      expect(v.matched).toBe(r.trace.events.length);
      forgot += count(r.trace, 'ForgetRevealed');
      // A hand-over from a holder to a client that writes with the id.
      writers += r.trace.events.filter((e) => e.action === 'HandOver' && (e.client ?? 0) > HOLDER_BASE).length;
    }
    expect(forgot).toBeGreaterThan(0);
    expect(writers).toBeGreaterThan(0);
  }, 240_000);

  /** The first accepted register with a hand-over to a writer, and that HandOver's index. */
  function handOverToWriter(): { t: Trace; i: number } {
    for (const r of regs) {
      if (r.problems.length > 0) continue;
      const i = r.trace.events.findIndex((e) => e.action === 'HandOver' && (e.client ?? 0) > HOLDER_BASE);
      if (i >= 0) return { t: r.trace, i };
    }
    throw new Error('no register has a hand-over to a writer');
  }

  /** t without event i, or with event i changed. */
  function without(t: Trace, i: number, change?: (e: TraceEventLine) => void): Trace {
    if (!change) return { header: t.header, events: t.events.filter((_, j) => j !== i) };
    const events = t.events.map((e, j) => {
      if (j !== i) return e;
      const c = structuredClone(e);
      change(c);
      return c;
    });
    return { header: t.header, events };
  }

  it('a write with an id nobody handed to the writer is rejected at its Write line, naming the false conjunct', () => {
    const { t, i } = handOverToWriter();
    expect(t.events[i + 1]!.action).toBe('Write');
    const v = validate(without(t, i));
    expect(v.accepted).toBe(false);
    // The Write is now event i (0-based), line i + 2 of the file (line 1 is the header).
    expect(v.firstUnmatched?.index).toBe(i);
    expect(v.firstUnmatched?.line).toBe(i + 2);
    expect(v.mismatch?.conjunct?.location ?? '').toMatch(/WORPaxos\.tla:\d+/);
  });

  it('a hand-over to a client the holder did not get the id from is rejected at that HandOver', () => {
    const { t, i } = handOverToWriter();
    const forged = without(t, i, (e) => (e.client = HOLDER_BASE + 99));
    forged.header = { ...forged.header, clients: [...forged.header.clients, HOLDER_BASE + 99] };
    const v = validate(forged);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.index).toBe(i);
    expect(v.mismatch?.conjunct?.text ?? '').toMatch(/captured/);
  });

  it('without ForgetRevealed, the write with an id whose revealed value was completed above is rejected (the code sends its own value)', () => {
    const r = regs.find((x) => x.problems.length === 0 && count(x.trace, 'ForgetRevealed') > 0 && validate(x.trace).accepted)!;
    const i = r.trace.events.findIndex((e) => e.action === 'ForgetRevealed');
    const v = validate(without(r.trace, i));
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched!.index).toBeGreaterThanOrEqual(i);
  });
});
