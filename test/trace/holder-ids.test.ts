/**
 * Holder ids never collide with a real client (src/trace/record.ts, holderBase): a capture id
 * handed over is held in the trace by a holder client numbered above HOLDER_BASE, and a client
 * of the code picks its own id, so a careless or hostile one may pick 1001. The same simulated
 * run with its clients renumbered from 1001 (order kept, so every ballot compares as
 * before) must be traced and accepted like the original, its holders above every client.
 */
import { describe, expect, it } from 'vitest';
import { serverIds, simulate, type TimedTraceEvent } from '../../src/sim/run.ts';
import { extractRegister, holderBase, HOLDER_BASE, traceOf, traceSimConfig } from '../../src/trace/record.ts';
import { validateTrace } from '../../src/trace/stream-validate.ts';

/** renumber maps client ids c -> c + shift everywhere the events name a client. */
function renumber(events: readonly TimedTraceEvent[], shift: number): TimedTraceEvent[] {
  const clientId = (c: number): number => (c > 0 ? c + shift : c); // ballot <<0, 0>> (unsafe) stays
  const walk = (v: unknown, key: string | null): unknown => {
    if (Array.isArray(v)) {
      // A ballot <<round, client>>.
      if (v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], clientId(v[1])];
      return v.map((x) => walk(x, null));
    }
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    if (key === 'client' && typeof v === 'number') return clientId(v);
    if (key === 'from' && typeof v === 'string' && /^c\d+$/.test(v)) return `c${clientId(Number(v.slice(1)))}`;
    return v;
  };
  return events.map((e) => ({ ...e, vars: walk(e.vars, null) as TimedTraceEvent['vars'] }));
}

describe('holder ids', () => {
  it('holderBase skips every id the run uses', () => {
    expect(holderBase([1, 2, 3], 50)).toBe(HOLDER_BASE);
    expect(holderBase([1, 1001], 50)).toBe(2 * HOLDER_BASE);
    expect(holderBase([1, 1050, 2010], 50)).toBe(3 * HOLDER_BASE);
    expect(holderBase([1000, 1051], 50)).toBe(HOLDER_BASE); // 1000 and 1051 are outside 1001..1050
  });

  it('a run whose clients are numbered from 1001 is traced like the original, holders above its clients', () => {
    let checked = 0;
    for (const seed of [2, 3, 8, 15]) {
      const cfg = traceSimConfig(seed);
      const all: TimedTraceEvent[] = [];
      simulate({ ...cfg, bug: null, traceSink: (e) => all.push(e) });
      const acceptors = serverIds(cfg)[0]!;
      for (const off of [0, 1]) {
        const original = extractRegister(all, acceptors, 0, off);
        if (original.problems.length > 0 || !original.events.some((e) => e.action === 'HandOver')) continue;
        const renumbered = renumber(all, HOLDER_BASE);
        const moved = extractRegister(renumbered, acceptors, 0, off);
        expect(moved.problems).toEqual([]);
        // The clients are now 1001 and up, so the holders (ids no event of the run names) move above 2000.
        const real = new Set(renumbered.map((e) => e.vars.client).filter((x): x is number => typeof x === 'number'));
        const ids = new Set(moved.events.flatMap((e) => [e.client, e.to]).filter((x): x is number => typeof x === 'number'));
        const holders = [...ids].filter((x) => !real.has(x));
        expect(holders.length).toBeGreaterThan(0);
        expect(holders.filter((x) => x <= 2 * HOLDER_BASE)).toEqual([]);
        const v = validateTrace(traceOf(moved.events, { seg: 0, off, acceptors }));
        expect({ seed, off, unmatched: v.firstUnmatched?.index ?? null }).toEqual({ seed, off, unmatched: null });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  }, 120_000);
});
