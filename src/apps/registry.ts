/**
 * The applications that `wormspace sim --app NAME` can run. Each entry loads its simulation
 * lazily (src/apps/<app>/sim.ts), so the CLI does not import every application to run one.
 * Add an application by adding one line here.
 */
import type { WormSpace } from '../client/wormspace.ts';
import type { FaultKind } from './runtime/faults.ts';

export interface AppSimOptions {
  seed: number;
  /** User operations the workload issues (puts/gets, appends/reads, transactions). */
  steps: number;
  faults: FaultKind[];
  /** Write the application's trace here (NDJSON), when set. */
  traceFile: string | null;
  /** Validate the recorded trace against the application's spec (default true). */
  checkTrace: boolean;
}

export interface AppSimReport {
  app: string;
  seed: number;
  /** Broken invariants of the application and of the WOS layer below it; empty when the run is correct. */
  violations: string[];
  /** Counters worth printing (operations done, crashes, fail-overs, virtual time, ...). */
  stats: Record<string, number | string>;
  /** The trace check's outcome, or null when the trace was not checked (then say why in `traceNote`). */
  trace: { events: number; accepted: boolean; message: string } | null;
  traceNote?: string;
}

export interface AppSimulation {
  name: string;
  description: string;
  simulate(opts: AppSimOptions): Promise<AppSimReport>;
}

export const APP_SIMULATIONS: Record<string, () => Promise<AppSimulation>> = {
  wormpaxos: () => import('./wormpaxos/sim.ts').then((m) => m.simulation),
  wormlog: () => import('./wormlog/sim.ts').then((m) => m.simulation),
  wormtx: () => import('./wormtx/sim.ts').then((m) => m.simulation),
  wormcounter: () => import('./wormcounter/sim.ts').then((m) => m.simulation),
};

/** One operation's outcome, as `wormspace app NAME OP` prints it. */
export interface AppCallResult {
  ok: boolean;
  /** One line for a person. */
  text: string;
  /** The node's reply, for --json. */
  reply: unknown;
}

/** A running node of an application on the real client library (its tcp.ts). */
export interface AppSession {
  call(op: string): Promise<AppCallResult>;
  /** The node's kill: its state and any unanswered call are gone. */
  close(): void;
}

/** An application's TCP binding, for the generic `wormspace app NAME OP` command. */
export interface AppBinding {
  name: string;
  /** The operations the command accepts, each with a one-line description. */
  ops: Record<string, string>;
  /** open starts a node on `ws`, its state in the segments from `base` on. */
  open(ws: WormSpace, base: number): AppSession;
}

/**
 * The applications `wormspace app NAME OP` can run (src/apps/<app>/tcp.ts, loaded lazily).
 * WormPaxos, WormLog and WormTX have commands of their own (kv, log, tx).
 */
export const APP_BINDINGS: Record<string, () => Promise<AppBinding>> = {
  wormcounter: () => import('./wormcounter/tcp.ts').then((m) => m.binding),
};
