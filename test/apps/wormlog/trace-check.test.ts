/**
 * `wormspace trace check` on WormLog traces longer than the streaming validator's window: the
 * validator slides TraceLog (src/trace/stream-validate.ts), so the wrapper must read events
 * relative to l. It used to read absolute indexes (Window[l], lin, dep) and failed past the first
 * slide ("Attempted to apply the tuple ... to 172, out of its domain") on a trace the
 * simulation's own model check accepted (seed 3 x 200 steps, every fault: 936 events).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../../src/apps/runtime/faults.ts';
import { runWormLog } from '../../../src/apps/wormlog/sim.ts';
import { validateFile } from '../../../src/trace/stream-validate.ts';

const dir = mkdtempSync(join(tmpdir(), 'wormlog-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let file = '';
beforeAll(async () => {
  // Seed 1 x 80 steps, every fault: 422 events, so the window (264 events) slides. The issue's
  // run (seed 3 x 200, 936 events) is accepted too, but takes about a minute of CPU to check.
  file = join(dir, 'seed1x80.ndjson');
  const r = await runWormLog({ seed: 1, steps: 80, faults: [...FAULT_KINDS], traceFile: file, checkTrace: false });
  expect(r.violations).toEqual([]);
}, 60_000);

describe('WormLog traces through the streaming validator', () => {
  it('a trace longer than the window is accepted, as the simulation\'s model check accepts it', () => {
    const events = readFileSync(file, 'utf8').trimEnd().split('\n').length - 1;
    expect(events).toBeGreaterThan(400);
    const v = validateFile(file);
    expect(v.mismatch, JSON.stringify(v.firstUnmatched)).toBeNull();
    expect(v.accepted).toBe(true);
    expect(v.events).toBe(events);
  }, 120_000);

  it('a read tampered after the window slid is rejected at its own NDJSON line', () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    // A read past the first slide (the window drops events once 264 were consumed).
    const k = lines.findIndex((l, i) => i > 330 && l.includes('"action":"Read"') && !l.includes('#junk'));
    expect(k).toBeGreaterThan(330);
    lines[k] = JSON.stringify({ ...(JSON.parse(lines[k]!) as object), value: '#junk' });
    const bad = join(dir, 'tampered.ndjson');
    writeFileSync(bad, lines.join('\n') + '\n');
    const v = validateFile(bad);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.line).toBe(k + 1);
    expect(v.firstUnmatched?.event.action).toBe('Read');
    expect(v.mismatch?.conjunct?.location).toMatch(/^tla\/apps\/(TraceWormLog|WormLog)\.tla:\d+:\d+$/);
  }, 120_000);
});

describe('WormLog traces recorded before `back` existed', () => {
  // Older recorders wrote `inv` only; `back` is the event's number minus `inv`, so the validator
  // derives it (trace-descriptor.ts upgrade) instead of refusing with 'missing field "back"'.
  let small = '';
  beforeAll(async () => {
    small = join(dir, 'seed2x20.ndjson');
    const r = await runWormLog({ seed: 2, steps: 20, faults: [...FAULT_KINDS], traceFile: small, checkTrace: false });
    expect(r.violations).toEqual([]);
  }, 60_000);
  const withoutBack = (lines: string[]): string[] =>
    lines.map((l, i) => {
      if (i === 0) return l;
      const { back: _back, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return JSON.stringify(rest);
    });

  it('are accepted as the same trace with `back` is', () => {
    const lines = readFileSync(small, 'utf8').trimEnd().split('\n');
    expect(lines.slice(1).filter((l) => l.includes('"back":')).length).toBeGreaterThan(10);
    const old = join(dir, 'old.ndjson');
    writeFileSync(old, withoutBack(lines).join('\n') + '\n');
    expect(readFileSync(old, 'utf8')).not.toContain('"back"');
    const v = validateFile(old);
    expect(v.firstUnmatched).toBeNull();
    expect(v.accepted).toBe(true);
    expect(v.events).toBe(lines.length - 1);
  }, 120_000);

  it('are still rejected at the tampered line', () => {
    const lines = withoutBack(readFileSync(small, 'utf8').trimEnd().split('\n'));
    const k = lines.findIndex((l) => l.includes('"action":"Read"') && !l.includes('#junk'));
    expect(k).toBeGreaterThan(0);
    lines[k] = JSON.stringify({ ...(JSON.parse(lines[k]!) as object), value: '#junk' });
    const bad = join(dir, 'old-tampered.ndjson');
    writeFileSync(bad, lines.join('\n') + '\n');
    const v = validateFile(bad);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.line).toBe(k + 1);
  }, 120_000);

  it('with an `inv` beyond the event itself, name the missing field', () => {
    const lines = withoutBack(readFileSync(small, 'utf8').trimEnd().split('\n'));
    const k = lines.findIndex((l) => l.includes('"inv":'));
    lines[k] = JSON.stringify({ ...(JSON.parse(lines[k]!) as object), inv: 10_000 });
    const bad = join(dir, 'old-bad-inv.ndjson');
    writeFileSync(bad, lines.join('\n') + '\n');
    expect(() => validateFile(bad)).toThrow(new RegExp(`:${k + 1}: \\w+: missing field "back"`));
  });
});
