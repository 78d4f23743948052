/**
 * WormPaxos on the simulator: three replicas (SimHost on a SimWorld) and closed-loop clients that
 * put and get a few keys, under the faults asked for (message loss, duplication, reordering,
 * crashes of servers and replicas, partitions), then a calm phase in which the workload must
 * finish. Checked at the end:
 * - every replica (every incarnation) applied a prefix of one log: no position holds two values;
 * - no acknowledged put is lost: each one is in that log, and every replica up at the end
 *   applied it;
 * - the history of puts and gets is linearizable (linearizability.ts);
 * - the WOS layer's own checkers (world.checkWos()) on every WOS call the replicas made;
 * - liveness after the faults end: the workload finishes.
 * `bug` plants a deliberate mistake in this binding (never in the node), so that tests can show
 * the invariants catch it.
 */
import type { AppSimOptions, AppSimReport, AppSimulation } from '../registry.ts';
import { networkFaults, scheduleFaults, type Crashable } from '../runtime/faults.ts';
import { SimHost } from '../runtime/host-sim.ts';
import { writeTraceFile } from '../runtime/trace-file.ts';
import type { AppNode, Effect, Input } from '../runtime/node.ts';
import { DEFAULT_WORLD, SimWorld } from '../runtime/sim-world.ts';
import { checkKv, type KvOp } from './linearizability.ts';
import { DEFAULT_CONFIG, decode, WormPaxosNode, type KvReply, type KvRequest, type PaxosConfig, type PaxosEvent, type PaxosMsg } from './node.ts';
import { Recorder, type WormPaxosTrace } from './trace.ts';

/** Deliberate mistakes of the binding, for tests: answer gets from local state, or acknowledge puts on receipt. */
export type PlantedBug = 'none' | 'staleGet' | 'ackEarly';

export interface WormPaxosSimOptions extends AppSimOptions {
  replicas?: number;
  clients?: number;
  keys?: number;
  segSize?: number;
  trim?: boolean;
  bug?: PlantedBug;
  /** Crash whichever replica leads once this many operations finished (restarted 500 later). */
  killLeaderAfter?: number[];
  /** Keep the recorded spec trace in the run's `recorded` (tests). */
  keepTrace?: boolean;
}

export interface TracedEvent {
  at: number;
  node: string;
  life: number;
  event: PaxosEvent;
}

export interface WormPaxosRun {
  report: AppSimReport;
  history: KvOp[];
  events: TracedEvent[];
  /** The one log every replica applied a prefix of. */
  log: string[];
  /** The simulated cluster, for the refinement mapping (its votes and trims). */
  world: SimWorld;
  /** The replicas' current nodes (the last incarnation of each). */
  nodes: Map<string, WormPaxosNode>;
  /** Ids of the puts acknowledged to clients. */
  ackedIds: string[];
  config: Omit<PaxosConfig, 'addr'>;
  /** The spec trace (when recorded and `keepTrace`). */
  recorded?: WormPaxosTrace;
}

type Out = Effect<PaxosMsg, KvReply, PaxosEvent>;

/** BuggyBinding wraps a node and plants a bug in how requests are answered. */
class BuggyBinding implements AppNode<PaxosMsg, KvRequest, KvReply, PaxosEvent> {
  constructor(
    private readonly inner: WormPaxosNode,
    private readonly bug: PlantedBug,
  ) {}
  get id(): string {
    return this.inner.id;
  }
  start(): Out[] {
    return this.inner.start();
  }
  step(inp: Input<PaxosMsg, KvRequest>): Out[] {
    if (inp.kind === 'request') {
      const q = inp.body;
      if (this.bug === 'staleGet' && q.op === 'get') return [{ kind: 'reply', reqId: inp.reqId, body: { status: 'ok', value: this.inner.kv.get(q.key) ?? null } }];
      if (this.bug === 'ackEarly' && q.op === 'put') {
        const out = this.inner.step(inp);
        if (out.some((e) => e.kind === 'reply' && e.reqId === inp.reqId)) return out;
        return [{ kind: 'reply', reqId: inp.reqId, body: { status: 'ok' } }, ...out];
      }
    }
    return this.inner.step(inp);
  }
}

/** Traced hands a replica incarnation's inputs and effects to the trace recorder. */
class Traced implements AppNode<PaxosMsg, KvRequest, KvReply, PaxosEvent> {
  constructor(
    readonly inner: AppNode<PaxosMsg, KvRequest, KvReply, PaxosEvent>,
    private readonly key: string,
    private readonly rec: Recorder,
    private readonly now: () => number,
  ) {}
  get id(): string {
    return this.inner.id;
  }
  start(): Out[] {
    const out = this.inner.start();
    this.rec.step(this.key, null, out, this.now());
    return out;
  }
  step(inp: Input<PaxosMsg, KvRequest>): Out[] {
    const out = this.inner.step(inp);
    this.rec.step(this.key, inp, out, this.now());
    return out;
  }
}

export function simConfig(replicas: string[], segSize: number, trim: boolean): Omit<PaxosConfig, 'addr'> {
  return { ...DEFAULT_CONFIG, replicas, segSize, trim, tick: 20, electionTicks: 4, pollDelay: 4, readWindow: 8 };
}

export async function runWormPaxos(opts: WormPaxosSimOptions): Promise<WormPaxosRun> {
  const nReplicas = opts.replicas ?? 3;
  const nClients = opts.clients ?? 4;
  const nKeys = opts.keys ?? 3;
  const segSize = opts.segSize ?? 8;
  const bug = opts.bug ?? 'none';
  const world = new SimWorld({ ...DEFAULT_WORLD, seed: opts.seed, faults: networkFaults(opts.faults) });
  const p = world.prng;
  const ids = Array.from({ length: nReplicas }, (_, i) => `r${i + 1}`);
  const cfg = simConfig(ids, segSize, opts.trim ?? false);
  const events: TracedEvent[] = [];
  const hosts: SimHost<PaxosMsg, KvRequest, KvReply, PaxosEvent>[] = [];
  const nodes = new Map<string, WormPaxosNode>();
  const wantTrace = opts.checkTrace || opts.traceFile !== null || opts.keepTrace === true;
  // A call's messages are surely gone this long after its caller crashed or gave up on it.
  const margin = 2 * world.cfg.faults.delayMax + 4 * world.cfg.fsyncDelay + 20;
  const rec = wantTrace ? new Recorder(cfg.firstSeg, cfg.segSize, margin) : null;
  const lives = new Map<string, number>();
  const keyOf = (id: string): string => `${id}#${lives.get(id) ?? 0}`;
  for (const id of ids) {
    const host = new SimHost<PaxosMsg, KvRequest, KvReply, PaxosEvent>(
      world,
      id,
      (nid) => {
        const node = new WormPaxosNode(nid, { ...cfg, addr: nid });
        nodes.set(nid, node);
        const bound = bug === 'none' ? node : new BuggyBinding(node, bug);
        if (!rec) return bound;
        const life = lives.get(nid) ?? 0;
        rec.setName(keyOf(nid), life === 0 ? nid : `${nid}~${life}`);
        return new Traced(bound, keyOf(nid), rec, () => world.now);
      },
      { traceSink: (event, at, node) => events.push({ at, node, life: hosts.find((h) => h.id === node)?.crashes ?? 0, event }) },
    );
    hosts.push(host);
  }
  /** crash kills a replica (kill -9): its calls in flight become strays of the trace; the next life is a new replica. */
  const crash = (h: (typeof hosts)[number]): void => {
    if (!h.up) return;
    rec?.crashed(keyOf(h.id), world.now);
    lives.set(h.id, (lives.get(h.id) ?? 0) + 1);
    h.crash();
  };
  const crashables: Crashable[] = hosts.map((h) => ({
    id: h.id,
    get up() {
      return h.up;
    },
    crash: () => crash(h),
    restart: () => h.restart(),
  }));
  const faultUntil = 1500 + opts.steps * 4;
  const faultCounts = scheduleFaults(world, opts.faults, () => crashables, faultUntil);
  let leaderKills = 0;
  const killAt = [...(opts.killLeaderAfter ?? [])].sort((a, b) => a - b);
  /**
   * Crashes whichever replica leads now (restarted 500 later); during an election, whichever
   * leads next (tried every 20 ticks, 50 times at most).
   */
  const killLeader = (tries = 0): void => {
    const h = hosts.find((x) => x.up && nodes.get(x.id)!.leading);
    if (!h) {
      if (tries < 50) world.after(20, () => killLeader(tries + 1));
      return;
    }
    leaderKills++;
    crash(h);
    world.after(500, () => h.restart());
  };

  // The closed-loop clients.
  const history: KvOp[] = [];
  let issued = 0;
  let done = 0;
  let redirects = 0;
  let retries = 0;
  const CLIENT_TIMEOUT = 400;
  const indexOf = (id: string | null): number => (id === null ? -1 : ids.indexOf(id));
  for (let c = 0; c < nClients; c++) {
    const client = `c${c + 1}`;
    let target = c % nReplicas;
    let n = 0;
    const nextOp = (): void => {
      if (issued >= opts.steps) return;
      issued++;
      const key = `k${p.int(nKeys)}`;
      const isPut = p.chance(3, 5);
      n++;
      const op: KvOp = { kind: isPut ? 'put' : 'get', key, value: isPut ? `${client}-${n}` : null, call: world.now, ret: null, client };
      history.push(op);
      const body: KvRequest = isPut ? { op: 'put', id: `${client}.${n}`, key, value: op.value! } : { op: 'get', key };
      // Gets go anywhere (every replica answers them); puts to the replica believed to lead.
      if (!isPut) target = p.int(nReplicas);
      attempt(op, body, 0);
    };
    const attempt = (op: KvOp, body: KvRequest, tries: number): void => {
      let answered = false;
      const h = hosts[target]!;
      h.request(body, (reply) => {
        if (answered) return;
        answered = true;
        if (reply.status === 'ok') {
          op.ret = world.now;
          if (op.kind === 'get') op.value = reply.value ?? null;
          done++;
          if (killAt.length > 0 && done >= killAt[0]!) {
            killAt.shift();
            world.after(0, killLeader);
          }
          nextOp();
          return;
        }
        redirects++;
        const hinted = reply.status === 'notLeader' ? indexOf(reply.leader) : -1;
        target = hinted >= 0 && hinted !== target ? hinted : (target + 1) % nReplicas;
        world.after(5 + p.int(10), () => attempt(op, body, tries + 1));
      });
      world.after(CLIENT_TIMEOUT, () => {
        if (answered) return;
        answered = true;
        retries++;
        target = (target + 1) % nReplicas;
        attempt(op, body, tries + 1);
      });
    };
    world.after(1 + c, nextOp);
  }

  const timeCap = faultUntil + 20_000 + opts.steps * 50;
  world.runWhile(() => done < opts.steps && world.now < timeCap, 20_000_000);
  // Let every replica catch up, then look.
  const settleEnd = world.now + 1500;
  world.runWhile(() => world.now < settleEnd, 5_000_000);

  const violations: string[] = [];
  if (done < opts.steps) violations.push(`liveness: only ${done} of ${opts.steps} operations finished by virtual time ${world.now} (faults ended at ${faultUntil})`);

  // One log: every incarnation's learned positions agree.
  const log: string[] = [];
  const logFrom = new Map<number, string>();
  for (const e of events) {
    if (e.event.a !== 'learn') continue;
    const { pos, value } = e.event;
    const had = log[pos];
    if (had === undefined) {
      log[pos] = value;
      logFrom.set(pos, `${e.node}#${e.life}`);
    } else if (had !== value) violations.push(`two logs: position ${pos} is ${had} at ${logFrom.get(pos)} but ${value} at ${e.node}#${e.life}`);
  }
  for (let i = 0; i < log.length; i++) if (log[i] === undefined) violations.push(`hole: position ${i} was never learned though later ones were`);
  // Each incarnation applies in order from where it started (0, or a snapshot's position).
  const lastPos = new Map<string, number>();
  for (const e of events) {
    const k = `${e.node}#${e.life}`;
    if (e.event.a === 'snapshot') lastPos.set(k, e.event.pos - 1);
    if (e.event.a !== 'learn') continue;
    const want = (lastPos.get(k) ?? -1) + 1;
    if (e.event.pos !== want) violations.push(`${k} learned position ${e.event.pos} after ${want - 1}: not in order`);
    lastPos.set(k, e.event.pos);
  }
  // No acknowledged put lost.
  const inLog = new Set<string>();
  for (const v of log) {
    const c = decode(v ?? '');
    if (c.kind === 'batch') for (const put of c.puts) inLog.add(`${put.key}=${put.value}`);
  }
  for (const op of history) if (op.kind === 'put' && op.ret !== null && !inLog.has(`${op.key}=${op.value}`)) violations.push(`lost put: ${op.client} put ${op.key}=${op.value}, acknowledged at ${op.ret}, is not in the log`);
  const maxNext = Math.max(...hosts.filter((h) => h.up).map((h) => nodes.get(h.id)!.next), 0);
  if (log.length > maxNext) violations.push(`the log has ${log.length} positions but no live replica applied more than ${maxNext}`);
  for (const h of hosts) {
    if (!h.up) continue;
    const nd = nodes.get(h.id)!;
    if (nd.next !== log.length) violations.push(`replica ${h.id} applied ${nd.next} of ${log.length} positions after the calm phase`);
  }
  // Linearizability.
  const lin = checkKv(history);
  for (const f of lin.failures) violations.push(`linearizability: ${f}`);
  for (const v of world.checkWos()) violations.push(`WOS: ${v}`);


  const leads = events.filter((e) => e.event.a === 'lead').length;
  const seals = events.filter((e) => e.event.a === 'wos' && e.event.purpose === 'seal' && e.event.call.kind === 'captureSegment').length;
  const report: AppSimReport = {
    app: 'wormpaxos',
    seed: opts.seed,
    violations,
    stats: {
      ops: done,
      puts: history.filter((o) => o.kind === 'put' && o.ret !== null).length,
      gets: history.filter((o) => o.kind === 'get' && o.ret !== null).length,
      log: log.length,
      leaders: leads,
      seals,
      redirects,
      clientRetries: retries,
      nodeCrashes: faultCounts.nodeCrashes,
      leaderKills,
      serverCrashes: faultCounts.serverCrashes,
      partitions: faultCounts.partitions,
      wosCalls: world.calls.length,
      linStates: lin.explored,
      time: world.now,
    },
    trace: null,
  };
  let recorded: WormPaxosTrace | undefined;
  if (rec && rec.unsupported !== null) report.traceNote = `not traced: ${rec.unsupported}`;
  else if (rec) {
    const trace = rec.trace(opts.seed);
    if (opts.keepTrace) recorded = trace;
    if (opts.traceFile !== null) writeTraceFile(opts.traceFile, trace);
    if (opts.checkTrace) {
      const { validateWormPaxosTrace } = await import('./validate.ts');
      const v = await validateWormPaxosTrace(trace);
      report.trace = { events: trace.events.length, accepted: v.accepted, message: v.message };
    } else report.traceNote = 'not asked for (--no-check-trace)';
  } else report.traceNote = 'not asked for (--no-check-trace)';
  const ackedIds = history.filter((o) => o.kind === 'put' && o.ret !== null).map((o) => o.value!.replace(/-(\d+)$/, '.$1'));
  return { report, history, events, log, world, nodes, ackedIds, config: cfg, recorded };
}

export const simulation: AppSimulation = {
  name: 'wormpaxos',
  description: 'WormPaxos replicated key-value store: 3 replicas, closed-loop clients, faults; checks one log, no lost acknowledged put, linearizability',
  async simulate(opts: AppSimOptions): Promise<AppSimReport> {
    return (await runWormPaxos(opts)).report;
  },
};
