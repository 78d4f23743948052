// The "traces" phase of `wormspace verify` (src/verify/traces.ts) on a few seeds.
import { describe, expect, it } from 'vitest';
import { autoEngine } from '../helpers/engine.ts';
import { coverage, runTraces, tracesOk, tracesTable } from '../../src/verify/traces.ts';

describe('verify: traces phase', () => {
  it('checks seeded traces and tabulates seed, events, verdict, seconds', async () => {
    const started: number[] = [];
    const outcomes = await runTraces(autoEngine(import.meta.url), 2, (s) => started.push(s));
    expect(started).toEqual([1, 2]);
    expect(outcomes.map((o) => o.verdict)).toEqual(['accepted', 'accepted']);
    expect(tracesOk(outcomes)).toBe(true);
    const table = tracesTable(outcomes).split('\n');
    expect(table[0]).toMatch(/^seed\s+events\s+verdict\s+seconds/);
    expect(table[2]).toMatch(new RegExp(`^1\\s+${outcomes[0]!.events}\\s+accepted\\s+\\d+\\.\\d\\d`));
    const reads = outcomes[0]!.actions.Read! + outcomes[1]!.actions.Read!;
    expect(coverage(outcomes)).toContain(`Read ${reads}`);
  }, 180_000);

  it('a rejected or untraceable outcome fails the phase', () => {
    const ok = { seed: 1, events: 3, verdict: 'accepted' as const, seconds: 0.1, detail: null, actions: { Read: 1 } };
    expect(tracesOk([ok, { ...ok, seed: 2, verdict: 'rejected', detail: 'event 2: Accepted' }])).toBe(false);
    expect(tracesOk([ok, { ...ok, seed: 2, verdict: 'untraceable', detail: 'trimmed' }])).toBe(false);
    expect(tracesTable([{ ...ok, verdict: 'rejected', detail: 'event 2: Accepted' }])).toContain('event 2: Accepted');
    expect(coverage([ok])).toMatch(/^events per action: Read 1; never: Promise, .*ForgetRevealed, ForgedWrite$/);
  });
});
