/**
 * WORPaxos traces of registers whose segment was trimmed, and of captures whose completion did not
 * end with the id answered (issue 10: nothing the workload does is refused).
 *
 * WORPaxos has no trim. What a trim does to ONE register is a crash for good: the acceptor keeps no
 * state for it and answers nothing but Trimmed, so the recorder maps an acceptor's drop of the
 * segment to CrashAcceptor (its later restarts do not bring the register back) and an op answered
 * `trimmed` to a Timeout (the client gave up without an answer). A completion's Capture names the
 * capture id it completes (`completes`), so a capture whose completion found the register
 * unwritten (it answers the completion's ballot) or failed (a range capture answers no id) is
 * still traced as the capture, a hand-over of its id, and the completion's write.
 */
import { describe, expect, it } from 'vitest';
import { serverIds, simulate, type TimedTraceEvent } from '../../src/sim/run.ts';
import type { Trace } from '../../src/trace/format.ts';
import { extractRegister, recordTrimmedSegment, traceOf, traceSimConfig, TRIMMED_REGISTERS } from '../../src/trace/record.ts';
import { validateTrace } from '../../src/trace/stream-validate.ts';

const validate = (t: Trace) => validateTrace(t as unknown as Parameters<typeof validateTrace>[0]);

/** A faulty run of traceSimConfig's workload with trims off, at 10 calls per client. */
function plainRun(seed: number): { all: TimedTraceEvent[]; acceptors: string[] } {
  const cfg = { ...traceSimConfig(seed, 10), workload: { segments: 1, offsets: 2, trimWeight: 0 } };
  const all: TimedTraceEvent[] = [];
  simulate({ ...cfg, bug: null, traceSink: (e) => all.push(e) });
  return { all, acceptors: serverIds(cfg)[0]! };
}

/** The run's events as a log recorded before completions named the id they complete. */
const withoutCompletes = (all: readonly TimedTraceEvent[]): TimedTraceEvent[] =>
  all.map((e) => (e.action === 'Capture' && 'completes' in e.vars ? { ...e, vars: Object.fromEntries(Object.entries(e.vars).filter(([k]) => k !== 'completes')) } : e));

describe('WORPaxos traces of trimmed segments', () => {
  // Seeds whose runs trim segment 0 (2-3 acceptors drop it, 6-41 ops answer `trimmed`).
  const runs = [3, 4, 10, 19, 25].map((seed) => ({ seed, ...recordTrimmedSegment(seed) }));

  it('every register of a trimmed segment is traced without a refusal and accepted', () => {
    let trims = 0;
    let trimmedAnswers = 0;
    for (const r of runs) {
      trims += r.trims;
      trimmedAnswers += r.all.filter((e) => (e.vars.result as { status?: string } | undefined)?.status === 'trimmed').length;
      expect(r.registers.map((x) => x.off)).toEqual([...TRIMMED_REGISTERS]);
      for (const { off, trace, problems } of r.registers) {
        expect({ seed: r.seed, off, problems }).toEqual({ seed: r.seed, off, problems: [] });
        const v = validate(trace);
        expect({ seed: r.seed, off, unmatched: v.firstUnmatched?.index ?? null }).toEqual({ seed: r.seed, off, unmatched: null });
        expect(v.matched).toBe(trace.events.length);
      }
    }
    // Not vacuous: the runs did trim, and ops met trimmed acceptors.
    expect(trims).toBeGreaterThanOrEqual(10);
    expect(trimmedAnswers).toBeGreaterThanOrEqual(50);
  }, 120_000);

  it('an acceptor that dropped the segment takes no further step of its registers: such a step is rejected at its line', () => {
    // The first register with a trim's crash of acceptor `a` and, after it, a step of another acceptor.
    for (const r of runs) {
      const trimAt = r.all.find((e) => e.action === 'Trim' && typeof e.vars.acceptor === 'string');
      if (!trimAt) continue;
      const a = trimAt.vars.acceptor as string;
      for (const { trace: ok } of r.registers) {
        const crash = ok.events.findIndex((e) => e.action === 'CrashAcceptor' && e.acceptor === a && e.at === trimAt.at);
        const later = ok.events.findIndex((e, i) => i > crash && (e.action === 'Promise' || e.action === 'Accepted') && e.acceptor !== a);
        if (crash < 0 || later < 0) continue;
        expect(validate(ok).accepted).toBe(true);
        const forged = { header: ok.header, events: ok.events.map((e, i) => (i === later ? { ...e, acceptor: a } : e)) };
        const v = validate(forged);
        expect(v.accepted).toBe(false);
        expect(v.firstUnmatched?.index).toBe(later);
        return;
      }
    }
    throw new Error('no register of the seeds has a step of another acceptor after a trim');
  }, 60_000);
});

describe('captures whose completion did not answer the id', () => {
  it('a capture whose completion found the register unwritten is the capture, a hand-over and the completion (seed 108, register 1)', () => {
    const r = recordTrimmedSegment(108);
    const x = r.registers.find((reg) => reg.off === 1)!;
    expect(x.problems).toEqual([]);
    // The completion found nothing: the capturing client's own capture at the completion's ballot
    // ends (CaptureDone), that ballot is the call's capture id, handed over to a holder (HandOver,
    // Release), and the first id's holder forgets the value the id's phase 1 revealed.
    const i = x.trace.events.findIndex((e, k, all) => e.action === 'ForgetRevealed' && all[k - 1]?.action === 'Release' && all[k - 2]?.action === 'HandOver' && all[k - 3]?.action === 'CaptureDone');
    expect(i).toBeGreaterThan(0);
    expect(validate(x.trace).accepted).toBe(true);
    // A log recorded before completions named their id: the register is not traceable (a reason, not a rejection).
    expect(extractRegister(withoutCompletes(r.all), r.acceptors, 0, 1).problems).toContain("a capture call's completion found the register unwritten or failed (the id it answers, if any, is the completion's ballot)");
  });

  it('a write with the id such a capture answered is traced (seeds 470 and 616, trims off: a hand-over from its holder)', () => {
    for (const [seed, off] of [[470, 0], [616, 1]] as const) {
      const { all, acceptors } = plainRun(seed);
      const x = extractRegister(all, acceptors, 0, off);
      expect({ seed, problems: x.problems }).toEqual({ seed, problems: [] });
      expect({ seed, unmatched: validate(traceOf(x.events, { seg: 0, off, acceptors })).firstUnmatched?.index ?? null }).toEqual({ seed, unmatched: null });
    }
  });

  it('a range capture that failed after completing a register is traced at that register (seed 300, register 1, no trim)', () => {
    const { all, acceptors } = plainRun(300);
    // The run has it: a range call whose completion at register 1 began (a Capture naming the id it
    // completes) and whose own answer was no success (a failed CaptureSegmentDone, or a Timeout
    // with no register).
    const completing = new Set(all.filter((e) => e.action === 'Capture' && e.vars.off === 1 && 'completes' in e.vars).map((e) => `${e.vars.client}/${e.vars.rid}`));
    const failed = all.filter((e) => completing.has(`${e.vars.client}/${e.vars.rid}`) && (e.action === 'CaptureSegmentDone' || (e.action === 'Timeout' && e.vars.off === undefined)) && (e.vars.result as { status?: string }).status !== 'ok');
    expect(failed.length).toBeGreaterThan(0);
    const x = extractRegister(all, acceptors, 0, 1);
    expect(x.problems).toEqual([]);
    const v = validate(traceOf(x.events, { seg: 0, off: 1, acceptors }));
    expect(v.firstUnmatched?.index ?? null).toBeNull();
    expect(extractRegister(withoutCompletes(all), acceptors, 0, 1).problems).toContain("a range capture's completion answered here, but no event names the capture id it completes");
  });
});
