/**
 * WormTX on the simulator: three RMs (RmNode on SimHost) over a simulated WormSpace cluster, a
 * bank driver running transfers between accounts of different RMs, seeded faults (message loss,
 * duplication, reordering, server and RM crashes, partitions), and at the end the invariants:
 *
 * - TCConsistent: every RM (every life of it) and every answer to the driver decided alike per
 *   transaction;
 * - commit only if every participant's vote register holds yes; abort only if one holds no;
 * - the registers' ground truth: the committed transactions' changes keep every balance >= 0 and
 *   the total unchanged, and every running RM's balances equal it (so a restarted RM recovered
 *   its shard from WormSpace alone);
 * - liveness after the faults stop: every running RM decided every transaction it took part in;
 * - the WOS layer's checkers on every call the RMs made.
 *
 * Planted bugs (`bug`) live here, in subclasses of RmNode, never in node.ts: the tests show that
 * the invariants catch them.
 */
import { writeFileSync } from 'node:fs';
import type { AnyResult } from '../../core/messages.ts';
import type { AppSimOptions, AppSimReport, AppSimulation } from '../registry.ts';
import { scheduleFaults, networkFaults } from '../runtime/faults.ts';
import { SimHost } from '../runtime/host-sim.ts';
import type { Effects } from '../runtime/node.ts';
import { DEFAULT_WORLD, SimWorld } from '../runtime/sim-world.ts';
import { BankDriver } from './bank.ts';
import { RmNode, type Tx } from './node.ts';
import { rmName, voteAddr, type Outcome, type TxConfig, type Vote, type TxEvent, type TxMsg, type TxReply, type TxRequest, type VoteValue } from './types.ts';
import { checkTxTrace, type TimedTxEvent } from './trace.ts';
import { audit, regKey, registerValue } from './audit.ts';
import type { JsonTla } from '../../tla/result.ts';

export type TxBug = 'none' | 'CommitMissingVote' | 'AbortWithoutWrite';

export interface TxSimOptions extends AppSimOptions {
  bug?: TxBug;
  voteTimeout?: number;
  concurrency?: number;
  accounts?: number;
  /** Transactions whose traces are validated (eventful ones first; default 12). */
  traceLimit?: number;
  /** Keep what the refinement mapping needs (refinement/wormtx.ts): snapshots and the spec's final states. */
  keepState?: boolean;
}

/** What the mapping reads about one transaction, at the end of a run. */
/** (refinement/wormtx.ts maps it to WormTX.tla's variables.) */
export interface WormTxSnapshot {
  t: number;
  /** The participants' RM numbers, ascending: participant i is RM parts[i]. */
  parts: number[];
  /** Per participant: what each life of the RM knows of the transaction (lives that never heard of it are left out). */
  lives: Array<Array<{ outcome: Outcome | null; voteAnswer: { vote: Vote; answer: string } | null }>>;
  /** Per participant: its vote register's value (read from WormSpace), null when unwritten. */
  registers: Array<Vote | null>;
}

export interface TxSimReport extends AppSimReport {
  /** With keepState: per validated transaction, the code's state and WormTX.tla's final state. */
  refinement?: Array<{ snapshot: WormTxSnapshot; specState: Record<string, JsonTla> }>;
}

/** Planted bug: commit when every WRITTEN vote is yes (a missing vote counts as yes). */
class CommitMissingVote extends RmNode {
  protected override outcome(tx: Tx): Outcome | null {
    for (const r of tx.parts) if (tx.votes.get(r)?.v === 'no') return 'abort';
    return tx.votes.get(this.rm)?.v === 'yes' ? 'commit' : null;
  }
}

/** Planted bug: on a timeout, abort without writing no into the silent RM's register. */
class AbortWithoutWrite extends RmNode {
  protected override timeoutAbort(fx: Effects<TxMsg, TxReply, TxEvent>, tx: Tx, _target: number): void {
    if (tx.outcome === null) this.decide(fx, tx, 'abort');
  }
}

function makeRm(bug: TxBug, r: number, clientId: number, cfg: TxConfig): RmNode {
  if (bug === 'CommitMissingVote') return new CommitMissingVote(r, clientId, cfg);
  if (bug === 'AbortWithoutWrite') return new AbortWithoutWrite(r, clientId, cfg);
  return new RmNode(r, clientId, cfg);
}

export async function simulateWormTX(opts: TxSimOptions): Promise<TxSimReport> {
  const cfg: TxConfig = {
    nRms: 3,
    segBase: 1,
    window: 16,
    accounts: opts.accounts ?? 9,
    initialBalance: 100,
    voteTimeout: opts.voteTimeout ?? 150,
    pollInterval: 20,
  };
  const world = new SimWorld({ ...DEFAULT_WORLD, seed: opts.seed, faults: networkFaults(opts.faults) });
  const events: TimedTxEvent[] = [];
  // Every life of every RM, for the refinement mapping (a crashed life's decisions count too).
  const lives: RmNode[][] = Array.from({ length: cfg.nRms }, () => []);
  const hosts = Array.from({ length: cfg.nRms }, (_, r) =>
    new SimHost<TxMsg, TxRequest, TxReply, TxEvent>(world, rmName(r), (_id, clientId) => {
      const n = makeRm(opts.bug ?? 'none', r, clientId, cfg);
      lives[r]!.push(n);
      return n;
    }, {
      traceSink: (event, at) => events.push({ ...event, at, seq: events.length }),
    }),
  );
  const until = 1500 + 12 * opts.steps;
  const counts = scheduleFaults(world, opts.faults, () => hosts, until);
  let done = false;
  const driver = new BankDriver(
    cfg,
    {
      submit: (r, req, onReply) => hosts[r]!.request(req, onReply),
      after: (d, run) => world.after(d, run),
      now: () => world.now,
      random: (n) => world.prng.int(n),
    },
    { transfers: opts.steps, concurrency: opts.concurrency ?? 3, maxAttempts: 5, replyTimeout: 4000, maxAmount: 30, restartBackoff: 60 },
    () => (done = true),
  );
  driver.start();
  const violations: string[] = [];
  world.runWhile(() => !done, 5_000_000);
  if (!done) violations.push(`the driver did not finish its ${opts.steps} transfers (virtual time ${world.now})`);
  // Let the faults end and everybody settle: every RM up, recovered, and nothing undecided.
  const settled = (): boolean => world.now >= until && hosts.every((h) => h.up && !(h.current as RmNode).recovering && (h.current as RmNode).undecided() === 0);
  const deadline = Math.max(world.now, until) + 30_000;
  world.runWhile(() => !settled() && world.now < deadline, 5_000_000);
  for (const h of hosts) {
    const n = h.current as RmNode;
    if (!h.up) violations.push(`${h.id} is still down after the faults stopped`);
    else if (n.recovering) violations.push(`${h.id} is still recovering ${world.now - until} time units after the faults stopped`);
    else if (n.undecided() > 0) violations.push(`${h.id} still has ${n.undecided()} undecided transaction(s) after the faults stopped (liveness)`);
  }

  // Ground truth: every participant's vote register of every transaction the driver started.
  const registers = new Map<string, VoteValue | null>();
  const reader = world.newPort();
  let outstanding = 0;
  const readReg = (t: number, r: number): void => {
    outstanding++;
    const { seg, off } = voteAddr(cfg, r, t);
    reader.invoke({ kind: 'read', seg, off }, (res: AnyResult) => {
      outstanding--;
      const v = registerValue(res as { status: string; value?: string });
      if (v === undefined) readReg(t, r);
      else registers.set(regKey(t, r), v);
    });
  };
  for (const [t, parts] of driver.started) for (const r of parts) readReg(t, r);
  world.runWhile(() => outstanding > 0, 5_000_000);

  // Decisions of every life of every RM, and every answer the driver got.
  const decided = new Map<number, Map<string, Outcome>>();
  const note = (t: number, who: string, o: Outcome): void => {
    let m = decided.get(t);
    if (!m) decided.set(t, (m = new Map()));
    const prev = m.get(who);
    if (prev !== undefined && prev !== o) violations.push(`transaction ${t}: ${who} decided ${prev} and later ${o}`);
    m.set(who, o);
  };
  for (const e of events) if (e.ev === 'decide') note(e.t, `rm${e.rm}`, e.outcome);
  for (const [t, m] of driver.answers) for (const [r, o] of m) note(t, `answer of rm${r}`, o);
  const rmBalances = hosts.filter((h) => h.up && !(h.current as RmNode).recovering).map((h) => ({ name: h.id, balances: Object.fromEntries((h.current as RmNode).balances) }));
  violations.push(...audit({ cfg, started: driver.started, registers, decided, rmBalances }).violations);
  violations.push(...world.checkWos().map((v) => `WOS: ${v}`));

  if (opts.traceFile) writeFileSync(opts.traceFile, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const commits = driver.records.filter((r) => r.outcome === 'commit').length;
  const aborts = [...decided.values()].filter((m) => [...m.values()][0] === 'abort').length;
  const report: TxSimReport = {
    app: 'wormtx',
    seed: opts.seed,
    violations,
    stats: {
      transfers: driver.records.length,
      committed: commits,
      gaveUp: driver.records.filter((r) => r.outcome === 'abort').length,
      unknown: driver.records.filter((r) => r.outcome === 'unknown').length,
      transactions: driver.nextT,
      abortedTx: aborts,
      rmCrashes: hosts.reduce((s, h) => s + h.crashes, 0),
      serverCrashes: counts.serverCrashes,
      partitions: counts.partitions,
      time: world.now,
    },
    trace: null,
  };
  if (opts.checkTrace) {
    const v = await checkTxTrace(events, { started: driver.started, window: cfg.window, limit: opts.traceLimit });
    report.trace = { events: v.events, accepted: v.accepted, message: v.message };
    if (opts.keepState) {
      report.refinement = [...v.finalStates].map(([t, specState]) => {
        const parts = [...(driver.started.get(t) ?? [])].sort((a, b) => a - b);
        const snapshot: WormTxSnapshot = {
          t,
          parts,
          lives: parts.map((r) =>
            lives[r]!.flatMap((n) => {
              const tx = n.txs.get(t);
              return tx ? [{ outcome: tx.outcome, voteAnswer: tx.voteAnswer }] : [];
            }),
          ),
          registers: parts.map((r) => registers.get(regKey(t, r))?.v ?? null),
        };
        return { snapshot, specState };
      });
    }
  } else report.traceNote = 'not requested (--no-check-trace)';
  return report;
}

export const simulation: AppSimulation = {
  name: 'wormtx',
  description: 'WormTX (E3 non-blocking commit): a bank over 3 RMs with immediate-restart locking',
  simulate: (opts) => simulateWormTX(opts),
};
