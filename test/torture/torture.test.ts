/**
 * A short, bounded torture run (the long one is `wormspace torture --minutes M`, reported in
 * bench/results/torture.md): real server processes, kill -9 and partitions, concurrent clients.
 */
import { describe, expect, it } from 'vitest';
import { FAULTS, formatSummary, runTorture } from '../../src/torture/run.ts';

describe('torture (short)', () => {
  it('loses no acknowledged write and finds every history linearizable over 3 trials', async () => {
    const summary = await runTorture({ servers: 3, trials: 3, clients: 3, trialMs: 1500, seed: 7 });
    expect(summary.trials).toBe(3);
    expect(summary.operations).toBeGreaterThan(10);
    expect(summary.writes.ok).toBeGreaterThan(0);
    expect(Object.values(summary.faults).reduce((a, b) => a + b, 0)).toBe(3);
    expect(summary.violations).toEqual([]);
    expect(summary.acknowledgedLost).toBe(0);
    const md = formatSummary(summary, 'test');
    expect(md).toContain('| **acknowledged writes lost** | **0** |');
    for (const f of FAULTS) expect(md).toContain(`\`${f}\``);
  }, 150_000);
});
