/**
 * Write-once whatever clients do (issue 12): capture ids handed to several writers at once, each
 * writing its own value, and unsafe writes repeated on one register. Generated fault schedules
 * (fast-check) over the simulator with the `shareIds` workload; the checkers of src/sim/checker.ts
 * judge agreement (one chosen value per register, one value per ballot on each acceptor), that
 * every reported value is the chosen one, and real-time order.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/run.ts';
import { checkSim, configOf } from './schedules.ts';

const RUNS = Number(process.env.WORMSPACE_SIM_RUNS ?? 100);

describe('capture ids shared among concurrent writers', () => {
  it('keeps write-once and linearizability over generated fault schedules', () => {
    const { failed, report } = checkSim({ numRuns: RUNS, testPath: 'test/sim/shared-ids.test.ts', replayable: true, shareIds: true });
    if (failed) throw new Error(report);
  });

  it('the workload really shares ids: several writes with one capture id, with different values', () => {
    let sharedWrites = 0;
    let splitBallots = 0;
    // Split ballots need two writers of one id to race at the acceptors: rare, so look further.
    for (let seed = 1; seed <= 60 && (sharedWrites <= 10 || splitBallots === 0); seed++) {
      const r = simulate(configOf({ seed, partitions: 1, serversPerPartition: 3, clients: 4, lossPct: 5, dupPct: 5, delayMax: 40, schedule: [], shareIds: true }));
      expect(r.violations).toEqual([]);
      const byId = new Map<string, Set<string>>();
      for (const c of r.log.calls) {
        if (c.call.kind !== 'write' || c.call.captureId === null) continue;
        const k = `${c.call.seg}:${c.call.off}@${c.call.captureId.join('.')}`;
        if (!byId.has(k)) byId.set(k, new Set());
        byId.get(k)!.add(c.call.value);
      }
      for (const values of byId.values()) if (values.size > 1) sharedWrites++;
      // Acceptors holding different values at one ballot: the situation the fix is about.
      const atBallot = new Map<string, Set<string>>();
      for (const v of r.log.votes) {
        const k = `${v.seg}:${v.off}@${v.ballot.join('.')}`;
        if (!atBallot.has(k)) atBallot.set(k, new Set());
        atBallot.get(k)!.add(v.value);
      }
      for (const values of atBallot.values()) if (values.size > 1) splitBallots++;
    }
    expect(sharedWrites).toBeGreaterThan(10);
    expect(splitBallots).toBeGreaterThan(0);
  });
});
