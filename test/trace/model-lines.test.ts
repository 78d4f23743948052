import { describe, expect, it } from 'vitest';
import { mcModule } from '../../src/trace/model.ts';
import type { AnyTrace } from '../../src/trace/format.ts';

describe('the generated trace model', () => {
  it('breaks a long list of values over lines (the TLA+ parser is quadratic in a line\'s length)', () => {
    const values = Array.from({ length: 500 }, (_, i) => `meta1.${i}`);
    const trace = { header: { trace: 'WORPaxos', seg: 0, off: 0, acceptors: ['a'], clients: [1], values }, events: [] } as unknown as AnyTrace;
    const text = mcModule(trace, null);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThan(200);
    for (const v of values) expect(text).toContain(JSON.stringify(v));
  });
});
