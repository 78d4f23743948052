/**
 * Simulated-network tests: generated fault schedules (fast-check) over the deterministic
 * simulator, judged by the checkers of src/sim/checker.ts. A failure prints the shrunk run and a
 * replay command: WORMSPACE_SEED=<seed> WORMSPACE_PATH=<path> npx vitest run test/sim.
 * WORMSPACE_SIM_RUNS sets the number of runs (default 150) for a longer hunt.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, simulate, type FaultEvent, type TimedTraceEvent } from '../../src/sim/run.ts';
import { checkAcceptorTrace } from '../../src/sim/checker.ts';
import { STATUSES } from '../../src/core/messages.ts';
import { sweep, sweepConfig } from '../../src/sim/sweep.ts';
import { replay } from '../../src/sim/replay.ts';
import { Prng } from '../../src/sim/prng.ts';
import { checkSim, configOf } from './schedules.ts';

const RUNS = Number(process.env.WORMSPACE_SIM_RUNS ?? 150);

describe('simulation under faults', () => {
  it('keeps every safety and liveness property over generated fault schedules', () => {
    const { failed, report } = checkSim({ numRuns: RUNS, testPath: 'test/sim', replayable: true });
    if (failed) throw new Error(report);
  });

  it('replays exactly from its seed', () => {
    const shape = {
      seed: 4242,
      partitions: 2,
      serversPerPartition: 3,
      clients: 3,
      lossPct: 10,
      dupPct: 10,
      delayMax: 30,
      schedule: [
        { at: 300, kind: 'crashServer', server: 1 },
        { at: 900, kind: 'isolateServer', server: 4 },
        { at: 1200, kind: 'crashClient', client: 0 },
        { at: 2000, kind: 'restartServer', server: 1 },
        { at: 2500, kind: 'heal' },
      ] as FaultEvent[],
    };
    const a = simulate(configOf(shape));
    const b = simulate(configOf(shape));
    expect(JSON.stringify(a.log.calls)).toBe(JSON.stringify(b.log.calls));
    expect(a.stats).toEqual(b.stats);
    expect(a.violations).toEqual([]);
    // The run did real work under faults: calls returned, messages were lost and duplicated.
    expect(a.stats.returned).toBeGreaterThan(40);
    expect(a.stats.network.lost).toBeGreaterThan(0);
    expect(a.stats.network.duplicated).toBeGreaterThan(0);
    expect(a.stats.serverCrashes).toBe(1);
    expect(a.stats.clientCrashes).toBe(1);
  });

  it('different seeds give different runs', () => {
    const shape = { seed: 1, partitions: 1, serversPerPartition: 3, clients: 3, lossPct: 10, dupPct: 10, delayMax: 30, schedule: [] };
    const a = simulate(configOf(shape));
    const b = simulate(configOf({ ...shape, seed: 2 }));
    expect(JSON.stringify(a.log.calls)).not.toBe(JSON.stringify(b.log.calls));
  });

  it('every status of the API shows up across runs (the workload reaches every path)', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 30; seed++) {
      const r = simulate(configOf({ seed, partitions: 1, serversPerPartition: 3, clients: 3, lossPct: 10, dupPct: 5, delayMax: 40, schedule: [{ at: 1000, kind: 'crashServer', server: 0 }, { at: 1000, kind: 'crashServer', server: 1 }, { at: 1600, kind: 'restartServer', server: 0 }, { at: 1600, kind: 'restartServer', server: 1 }] }));
      expect(r.violations).toEqual([]);
      for (const k of Object.keys(r.stats.byStatus)) seen.add(k.split(':')[1]!);
    }
    for (const status of STATUSES) expect(seen).toContain(status);
  });
});

describe('the checkers catch a server that answers before its fsync', () => {
  it('finds a violation among crash-heavy runs of the buggy server, and none with the correct one', () => {
    const crashy = (seed: number): FaultEvent[] => {
      const p = new Prng(seed * 7919);
      const schedule: FaultEvent[] = [];
      for (let i = 0; i < 20; i++) {
        const server = p.int(3);
        const at = p.int(DEFAULT_CONFIG.safetyUntil - 300);
        schedule.push({ at, kind: 'crashServer', server }, { at: at + p.range(1, 200), kind: 'restartServer', server });
      }
      return schedule.sort((a, b) => a.at - b.at);
    };
    let buggyViolations = 0;
    let correctViolations = 0;
    for (let seed = 1; seed <= 120 && buggyViolations === 0; seed++) {
      const base = { ...DEFAULT_CONFIG, seed, schedule: crashy(seed), fsyncDelay: 10 };
      if (simulate({ ...base, ackBeforeFsync: true }).violations.length > 0) buggyViolations++;
      if (simulate(base).violations.length > 0) correctViolations++;
    }
    expect(buggyViolations).toBeGreaterThan(0);
    expect(correctViolations).toBe(0);
  });

  // Fixed fast-check seeds keep the negative tests deterministic. fast-check finds this bug in
  // about half of the seeds within 300 runs, so the test tries seeds 1..8 in order (a change of
  // the arbitraries changes which seed finds it first, not whether one does).
  it('fast-check shrinks such a failure and reports its seed and a replay command', () => {
    let found: ReturnType<typeof checkSim> | null = null;
    for (let seed = 1; seed <= 8 && !found; seed++) {
      // Capture keys change no decision here (they draw nothing from the run's Prng) and cost CPU
      // in each of up to 2,400 runs: off, so the search stays within its time bound under load.
      const r = checkSim({ numRuns: 300, seed, testPath: 'test/sim', extra: { ackBeforeFsync: true, fsyncDelay: 15, captureKeys: false } });
      if (r.failed) found = r;
    }
    const { failed, report, counterexample } = found ?? { failed: false, report: '', counterexample: null };
    expect(failed).toBe(true);
    expect(report).toMatch(/replay: WORMSPACE_SEED=-?\d+ WORMSPACE_PATH=[\d:]+ npx vitest run test\/sim/);
    expect(report).toMatch(/agreement|answersChosen|oneValue|realTime|liveness/);
    expect(counterexample!.schedule.length).toBeLessThanOrEqual(14);
    // The inspect command's run reproduces the violations.
    const inspect = /inspect: npx tsx src\/sim\/replay.ts '(.*)' --extra '(.*)'/.exec(report)!;
    const again = replay(JSON.parse(inspect[1]!), JSON.parse(inspect[2]!));
    expect(again.result.violations.length).toBeGreaterThan(0);
    expect(again.text).toMatch(/history:\n  #0 c\d/);
  });
});

describe('the checkers catch the bugs of WORPaxos.tla\'s negative models', () => {
  for (const bug of ['acceptBelowPromise', 'promiseHidesAccepted'] as const) {
    it(`${bug}: a violation is found and shrunk`, () => {
      const { failed, report } = checkSim({ numRuns: 200, seed: 1, testPath: 'test/sim', extra: { bug } });
      expect(failed).toBe(true);
      expect(report).toMatch(/agreement|answersChosen|oneValue/);
    });
  }
});

describe('sweep', () => {
  it('runs a bounded batch from one seed without violations, and reproduces it', () => {
    const a = sweep(7, 25, 20_000);
    expect(a.failures).toEqual([]);
    expect(a.runs).toBe(25);
    expect(a.returned).toBeGreaterThan(25 * 20);
    const b = sweep(7, 25, 20_000);
    expect({ ...b, elapsedMs: 0 }).toEqual({ ...a, elapsedMs: 0 });
  });

  it('reports failing runs with the seed that replays them', () => {
    const s = sweep(3, 40, 20_000, { bug: 'acceptBelowPromise' });
    expect(s.failures.length).toBeGreaterThan(0);
    const f = s.failures[0]!;
    expect(simulate(sweepConfig(3, f.run, { bug: 'acceptBelowPromise' })).violations.slice(0, 5)).toEqual(f.violations);
  });
});

describe('traces of simulated runs', () => {
  const shape = {
    seed: 99,
    partitions: 1,
    serversPerPartition: 3,
    clients: 3,
    lossPct: 5,
    dupPct: 5,
    delayMax: 30,
    schedule: Array.from({ length: 16 }, (_, i) => ({ at: 150 + i * 220, kind: i % 2 === 0 ? 'crashServer' : 'restartServer', server: Math.floor(i / 2) % 3 }) as FaultEvent),
  };

  it('name spec actions and keep promised monotonic across crashes', () => {
    const events: TimedTraceEvent[] = [];
    const r = simulate(configOf(shape, { traceSink: (e) => events.push(e), fsyncDelay: 10 }));
    expect(r.violations).toEqual([]);
    const actions = new Set(events.map((e) => e.action));
    for (const a of ['Capture', 'Promise', 'Write', 'Accepted', 'WriteDone', 'Read', 'ReadReply', 'ReadDone', 'CrashAcceptor', 'RecoverAcceptor']) expect(actions).toContain(a);
    expect(events.every((e, i) => i === 0 || e.at >= events[i - 1]!.at)).toBe(true);
    expect(checkAcceptorTrace(events)).toEqual([]);
    // Every call is bracketed by Invoke/Return events of the abstract specs.
    expect(events.filter((e) => e.action.startsWith('Invoke')).length).toBe(r.stats.calls);
    expect(events.filter((e) => e.action.startsWith('Return')).length).toBe(r.stats.returned);
  });

  it('show the ack-before-fsync bug as a promise that goes down after a crash', () => {
    let found = false;
    for (let seed = 1; seed <= 40 && !found; seed++) {
      const events: TimedTraceEvent[] = [];
      simulate(configOf({ ...shape, seed }, { traceSink: (e) => events.push(e), ackBeforeFsync: true, fsyncDelay: 40 }));
      found = checkAcceptorTrace(events).some((v) => /promised went down/.test(v));
    }
    expect(found).toBe(true);
  });

  it('cost nothing when off: the same run with and without a sink gives the same history', () => {
    const a = simulate(configOf(shape));
    const b = simulate(configOf(shape, { traceSink: () => {} }));
    expect(JSON.stringify(b.log.calls)).toBe(JSON.stringify(a.log.calls));
  });
});
