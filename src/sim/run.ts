/**
 * simulate runs one deterministic simulation: a cluster of simulated servers and clients running
 * the core, a random workload, and a fault schedule, all driven by one seed. A run has a safety
 * phase (faults on: message loss, duplication, delay/reordering, partitions, server and client
 * crashes) and then a liveness phase (faults off, every server restarted, partitions healed),
 * in which a fresh client reads back every register. The result holds the run's log, the
 * checkers' verdict and counters; `simulate(sameConfig)` reproduces it exactly.
 */
import { partitionOf } from '../core/address.ts';
import type { AnyResult, ServerId } from '../core/messages.ts';
import type { TraceEvent, Tracer } from '../core/trace.ts';
import { checkAll } from './checker.ts';
import { SimClient } from './client.ts';
import type { Call, CallRecord, RunLog, Trimmed, Vote } from './history.ts';
import { NO_FAULTS, SimNetwork, type NetworkFaults, type NetworkStats } from './network.ts';
import { Prng } from './prng.ts';
import { Scheduler } from './scheduler.ts';
import { SimServer, type ServerBug } from './server.ts';
import { Workload, type WorkloadConfig } from './workload.ts';
import { HostileClient } from './hostile.ts';
import { ROUND_WINDOW } from '../core/ballot.ts';

/** A scheduled fault. Servers and clients are named by index (servers across all partitions). */
export type FaultEvent =
  | { at: number; kind: 'crashServer'; server: number }
  | { at: number; kind: 'restartServer'; server: number }
  | { at: number; kind: 'isolateServer'; server: number }
  | { at: number; kind: 'heal' }
  /** Split every server and live client into two sides by the bits of `mask` (bit i: node i). */
  | { at: number; kind: 'split'; mask: number }
  | { at: number; kind: 'crashClient'; client: number };

export interface SimConfig {
  seed: number;
  partitions: number;
  serversPerPartition: number;
  clients: number;
  callsPerClient: number;
  workload: WorkloadConfig;
  faults: NetworkFaults;
  schedule: FaultEvent[];
  /** Virtual time at which the safety phase ends and faults stop. */
  safetyUntil: number;
  /** Virtual time the liveness phase may take. */
  livenessFor: number;
  fsyncDelay: number;
  timeoutBase: number;
  timeoutMax: number;
  maxTimeouts: number;
  /** A crashed client comes back (with a fresh id) after this delay. */
  clientRestartDelay: number;
  /** Bound on scheduler events for the whole run. */
  maxSteps: number;
  /** Deliberate server bugs (see SimServer), for negative tests. */
  ackBeforeFsync?: boolean;
  bug?: ServerBug | null;
  /** A HostileClient (hostile.ts) copies ballots from replies into Accepts of its own values. */
  hostile?: boolean;
  /**
   * The hostile client also sends malformed requests (HostileOptions.malformed): unsafe-ballot
   * Prepares, invalid ranges, rounds at and beyond the round window, Prepares of a promised
   * ballot with another key, forged AcceptRanges.
   */
  hostileMalformed?: boolean;
  /** The servers' round window (AcceptorContext.roundWindow; default ROUND_WINDOW, 2^32). */
  roundWindow?: number;
  /** false: honest clients prepare without capture keys (the hole before issue 12; negative tests). */
  captureKeys?: boolean;
  /** Receives every trace event of the core (and the simulator's crashes), stamped with virtual time. */
  traceSink?: ((event: TimedTraceEvent) => void) | null;
  /**
   * Also trace each server's inputs and outputs (SimServer traceIo): a `Deliver` event with the
   * request before the core's events of its step, and a `Reply` event per reply after them.
   */
  traceIo?: boolean;
}

/** A trace event as the simulator records it: the core's event plus the virtual time. */
export interface TimedTraceEvent extends TraceEvent {
  at: number;
}

export const DEFAULT_CONFIG: Omit<SimConfig, 'seed'> = {
  partitions: 1,
  serversPerPartition: 3,
  clients: 3,
  callsPerClient: 25,
  workload: { segments: 2, offsets: 4, trimWeight: 1 },
  faults: { lossPct: 5, dupPct: 5, delayMin: 1, delayMax: 20 },
  schedule: [],
  safetyUntil: 4_000,
  livenessFor: 20_000,
  fsyncDelay: 2,
  timeoutBase: 30,
  timeoutMax: 400,
  maxTimeouts: 6,
  clientRestartDelay: 50,
  maxSteps: 400_000,
};

export interface SimResult {
  log: RunLog;
  violations: string[];
  /** The servers as the run left them (their durable state), for refinement mappings (refinement/). */
  servers: readonly SimServer[];
  stats: {
    calls: number;
    returned: number;
    byStatus: Record<string, number>;
    network: NetworkStats;
    steps: number;
    endTime: number;
    serverCrashes: number;
    clientCrashes: number;
    /** What the hostile client sent, when there was one. */
    hostile?: HostileClient['stats'];
  };
}

export function serverIds(cfg: Pick<SimConfig, 'partitions' | 'serversPerPartition'>): ServerId[][] {
  const out: ServerId[][] = [];
  for (let p = 0; p < cfg.partitions; p++) {
    const ids: ServerId[] = [];
    for (let i = 0; i < cfg.serversPerPartition; i++) ids.push(`s${p}.${i}`);
    out.push(ids);
  }
  return out;
}

export function simulate(cfg: SimConfig): SimResult {
  const prng = new Prng(cfg.seed);
  const scheduler = new Scheduler();
  const net = new SimNetwork(prng, scheduler, cfg.faults);
  const sink = cfg.traceSink ?? null;
  const tracer: Tracer | null = sink ? (e) => sink({ ...e, at: scheduler.now }) : null;
  const parts = serverIds(cfg);
  const partitionServers = (seg: number): readonly ServerId[] => parts[partitionOf(seg, cfg.partitions)]!;
  const calls: CallRecord[] = [];
  const votes: Vote[] = [];
  const trims: Trimmed[] = [];
  const servers: SimServer[] = parts.flat().map(
    (id) =>
      new SimServer(id, net, scheduler, {
        fsyncDelay: cfg.fsyncDelay,
        ackBeforeFsync: cfg.ackBeforeFsync ?? false,
        bug: cfg.bug ?? null,
        tracer,
        traceIo: cfg.traceIo ?? false,
        roundWindow: cfg.roundWindow,
        onAcknowledged: (server, c) => {
          if (c.kind === 'trim') trims.push({ server, seg: c.seg });
          else if (c.acceptedBallot !== null && c.acceptedValue !== null) votes.push({ server, seg: c.seg, off: c.off, ballot: c.acceptedBallot, value: c.acceptedValue });
        },
      }),
  );
  const workload = new Workload(cfg.workload, prng);
  const clientOpts = { timeoutBase: cfg.timeoutBase, timeoutMax: cfg.timeoutMax, maxTimeouts: cfg.maxTimeouts, tracer, captureKeys: cfg.captureKeys ?? true };
  const hostile = cfg.hostile
    ? new HostileClient(net, scheduler, prng, partitionServers, { segments: cfg.workload.segments, offsets: cfg.workload.offsets, period: 40, until: cfg.safetyUntil, malformed: cfg.hostileMalformed ?? false, roundWindow: cfg.roundWindow ?? ROUND_WINDOW, tracer })
    : null;
  let nextClientId = 1;
  let serverCrashes = 0;
  let clientCrashes = 0;
  let safety = true;

  // Client slots: a slot runs a closed loop of calls; a crash replaces its client after a delay.
  const slots: { client: SimClient; done: number }[] = [];
  const newClient = (): SimClient => new SimClient(nextClientId++, net, scheduler, partitionServers, calls, clientOpts);
  const loop = (slot: { client: SimClient; done: number }, client: SimClient): void => {
    if (!client.alive || slot.client !== client || !safety || slot.done >= cfg.callsPerClient) return;
    const call = workload.next(client.clientId);
    slot.done++;
    client.invoke(call, false, (r: AnyResult) => {
      workload.returned(call, r);
      scheduler.after(prng.range(0, 5), () => loop(slot, client));
    });
  };
  for (let i = 0; i < cfg.clients; i++) {
    const slot = { client: newClient(), done: 0 };
    slots.push(slot);
    scheduler.after(prng.range(0, 5), () => loop(slot, slot.client));
  }

  for (const f of cfg.schedule) {
    if (f.at >= cfg.safetyUntil) continue;
    scheduler.after(f.at, () => {
      if (!safety) return;
      switch (f.kind) {
        case 'crashServer':
          if (servers[f.server % servers.length]!.up) serverCrashes++;
          servers[f.server % servers.length]!.crash();
          break;
        case 'restartServer':
          servers[f.server % servers.length]!.restart();
          break;
        case 'isolateServer':
          net.isolate(servers[f.server % servers.length]!.id);
          break;
        case 'heal':
          net.heal();
          break;
        case 'split': {
          const nodes = [...servers.map((x) => x.id), ...slots.filter((x) => x.client.alive).map((x) => x.client.nodeId)];
          const side = (i: number): number => Math.floor(f.mask / 2 ** (i % 30)) % 2;
          for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) if (side(i) !== side(j)) net.cut(nodes[i]!, nodes[j]!);
          break;
        }
        case 'crashClient': {
          const slot = slots[f.client % slots.length]!;
          if (!slot.client.alive) break;
          clientCrashes++;
          slot.client.crash();
          scheduler.after(cfg.clientRestartDelay, () => {
            if (!safety) return;
            const fresh = newClient();
            slot.client = fresh;
            loop(slot, fresh);
          });
          break;
        }
      }
    });
  }

  scheduler.runUntil(cfg.safetyUntil, cfg.maxSteps);

  // Liveness phase: faults off, everything restarted and healed; pending calls of live clients
  // go on, and an auditor reads every register of the workload's address space.
  safety = false;
  net.faults = NO_FAULTS;
  net.heal();
  for (const s of servers) s.restart();
  const auditor = newClient();
  const audit: Call[] = [];
  for (let seg = 0; seg < cfg.workload.segments; seg++) {
    audit.push({ kind: 'check', seg });
    for (let off = 0; off < cfg.workload.offsets; off++) audit.push({ kind: 'read', seg, off });
  }
  let auditIndex = 0;
  const nextAudit = (): void => {
    if (auditIndex >= audit.length) return;
    auditor.invoke(audit[auditIndex++]!, true, () => nextAudit());
  };
  const livenessEnd = scheduler.now + cfg.livenessFor;
  // The audit starts once the calls still pending from the safety phase have returned, so that
  // it reads back everything they acknowledged.
  const clientsBusy = (): boolean => slots.some((s) => s.client.alive && s.client.pendingCalls > 0);
  scheduler.runWhile(() => clientsBusy() && scheduler.now <= livenessEnd, cfg.maxSteps);
  nextAudit();
  const busy = (): boolean => auditIndex < audit.length || auditor.pendingCalls > 0 || slots.some((s) => s.client.alive && s.client.pendingCalls > 0);
  scheduler.runWhile(() => busy() && scheduler.now <= livenessEnd, cfg.maxSteps);

  const log: RunLog = { calls, votes, trims, partitionOf: partitionServers };
  const violations = checkAll(log);
  if (busy()) violations.push(`liveness: calls still pending at virtual time ${scheduler.now} (${scheduler.steps} steps) after the faults stopped`);
  const byStatus: Record<string, number> = {};
  for (const c of calls) {
    const k = c.result ? `${c.call.kind}:${c.result.status}` : `${c.call.kind}:pending`;
    byStatus[k] = (byStatus[k] ?? 0) + 1;
  }
  return {
    log,
    violations,
    servers,
    stats: {
      calls: calls.length,
      returned: calls.filter((c) => c.result !== null).length,
      byStatus,
      network: { ...net.stats },
      steps: scheduler.steps,
      endTime: scheduler.now,
      serverCrashes,
      clientCrashes,
      ...(hostile ? { hostile: { ...hostile.stats } } : {}),
    },
  };
}

