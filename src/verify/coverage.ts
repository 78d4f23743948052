/**
 * Action coverage of the traces verify ran (after CCF's coverage postconditions): per traced
 * spec, how often each event occurred, which spec actions those events stand for (linkage
 * tables, src/trace/linkage-tables/), and which events that must be exercised never were. An
 * event is a must unless its linkage row says why it is rare; a must that never occurs fails
 * verify, because the traces then never test that part of the spec.
 */
import type { SpecLinkage } from '../trace/linkage.ts';

export interface Coverage {
  descriptor: string;
  /** Occurrences per event (every event of the table, zero included). */
  events: Record<string, number>;
  /** Events that must occur and never did: verify fails on any. */
  missing: string[];
  /** Events never seen whose row says they are rare (reported, not failed). */
  rareUnseen: string[];
  /** Spec actions some seen event stands for. */
  actionsReached: string[];
  /** Spec actions no seen event stands for (the table's traced actions only). */
  actionsNotReached: string[];
  /** Spec actions the table declares unobserved. */
  unobserved: string[];
}

export function coverageOf(link: SpecLinkage, counts: Record<string, number>): Coverage {
  const events: Record<string, number> = {};
  for (const e of Object.keys(link.events)) events[e] = counts[e] ?? 0;
  const unseen = Object.keys(link.events).filter((e) => events[e] === 0);
  const reached = new Set<string>();
  const all = new Set<string>();
  for (const [e, row] of Object.entries(link.events)) {
    for (const a of row.actions) {
      all.add(a);
      if (events[e]! > 0) reached.add(a);
    }
  }
  return {
    descriptor: link.descriptor,
    events,
    missing: unseen.filter((e) => !link.events[e]!.rare),
    rareUnseen: unseen.filter((e) => link.events[e]!.rare),
    actionsReached: [...reached],
    actionsNotReached: [...all].filter((a) => !reached.has(a)),
    unobserved: Object.keys(link.unobserved),
  };
}

/** addCounts adds one trace's event counts into a total. */
export function addCounts(total: Record<string, number>, counts: Record<string, number>): void {
  for (const [k, n] of Object.entries(counts)) total[k] = (total[k] ?? 0) + n;
}

/** coverageLine: one line for the text report. */
export function coverageLine(c: Coverage): string {
  const seen = Object.entries(c.events).filter(([, n]) => n > 0).map(([e, n]) => `${e} ${n}`);
  const parts = [`${c.descriptor} events: ${seen.join(', ') || 'none'}`];
  if (c.missing.length > 0) parts.push(`NEVER exercised (must be): ${c.missing.join(', ')}`);
  if (c.rareUnseen.length > 0) parts.push(`not seen (rare): ${c.rareUnseen.join(', ')}`);
  parts.push(`spec actions reached ${c.actionsReached.length}/${c.actionsReached.length + c.actionsNotReached.length}${c.actionsNotReached.length ? ` (not: ${c.actionsNotReached.join(', ')})` : ''}, unobserved by design: ${c.unobserved.join(', ') || 'none'}`);
  return parts.join('; ');
}
