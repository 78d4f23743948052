// Whole-system WOS traces at the protocol level (src/trace/wosimpl.ts, tla/wos/TraceWOSImpl.tla):
// every call of a faulty simulated run as the client library builds it from the metadata, trim
// and data WORs, validated against WOSImpl.tla; tampered traces and a server bug rejected at the
// right NDJSON line with the false conjunct.
import { describe, expect, it } from 'vitest';
import { validateText } from '../../src/trace/stream-validate.ts';
import type { WosTrace } from '../../src/trace/wos.ts';
import { recordWosImplTrace, WOSIMPL_SEEDS } from '../../src/trace/wosimpl-record.ts';
import { WOS_DEFAULT_OPS, WOS_LONG_RUN, WOS_MAX_CANDIDATES } from '../../src/trace/wos-record.ts';
import type { EventLine } from '../../src/trace/spec-descriptor.ts';
import { runWosTraces } from '../../src/verify/wos-traces.ts';

const text = (t: WosTrace): string => [t.header, ...t.events].map((x) => JSON.stringify(x)).join('\n') + '\n';
const LOCATION = /^tla\/wos\/TraceWOSImpl\.tla:\d+:\d+$/;

/** The index of the Return that ends the call whose Call is at index i. */
const returnOf = (events: EventLine[], i: number): number => events.findIndex((e, j) => j > i && e.action === 'Return' && e.client === events[i]!.client);

describe('WOSImpl traces of the simulator', () => {
  it('every seed, with all faults, is a behaviour of WOSImpl.tla, and the seeds take every WOR-level step', () => {
    const seen = new Set<string>();
    for (const seed of WOSIMPL_SEEDS) {
      const { trace, violations } = recordWosImplTrace(seed);
      expect(violations).toEqual([]);
      const v = validateText(text(trace), `seed ${seed}`);
      expect(v.mismatch, `seed ${seed}`).toBeNull();
      expect(v.accepted, `seed ${seed}`).toBe(true);
      expect(v.matched).toBe(trace.events.length);
      expect(v.maxCandidates, `seed ${seed}`).toBeLessThan(WOS_MAX_CANDIDATES);
      for (const e of trace.events) seen.add(e.action === 'Call' ? `${e.kind as string}:${e.status as string}:${e.meta as string}` : (e.action as string));
    }
    for (const k of ['MetaChecked', 'TrimDecided', 'Apply', 'alloc:ok:none', 'alloc:alreadyWritten:none', 'trim:ok:ok', 'read:ok:ok', 'read:notAllocated:unwritten', 'write:ok:none']) {
      expect(seen, k).toContain(k);
    }
    expect([...seen].some((k) => k.includes(':unknown:'))).toBe(true);
  }, 300_000);

  it(`a long run (seed ${WOS_LONG_RUN.seed}, ${WOS_LONG_RUN.ops} calls per client) is accepted with few candidates`, () => {
    const { trace, violations } = recordWosImplTrace(WOS_LONG_RUN.seed, WOS_LONG_RUN.ops);
    expect(violations).toEqual([]);
    expect(trace.events.length).toBeGreaterThan(2 * recordWosImplTrace(WOS_LONG_RUN.seed, WOS_DEFAULT_OPS).trace.events.length);
    const v = validateText(text(trace), 'long.ndjson');
    expect(v.mismatch).toBeNull();
    expect(v.matched).toBe(trace.events.length);
    expect(v.maxCandidates).toBeLessThan(WOS_MAX_CANDIDATES);
  }, 120_000);

  it('rejects a register call answered ok after the trim was applied', () => {
    const { trace } = recordWosImplTrace(6);
    const events = trace.events;
    const trim = events.findIndex((e) => e.action === 'Call' && e.kind === 'trim' && e.status === 'ok');
    const done = returnOf(events, trim);
    const i = events.findIndex((e, j) => j > done && e.action === 'Call' && e.kind === 'write' && e.status === 'trimmed');
    expect(trim).toBeGreaterThanOrEqual(0);
    expect(i).toBeGreaterThan(done);
    const tampered = events.map((e, j): EventLine => (j === i ? { ...e, status: 'ok' } : e));
    const ret = returnOf(tampered, i);
    const v = validateText(text({ header: trace.header, events: tampered }), 'late-write.ndjson');
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.line).toBe(ret + 2); // line 1 is the header
    expect(v.mismatch?.conjunct?.location).toMatch(LOCATION);
    expect(v.mismatch?.conjunct?.text).toMatch(/Match|resp'\[c\]\.code = "ok"/);
  }, 120_000);

  it('rejects a second alloc winner', () => {
    const { trace } = recordWosImplTrace(2);
    const i = trace.events.findIndex((e) => e.action === 'Call' && e.kind === 'alloc' && e.status === 'alreadyWritten');
    expect(i).toBeGreaterThanOrEqual(0);
    const events = trace.events.map((e, j): EventLine => (j === i ? { ...e, status: 'ok', rvalue: null } : e));
    const ret = returnOf(events, i);
    const v = validateText(text({ header: trace.header, events }), 'two-winners.ndjson');
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.line).toBe(ret + 2);
    expect(v.mismatch?.conjunct?.location).toMatch(LOCATION);
    expect(v.mismatch?.conjunct?.text).toContain('Match');
  }, 120_000);

  it('rejects an allocation check the call never announced, and a call that skips its announced one', () => {
    const { trace } = recordWosImplTrace(1);
    const i = trace.events.findIndex((e) => e.action === 'Call' && e.meta === 'none' && e.kind !== 'alloc' && e.status !== 'unknown');
    expect(i).toBeGreaterThanOrEqual(0);
    const stray = [...trace.events.slice(0, i + 1), { action: 'MetaChecked', client: trace.events[i]!.client }, ...trace.events.slice(i + 1)];
    const v = validateText(text({ header: trace.header, events: stray }), 'stray-check.ndjson');
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.line).toBe(i + 3);
    // A call whose MetaChecked is removed cannot take its data steps: rejected at its Return or before.
    const m = trace.events.findIndex((e) => e.action === 'MetaChecked');
    expect(m).toBeGreaterThanOrEqual(0);
    const v2 = validateText(text({ header: trace.header, events: trace.events.filter((_, j) => j !== m) }), 'no-check.ndjson');
    expect(v2.accepted).toBe(false);
  }, 120_000);

  it('rejects a server dropping a segment before its trim was decided', () => {
    const { trace } = recordWosImplTrace(6);
    const a = trace.events.findIndex((e) => e.action === 'Apply');
    const trim = trace.events.findIndex((e) => e.action === 'Call' && e.kind === 'trim');
    expect(trim).toBeGreaterThanOrEqual(0);
    expect(a).toBeGreaterThan(trim);
    // The drop moved to just before the trim call started.
    const rest = trace.events.filter((_, j) => j !== a);
    const events = [...rest.slice(0, trim), trace.events[a]!, ...rest.slice(trim)];
    const v = validateText(text({ header: trace.header, events }), 'early-drop.ndjson');
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.line).toBe(trim + 2);
    // The verdict shows the trim WOR undecided where the drop happened.
    expect(v.context).toContain(`trimWor[${(events[trim]!.seg as number) + 1}] = FALSE`);
  }, 120_000);

  it('rejects the run of servers that accept writes on a trimmed segment (writeIgnoresTrim)', () => {
    // Over seeds 1-12 this bug is rejected on 6 and 10 (of the three seeds that trim: 6, 9, 10).
    const { trace } = recordWosImplTrace(6, undefined, 'writeIgnoresTrim');
    const v = validateText(text(trace), 'write-ignores-trim.ndjson');
    expect(v.accepted).toBe(false);
    const u = v.firstUnmatched!;
    expect(u.event.action).toBe('Return');
    // The rejected call is a register write that answered ok on the trimmed segment.
    const call = trace.events[(u.event.call as number) - 2]!;
    expect(call.kind).toMatch(/^write/);
    // The closest step's false conjunct: the wrapper's Match, or WOSImpl's own guard of the trimmed segment.
    expect(v.mismatch?.conjunct?.location).toMatch(/^tla\/wos\/(Trace)?WOSImpl\.tla:\d+:\d+$/);
  }, 120_000);

  it("verify's wos layer validates both levels, one row per level and seed", () => {
    const subjects: string[] = [];
    const out = runWosTraces([1], (seed, subject) => subjects.push(`${subject}:${seed}`), undefined, [9]);
    expect(subjects).toEqual(['WOS:1', 'WOSImpl:9']);
    expect(out.map((o) => [o.row.subject, o.row.seed, o.row.verdict])).toEqual([['WOS', 1, 'accepted'], ['WOSImpl', 9, 'accepted']]);
    // The protocol-level row counts its own events (coverage is per descriptor).
    expect(out[1]!.counts.TrimDecided).toBeGreaterThan(0);
    expect(out[1]!.counts.Apply).toBeGreaterThan(0);
    expect(out[0]!.counts.Apply).toBeUndefined();
  }, 120_000);
});
