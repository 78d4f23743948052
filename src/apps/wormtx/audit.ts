/**
 * The audit every WormTX run ends with (simulation, CLI demo, kill test): from the vote registers
 * alone (the ground truth), which transactions committed, what the balances must be, and whether
 * every decision and every RM's balances agree with that.
 */
import { decodeVote, type Outcome, type TxConfig, type VoteValue } from './types.ts';

export interface AuditInput {
  cfg: TxConfig;
  /** Every transaction started, with its participants. */
  started: Map<number, number[]>;
  /** What each participant's vote register holds: `${t}/${r}` -> value (null: unwritten). */
  registers: Map<string, VoteValue | null>;
  /** Decisions seen: t -> who (an RM, or an answer to the driver) -> outcome. */
  decided: Map<number, Map<string, Outcome>>;
  /** Balances held by running RMs (to compare with the ground truth). */
  rmBalances: Array<{ name: string; balances: Record<string, number> }>;
}

export interface AuditResult {
  violations: string[];
  committed: Set<number>;
  balances: Map<string, number>;
  total: number;
}

export const regKey = (t: number, r: number): string => `${t}/${r}`;

/** registerValue turns a read's answer into the audit's register value (undefined: read again). */
export function registerValue(res: { status: string; value?: string }): VoteValue | null | undefined {
  if (res.status === 'ok') return decodeVote(res.value ?? '');
  if (res.status === 'unwritten' || res.status === 'notAllocated') return null;
  return undefined;
}

export function audit(a: AuditInput): AuditResult {
  const violations: string[] = [];
  // TCConsistent: one outcome per transaction, whoever decided it.
  for (const [t, m] of a.decided) {
    if (new Set(m.values()).size > 1) violations.push(`TCConsistent: transaction ${t}: ${[...m].map(([r, o]) => `${r} ${o}`).join(', ')}`);
  }
  const committed = new Set<number>();
  for (const [t, parts] of a.started) {
    const vals = parts.map((r) => a.registers.get(regKey(t, r)) ?? null);
    const show = (): string => vals.map((v, i) => `rm${parts[i]}=${v?.v ?? 'missing'}`).join(', ');
    const allYes = vals.every((v) => v?.v === 'yes');
    if (allYes) committed.add(t);
    for (const [who, o] of a.decided.get(t) ?? []) {
      if (o === 'commit' && !allYes) violations.push(`transaction ${t}: ${who} committed but the votes are ${show()}`);
      if (o === 'abort' && !vals.some((v) => v?.v === 'no')) violations.push(`transaction ${t}: ${who} aborted but no vote register holds no (${show()})`);
    }
    for (const [i, v] of vals.entries()) {
      if (v && v.t !== t) violations.push(`transaction ${t}: rm${parts[i]}'s register holds a vote for transaction ${v.t}`);
      if (v && v.v === 'yes' && v.by !== parts[i]) violations.push(`transaction ${t}: rm${v.by} wrote yes into rm${parts[i]}'s register`);
    }
  }
  const balances = new Map<string, number>();
  for (let i = 0; i < a.cfg.accounts; i++) balances.set(`a${i}`, a.cfg.initialBalance);
  for (const t of committed) {
    let sum = 0;
    for (const r of a.started.get(t)!) {
      for (const [k, d] of a.registers.get(regKey(t, r))?.ops ?? []) {
        balances.set(k, (balances.get(k) ?? 0) + d);
        sum += d;
      }
    }
    if (sum !== 0) violations.push(`transaction ${t} committed changes that do not sum to zero (${sum})`);
  }
  let total = 0;
  for (const [k, v] of balances) {
    total += v;
    if (v < 0) violations.push(`account ${k} is overdrawn: ${v}`);
  }
  const expected = a.cfg.initialBalance * a.cfg.accounts;
  if (total !== expected) violations.push(`total balance ${total}, expected ${expected}`);
  for (const { name, balances: held } of a.rmBalances) {
    for (const [k, v] of Object.entries(held)) if (balances.get(k) !== v) violations.push(`${name} holds ${k} = ${v}, the committed transactions say ${balances.get(k)}`);
  }
  return { violations, committed, balances, total };
}
