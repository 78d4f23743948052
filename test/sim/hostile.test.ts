/**
 * Write-once against a client that copies ballots (issue 12): a HostileClient (src/sim/hostile.ts)
 * reads registers and turns every ballot it sees in a ReadReply (the promise, the accepted
 * ballot, with the proof the acceptor returned) into an Accept of a value of its own, and replays
 * Accepts verbatim. Over generated fault schedules (fast-check) the checkers of src/sim/checker.ts
 * must find nothing: none of its values is ever chosen, and reads stay stable. The second test
 * shows the property has teeth: with capture keys off (the protocol before the fix) the same
 * hostile breaks agreement in the first runs.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/run.ts';
import { checkSim, configOf } from './schedules.ts';

const RUNS = Number(process.env.WORMSPACE_SIM_RUNS ?? 40);

describe('a hostile client that copies ballots from replies', () => {
  it('never gets a value of its own chosen or read, over generated fault schedules', () => {
    const { failed, report } = checkSim({ numRuns: RUNS, testPath: 'test/sim/hostile.test.ts', replayable: true, extra: { hostile: true } });
    if (failed) throw new Error(report);
  });

  it('really forges: it sends copies, and without capture keys they overwrite chosen values', () => {
    const shape = { partitions: 1, serversPerPartition: 3, clients: 3, lossPct: 5, dupPct: 5, delayMax: 40, schedule: [] };
    let broken = 0;
    for (let seed = 1; seed <= 3; seed++) {
      const keyed = simulate(configOf({ ...shape, seed, hostile: true }));
      expect(keyed.stats.hostile!.forged).toBeGreaterThan(20);
      expect(keyed.violations).toEqual([]);
      expect(keyed.log.votes.some((v) => v.value.startsWith('hostile-'))).toBe(false);
      const open = simulate(configOf({ ...shape, seed, hostile: true }, { captureKeys: false }));
      if (open.violations.some((v) => v.includes('hostile-'))) broken++;
    }
    expect(broken).toBeGreaterThan(0);
  });
});
