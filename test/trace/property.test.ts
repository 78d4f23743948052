// Property: whatever the seed, fault rates and sizes, the trace of the metadata WOR is one that
// WORPaxos allows. fast-check prints the failing (seed, faults) so a failure replays with
// `recordTrace({ seed, ops, overrides })`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autoEngine } from '../helpers/engine.ts';
import { recordTrace } from '../../src/trace/record.ts';
import { checkTrace, describeEvent } from '../../src/trace/validate.ts';

const engine = autoEngine(import.meta.url);

describe(`traces of random faulty runs (${engine.name} engine)`, () => {
  it('are accepted by WORPaxos', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1000, max: 1_000_000 }),
          ops: fc.integer({ min: 2, max: 10 }),
          clients: fc.integer({ min: 1, max: 4 }),
          lossPct: fc.integer({ min: 0, max: 30 }),
          dupPct: fc.integer({ min: 0, max: 30 }),
          delayMax: fc.integer({ min: 1, max: 80 }),
        }),
        async ({ seed, ops, clients, lossPct, dupPct, delayMax }) => {
          const r = recordTrace({ seed, ops, overrides: { clients, faults: { lossPct, dupPct, delayMin: 1, delayMax } } });
          expect(r.problems).toEqual([]);
          const v = await checkTrace(r.trace, engine);
          const u = v.firstUnmatched;
          expect(u && `rejected at event ${u.index + 1}: ${describeEvent(u.event)} | ${v.context.join('; ')}`).toBeNull();
        },
      ),
      { numRuns: 8, seed: 20261125 },
    );
  }, 300_000);
});
