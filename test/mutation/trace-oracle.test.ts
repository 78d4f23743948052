// The mutation-testing oracle (docs/mutation.md): trace conformance and nothing else. Each case
// runs seeded faulty simulations and asserts only that their traces are accepted by the specs.
// Stryker (stryker.config.mjs) mutates src/core and the applications and runs this file alone:
// a mutant is killed when some trace is rejected (or the run crashes or hangs), so the score
// measures what trace checking catches, not what hand-written assertions catch.
//
// It runs in the normal suite too: on unmutated code every trace must be accepted.
import { describe, expect, it } from 'vitest';
import { simulation as wormLogSimulation } from '../../src/apps/wormlog/sim.ts';
import { simulation as wormTxSimulation } from '../../src/apps/wormtx/sim.ts';
import { simulation as wormPaxosSimulation } from '../../src/apps/wormpaxos/sim.ts';
import { FAULT_KINDS } from '../../src/apps/runtime/faults.ts';
import { META_OFFSET } from '../../src/core/address.ts';
import { extractRegister, traceOf, traceSimConfig } from '../../src/trace/record.ts';
import { serverIds, simulate, type SimConfig, type TimedTraceEvent } from '../../src/sim/run.ts';
import { checkTrace, describeEvent } from '../../src/trace/validate.ts';
import { extractAcceptorEvents, registersTouched } from '../../src/trace/record-acceptor.ts';
import { validateTrace } from '../../src/trace/stream-validate.ts';
import { embeddedEngine } from '../../src/checker/index.ts';
import { recordWosTrace, WOS_SEEDS } from '../../src/trace/wos-record.ts';
import { recordWosImplTrace, recordWosRun, WOSIMPL_SEEDS } from '../../src/trace/wosimpl-record.ts';
import { wosSimConfig } from '../../src/trace/wos-record.ts';

/** Seeds of the WOR-level cases: faulty runs of three clients on two segments. */
const WOR_SEEDS = [11, 12, 13, 14, 15, 16];
const APP_SEEDS = [1, 2, 3];

// (First: most of the checks only these runs reach fail here, so Stryker stops early.)
// A hostile client beside the honest ones (src/sim/hostile.ts, malformed): Prepares at the
// unsafe ballot, invalid ranges, rounds at, just beyond and (of round 0) beyond the round window,
// Prepares of a promised ballot with another key or none, Accepts and AcceptRanges with proofs
// of other values. The servers' round window is 50 rounds, so such rounds fit the traces. Each
// acceptor must refuse exactly what acceptor.ts says it refuses (the wrapper's rules beyond Paxos:
// far, clash, signed, malformed requests); the run's own checkers are not asserted (the hostile
// client is a Byzantine proposer).
const HOSTILE_SEEDS = [1, 2];
const HOSTILE_WINDOW = 50;

describe('mutation oracle: a hostile client\'s requests, every register\'s acceptor trace', () => {
  for (const seed of HOSTILE_SEEDS) {
    it(`hostile seed ${seed}: every register's acceptor trace is accepted`, () => {
      const cfg: SimConfig = { ...traceSimConfig(seed, 6), workload: { segments: 1, offsets: 3, trimWeight: 0 }, hostile: true, hostileMalformed: true, roundWindow: HOSTILE_WINDOW };
      const all: TimedTraceEvent[] = [];
      const r = simulate({ ...cfg, bug: null, traceSink: (e) => all.push(e), traceIo: true });
      expect(r.stats.hostile?.malformed).toBeGreaterThan(0);
      expect(checkEveryAcceptorTrace(all, cfg, seed)).toBeGreaterThan(0);
    }, 120_000);
  }
});

describe('mutation oracle: WOR traces of faulty simulations', () => {
  for (const seed of WOR_SEEDS) {
    it(`seed ${seed}: every traceable register's trace is accepted by WORPaxos`, async () => {
      const cfg = traceSimConfig(seed, 6);
      const all: TimedTraceEvent[] = [];
      // traceIo: the requests delivered to each acceptor and its replies, recorded by the simulator
      // outside the acceptor's code, so the acceptor traces check each step against its request.
      simulate({ ...cfg, bug: null, traceSink: (e) => all.push(e), traceIo: true });
      const acceptors = serverIds(cfg)[0]!;
      let checked = 0;
      for (let seg = 0; seg < cfg.workload.segments; seg++) {
        for (const off of [META_OFFSET, ...Array.from({ length: cfg.workload.offsets }, (_, i) => i)]) {
          const { events, problems } = extractRegister(all, acceptors, seg, off);
          // A register WORPaxos cannot describe (batch ranges, trim, hand-over) has no oracle yet.
          if (problems.length > 0 || events.length === 0) continue;
          const v = await checkTrace(traceOf(events, { seg, off, acceptors, seed }), embeddedEngine);
          const u = v.firstUnmatched;
          expect(u && `seg ${seg} off ${off}: rejected at event ${u.index + 1}: ${describeEvent(u.event)}`).toBeNull();
          checked++;
        }
      }
      // The metadata register of segment 0 is always traceable: an oracle that checked nothing fails.
      expect(checked).toBeGreaterThan(0);
      // The acceptors of EVERY register the run touched, ranges, trims and hand-overs included
      // (tla/wor/TraceWORAcceptor.tla: the clients are an open environment).
      expect(checkEveryAcceptorTrace(all, cfg, seed)).toBeGreaterThan(0);
    }, 120_000);
  }
});

// Whole-system WOS traces: every call and every acceptor step of a faulty run, batch ranges and
// trims included, which the single-register WORPaxos traces above cannot describe.
describe('mutation oracle: whole-system WOS traces of faulty simulations', () => {
  for (const [level, seeds, record] of [
    ['WOSImpl', WOSIMPL_SEEDS.slice(0, 4), recordWosImplTrace],
    ['WOS', WOS_SEEDS.slice(0, 4), recordWosTrace],
  ] as const) {
    for (const seed of seeds) {
      it(`${level} seed ${seed}: the trace is accepted`, () => {
        const { trace } = record(seed);
        expect(trace.events.length).toBeGreaterThan(0);
        const v = validateTrace(trace);
        const u = v.firstUnmatched;
        expect(u && `${level} seed ${seed}: rejected at event ${u.index + 1} (line ${u.line}): ${u.event.action}`).toBeNull();
      }, 120_000);
    }
  }
});

// Trim-heavy runs: two segments of three registers, trim drawn about one call in twelve, so
// segments are trimmed with data in them, trimmed again (the call finishes what the first left
// off), and read, captured and written after their trim through every acceptor, including ones
// that missed the trim register's decision (they refuse the TrimSegment) and ones that learn of
// the trim later (another call's TrimSegment). Each run is checked at two levels: the WOSImpl
// trace (the calls' answers) and the acceptor trace of every register touched, whose wrapper
// (tla/wor/TraceWORAcceptor.tla) also checks each acceptor's Trim, RejectTrim and ReplyTrimmed
// against the trim register's accepted value and its earlier trim.
//
// Two of them run clients that prepare without capture keys (captureKeys: false): the acceptor
// serves such promises (no key, no proof), and there a re-accept of the same value at a higher
// ballot differs from the stored row only in its accepted ballot, which with keys the new proof
// always masks.
const TRIM_RUNS = [
  { seed: 1, captureKeys: true },
  { seed: 3, captureKeys: true },
  { seed: 5, captureKeys: true },
  { seed: 8, captureKeys: true },
  { seed: 2, captureKeys: false },
  { seed: 4, captureKeys: false },
];
const TRIM_WORKLOAD = { segments: 2, offsets: 3, trimWeight: 8 } as const;

/** Every register's acceptor trace of a run (every segment), each checked; how many were. */
function checkEveryAcceptorTrace(all: readonly TimedTraceEvent[], cfg: SimConfig, seed: number): number {
  const acceptors = serverIds(cfg)[0]!;
  let checked = 0;
  for (let seg = 0; seg < cfg.workload.segments; seg++) {
    for (const off of registersTouched(all, seg)) {
      const t = traceOf(extractAcceptorEvents(all, acceptors, seg, off, cfg.roundWindow === undefined ? {} : { roundWindow: cfg.roundWindow }), { seg, off, acceptors, seed });
      const v = validateTrace({ header: { ...t.header, trace: 'WORAcceptor' }, events: t.events });
      const w = v.firstUnmatched;
      expect(w && `acceptors of seg ${seg} off ${off}: rejected at event ${w.index + 1}: ${describeEvent(w.event)}`).toBeNull();
      checked++;
    }
  }
  return checked;
}

/** A whole run's WOSImpl trace and every register's acceptor trace, each checked. */
function checkWholeRun(label: string, cfg: SimConfig, seed: number): void {
  const run = recordWosRun({ ...cfg, traceIo: true }, seed);
  expect(run.wosimpl.events.length).toBeGreaterThan(0);
  const u = validateTrace(run.wosimpl).firstUnmatched;
  expect(u && `WOSImpl ${label} seed ${seed}: rejected at event ${u.index + 1} (line ${u.line}): ${u.event.action}`).toBeNull();
  expect(checkEveryAcceptorTrace(run.events, cfg, seed)).toBeGreaterThan(0);
}

describe('mutation oracle: trim-heavy whole-system runs', () => {
  for (const { seed, captureKeys } of TRIM_RUNS) {
    it(`trim seed ${seed}${captureKeys ? '' : ', no capture keys'}: the WOSImpl trace and every register's acceptor trace are accepted`, () => {
      checkWholeRun('trim', { ...wosSimConfig(seed), workload: TRIM_WORKLOAD, captureKeys }, seed);
    }, 120_000);
  }
});

// Shared capture ids (workload shareIds): every id stays in the pool and is written with again,
// by several clients, with different values, and some writes use ids nobody captured. The
// acceptor traces check these runs (the clients are their open environment): an acceptor must
// never take a second value at a ballot where it accepted one (acceptor.ts's "DIFFERENT value
// already accepted at b" refusals), which only such writers put to the test. So does the WOSImpl
// trace of the whole run (session 10: TraceWOSImpl takes the answers such runs give).
const SHARED_ID_SEEDS = [4, 5, 8];

describe('mutation oracle: shared capture ids, the WOSImpl trace and every register\'s acceptor trace', () => {
  for (const seed of SHARED_ID_SEEDS) {
    it(`shared-id seed ${seed}: the WOSImpl trace and every register's acceptor trace are accepted`, () => {
      checkWholeRun('shared-id', { ...wosSimConfig(seed), workload: { ...TRIM_WORKLOAD, shareIds: true } }, seed);
    }, 120_000);
  }
});

describe('mutation oracle: application traces of faulty simulations', () => {
  for (const [name, sim] of [['wormlog', wormLogSimulation], ['wormtx', wormTxSimulation], ['wormpaxos', wormPaxosSimulation]] as const) {
    for (const seed of APP_SEEDS) {
      it(`${name} seed ${seed}: the trace is accepted by its spec`, async () => {
        const r = await sim.simulate({ seed, steps: 30, faults: [...FAULT_KINDS], traceFile: null, checkTrace: true });
        expect(r.trace, `${name} seed ${seed}: trace NOT checked: ${r.traceNote ?? ''}`).not.toBeNull();
        expect(r.trace!.accepted ? null : r.trace!.message).toBeNull();
      }, 120_000);
    }
  }
});
