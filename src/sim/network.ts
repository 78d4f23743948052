/**
 * SimNetwork delivers messages between simulated nodes with the faults of the global layer
 * (tla/global/Network.tla): loss, duplication, delay and hence reordering, and partitions (cut
 * links). Every choice is drawn from the run's Prng. Faults are bounded by what the protocol
 * claims to survive: messages are never corrupted or invented.
 */
import type { Message, ServerId } from '../core/messages.ts';
import type { Prng } from './prng.ts';
import type { Scheduler } from './scheduler.ts';

/** Fault settings; percentages are integers (0..100) so that runs never depend on float rounding. */
export interface NetworkFaults {
  lossPct: number;
  dupPct: number;
  delayMin: number;
  delayMax: number;
}

export const NO_FAULTS: NetworkFaults = { lossPct: 0, dupPct: 0, delayMin: 1, delayMax: 1 };

/**
 * A message between two nodes of an application running on the simulator (src/apps): it crosses
 * the same network, with the same faults, as the protocol's messages.
 */
export interface AppEnvelope {
  app: true;
  body: unknown;
}

export type Payload = Message | AppEnvelope;

export type Deliver = (from: ServerId, to: ServerId, msg: Payload) => void;

export interface NetworkStats {
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
  cut: number;
}

export class SimNetwork {
  faults: NetworkFaults;
  private readonly cutLinks = new Set<string>();
  private readonly nodes = new Map<ServerId, Deliver>();
  readonly stats: NetworkStats = { sent: 0, delivered: 0, lost: 0, duplicated: 0, cut: 0 };

  constructor(
    private readonly prng: Prng,
    private readonly scheduler: Scheduler,
    faults: NetworkFaults = NO_FAULTS,
  ) {
    this.faults = faults;
  }

  /** attach registers a node's inbox (re-attaching replaces it, as a restarted client does). */
  attach(id: ServerId, deliver: Deliver): void {
    this.nodes.set(id, deliver);
  }

  detach(id: ServerId): void {
    this.nodes.delete(id);
  }

  /** cut blocks the link between a and b in both directions; heal lifts every cut. */
  cut(a: ServerId, b: ServerId): void {
    this.cutLinks.add(linkKey(a, b));
  }

  /** isolate cuts a node off from every other attached node. */
  isolate(id: ServerId): void {
    for (const other of this.nodes.keys()) if (other !== id) this.cut(id, other);
  }

  heal(): void {
    this.cutLinks.clear();
  }

  isCut(a: ServerId, b: ServerId): boolean {
    return this.cutLinks.has(linkKey(a, b));
  }

  send(from: ServerId, to: ServerId, msg: Payload): void {
    this.stats.sent++;
    if (this.prng.chance(this.faults.lossPct, 100)) {
      this.stats.lost++;
      return;
    }
    const copies = this.prng.chance(this.faults.dupPct, 100) ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    for (let i = 0; i < copies; i++) {
      const delay = this.prng.range(this.faults.delayMin, this.faults.delayMax);
      this.scheduler.after(delay, () => this.arrive(from, to, msg));
    }
  }

  /** A cut is checked on arrival, so a partition also stops messages already in flight. */
  private arrive(from: ServerId, to: ServerId, msg: Payload): void {
    if (this.isCut(from, to)) {
      this.stats.cut++;
      return;
    }
    const deliver = this.nodes.get(to);
    if (!deliver) {
      this.stats.lost++;
      return;
    }
    this.stats.delivered++;
    deliver(from, to, msg);
  }
}

function linkKey(a: ServerId, b: ServerId): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
