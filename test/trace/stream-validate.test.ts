/**
 * The streaming trace validator (src/trace/stream-validate.ts): the same verdicts as the model
 * check of the whole log, the first unmatched event with its NDJSON line and the false conjunct,
 * and a window of events that slides (the wrapper sees TraceLog near l only).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pickEngine } from '../../src/tla/engines.ts';
import { formatTrace } from '../../src/trace/format.ts';
import { recordTrace } from '../../src/trace/record.ts';
import { registerDescriptor } from '../../src/trace/registry.ts';
import { validateFile, validateText, validateTrace } from '../../src/trace/stream-validate.ts';
import { checkTrace } from '../../src/trace/validate.ts';
import { tallyDescriptor } from './tally-descriptor.ts';

registerDescriptor(tallyDescriptor);

/** canonical sorts sets, functions and record fields (their order follows string interning, run by run). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.$set)) return { $set: o.$set.map((x) => JSON.stringify(canonical(x))).sort() };
    if (Array.isArray(o.$function)) return { $function: o.$function.map((x) => JSON.stringify(canonical(x))).sort() };
    return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)]));
  }
  return v;
}
const dir = mkdtempSync(join(tmpdir(), 'wormspace-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Tally trace of n events: clients 1 and 2 add 1, 2, 3 in turn and reset before the limit. */
function tally(n: number, tamperAt = -1): string {
  const lines = ['{"trace":"Tally","clients":[1,2],"limit":6}'];
  const given = [0, 0, 0];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = 1 + (i % 2);
    const k = 1 + (i % 3);
    if (i === tamperAt) {
      lines.push(JSON.stringify({ action: 'Add', client: c, amount: k, total: total + k + 1 }));
      continue;
    }
    if (given[c]! + k > 6) {
      lines.push(JSON.stringify({ action: 'Reset', client: c }));
      given[c] = 0;
    } else {
      given[c]! += k;
      total += k;
      lines.push(JSON.stringify({ action: 'Add', client: c, amount: k, total }));
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('the validator on a toy spec', () => {
  it('slides its window over a long trace: every event is matched, with one candidate', () => {
    // lookahead 1: the window is refilled and cut many times; Len(TraceLog) must follow it.
    const v = validateText(tally(1500), 't', { lookahead: 1, behind: 1 });
    expect(v).toMatchObject({ accepted: true, events: 1500, matched: 1500, maxCandidates: 1 });
  });

  it('rejects a tampered event with its line, the false conjunct and its values', () => {
    const v = validateText(tally(1000, 700), 't', { lookahead: 4 });
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched).toMatchObject({ index: 700, line: 702 });
    expect(v.matched).toBe(700);
    expect(v.events).toBe(1000);
    const c = v.mismatch!.conjunct!;
    expect(c.location).toBe('test/fixtures/trace-spec/TraceTally.tla:11:15');
    expect(c.text).toBe("total' = e.total");
    expect(c.sides!.map(([t]) => t)).toEqual(["total'", 'e.total']);
  });

  it('reads a file as a stream, and names the file and line of bad input', () => {
    const f = join(dir, 'big.ndjson');
    writeFileSync(f, tally(3000));
    expect(validateFile(f).accepted).toBe(true);
    writeFileSync(f, `${tally(10)}{"action":"Add","client":1}\n`);
    expect(() => validateFile(f, 'big.ndjson')).toThrow(/^big\.ndjson:12: Add: missing field "amount"$/);
  });
});

describe('the validator on WORPaxos agrees with the model check of the whole log', () => {
  const engine = pickEngine('embedded');
  it.each([1, 2, 12])('seed %i: accepted by both', async (seed) => {
    const r = recordTrace({ seed });
    expect(r.problems).toEqual([]);
    const v = validateTrace(r.trace);
    expect(v).toMatchObject({ accepted: true, matched: r.trace.events.length });
    const m = await checkTrace(r.trace, engine);
    expect(m.accepted).toBe(true);
    // The final spec states agree (the refinement tests read it).
    expect(canonical(v.finalState)).toEqual(canonical(m.finalState));
  }, 120_000);

  it('acceptBelowPromise (seed 4): rejected at the same event, at the promise check of Accepted', async () => {
    const r = recordTrace({ seed: 4, bug: 'acceptBelowPromise' });
    const v = validateText(formatTrace(r.trace), 'b.ndjson');
    const m = await checkTrace(r.trace, engine);
    expect(m.accepted).toBe(false);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched!.index).toBe(m.firstUnmatched!.index);
    expect(v.firstUnmatched!.line).toBe(v.firstUnmatched!.index + 2);
    expect(v.firstUnmatched!.event.action).toBe('Accepted');
    expect(v.mismatch!.conjunct!.location).toMatch(/^tla\/wor\/WORPaxos\.tla:\d+:\d+$/);
    // Accepted is taken only at the ballot the acceptor promised (or below it under the bug).
    expect(v.mismatch!.conjunct!.text).toContain('PromisedHere(a, m)');
    // The event states a promise the spec's acceptor does not hold.
    const a = JSON.stringify(v.firstUnmatched!.event.acceptor);
    expect(v.mismatch!.differing.map((x) => x.variable)).toContain(`promised[${a}]`);
    expect(v.context).toEqual(m.context);
  }, 120_000);
});

describe('WORPaxos takes what the code does as spec steps', () => {
  /** The Capture events of a client after a Repair or Read of its own: a read's fallback. */
  function shape(events: readonly Record<string, unknown>[]): { jumps: number; fallbacks: number } {
    const round = new Map<unknown, number>();
    const last = new Map<unknown, unknown>();
    let jumps = 0;
    let fallbacks = 0;
    for (const e of events) {
      if (e.action === 'Capture') {
        const r = (e.ballot as number[])[0]!;
        if (r > (round.get(e.client) ?? 0) + 1) jumps++;
        round.set(e.client, r);
        if (last.get(e.client) === 'Repair') fallbacks++;
      }
      if (e.client !== undefined && e.acceptor === undefined) last.set(e.client, e.action);
    }
    return { jumps, fallbacks };
  }
  it.each([36, 51])('seed %i: round jumps and a refused repair falling back to Paxos are accepted', (seed) => {
    const r = recordTrace({ seed });
    expect(r.problems).toEqual([]);
    const s = shape(r.trace.events as unknown as Record<string, unknown>[]);
    expect(s.jumps).toBeGreaterThan(0);
    expect(s.fallbacks).toBeGreaterThan(0);
    const v = validateTrace(r.trace);
    expect(v).toMatchObject({ accepted: true, matched: r.trace.events.length, maxCandidates: 1 });
  }, 120_000);
});

const jar = process.env.TLA2TOOLS_JAR;
describe.skipIf(!jar)(`the validator and TLC on the exported trace module agree${jar ? '' : ' (skipped: TLA2TOOLS_JAR is not set)'}`, () => {
  it.each([[3, null], [4, 'acceptBelowPromise']] as const)('seed %i, bug %s', async (seed, bug) => {
    const r = recordTrace({ seed, bug });
    const v = validateTrace(r.trace);
    const t = await checkTrace(r.trace, pickEngine('tlc'));
    expect(t.engine).toBe('tlc');
    expect(v.accepted).toBe(t.accepted);
    expect(v.firstUnmatched?.index).toBe(t.firstUnmatched?.index);
  }, 600_000);
});
