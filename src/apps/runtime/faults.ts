/**
 * Faults for application simulations, named as the CLI names them
 * (`--faults loss,dup,reorder,crash,partition`). `networkFaults` turns the message faults into the
 * simulated network's settings; `scheduleFaults` draws, from the world's seed, a schedule of
 * server crashes/restarts, application-node crashes/restarts and partitions up to `until`, after
 * which the world is calmed (every fault lifted) so the run can show liveness.
 */
import type { NetworkFaults } from '../../sim/network.ts';
import type { SimWorld } from './sim-world.ts';

export const FAULT_KINDS = ['loss', 'dup', 'reorder', 'crash', 'partition'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export class FaultSpecError extends Error {}

/** parseFaults reads "loss,dup,..." (or "none", or "all"); an unknown name is a one-line error. */
export function parseFaults(text: string): FaultKind[] {
  if (text === 'none' || text === '') return [];
  if (text === 'all') return [...FAULT_KINDS];
  const out: FaultKind[] = [];
  for (const part of text.split(',')) {
    const name = part.trim();
    if (!(FAULT_KINDS as readonly string[]).includes(name)) throw new FaultSpecError(`unknown fault ${JSON.stringify(name)}: expected a comma-separated list of ${FAULT_KINDS.join(', ')} (or all, none)`);
    if (!out.includes(name as FaultKind)) out.push(name as FaultKind);
  }
  return out;
}

export function networkFaults(faults: readonly FaultKind[]): NetworkFaults {
  return {
    lossPct: faults.includes('loss') ? 5 : 0,
    dupPct: faults.includes('dup') ? 5 : 0,
    delayMin: 1,
    delayMax: faults.includes('reorder') ? 25 : 2,
  };
}

/** Something the fault schedule can crash and restart (an application node's host). */
export interface Crashable {
  readonly id: string;
  readonly up: boolean;
  crash(): void;
  restart(): void;
}

export interface FaultCounts {
  serverCrashes: number;
  nodeCrashes: number;
  partitions: number;
}

/**
 * scheduleFaults arms crash/restart and partition events between time 0 and `until`, drawn from
 * the world's PRNG, then calms the world at `until`. Servers never lose a majority for long:
 * a crashed server restarts after a short delay. `nodes` may grow while the run goes (it is read
 * when each event fires).
 */
export function scheduleFaults(world: SimWorld, faults: readonly FaultKind[], nodes: () => readonly Crashable[], until: number): FaultCounts {
  const counts: FaultCounts = { serverCrashes: 0, nodeCrashes: 0, partitions: 0 };
  const p = world.prng;
  if (faults.includes('crash')) {
    const n = 2 + p.int(3);
    for (let i = 0; i < n; i++) {
      const at = p.range(1, Math.max(2, until - 1));
      const server = p.int(world.servers.length);
      world.after(at, () => {
        if (world.now >= until) return;
        counts.serverCrashes++;
        world.crashServer(server);
        world.after(p.range(20, 200), () => world.restartServer(server));
      });
    }
    const m = 1 + p.int(3);
    for (let i = 0; i < m; i++) {
      const at = p.range(1, Math.max(2, until - 1));
      const pick = p.int(1 << 16);
      const downFor = p.range(50, 400);
      world.after(at, () => {
        const all = nodes();
        if (all.length === 0 || world.now >= until) return;
        const node = all[pick % all.length]!;
        if (!node.up) return;
        counts.nodeCrashes++;
        node.crash();
        world.after(downFor, () => node.restart());
      });
    }
  }
  if (faults.includes('partition')) {
    const n = 1 + p.int(2);
    for (let i = 0; i < n; i++) {
      const at = p.range(1, Math.max(2, until - 1));
      const server = p.int(world.servers.length);
      world.after(at, () => {
        if (world.now >= until) return;
        counts.partitions++;
        world.net.isolate(world.serverIds[server]!);
        world.after(p.range(50, 300), () => world.net.heal());
      });
    }
  }
  world.after(until, () => world.calm());
  return counts;
}
