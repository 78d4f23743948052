/**
 * WormPaxos trace conformance: simulated runs of the real node (every fault kind) record traces
 * that tla/apps/TraceWormPaxos.tla accepts against WormPaxos.tla; tampered traces are rejected at
 * the right event, both by the model-check path (validate.ts, what the simulation uses) and by
 * `wormspace trace check` (the streaming validator), which names the NDJSON line; the trace
 * carries the WOS calls with their linearization windows.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../../src/apps/runtime/faults.ts';
import { runWormPaxos } from '../../../src/apps/wormpaxos/sim.ts';
import type { WormPaxosTrace, WormPaxosTraceEvent } from '../../../src/apps/wormpaxos/trace.ts';
import { validateWormPaxosTrace } from '../../../src/apps/wormpaxos/validate.ts';
import { runCli } from '../../helpers/cli.ts';

const ALL = [...FAULT_KINDS];
/** The CI seeds (npm run verify runs more; docs/apps.md lists what was measured). */
const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
const dir = mkdtempSync(join(tmpdir(), 'wpx-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function recorded(seed: number, steps = 30): Promise<WormPaxosTrace> {
  const r = await runWormPaxos({ seed, steps, faults: ALL, traceFile: null, checkTrace: false, keepTrace: true });
  expect(r.report.violations).toEqual([]);
  return r.recorded!;
}

function tamper(t: WormPaxosTrace, i: number, change: Record<string, unknown>): WormPaxosTrace {
  return { header: t.header, events: t.events.map((e, j) => (j === i ? ({ ...e, ...change } as WormPaxosTraceEvent) : e)) };
}

describe('WormPaxos trace conformance', () => {
  it.each(SEEDS)('seed %i x 60 steps, every fault: the trace is accepted', async (seed) => {
    const r = await runWormPaxos({ seed, steps: 60, faults: ALL, traceFile: null, checkTrace: true, keepTrace: true });
    expect(r.report.violations).toEqual([]);
    expect(r.report.trace?.accepted, r.report.trace?.message).toBe(true);
    const actions = new Set(r.recorded!.events.map((e) => e.action));
    for (const a of ['Submit', 'Alloc', 'Capture', 'Issue', 'Write', 'Learn', 'Ack']) expect(actions).toContain(a);
  }, 120_000);

  it('seed 6 x 40 steps, every fault (verify\'s run, once rejected): the trace is accepted', async () => {
    const r = await runWormPaxos({ seed: 6, steps: 40, faults: ALL, traceFile: null, checkTrace: true, keepTrace: true });
    expect(r.report.violations).toEqual([]);
    expect(r.report.trace?.accepted, r.report.trace?.message).toBe(true);
  }, 120_000);

  it('a capture whose repair found nothing leaves its id stale there: the seed-6 trace that showed it is accepted, and rejected without the stale offsets', async () => {
    // Recorded from seed 6 x 40 steps, every fault, by the code before acceptors took Accept only at
    // the ballot they promised (the run differs since): r3~1's seal capture of offsets 2-7 repaired
    // them all, those of 4, 5 and 7 found nothing; its write was refused there, later a seal wrote them.
    const fixture = new URL('../../fixtures/wormpaxos/seed6-unrepaired.ndjson', import.meta.url).pathname;
    const ok = await runCli(['trace', 'check', fixture]);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    const lines = readFileSync(fixture, 'utf8').trimEnd().split('\n');
    const k = lines.findIndex((l) => l.includes('"stale":[4,5,7]'));
    expect(k).toBeGreaterThan(0);
    lines[k] = JSON.stringify({ ...(JSON.parse(lines[k]!) as object), stale: [] });
    const bad = join(dir, 'no-stale.ndjson');
    writeFileSync(bad, lines.join('\n') + '\n');
    const rej = await runCli(['trace', 'check', bad]);
    expect(rej.status).toBe(1);
    expect(rej.stdout + rej.stderr).toContain('(line 214): SealWrite');
  }, 180_000);

  it('a crashed leader\'s write that reached one server is completed later by a reader: the seed-5 trace that showed it is accepted', async () => {
    // Recorded from verify's seed 5 x 40 steps, every fault (batched puts): r1 issued ["c3.8"] at
    // position 18 and crashed; r3~1's reads found 18 unwritten (their quorum lacked the one server
    // that accepted it), then r2~1's read reached that server and completed it. Rejected at event
    // 229 (r2~1's Learn of 18) before WormPaxos.tla had StrayAccept.
    const fixture = new URL('../../fixtures/wormpaxos/seed5-minority-accept.ndjson', import.meta.url).pathname;
    const ok = await runCli(['trace', 'check', fixture]);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^accepted: 297 events/);
  }, 180_000);

  it('records the WOS calls with their windows: a write answers after its slot was issued', async () => {
    const t = await recorded(2);
    const evs = t.events;
    evs.forEach((e, i) => {
      if (!('inv' in e)) return;
      expect(e.inv).toBeLessThanOrEqual(i + 1);
      expect(e.back).toBe(i + 1 - e.inv);
    });
    const w = evs.findIndex((e) => e.action === 'Write');
    const issue = evs.findIndex((e) => e.action === 'Issue' && e.pos === (evs[w] as { pos: number }).pos);
    expect(issue).toBeGreaterThanOrEqual(0);
    expect((evs[w] as { inv: number }).inv).toBeGreaterThan(issue);
  }, 60_000);

  it('rejects a replica that learned a value the register does not hold, naming the event', async () => {
    const t = await recorded(3);
    expect((await validateWormPaxosTrace(t)).accepted).toBe(true);
    const i = t.events.findIndex((e, j) => e.action === 'Learn' && j > 20);
    const other = t.header.commands.find((c) => c !== (t.events[i] as { value: string }).value)!;
    const v = await validateWormPaxosTrace(tamper(t, i, { value: other }));
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched).toBe(i);
    expect(v.message).toContain(`event ${i + 1} (NDJSON line ${i + 2}: Learn `);
  }, 120_000);

  it('a register holding a batch of puts: accepted, and rejected when a replica learns its entries in another order', async () => {
    // The first seed of 1..12 whose trace has a batch of two or more puts.
    let t: WormPaxosTrace | null = null;
    let i = -1;
    for (const seed of SEEDS) {
      const cand = await recorded(seed);
      i = cand.events.findIndex((e) => e.action === 'Issue' && e.c.length > 1);
      if (i >= 0) {
        t = cand;
        break;
      }
    }
    expect(t, 'no seed of 1..12 packed two puts into one register').not.toBeNull();
    expect((await validateWormPaxosTrace(t!)).accepted).toBe(true);
    // The first replica to learn that batch: its first two Learn events there, swapped.
    const pos = (t!.events[i] as { pos: number }).pos;
    const j = t!.events.findIndex((e) => e.action === 'Learn' && e.pos === pos);
    const first = t!.events[j] as { r: string; value: string };
    const k = t!.events.findIndex((e, x) => x > j && e.action === 'Learn' && e.pos === pos && e.r === first.r);
    const second = t!.events[k] as { value: string };
    expect(second.value).not.toBe(first.value);
    const v = await validateWormPaxosTrace(tamper(tamper(t!, j, { value: second.value }), k, { value: first.value }));
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched).toBe(j);
  }, 300_000);

  it('rejects an acknowledgment of a command the replica has not learned', async () => {
    const t = await recorded(4);
    // The first Ack of any replica, turned into one of a command that replica has not learned yet.
    const learned = new Map<string, Set<string>>();
    let i = -1;
    let c = '';
    for (let j = 0; j < t.events.length && i < 0; j++) {
      const e = t.events[j]!;
      if (!('r' in e)) continue;
      const mine = learned.get(e.r) ?? new Set<string>();
      learned.set(e.r, mine);
      if (e.action === 'Learn') mine.add(e.value);
      if (e.action === 'Ack') {
        const notYet = t.header.commands.find((x) => !mine.has(x));
        if (notYet) [i, c] = [j, notYet];
      }
    }
    expect(i).toBeGreaterThan(0);
    const v = await validateWormPaxosTrace(tamper(t, i, { c }));
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched).toBe(i);
  }, 120_000);

  it('wormspace sim writes the trace and wormspace trace check accepts it, and names the line of a tampered one', async () => {
    const file = join(dir, 'wpx.ndjson');
    const sim = await runCli(['sim', '--app', 'wormpaxos', '--seed', '5', '--steps', '30', '--faults', 'loss,dup,reorder,crash,partition', '--trace', file, '--json']);
    expect(sim.status, sim.stderr).toBe(0);
    const rep = JSON.parse(sim.stdout) as { violations: string[]; trace: { accepted: boolean } | null };
    expect(rep.violations).toEqual([]);
    expect(rep.trace?.accepted).toBe(true);
    const ok = await runCli(['trace', 'check', file]);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^accepted: \d+ events/);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const k = lines.findIndex((l, j) => j > 10 && l.includes('"action":"Learn"'));
    const e = JSON.parse(lines[k]!) as { value: string };
    const header = JSON.parse(lines[0]!) as { commands: string[] };
    lines[k] = JSON.stringify({ ...e, value: header.commands.find((c) => c !== e.value) });
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, lines.join('\n') + '\n');
    const rej = await runCli(['trace', 'check', bad]);
    expect(rej.status).toBe(1);
    expect(rej.stdout + rej.stderr).toContain(`(line ${k + 1}): Learn`);
  }, 180_000);
});
