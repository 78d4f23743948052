/**
 * WormLog on the deterministic simulator: appending clients, following readers, and sequencers
 * that crash and fail over, under the CLI's faults; the application's invariants, the WOS
 * layer's checkers, and the trace validated against tla/apps/WormLog.tla.
 *
 * The run: sequencer seq1 starts; clients c1..cN append (closed loop) until `steps` appends were
 * issued; readers r1..rM follow the log from position 0. At a third of the fault window seq1 is
 * killed (and restarted later: a fresh sequencer allocating the next segment); at half of it a
 * second sequencer seq2 starts and takes over while seq1 may still be handing out slots of its
 * old segment. The fault schedule (faults.ts) may crash any node, server, or cut a server off.
 * After the faults are lifted the run goes on until every live client's appends are
 * acknowledged and every live reader has read past the last acknowledged position.
 *
 * Invariants (violations):
 *  - an acknowledged append is at its position: every reader that read that position read it,
 *    and a final read of the register finds it;
 *  - no position is acknowledged to two appends, and no append is acknowledged twice;
 *  - reads never change and readers agree: all readers (every incarnation) read the same value
 *    at each position, the value a final read finds;
 *  - liveness once the faults are lifted (appends complete, readers reach the end);
 *  - the WOS layer's checkers on every call the application made.
 *
 * Planted bug (tests only, `bug: 'AckAlreadyWritten'`): the binding hands a client's write answer
 * alreadyWritten to the node as ok, which is the spec's wrong variant MCWormLog_AckAlreadyWritten.
 */
import type { AnyResult } from '../../core/messages.ts';
import type { AppSimOptions, AppSimReport, AppSimulation } from '../registry.ts';
import { networkFaults, scheduleFaults, type Crashable } from '../runtime/faults.ts';
import { SimHost } from '../runtime/host-sim.ts';
import { writeTraceFile } from '../runtime/trace-file.ts';
import type { AppNode, Effect, Input } from '../runtime/node.ts';
import { DEFAULT_WORLD, SimWorld, type SimPort } from '../runtime/sim-world.ts';
import { addrOf, type LogLayout } from './layout.ts';
import { ClientNode, ReaderNode, SequencerNode, specValue, type LogEvent, type LogMsg, type LogReply, type LogRequest, type Timing } from './node.ts';
import { Recorder, type WormLogTrace } from './trace.ts';
import type { JsonTla } from '../../tla/result.ts';

type Node = AppNode<LogMsg, LogRequest, LogReply, LogEvent>;
type Host = SimHost<LogMsg, LogRequest, LogReply, LogEvent>;

export interface WormLogSimOptions extends AppSimOptions {
  clients?: number;
  readers?: number;
  segSize?: number;
  timing?: Partial<Timing>;
  /** Percent of entry writes a client holds back for a while (default 10). */
  pausePct?: number;
  /** A deliberate bug in the binding (tests only). */
  bug?: 'none' | 'AckAlreadyWritten';
  /** Keep the recorded trace in the report's `recorded` (tests). */
  keepTrace?: boolean;
}

/** What the implementation holds at the end of a run (refinement/wormlog.ts maps it to the spec). */
export interface WormLogSnapshot {
  /** Each reader incarnation (by its spec name) and what it read, position 0 first (spec values: append id or "#junk"). */
  readers: { name: string; delivered: string[] }[];
  /** The registers as a final read finds them: position -> spec value, or null when unwritten. */
  registers: Map<number, string | null>;
}

export interface WormLogSimReport extends AppSimReport {
  recorded?: WormLogTrace;
  /** With keepTrace: the code's final state for the refinement mapping, and the spec's. */
  snapshot?: WormLogSnapshot;
  specState?: Record<string, JsonTla> | null;
}

/** SIM_TIMING: virtual time units; readers give up on a position fast, so holes and collisions happen. */
export const SIM_TIMING: Timing = { askTimeout: 150, readWait: 15, holeAfter: 6, retryWait: 40 };

/**
 * Traced wraps a node for the recorder (and the planted bug): it sees every input and output.
 * It changes nothing unless the bug is on.
 */
class Traced implements Node {
  private readonly bugTags = new Set<number>();
  constructor(
    readonly inner: Node,
    private readonly key: string,
    private readonly rec: Recorder | null,
    private readonly now: () => number,
    private readonly bug: 'none' | 'AckAlreadyWritten',
  ) {}
  get id(): string {
    return this.inner.id;
  }
  private out(effects: Effect<LogMsg, LogReply, LogEvent>[]): Effect<LogMsg, LogReply, LogEvent>[] {
    if (this.bug === 'AckAlreadyWritten') for (const e of effects) if (e.kind === 'wos' && e.call.kind === 'write' && e.call.value.startsWith('E')) this.bugTags.add(e.tag);
    return effects;
  }
  start(): Effect<LogMsg, LogReply, LogEvent>[] {
    const out = this.out(this.inner.start());
    this.rec?.effects(this.key, out, this.now());
    return out;
  }
  step(inp: Input<LogMsg, LogRequest>): Effect<LogMsg, LogReply, LogEvent>[] {
    let given = inp;
    if (inp.kind === 'wosDone' && this.bugTags.has(inp.tag)) {
      this.bugTags.delete(inp.tag);
      if ((inp.result as AnyResult).status === 'alreadyWritten') given = { ...inp, result: { status: 'ok' } };
    }
    this.rec?.input(this.key, inp, this.now());
    const out = this.out(this.inner.step(given));
    this.rec?.effects(this.key, out, this.now());
    this.rec?.answered(this.key, inp);
    return out;
  }
}

/**
 * PausingWorld: appending clients sometimes pause between the grant and the write (a GC pause,
 * a slow link): the binding holds back `pausePct`% of entry writes for 40..160 time units, so that
 * readers take slots for holes and clients lose them. It is part of the workload, not a bug.
 */
class PausingWorld extends SimWorld {
  pausePct = 0;
  paused = 0;
  override newPort(): SimPort {
    const port = super.newPort();
    return {
      client: port.client,
      clientId: port.clientId,
      invoke: (call, onDone) => {
        if (call.kind === 'write' && call.value.startsWith('E') && this.pausePct > 0 && this.prng.int(100) < this.pausePct) {
          this.paused++;
          this.after(this.prng.range(40, 160), () => port.invoke(call, onDone));
        } else port.invoke(call, onDone);
      },
    };
  }
}

interface Ack {
  appendId: string;
  pos: number;
  client: string;
  at: number;
}

export async function runWormLog(opts: WormLogSimOptions): Promise<WormLogSimReport> {
  const nClients = opts.clients ?? 3;
  const nReaders = opts.readers ?? 2;
  const layout: LogLayout = { base: 1, segSize: opts.segSize ?? 8 };
  const timing: Timing = { ...SIM_TIMING, ...opts.timing };
  const bug = opts.bug ?? 'none';
  const faults = networkFaults(opts.faults);
  const world = new PausingWorld({ ...DEFAULT_WORLD, seed: opts.seed, faults, maxTimeouts: 12 });
  world.pausePct = opts.pausePct ?? 10;
  const wantTrace = opts.checkTrace || opts.traceFile !== null || opts.keepTrace === true;
  const rec = wantTrace ? new Recorder(layout, 2 * faults.delayMax + 4 * DEFAULT_WORLD.fsyncDelay + 20) : null;

  let incarnation = 0;
  const readerNodes: ReaderNode[] = [];
  const wrap = (inner: Node, clientId: number, specName: string | null): Node => {
    const key = `${inner.id}#${clientId}#${++incarnation}`;
    if (specName !== null) rec?.setName(key, specName);
    keys.set(inner.id, key);
    return new Traced(inner, key, rec, () => world.now, bug);
  };
  const keys = new Map<string, string>();

  const makeSeq = (id: string) => (nodeId: string, clientId: number) => {
    const name = `${id}.${clientId}`;
    return wrap(new SequencerNode(nodeId, layout, timing, { address: id, name }), clientId, name);
  };
  const makeClient = (nodeId: string, clientId: number) => wrap(new ClientNode(nodeId, layout, timing, { idPrefix: `${nodeId}-${clientId}` }), clientId, null);
  const makeReader = (nodeId: string, clientId: number) => {
    const r = new ReaderNode(nodeId, layout, timing, { name: `${nodeId}.${clientId}`, follow: true });
    readerNodes.push(r);
    return wrap(r, clientId, null);
  };

  const until = Math.max(600, opts.steps * 6);
  const hosts: Host[] = [];
  const crashables: Crashable[] = [];
  const asCrashable = (h: Host, onRestart: () => void = () => {}): Crashable => ({
    id: h.id,
    get up() {
      return h.up;
    },
    crash() {
      if (!h.up) return;
      rec?.crashed(keys.get(h.id)!, world.now);
      h.crash();
    },
    restart() {
      if (h.up) return;
      h.restart();
      onRestart();
    },
  });

  // The sequencer, and the one that will take over.
  const seq1 = new SimHost(world, 'seq1', makeSeq('seq1'));
  hosts.push(seq1);
  const seq1c = asCrashable(seq1);
  crashables.push(seq1c);
  world.after(Math.floor(until / 3), () => {
    seq1c.crash();
    world.after(150, () => seq1c.restart());
  });
  world.after(Math.floor(until / 2), () => {
    const seq2 = new SimHost(world, 'seq2', makeSeq('seq2'));
    hosts.push(seq2);
    crashables.push(asCrashable(seq2));
  });

  // Readers.
  for (let i = 1; i <= nReaders; i++) {
    const h = new SimHost(world, `rd${i}`, makeReader);
    hosts.push(h);
    crashables.push(asCrashable(h));
  }

  // Clients, closed loop.
  const acks: Ack[] = [];
  let issued = 0;
  const outstanding = new Map<string, number>();
  const issue = (h: Host): void => {
    if (!h.up || issued >= opts.steps || outstanding.has(h.id)) return;
    const value = `v${issued++}`;
    outstanding.set(h.id, world.now);
    h.request({ op: 'append', value }, (reply) => {
      outstanding.delete(h.id);
      if (reply.op === 'append' && reply.ok) {
        acks.push({ appendId: reply.appendId, pos: reply.pos, client: h.id, at: world.now });
      }
      issue(h);
    });
  };
  const clientHosts: Host[] = [];
  for (let i = 1; i <= nClients; i++) {
    const h = new SimHost(world, `cl${i}`, makeClient);
    hosts.push(h);
    clientHosts.push(h);
    crashables.push(
      asCrashable(h, () => {
        outstanding.delete(h.id);
        issue(h);
      }),
    );
    world.after(5 + i, () => issue(h));
  }
  const fc = scheduleFaults(world, opts.faults, () => crashables, until);

  // Run the fault window, then until the work is done (bounded).
  world.runUntil(until, 2_000_000);
  const lastAcked = (): number => acks.reduce((m, a) => Math.max(m, a.pos), -1);
  const liveReaders = (): ReaderNode[] => hosts.filter((h) => h.id.startsWith('rd') && h.up).map((h) => readerOf(h.current));
  const done = (): boolean => issued >= opts.steps && outstanding.size === 0 && liveReaders().every((r) => readerOf(r).delivered.length > lastAcked());
  for (const h of clientHosts) issue(h);
  world.runWhile(() => !done(), 3_000_000);
  const violations: string[] = [];
  if (!done()) {
    violations.push(`liveness: after the faults were lifted, ${opts.steps - issued} appends not issued, ${outstanding.size} unanswered, readers at ${liveReaders().map((r) => readerOf(r).delivered.length).join('/')} of ${lastAcked() + 1}`);
  }
  // A final read of every position up to the last one any reader read.
  // What every reader (every incarnation) read, as of now: they go on reading during the final reads.
  const readersEver = readerNodes.map((r) => ({ id: r.id, name: r.name, delivered: [...r.delivered] }));
  const maxRead = Math.max(lastAcked(), ...readersEver.map((r) => r.delivered.length - 1));
  const final = new Map<number, string | null>();
  const port = world.newPort();
  for (let pos = 0; pos <= maxRead; pos++) {
    const { seg, off } = addrOf(layout, pos);
    let got: AnyResult | null = null;
    port.invoke({ kind: 'read', seg, off }, (r) => (got = r));
    world.runWhile(() => got === null, 100_000);
    const r = got as (AnyResult & { value?: string }) | null;
    final.set(pos, r && r.status === 'ok' ? specValue(r.value!) : null);
  }

  // Invariants.
  const byPos = new Map<number, Ack>();
  const byId = new Map<string, Ack>();
  for (const a of acks) {
    const other = byPos.get(a.pos);
    if (other && other.appendId !== a.appendId) violations.push(`position ${a.pos} acknowledged to two appends: ${other.appendId} and ${a.appendId}`);
    byPos.set(a.pos, a);
    if (byId.has(a.appendId)) violations.push(`append ${a.appendId} acknowledged twice (positions ${byId.get(a.appendId)!.pos} and ${a.pos})`);
    byId.set(a.appendId, a);
    const f = final.get(a.pos);
    if (f !== a.appendId) violations.push(`acknowledged append ${a.appendId} at position ${a.pos}, but the position holds ${f ?? 'nothing'}`);
  }
  for (const r of readersEver) {
    r.delivered.forEach((v, pos) => {
      const f = final.get(pos);
      if (v !== f) violations.push(`reader ${r.id} read ${v} at position ${pos}, which now holds ${f ?? 'nothing'}`);
      const a = byPos.get(pos);
      if (a && v !== a.appendId) violations.push(`reader ${r.id} read ${v} at position ${pos}, acknowledged to ${a.appendId}`);
    });
  }
  for (let i = 0; i < readersEver.length; i++)
    for (let j = i + 1; j < readersEver.length; j++) {
      const a = readersEver[i]!.delivered;
      const b = readersEver[j]!.delivered;
      const n = Math.min(a.length, b.length);
      for (let p = 0; p < n; p++) if (a[p] !== b[p]) violations.push(`readers disagree at position ${p}: ${a[p]} and ${b[p]}`);
    }
  violations.push(...world.checkWos());

  const junk = [...final.values()].filter((v) => v === '#junk').length;
  const report: WormLogSimReport = {
    app: 'wormlog',
    seed: opts.seed,
    violations: dedupe(violations),
    stats: {
      appends: acks.length,
      positions: maxRead + 1,
      junk,
      segments: hosts.filter((h) => h.id.startsWith('seq')).reduce((n, h) => n + seqOf(h.current).segments, 0),
      sequencerCrashes: hosts.filter((h) => h.id.startsWith('seq')).reduce((n, h) => n + h.crashes, 0),
      nodeCrashes: fc.nodeCrashes,
      serverCrashes: fc.serverCrashes,
      partitions: fc.partitions,
      pausedWrites: world.paused,
      time: world.now,
      wosCalls: world.calls.length,
    },
    trace: null,
  };
  if (rec) {
    const trace = rec.trace(opts.seed, world.now);
    if (opts.keepTrace) {
      report.recorded = trace;
      report.snapshot = { readers: readersEver.map((r) => ({ name: r.name, delivered: r.delivered })), registers: final };
    }
    if (opts.traceFile !== null) writeTraceFile(opts.traceFile, trace);
    if (opts.checkTrace) {
      const { validateWormLogTrace } = await import('./validate.ts');
      const v = await validateWormLogTrace(trace);
      report.trace = { events: trace.events.length, accepted: v.accepted, message: v.message };
      if (opts.keepTrace) report.specState = v.finalState;
    } else report.traceNote = 'not asked for (--no-check-trace)';
  } else report.traceNote = 'not asked for (--no-check-trace)';
  return report;
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** The node behind a Traced wrapper. */
function readerOf(n: Node): ReaderNode {
  return (n instanceof Traced ? n.inner : n) as ReaderNode;
}

function seqOf(n: Node): SequencerNode {
  return (n instanceof Traced ? n.inner : n) as SequencerNode;
}

export const simulation: AppSimulation = {
  name: 'wormlog',
  description: 'WormLog: a shared log with a fail-over sequencer, appending clients and hole-filling readers',
  simulate: (opts) => runWormLog(opts),
};
