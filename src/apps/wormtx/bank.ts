/**
 * The bank on WormTX: transfers between accounts owned by different RMs, run by a driver that
 * numbers transactions, sends each participant its changes, and restarts an aborted transfer as
 * a new transaction at once (immediate-restart locking: nobody waits for a lock, so nothing
 * deadlocks). The driver is host-neutral: `DriverIo` is the simulator's or TCP's way to reach RMs.
 */
import { accountName, type Op, type Outcome, type TxConfig, type TxReply, type TxRequest } from './types.ts';

export interface DriverIo {
  /** Sends a request to RM `rm`; `onReply` runs with its answer, or never (a dead RM). */
  submit(rm: number, req: TxRequest, onReply: (r: TxReply) => void): void;
  after(delay: number, run: () => void): void;
  now(): number;
  /** Draws an integer in 0 .. n-1. */
  random(n: number): number;
}

export interface DriverOptions {
  transfers: number;
  concurrency: number;
  /** Attempts per transfer (1 = no restart). */
  maxAttempts: number;
  /** How long the driver waits for the participants' answers (it learns the outcome from the first). */
  replyTimeout: number;
  maxAmount: number;
  /** An aborted transfer restarts after a random delay in 0 .. restartBackoff (it never waits for a lock). */
  restartBackoff: number;
}

export interface TransferRecord {
  from: string;
  to: string;
  amount: number;
  attempts: number;
  outcome: Outcome | 'unknown';
  /** From the first attempt's submission to the final attempt's first answer. */
  latency: number;
  /** The last attempt's own latency (submission to first answer). */
  commitLatency: number;
}

export interface Transfer {
  t: number;
  parts: number[];
  ops: Map<number, Op[]>;
}

/** transferTx splits a transfer into each participant's changes. */
export function transferTx(cfg: TxConfig, t: number, from: number, to: number, amount: number): Transfer {
  const ops = new Map<number, Op[]>();
  const add = (acct: number, delta: number): void => {
    const r = acct % cfg.nRms;
    if (!ops.has(r)) ops.set(r, []);
    ops.get(r)!.push([accountName(acct), delta]);
  };
  add(from, -amount);
  add(to, amount);
  return { t, parts: [...ops.keys()].sort((a, b) => a - b), ops };
}

export class BankDriver {
  nextT = 0;
  readonly records: TransferRecord[] = [];
  /** Every answer the driver got: t -> rm -> outcome. */
  readonly answers = new Map<number, Map<number, Outcome>>();
  /** The participants of every transaction the driver started. */
  readonly started = new Map<number, number[]>();
  private issued = 0;
  private active = 0;
  private finished = false;

  constructor(
    private readonly cfg: TxConfig,
    private readonly io: DriverIo,
    private readonly opts: DriverOptions,
    private readonly onDone: () => void,
  ) {}

  start(): void {
    for (let i = 0; i < this.opts.concurrency; i++) this.next();
    if (this.opts.transfers === 0) this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.onDone();
  }

  private next(): void {
    if (this.issued >= this.opts.transfers) {
      if (this.active === 0) this.finish();
      return;
    }
    this.issued++;
    this.active++;
    const n = this.cfg.accounts;
    const from = this.io.random(n);
    let to = this.io.random(n);
    // Accounts on different RMs (when there is more than one RM).
    for (let k = 0; k < 8 && this.cfg.nRms > 1 && to % this.cfg.nRms === from % this.cfg.nRms; k++) to = this.io.random(n);
    if (to === from) to = (from + 1) % n;
    const amount = 1 + this.io.random(this.opts.maxAmount);
    const rec: TransferRecord = { from: accountName(from), to: accountName(to), amount, attempts: 0, outcome: 'unknown', latency: 0, commitLatency: 0 };
    this.records.push(rec);
    const t0 = this.io.now();
    const attempt = (): void => {
      rec.attempts++;
      const tx = transferTx(this.cfg, this.nextT++, from, to, amount);
      this.started.set(tx.t, tx.parts);
      const a0 = this.io.now();
      let settled = false;
      let replies = 0;
      const settle = (outcome: Outcome | 'unknown'): void => {
        if (settled) return;
        settled = true;
        rec.outcome = outcome;
        rec.latency = this.io.now() - t0;
        rec.commitLatency = this.io.now() - a0;
        if (outcome === 'abort' && rec.attempts < this.opts.maxAttempts) {
          this.io.after(this.io.random(this.opts.restartBackoff + 1), attempt);
          return;
        }
        this.active--;
        this.next();
      };
      for (const r of tx.parts) {
        this.io.submit(r, { kind: 'tx', t: tx.t, parts: tx.parts, ops: tx.ops.get(r)! }, (reply) => {
          if (reply.kind !== 'decided') return;
          let m = this.answers.get(reply.t);
          if (!m) this.answers.set(reply.t, (m = new Map()));
          m.set(reply.rm, reply.outcome);
          replies++;
          settle(reply.outcome);
        });
      }
      this.io.after(this.opts.replyTimeout, () => {
        if (replies === 0) settle('unknown');
      });
    };
    attempt();
  }

  /** Transactions whose participants answered differently (must be none). */
  disagreements(): string[] {
    const out: string[] = [];
    for (const [t, m] of this.answers) {
      const seen = new Set(m.values());
      if (seen.size > 1) out.push(`transaction ${t}: RMs answered ${[...m].map(([r, o]) => `rm${r}=${o}`).join(', ')}`);
    }
    return out;
  }
}
