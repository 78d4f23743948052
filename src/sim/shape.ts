/**
 * RunShape: the few numbers and the fault schedule that generated tests vary, and `configOf`,
 * which turns one into a full SimConfig. A shrunk counterexample is printed as a RunShape, so
 * `npx tsx src/sim/replay.ts '<shape JSON>'` can replay it outside the test runner.
 */
import { DEFAULT_CONFIG, type FaultEvent, type SimConfig } from './run.ts';

export interface RunShape {
  seed: number;
  partitions: number;
  serversPerPartition: number;
  clients: number;
  lossPct: number;
  dupPct: number;
  delayMax: number;
  /** Simulated fsync latency: longer means bigger group commits and more work lost in a crash. */
  fsyncDelay?: number;
  schedule: FaultEvent[];
  /** Writers share capture ids and repeat unsafe writes (WorkloadConfig.shareIds). */
  shareIds?: boolean;
  /** A hostile client copies ballots from replies into its own Accepts (SimConfig.hostile). */
  hostile?: boolean;
}

export function configOf(shape: RunShape, extra: Partial<SimConfig> = {}): SimConfig {
  return {
    ...DEFAULT_CONFIG,
    seed: shape.seed,
    partitions: shape.partitions,
    serversPerPartition: shape.serversPerPartition,
    clients: shape.clients,
    faults: { lossPct: shape.lossPct, dupPct: shape.dupPct, delayMin: 1, delayMax: shape.delayMax },
    fsyncDelay: shape.fsyncDelay ?? DEFAULT_CONFIG.fsyncDelay,
    schedule: [...shape.schedule].sort((a, b) => a.at - b.at),
    workload: { segments: 2 * shape.partitions, offsets: 4, trimWeight: 1, ...(shape.shareIds ? { shareIds: true } : {}) },
    ...(shape.hostile ? { hostile: true } : {}),
    ...extra,
  };
}
