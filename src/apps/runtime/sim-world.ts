/**
 * SimWorld: the simulator's cluster of WormSpace servers, offered to applications. One seed
 * drives everything: message delays, loss and duplication (of the protocol's messages and of the
 * application's own), the servers' fsyncs, and whatever the application's simulation draws from
 * `world.prng`. Applications host their nodes on it with SimHost (host-sim.ts) and inject faults
 * through its methods; `checkWos()` runs the WOS-level checkers of src/sim/checker.ts over every
 * call the application made, so an application run also checks the layer below it.
 */
import type { ServerId } from '../../core/messages.ts';
import { checkAll } from '../../sim/checker.ts';
import { SimClient } from '../../sim/client.ts';
import type { CallRecord, RunLog, Trimmed, Vote } from '../../sim/history.ts';
import { NO_FAULTS, SimNetwork, type NetworkFaults } from '../../sim/network.ts';
import { Prng } from '../../sim/prng.ts';
import { Scheduler } from '../../sim/scheduler.ts';
import { SimServer } from '../../sim/server.ts';
import type { WosPort } from './wos-port.ts';

export interface WorldConfig {
  seed: number;
  /** Servers of the one partition (2F+1). */
  servers: number;
  faults: NetworkFaults;
  fsyncDelay: number;
  timeoutBase: number;
  timeoutMax: number;
  /** Timeouts a WOS call tolerates before it answers `timeout`. */
  maxTimeouts: number;
}

export const DEFAULT_WORLD: Omit<WorldConfig, 'seed'> = {
  servers: 3,
  faults: { lossPct: 0, dupPct: 0, delayMin: 1, delayMax: 10 },
  fsyncDelay: 2,
  timeoutBase: 30,
  timeoutMax: 400,
  maxTimeouts: 6,
};

/** A port on the simulator, with the client it runs on (crash it to make its calls vanish). */
export interface SimPort extends WosPort {
  readonly client: SimClient;
}

export class SimWorld {
  readonly prng: Prng;
  readonly scheduler = new Scheduler();
  readonly net: SimNetwork;
  readonly servers: SimServer[];
  readonly serverIds: ServerId[];
  /** Every WOS call of the run, for the WOS checkers. */
  readonly calls: CallRecord[] = [];
  private readonly votes: Vote[] = [];
  private readonly trims: Trimmed[] = [];
  private nextClientId = 1;
  serverCrashes = 0;

  constructor(readonly cfg: WorldConfig) {
    this.prng = new Prng(cfg.seed);
    this.net = new SimNetwork(this.prng, this.scheduler, cfg.faults);
    this.serverIds = Array.from({ length: cfg.servers }, (_, i) => `s0.${i}`);
    this.servers = this.serverIds.map(
      (id) =>
        new SimServer(id, this.net, this.scheduler, {
          fsyncDelay: cfg.fsyncDelay,
          onAcknowledged: (server, c) => {
            if (c.kind === 'trim') this.trims.push({ server, seg: c.seg });
            else if (c.acceptedBallot !== null && c.acceptedValue !== null) this.votes.push({ server, seg: c.seg, off: c.off, ballot: c.acceptedBallot, value: c.acceptedValue });
          },
        }),
    );
  }

  /** Every acceptor's acknowledged accepts so far (for refinement mappings: which values are chosen). */
  get acceptedVotes(): readonly Vote[] {
    return this.votes;
  }

  get now(): number {
    return this.scheduler.now;
  }

  /** newPort makes a WOS client with a fresh client id (ballots stay unique across restarts). */
  newPort(): SimPort {
    const client = new SimClient(this.nextClientId++, this.net, this.scheduler, () => this.serverIds, this.calls, {
      timeoutBase: this.cfg.timeoutBase,
      timeoutMax: this.cfg.timeoutMax,
      maxTimeouts: this.cfg.maxTimeouts,
    });
    return {
      client,
      clientId: client.clientId,
      invoke: (call, onDone) => {
        if (client.alive) client.invoke(call, false, onDone);
      },
    };
  }

  after(delay: number, run: () => void): void {
    this.scheduler.after(delay, run);
  }

  crashServer(i: number): void {
    const s = this.servers[i % this.servers.length]!;
    if (s.up) this.serverCrashes++;
    s.crash();
  }

  restartServer(i: number): void {
    this.servers[i % this.servers.length]!.restart();
  }

  /** calm ends the faults: no loss or duplication, every link healed, every server up. */
  calm(): void {
    this.net.faults = NO_FAULTS;
    this.net.heal();
    for (const s of this.servers) if (!s.up) s.restart();
  }

  runUntil(time: number, maxSteps: number): void {
    this.scheduler.runUntil(time, maxSteps);
  }

  runWhile(cond: () => boolean, maxSteps: number): void {
    this.scheduler.runWhile(cond, maxSteps);
  }

  /** checkWos runs the WOS layer's checkers (agreement, answers chosen, real time) on the run so far. */
  checkWos(): string[] {
    const log: RunLog = { calls: this.calls, votes: this.votes, trims: this.trims, partitionOf: () => this.serverIds };
    return checkAll(log);
  }
}
