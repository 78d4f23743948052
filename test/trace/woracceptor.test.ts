/**
 * Acceptor traces of every register of a run (src/trace/record-acceptor.ts) against WORPaxos's
 * acceptor actions with the clients as an open environment (tla/wor/TraceWORAcceptor.tla): runs
 * with batch captures and writes, trims, handed-over, made-up and unsafe capture ids are all
 * checked, none refused; tampered traces are rejected at the tampered event.
 */
import { describe, expect, it } from 'vitest';
import type { AnyTrace } from '../../src/trace/format.ts';
import { ACCEPTOR_SEEDS, ACCEPTOR_WORKLOAD, recordAcceptorTraces } from '../../src/trace/record-acceptor.ts';
import { validateTrace } from '../../src/trace/stream-validate.ts';

const WORKLOAD = ACCEPTOR_WORKLOAD;
const SEEDS = ACCEPTOR_SEEDS;
// Seed 2 has a write with capture id <<0,0>> (the unsafe write) on register 2.

function run(seed: number, shareIds = false) {
  return recordAcceptorTraces({ seed, overrides: { workload: { ...WORKLOAD, ...(shareIds ? { shareIds: true } : {}) } } });
}

describe('acceptor traces of runs with ranges, trim and hand-over: accepted', () => {
  it.each(SEEDS)('seed %i: every register touched is accepted', (seed) => {
    const r = run(seed);
    expect(r.rangeSteps).toBeGreaterThan(0);
    expect(r.traces.size).toBeGreaterThan(3);
    for (const [off, t] of r.traces) {
      const v = validateTrace(t);
      expect({ off, firstUnmatched: v.firstUnmatched }).toEqual({ off, firstUnmatched: null });
      expect(v.accepted).toBe(true);
      expect(v.matched).toBe(t.events.length);
    }
  }, 120_000);

  it('the seeds trim, and capture ids shared by several writers are accepted too', () => {
    expect(SEEDS.reduce((n, s) => n + run(s).trims, 0)).toBeGreaterThan(0);
    const r = run(5, true);
    for (const t of r.traces.values()) expect(validateTrace(t).accepted).toBe(true);
  }, 120_000);
});

/** The first trace of the seeds with an event the predicate picks, and that event's index. */
function find(pred: (e: AnyTrace['events'][number], t: AnyTrace) => boolean): { t: AnyTrace; i: number } {
  for (const seed of SEEDS) {
    for (const t of run(seed).traces.values()) {
      const i = t.events.findIndex((e) => pred(e, t));
      if (i >= 0) return { t, i };
    }
  }
  throw new Error('no trace has such an event');
}

function tampered(t: AnyTrace, i: number, change: (e: Record<string, unknown>) => void): AnyTrace {
  const events = t.events.map((e, j) => {
    if (j !== i) return e;
    const c = structuredClone(e) as Record<string, unknown>;
    change(c);
    return c as AnyTrace['events'][number];
  });
  return { header: t.header, events };
}

describe('tampered acceptor traces are rejected at the tampered event', () => {
  it('a Promise whose stated promise is not the ballot', () => {
    const { t, i } = find((e) => e.action === 'Promise');
    const v = validateTrace(tampered(t, i, (e) => (e.promised = [(e.ballot as number[])[0] + 1, (e.ballot as number[])[1]])));
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.index).toBe(i);
  });

  it('an Accepted at a ballot the acceptor had not promised', () => {
    // The Accepted of a register whose previous step at that acceptor was a Promise of another ballot.
    const { t, i } = find((e, tr) => {
      if (e.action !== 'Accepted') return false;
      const j = tr.events.indexOf(e);
      const before = tr.events.slice(0, j).filter((x) => x.acceptor === e.acceptor && x.promised !== undefined);
      return before.length > 0;
    });
    const v = validateTrace(tampered(t, i, (e) => {
      const b = e.ballot as number[];
      e.ballot = [b[0] + 7, b[1]];
      e.promised = e.ballot;
      e.acceptedBallot = e.ballot;
    }));
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.index).toBe(i);
    expect(v.mismatch?.conjunct?.location ?? '').toMatch(/WORPaxos\.tla|TraceWORAcceptor\.tla/);
  });

  it('a RejectPrepare of a ballot above the promise', () => {
    const { t, i } = find((e) => e.action === 'RejectPrepare');
    const v = validateTrace(tampered(t, i, (e) => {
      const p = e.promised as number[];
      e.ballot = [p[0] + 1, p[1]];
    }));
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.index).toBe(i);
  });
});

/** The trace without event i. */
function without(t: AnyTrace, i: number): AnyTrace {
  return { header: t.header, events: t.events.filter((_, j) => j !== i) };
}

// The requests delivered and the replies sent are recorded outside the acceptor (the simulator's
// Deliver and Reply): each request must have its step, and each step its reply.
describe('an acceptor step or reply that is missing or wrong is rejected', () => {
  it('a refusal with its event left out: the Nack is rejected', () => {
    const { t, i } = find((e) => e.action === 'RejectPrepare');
    const v = validateTrace(without(t, i));
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.event.action).toBe('Reply');
    expect(v.firstUnmatched?.index).toBe(i);
  });

  it('a reply left out: the acceptor\'s next request (or the end) is rejected', () => {
    const { t, i } = find((e, tr) => e.action === 'Reply' && e.reply === 'Nack' && tr.events.slice(tr.events.indexOf(e) + 1).some((x) => x.acceptor === e.acceptor));
    const v = validateTrace(without(t, i));
    expect(v.accepted).toBe(false);
    const next = t.events.findIndex((x, j) => j > i && x.acceptor === t.events[i]!.acceptor);
    expect(v.firstUnmatched?.index).toBe(next - 1);
    expect(['Deliver', 'CrashAcceptor']).toContain(v.firstUnmatched?.event.action);
  });

  it('a reply at the end of the trace left out: End is rejected', () => {
    const { t } = find((e) => e.action === 'End');
    const last = t.events.map((e) => e.action).lastIndexOf('Reply');
    const v = validateTrace(without(t, last));
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.event.action).toBe('End');
  });

  it('a Promise reply that hides the accepted value, and a Nack with another promise', () => {
    const p = find((e) => e.action === 'Reply' && e.reply === 'Promise' && e.acceptedValue !== null);
    expect(validateTrace(tampered(p.t, p.i, (e) => { e.acceptedBallot = null; e.acceptedValue = null; })).firstUnmatched?.index).toBe(p.i);
    const n = find((e) => e.action === 'Reply' && e.reply === 'Nack' && e.promised !== null);
    expect(validateTrace(tampered(n.t, n.i, (e) => { const b = e.promised as number[]; e.promised = [b[0] + 1, b[1]]; })).firstUnmatched?.index).toBe(n.i);
  });

  it('an Invalid answer to a well-formed request is rejected', () => {
    const { t, i } = find((e) => e.action === 'Reply' && e.reply === 'Accepted');
    // The Accepted step before the reply taken out, and the reply turned into Invalid.
    const events = t.events.slice();
    events[i] = { action: 'Reply', acceptor: t.events[i]!.acceptor, reply: 'Invalid' };
    events.splice(i - 1, 1);
    const v = validateTrace({ header: t.header, events });
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.index).toBe(i - 1);
  });
});

describe('a buggy acceptor is caught by its acceptor traces', () => {
  it('acceptBelowPromise (the simulator bug): some register of seed 1 is rejected at an Accepted', () => {
    const r = recordAcceptorTraces({ seed: 1, bug: 'acceptBelowPromise', overrides: { workload: WORKLOAD } });
    const rejected = [...r.traces.values()].map((t) => validateTrace(t)).filter((v) => !v.accepted);
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.map((v) => v.firstUnmatched?.event.action)).toContain('Accepted');
  }, 120_000);
});
