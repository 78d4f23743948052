/**
 * fast-check arbitraries for simulation runs (one seed for the simulator's Prng, fault settings,
 * and a fault schedule), and `checkSim`, which runs a property over them and, on failure, returns
 * one report with the shrunk run, its seeds and the commands that replay and inspect it.
 */
import fc from 'fast-check';
import { DEFAULT_CONFIG, simulate, type FaultEvent, type SimConfig, type SimResult } from '../../src/sim/run.ts';
import { configOf, type RunShape } from '../../src/sim/shape.ts';

export { configOf, type RunShape };

const SAFETY_UNTIL = DEFAULT_CONFIG.safetyUntil;

const at = fc.integer({ min: 0, max: SAFETY_UNTIL - 1 });
const index = fc.nat({ max: 9 });

export const faultEventArb: fc.Arbitrary<FaultEvent> = fc.oneof(
  fc.record({ at, kind: fc.constant('crashServer' as const), server: index }),
  fc.record({ at, kind: fc.constant('restartServer' as const), server: index }),
  fc.record({ at, kind: fc.constant('isolateServer' as const), server: index }),
  fc.record({ at, kind: fc.constant('heal' as const) }),
  fc.record({ at, kind: fc.constant('split' as const), mask: fc.integer({ min: 0, max: 2 ** 14 - 1 }) }),
  fc.record({ at, kind: fc.constant('crashClient' as const), client: index }),
);

export const runShapeArb: fc.Arbitrary<RunShape> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  partitions: fc.integer({ min: 1, max: 2 }),
  serversPerPartition: fc.constantFrom(1, 3, 5),
  clients: fc.integer({ min: 1, max: 4 }),
  lossPct: fc.integer({ min: 0, max: 30 }),
  dupPct: fc.integer({ min: 0, max: 30 }),
  delayMax: fc.integer({ min: 1, max: 60 }),
  fsyncDelay: fc.integer({ min: 0, max: 25 }),
  schedule: fc.array(faultEventArb, { maxLength: 14 }),
});

export interface AssertSimOptions {
  numRuns: number;
  extra?: Partial<SimConfig>;
  /** What the test file is called, for the replay command. */
  testPath: string;
  /** Take WORMSPACE_SEED / WORMSPACE_PATH from the environment (the one property they replay). */
  replayable?: boolean;
  /** A fixed fast-check seed, for tests that must be deterministic (the negative ones). */
  seed?: number;
  /** Generate runs whose writers share capture ids (RunShape.shareIds). */
  shareIds?: boolean;
}

/** envSeed reads WORMSPACE_SEED / WORMSPACE_PATH, which replay a reported failure. */
export function envReplay(): { seed?: number; path?: string } {
  const seed = process.env.WORMSPACE_SEED;
  const path = process.env.WORMSPACE_PATH;
  return { ...(seed ? { seed: Number(seed) } : {}), ...(path ? { path } : {}) };
}

/**
 * checkSim runs the property "no checker finds a violation" over generated runs and returns
 * fast-check's details plus, on failure, the report to print.
 */
export function checkSim(opts: AssertSimOptions): { failed: boolean; report: string; counterexample: RunShape | null; result: SimResult | null } {
  const replay: { seed?: number; path?: string } = opts.replayable ? envReplay() : opts.seed !== undefined ? { seed: opts.seed } : {};
  let lastFailure: SimResult | null = null;
  const details = fc.check(
    fc.property(opts.shareIds ? runShapeArb.map((s) => ({ ...s, shareIds: true })) : runShapeArb, (shape) => {
      const r = simulate(configOf(shape, opts.extra));
      if (r.violations.length > 0) {
        lastFailure = r;
        return false;
      }
      return true;
    }),
    // Bounded in count and in time: on a loaded machine the property stops early rather than late.
    { numRuns: opts.numRuns, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: false, ...(replay.seed !== undefined ? { seed: replay.seed } : {}), ...(replay.path ? { path: replay.path } : {}) },
  );
  if (!details.failed || !details.counterexample) return { failed: false, report: '', counterexample: null, result: null };
  const shape = details.counterexample[0];
  // Re-run the shrunk run itself, so the report shows its own violations (deterministic).
  const result = simulate(configOf(shape, opts.extra));
  lastFailure = result;
  const report = [
    `simulation found a violation after ${details.numRuns} runs (shrunk ${details.numShrinks} times):`,
    ...result.violations.slice(0, 8).map((v) => `  - ${v}`),
    `shrunk run: ${JSON.stringify(shape)}`,
    `replay: WORMSPACE_SEED=${details.seed} WORMSPACE_PATH=${details.counterexamplePath} npx vitest run ${opts.testPath}`,
    `inspect: npx tsx src/sim/replay.ts '${JSON.stringify(shape)}'${opts.extra ? ` --extra '${JSON.stringify(opts.extra)}'` : ''}`,
  ].join('\n');
  return { failed: true, report, counterexample: shape, result: lastFailure };
}
