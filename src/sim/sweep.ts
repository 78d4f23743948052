/**
 * sweep runs many simulations whose fault schedules are drawn from one seed (no fast-check), for
 * callers that want a bounded, reproducible batch and a summary: `npm run verify`'s table, or a
 * person replaying a seed by hand. Each run's own seed is printed with its violations, and
 * `simulate(sweepConfig(seed, i))` replays run i alone.
 */
import { Prng } from './prng.ts';
import { DEFAULT_CONFIG, simulate, type FaultEvent, type SimConfig } from './run.ts';

export interface SweepSummary {
  runs: number;
  calls: number;
  returned: number;
  serverCrashes: number;
  clientCrashes: number;
  messagesLost: number;
  messagesDuplicated: number;
  /** Runs with violations: the run's index, its config seed and its first violations. */
  failures: { run: number; seed: number; violations: string[] }[];
  elapsedMs: number;
}

/** sweepConfig derives run i of a sweep from the sweep's seed: faults, sizes, and a schedule. */
export function sweepConfig(seed: number, i: number, extra: Partial<SimConfig> = {}): SimConfig {
  const p = new Prng(seed * 1_000_003 + i);
  const partitions = p.range(1, 2);
  const serversPerPartition = p.pick([3, 3, 5]);
  const servers = partitions * serversPerPartition;
  const schedule: FaultEvent[] = [];
  const faults = p.range(0, 12);
  for (let k = 0; k < faults; k++) {
    const at = p.int(DEFAULT_CONFIG.safetyUntil);
    switch (p.int(6)) {
      case 5:
        schedule.push({ at, kind: 'split', mask: p.int(2 ** 14) });
        break;
      case 0:
        schedule.push({ at, kind: 'crashServer', server: p.int(servers) }, { at: at + p.range(50, 1500), kind: 'restartServer', server: p.int(servers) });
        break;
      case 1:
        schedule.push({ at, kind: 'isolateServer', server: p.int(servers) });
        break;
      case 2:
        schedule.push({ at, kind: 'heal' });
        break;
      case 3:
        schedule.push({ at, kind: 'crashClient', client: p.int(4) });
        break;
      default:
        schedule.push({ at, kind: 'crashServer', server: p.int(servers) });
    }
  }
  return {
    ...DEFAULT_CONFIG,
    seed: p.nextU32(),
    partitions,
    serversPerPartition,
    clients: p.range(1, 4),
    faults: { lossPct: p.range(0, 25), dupPct: p.range(0, 25), delayMin: 1, delayMax: p.range(1, 60) },
    schedule: schedule.sort((a, b) => a.at - b.at),
    workload: { segments: 2 * partitions, offsets: 4, trimWeight: 1 },
    ...extra,
  };
}

/** sweep runs `runs` simulations of a seed within `budgetMs` of wall-clock time (whichever ends first). */
export function sweep(seed: number, runs: number, budgetMs = Infinity, extra: Partial<SimConfig> = {}): SweepSummary {
  const started = Date.now();
  const s: SweepSummary = { runs: 0, calls: 0, returned: 0, serverCrashes: 0, clientCrashes: 0, messagesLost: 0, messagesDuplicated: 0, failures: [], elapsedMs: 0 };
  for (let i = 0; i < runs && Date.now() - started < budgetMs; i++) {
    const cfg = sweepConfig(seed, i, extra);
    const r = simulate(cfg);
    s.runs++;
    s.calls += r.stats.calls;
    s.returned += r.stats.returned;
    s.serverCrashes += r.stats.serverCrashes;
    s.clientCrashes += r.stats.clientCrashes;
    s.messagesLost += r.stats.network.lost;
    s.messagesDuplicated += r.stats.network.duplicated;
    if (r.violations.length > 0) s.failures.push({ run: i, seed: cfg.seed, violations: r.violations.slice(0, 5) });
  }
  s.elapsedMs = Date.now() - started;
  return s;
}
