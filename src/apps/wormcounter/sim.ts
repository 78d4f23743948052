/**
 * WormCounter on the deterministic simulator: `nodes` counter nodes (default 3) increment in a
 * closed loop until `steps` increments were issued, under the CLI's faults (a crashed node comes
 * back as a fresh node, a new client of the spec); the counter's invariants, the WOS layer's
 * checkers, and the trace validated against tla/apps/WormCounter.tla.
 *
 * Invariants (violations):
 *  - no number is answered to two increments, and every answered number's slot holds that
 *    increment's value (a final read of every slot);
 *  - the written slots are a prefix of the row (no hole below a written slot);
 *  - liveness once the faults are lifted: every increment issued to a live node is answered;
 *  - the WOS layer's checkers on every call the application made.
 *
 * Planted bug (tests only, `bug: 'AckAlreadyWritten'`): the binding hands the node a write's
 * `alreadyWritten` (somebody else's increment holds the slot) as `ok`, so two increments are told
 * the same number. (The spec's wrong variant, MCWormCounter_SkipOnPreempt, needs a preemption,
 * which a short simulated run rarely produces: the bug planted here shows on every run.)
 */
import type { AnyResult } from '../../core/messages.ts';
import type { AppSimOptions, AppSimReport, AppSimulation } from '../registry.ts';
import { networkFaults, scheduleFaults, type Crashable } from '../runtime/faults.ts';
import { SimHost } from '../runtime/host-sim.ts';
import { writeTraceFile } from '../runtime/trace-file.ts';
import type { AppNode, Effect, Input } from '../runtime/node.ts';
import { DEFAULT_WORLD, SimWorld } from '../runtime/sim-world.ts';
import type { JsonTla } from '../../tla/result.ts';
import { CounterNode, type CounterEvent, type CounterLayout, type CounterMsg, type CounterReply, type CounterRequest } from './node.ts';
import { checkCounterTrace, counterTrace, type CounterTrace, type TimedCounterEvent } from './trace.ts';

type Node = AppNode<CounterMsg, CounterRequest, CounterReply, CounterEvent>;
type Host = SimHost<CounterMsg, CounterRequest, CounterReply, CounterEvent>;

export interface WormCounterSimOptions extends AppSimOptions {
  nodes?: number;
  segSize?: number;
  /** A deliberate bug in the binding (tests only). */
  bug?: 'none' | 'AckAlreadyWritten';
  /** Keep the trace, the code's final state and the spec's in the report (tests). */
  keep?: boolean;
}

/** What the implementation holds at the end of a run (refinement/wormcounter.ts maps it to the spec). */
export interface WormCounterSnapshot {
  /** The slots as a final read finds them: slot -> the value, or null when unwritten. */
  registers: Map<number, string | null>;
  /** Every life of every node: its client id, increments acknowledged, and what it answered (value -> number). */
  lives: { clientId: number; slot: number; done: number; answers: Map<string, number> }[];
}

export interface WormCounterSimReport extends AppSimReport {
  recorded?: CounterTrace;
  snapshot?: WormCounterSnapshot;
  specState?: Record<string, JsonTla> | null;
}

/** Buggy wraps a node for the planted bug: it changes nothing unless the bug is on. */
class Buggy implements Node {
  constructor(
    readonly inner: CounterNode,
    private readonly bug: 'none' | 'AckAlreadyWritten',
  ) {}
  get id(): string {
    return this.inner.id;
  }
  start(): Effect<CounterMsg, CounterReply, CounterEvent>[] {
    return this.inner.start();
  }
  step(inp: Input<CounterMsg, CounterRequest>): Effect<CounterMsg, CounterReply, CounterEvent>[] {
    if (this.bug === 'AckAlreadyWritten' && inp.kind === 'wosDone' && (inp.result as AnyResult).status === 'alreadyWritten' && this.inner.phase === 'write') {
      return this.inner.step({ ...inp, result: { status: 'ok' } });
    }
    return this.inner.step(inp);
  }
}

export async function runWormCounter(opts: WormCounterSimOptions): Promise<WormCounterSimReport> {
  const nNodes = opts.nodes ?? 3;
  const layout: CounterLayout = { base: 1, segSize: opts.segSize ?? 16 };
  const bug = opts.bug ?? 'none';
  const world = new SimWorld({ ...DEFAULT_WORLD, seed: opts.seed, faults: networkFaults(opts.faults), maxTimeouts: 12 });
  const wantTrace = opts.checkTrace || opts.traceFile !== null || opts.keep === true;
  const events: TimedCounterEvent[] = [];
  let seq = 0;
  const lives: CounterNode[] = [];
  const makeNode = (id: string, clientId: number): Node => {
    const n = new CounterNode(id, clientId, layout);
    lives.push(n);
    return new Buggy(n, bug);
  };
  const traceSink = wantTrace ? (e: CounterEvent, at: number) => events.push({ ...e, at, seq: seq++ }) : null;

  const until = Math.max(600, opts.steps * 8);
  const answered: { value: string; n: number; node: string }[] = [];
  let issued = 0;
  const outstanding = new Set<string>();
  const hosts: Host[] = [];
  const issue = (h: Host): void => {
    if (!h.up || issued >= opts.steps || outstanding.has(h.id)) return;
    issued++;
    outstanding.add(h.id);
    h.request({ op: 'inc' }, (reply) => {
      outstanding.delete(h.id);
      if (reply.ok) answered.push({ value: reply.written, n: reply.value, node: h.id });
      issue(h);
    });
  };
  const crashables: Crashable[] = [];
  for (let i = 1; i <= nNodes; i++) {
    const h = new SimHost(world, `n${i}`, makeNode, { traceSink });
    hosts.push(h);
    crashables.push({
      id: h.id,
      get up() {
        return h.up;
      },
      crash() {
        if (!h.up) return;
        h.crash();
        if (outstanding.delete(h.id)) issued--; // its increment is lost with it; the workload issues another
      },
      restart() {
        if (h.up) return;
        h.restart();
        issue(h);
      },
    });
    world.after(3 + i, () => issue(h));
  }
  const fc = scheduleFaults(world, opts.faults, () => crashables, until);
  world.runUntil(until, 2_000_000);
  for (const h of hosts) issue(h);
  const done = (): boolean => issued >= opts.steps && outstanding.size === 0;
  world.runWhile(() => !done(), 3_000_000);

  const violations: string[] = [];
  if (!done()) violations.push(`liveness: after the faults were lifted, ${opts.steps - issued} increments not issued, ${outstanding.size} unanswered`);
  // A final read of every slot up to the first unwritten one past everything answered or tried.
  const tried = Math.max(-1, ...lives.map((l) => l.slot));
  const registers = new Map<number, string | null>();
  const port = world.newPort();
  for (let k = 0; k <= tried + 1; k++) {
    let got: AnyResult | null = null;
    port.invoke({ kind: 'read', seg: layout.base + Math.floor(k / layout.segSize), off: k % layout.segSize }, (r) => (got = r));
    world.runWhile(() => got === null, 100_000);
    const r = got as (AnyResult & { value?: string }) | null;
    registers.set(k, r && r.status === 'ok' ? r.value! : null);
  }
  const byNumber = new Map<number, string>();
  for (const a of answered) {
    const other = byNumber.get(a.n);
    if (other !== undefined && other !== a.value) violations.push(`number ${a.n} answered to two increments: ${other} and ${a.value}`);
    byNumber.set(a.n, a.value);
    const held = registers.get(a.n - 1);
    if (held !== a.value) violations.push(`increment ${a.value} was answered ${a.n}, but slot ${a.n - 1} holds ${held ?? 'nothing'}`);
  }
  let firstHole = -1;
  for (const [k, v] of registers) {
    if (v === null && firstHole < 0) firstHole = k;
    else if (v !== null && firstHole >= 0) violations.push(`slot ${k} is written but slot ${firstHole} below it is not`);
  }
  violations.push(...world.checkWos());

  const count = [...registers.values()].filter((v) => v !== null).length;
  const report: WormCounterSimReport = {
    app: 'wormcounter',
    seed: opts.seed,
    violations: [...new Set(violations)],
    stats: { increments: answered.length, count, lives: lives.length, nodeCrashes: fc.nodeCrashes, serverCrashes: fc.serverCrashes, partitions: fc.partitions, time: world.now, wosCalls: world.calls.length },
    trace: null,
  };
  if (!wantTrace) {
    report.traceNote = 'not asked for (--no-check-trace)';
    return report;
  }
  const trace = counterTrace(events, layout.segSize);
  if (opts.keep) {
    report.recorded = trace;
    report.snapshot = { registers, lives: lives.map((l) => ({ clientId: l.clientId, slot: l.slot, done: l.done, answers: l.answers })) };
  }
  if (opts.traceFile !== null) writeTraceFile(opts.traceFile, trace);
  if (opts.checkTrace) {
    const v = await checkCounterTrace(trace);
    report.trace = { events: v.events, accepted: v.accepted, message: v.message };
    if (opts.keep) report.specState = v.finalState;
  } else report.traceNote = 'not asked for (--no-check-trace)';
  return report;
}

export const simulation: AppSimulation = {
  name: 'wormcounter',
  description: 'WormCounter: a replicated fetch-and-increment counter, one write-once register per increment',
  simulate: (opts) => runWormCounter(opts),
};
