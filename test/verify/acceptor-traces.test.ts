/**
 * verify's wor layer checks the WORAcceptor traces of every register of its seeds
 * (src/verify/acceptor-traces.ts): the rows are accepted, cover every acceptor event of the
 * linkage table, and a buggy server's run gives a rejected row naming the register and event.
 */
import { describe, expect, it } from 'vitest';
import { worAcceptorLinkage } from '../../src/trace/linkage-tables/woracceptor.ts';
import { ACCEPTOR_SEEDS } from '../../src/trace/record-acceptor.ts';
import { runAcceptorTraces } from '../../src/verify/acceptor-traces.ts';
import { addCounts, coverageOf } from '../../src/verify/coverage.ts';
import { layerProblems, traceOk } from '../../src/verify/report.ts';

describe("verify's WORAcceptor traces", () => {
  it('every seed is accepted, with ranges and trims, and every acceptor event is exercised', () => {
    const outs = runAcceptorTraces();
    expect(outs.map((o) => o.row.seed)).toEqual([...ACCEPTOR_SEEDS]);
    for (const o of outs) {
      expect({ seed: o.row.seed, verdict: o.row.verdict, detail: o.row.detail }).toMatchObject({ verdict: 'accepted' });
      expect(traceOk(o.row)).toBe(true);
      expect(o.registers).toBeGreaterThan(3);
    }
    expect(outs.reduce((n, o) => n + o.rangeSteps, 0)).toBeGreaterThan(0);
    expect(outs.reduce((n, o) => n + o.trims, 0)).toBeGreaterThan(0);
    const total: Record<string, number> = {};
    for (const o of outs) addCounts(total, o.counts);
    const c = coverageOf(worAcceptorLinkage, total);
    expect(c.missing).toEqual([]);
    expect(c.actionsNotReached).toEqual([]);
  }, 120_000);

  it("a server that accepts below its promise gives a rejected row, and the layer fails", () => {
    const [o] = runAcceptorTraces([1], undefined, undefined, 'acceptBelowPromise');
    expect(o!.row.verdict).toBe('rejected');
    expect(o!.row.detail).toMatch(/^register (meta|\d+): event \d+ \(line \d+\): Accepted/);
    const problems = layerProblems({ layer: 'wor', models: [], traces: [o!.row], coverage: [], mutation: null, linkage: [] });
    expect(problems.join('; ')).toMatch(/1 trace\(s\) rejected/);
  }, 120_000);
});
