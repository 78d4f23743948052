/**
 * WormTX's data: the configuration every RM and driver shares, where a vote register lives, what
 * a vote register holds (a JSON string), and the requests, replies, messages and trace events of
 * the RM state machine (node.ts).
 *
 * Addressing. Transactions are numbered t = 0, 1, 2, ... by the driver that runs them. Window
 * w = floor(t / window) of RM r is the vote segment `segBase + 1 + w * nRms + r`; transaction t's
 * vote register of r is offset `t mod window` of it. RM r allocates and batch-captures its own
 * windows (the paper's B6 set-up), so a vote is one write with a capture id it already holds.
 * Segment `segBase` itself is the run's marker (the driver allocates it to claim the range).
 */
import type { Ballot } from '../../core/ballot.ts';

export interface TxConfig {
  /** RMs are 0 .. nRms-1, named rm0, rm1, ... */
  nRms: number;
  /** The run's marker segment; vote segments follow it. */
  segBase: number;
  /** Vote registers per vote segment (transactions per window). */
  window: number;
  /** Accounts a0 .. a(accounts-1); account i belongs to RM i mod nRms. */
  accounts: number;
  initialBalance: number;
  /** How long an RM waits for a silent participant's vote before it writes `no` into its register. */
  voteTimeout: number;
  /** How often an RM reads the vote registers it has not heard about. */
  pollInterval: number;
}

export type Vote = 'yes' | 'no';
export type Outcome = 'commit' | 'abort';
/** One change of one account: [account, delta]. */
export type Op = [key: string, delta: number];

/** What a vote register holds: the vote, the transaction, its participants, and (yes only) the voter's changes. */
export interface VoteValue {
  v: Vote;
  t: number;
  p: number[];
  ops?: Op[];
  /** Who wrote it: the RM itself, or the RM that timed it out (a `no`). */
  by: number;
}

export const rmName = (r: number): string => `rm${r}`;

export function rmIndex(name: string): number | null {
  const m = /^rm(\d{1,4})$/.exec(name);
  return m ? Number(m[1]) : null;
}

export function accountName(i: number): string {
  return `a${i}`;
}

export function ownerOf(cfg: TxConfig, key: string): number | null {
  const m = /^a(\d{1,9})$/.exec(key);
  if (!m) return null;
  const i = Number(m[1]);
  return i < cfg.accounts ? i % cfg.nRms : null;
}

export function windowOf(cfg: TxConfig, t: number): number {
  return Math.floor(t / cfg.window);
}

export function voteSeg(cfg: TxConfig, r: number, w: number): number {
  return cfg.segBase + 1 + w * cfg.nRms + r;
}

/** The vote register of RM r for transaction t: [segment, offset]. */
export function voteAddr(cfg: TxConfig, r: number, t: number): { seg: number; off: number } {
  return { seg: voteSeg(cfg, r, windowOf(cfg, t)), off: t % cfg.window };
}

export function segMeta(r: number, clientId: number): string {
  return JSON.stringify({ wormtx: r, client: clientId });
}

export function encodeVote(v: VoteValue): string {
  return JSON.stringify(v);
}

/** decodeVote reads a vote register's value; null when it is not a WormTX vote. */
export function decodeVote(text: string): VoteValue | null {
  let x: unknown;
  try {
    x = JSON.parse(text);
  } catch {
    return null;
  }
  if (x === null || typeof x !== 'object') return null;
  const o = x as Record<string, unknown>;
  if ((o.v !== 'yes' && o.v !== 'no') || !Number.isSafeInteger(o.t) || !Array.isArray(o.p) || !Number.isSafeInteger(o.by)) return null;
  if (!o.p.every((p) => Number.isSafeInteger(p))) return null;
  if (o.ops !== undefined && !(Array.isArray(o.ops) && o.ops.every((op) => Array.isArray(op) && typeof op[0] === 'string' && Number.isSafeInteger(op[1])))) return null;
  return o as unknown as VoteValue;
}

/** A request to an RM: take part in transaction t (these are your changes), or report your balances. */
export type TxRequest = { kind: 'tx'; t: number; parts: number[]; ops: Op[] } | { kind: 'balances' };

export type TxReply =
  | { kind: 'decided'; t: number; outcome: Outcome; rm: number }
  | { kind: 'balances'; rm: number; balances: Record<string, number>; undecided: number; recovering: boolean };

/** RMs tell each other their votes as soon as they land (the paper's listen). */
export interface TxMsg {
  kind: 'vote';
  t: number;
  rm: number;
  value: string;
}

/**
 * Trace events of an RM, one per WOS call that matters to the spec (with its answer) and one per
 * decision. `sent` marks a write leaving the RM, so that a write whose answer never came back
 * (the RM crashed) is still in the trace. Values are the votes ('yes' / 'no'), not the JSON.
 */
export type TxEvent =
  | { ev: 'precapture'; rm: number; w: number; answer: string; id?: Ballot }
  | { ev: 'sent'; rm: number; t: number; target: number; vote: Vote; call: number; id: Ballot }
  | { ev: 'vote'; rm: number; t: number; vote: Vote; answer: string; value?: Vote; call: number; id: Ballot }
  | { ev: 'capture'; rm: number; t: number; target: number; answer: string; value?: Vote; id?: Ballot }
  | { ev: 'abortWrite'; rm: number; t: number; target: number; answer: string; value?: Vote; call: number; id: Ballot }
  | { ev: 'read'; rm: number; t: number; target: number; value: Vote }
  | { ev: 'decide'; rm: number; t: number; outcome: Outcome }
  | { ev: 'start'; rm: number };
