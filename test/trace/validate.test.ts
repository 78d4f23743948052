// Trace validation against WORPaxos with the engine `autoEngine` (test/helpers/engine.ts) picks and names (the embedded
// checker in CI): recorded traces of faulty runs are accepted; traces that break Paxos are
// rejected at the event that breaks it.
import { describe, expect, it } from 'vitest';
import { autoEngine } from '../helpers/engine.ts';
import { parseTrace, type Trace, type TraceEventLine } from '../../src/trace/format.ts';
import { recordTrace } from '../../src/trace/record.ts';
import { checkTrace } from '../../src/trace/validate.ts';

const engine = autoEngine(import.meta.url);
// Seed 12 has a call that times out (a WORPaxos Timeout step).
const SEEDS = [1, 2, 3, 4, 12];

function recorded(seed: number): Trace {
  const r = recordTrace({ seed });
  expect(r.problems).toEqual([]);
  return r.trace;
}

/** A copy of the trace with event i replaced. */
function mutate(t: Trace, i: number, change: (e: TraceEventLine) => TraceEventLine, values: string[] = []): Trace {
  const events = t.events.map((e, j) => (j === i ? change(structuredClone(e)) : e));
  return { header: { ...t.header, values: [...t.header.values, ...values] }, events };
}

describe(`recorded traces of faulty runs (${engine.name} engine)`, () => {
  it.each(SEEDS)('seed %i: accepted', async (seed) => {
    const t = recorded(seed);
    const v = await checkTrace(t, engine);
    expect(v.firstUnmatched).toBeNull();
    expect(v.accepted).toBe(true);
    expect(v.matched).toBe(t.events.length);
    expect(t.events.length).toBeGreaterThan(40);
  }, 180_000);

  it('heavy faults (30 % loss and duplication, delays to 80, 4 clients, crashes): accepted', async () => {
    const schedule = [
      { at: 300, kind: 'crashServer' as const, server: 1 },
      { at: 500, kind: 'crashClient' as const, client: 2 },
      { at: 700, kind: 'restartServer' as const, server: 1 },
    ];
    const r = recordTrace({ seed: 5, ops: 8, overrides: { clients: 4, faults: { lossPct: 30, dupPct: 30, delayMin: 1, delayMax: 80 }, schedule } });
    expect(r.problems).toEqual([]);
    expect(r.sim.stats.network.lost).toBeGreaterThan(0);
    expect(r.sim.stats.network.duplicated).toBeGreaterThan(0);
    const v = await checkTrace(r.trace, engine);
    expect(v.firstUnmatched).toBeNull();
    expect(v.accepted).toBe(true);
  }, 180_000);

  it('the seeds exercise the faults: crashes, duplicates, repairs, refusals', () => {
    const actions = new Set(SEEDS.flatMap((s) => recorded(s).events.map((e) => e.action)));
    for (const a of ['CrashAcceptor', 'RecoverAcceptor', 'Repair', 'RejectPrepare', 'RejectAccept', 'Accepted', 'ReadReply', 'WriteDone', 'Timeout']) expect(actions).toContain(a);
  });
});

describe('mutated recorded traces are rejected at the mutated event', () => {
  const t = recorded(3);
  const idx = (pred: (e: TraceEventLine) => boolean): number => {
    const i = t.events.findIndex(pred);
    expect(i).toBeGreaterThanOrEqual(0);
    return i;
  };

  it('an Accepted whose value is not the one the Accept carried', async () => {
    const i = idx((e) => e.action === 'Accepted');
    const v = await checkTrace(mutate(t, i, (e) => ({ ...e, acceptedValue: 'forged' }), ['forged']), engine);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.index).toBe(i);
    expect(v.firstUnmatched?.line).toBe(i + 2);
  }, 180_000);

  it('a read that answers a value different from the one its quorum reported', async () => {
    const i = idx((e) => e.action === 'ReadDone' && e.result?.status === 'ok');
    const v = await checkTrace(mutate(t, i, (e) => ({ ...e, result: { status: 'ok', value: 'forged' } }), ['forged']), engine);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.index).toBe(i);
  }, 180_000);

  it('a promise that does not report what the acceptor accepted', async () => {
    const i = idx((e) => e.action === 'Promise' && e.acceptedBallot !== null);
    const v = await checkTrace(mutate(t, i, (e) => ({ ...e, acceptedBallot: null, acceptedValue: null })), engine);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.index).toBe(i);
  }, 180_000);

  it('a read that answers ok without its value', async () => {
    const i = idx((e) => e.action === 'ReadDone' && e.result?.status === 'ok');
    const v = await checkTrace(mutate(t, i, (e) => ({ ...e, result: { status: 'ok' } })), engine);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.index).toBe(i);
  }, 180_000);

  // A repeated Promise that changes nothing is a stuttering step only at the promise itself.
  it.each([
    ['below the acceptor\'s promise', -1],
    ['above the promise without storing it', 1],
  ])('a promise %s, disguised as a repeat', async (_name, delta) => {
    const last = [...t.events].reverse().find((e) => e.action === 'Promise' || e.action === 'Accepted' || e.action === 'ReadReply');
    expect(last).toBeDefined();
    const promised = last!.promised as [number, number];
    const ballot: [number, number] = [promised[0] + delta, promised[1]];
    const forged = { action: 'Promise', acceptor: last!.acceptor, ballot, promised, acceptedBallot: last!.acceptedBallot, acceptedValue: last!.acceptedValue } as TraceEventLine;
    const events = [...t.events, forged];
    const v = await checkTrace({ header: t.header, events }, engine);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.index).toBe(events.length - 1);
  }, 180_000);

  it('a dropped Read: its replies cannot be placed', async () => {
    const i = idx((e) => e.action === 'Read');
    const events = t.events.filter((_, j) => j !== i);
    const v = await checkTrace({ header: t.header, events }, engine);
    expect(v.accepted).toBe(false);
    const next = events.findIndex((e, j) => j >= i && e.client === t.events[i]!.client && (e.action === 'ReadReply' || e.action === 'ReadDone'));
    expect(v.firstUnmatched?.index).toBe(next);
  }, 180_000);
});

describe('the simulator\'s deliberate server bugs give rejected traces', () => {
  it.each([
    ['acceptBelowPromise', 4, 'Accepted'],
    ['promiseHidesAccepted', 2, 'Write'],
  ] as const)('%s (seed %i): rejected at an %s', async (bug, seed, action) => {
    const r = recordTrace({ seed, bug });
    expect(r.problems).toEqual([]);
    const v = await checkTrace(r.trace, engine);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.event.action).toBe(action);
    // The same seed without the bug is accepted: the bug, not the run, is what is rejected.
    expect((await checkTrace(recordTrace({ seed }).trace, engine)).accepted).toBe(true);
  }, 180_000);
});

/** A hand-written trace: three acceptors, clients 1 and 2, values v1 and v2. */
function handTrace(lines: object[]): Trace {
  const header = { trace: 'WORPaxos', seed: null, seg: 0, off: -1, acceptors: ['a1', 'a2', 'a3'], clients: [1, 2], values: ['v1', 'v2'] };
  return parseTrace([header, ...lines].map((l) => JSON.stringify(l)).join('\n'));
}

const none = { promised: null, acceptedBallot: null, acceptedValue: null };
// Client 1 captures ballot <<1,1>> at a1 and a2 and sends Accept(<<1,1>>, v1).
const capture11 = [
  { action: 'Capture', client: 1, ballot: [1, 1] },
  { action: 'Promise', acceptor: 'a1', ballot: [1, 1], promised: [1, 1], acceptedBallot: null, acceptedValue: null },
  { action: 'Promise', acceptor: 'a2', ballot: [1, 1], promised: [1, 1], acceptedBallot: null, acceptedValue: null },
  { action: 'Write', client: 1, ballot: [1, 1], value: 'v1', callerValue: 'v1', quorum: ['a1', 'a2'] },
];

describe('hand-written traces', () => {
  it('a plain capture+write is accepted', async () => {
    const t = handTrace([
      ...capture11,
      { action: 'Accepted', acceptor: 'a1', ballot: [1, 1], promised: [1, 1], acceptedBallot: [1, 1], acceptedValue: 'v1' },
      { action: 'Accepted', acceptor: 'a2', ballot: [1, 1], promised: [1, 1], acceptedBallot: [1, 1], acceptedValue: 'v1' },
      { action: 'WriteDone', client: 1, result: { status: 'ok' } },
    ]);
    const v = await checkTrace(t, engine);
    expect(v.accepted).toBe(true);
  }, 180_000);

  it('an Accepted below the acceptor promise is rejected there', async () => {
    const t = handTrace([
      ...capture11,
      { action: 'Capture', client: 2, ballot: [1, 2] },
      { action: 'Promise', acceptor: 'a1', ballot: [1, 2], promised: [1, 2], acceptedBallot: null, acceptedValue: null },
      // a1 promised <<1,2>>, so it must refuse Accept(<<1,1>>): accepting breaks the promise.
      { action: 'Accepted', acceptor: 'a1', ballot: [1, 1], promised: [1, 2], acceptedBallot: [1, 1], acceptedValue: 'v1' },
    ]);
    const v = await checkTrace(t, engine);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched).toMatchObject({ index: 6, line: 8 });
    expect(v.firstUnmatched?.event.action).toBe('Accepted');
    // The verdict shows why: the spec's acceptor had promised the higher ballot.
    expect(v.context).toContain('promised["a1"] = <<1, 2>>');
  }, 180_000);

  // v1 was accepted by a1 only; reader 2 hears from a1 and a3: the register is half-written.
  const halfWrittenRead = [
    ...capture11,
    { action: 'Accepted', acceptor: 'a1', ballot: [1, 1], promised: [1, 1], acceptedBallot: [1, 1], acceptedValue: 'v1' },
    { action: 'Read', client: 2, n: 1 },
    { action: 'ReadReply', acceptor: 'a1', client: 2, n: 1, promised: [1, 1], acceptedBallot: [1, 1], acceptedValue: 'v1' },
    { action: 'ReadReply', acceptor: 'a3', client: 2, n: 1, ...none },
  ];
  const halfWrittenReplies = [
    { acceptor: 'a1', acceptedBallot: [1, 1], acceptedValue: 'v1' },
    { acceptor: 'a3', acceptedBallot: null, acceptedValue: null },
  ];

  it('a read answering a value that no quorum accepted is rejected (it had to repair)', async () => {
    const t = handTrace([
      ...halfWrittenRead,
      {
        action: 'ReadDone',
        client: 2,
        n: 1,
        result: { status: 'ok', value: 'v1' },
        replies: halfWrittenReplies,
      },
    ]);
    const v = await checkTrace(t, engine);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.index).toBe(8);
    expect(v.firstUnmatched?.event.action).toBe('ReadDone');
  }, 180_000);

  it('the same read repairing before it answers is accepted', async () => {
    const t = handTrace([
      ...halfWrittenRead,
      {
        action: 'Repair',
        client: 2,
        n: 1,
        ballot: [1, 1],
        value: 'v1',
        replies: halfWrittenReplies,
      },
      // a3 takes the repair only once it promised <<1,1>> (client 1's Prepare arrives late): an
      // acceptor accepts only the ballot it promised.
      { action: 'Promise', acceptor: 'a3', ballot: [1, 1], promised: [1, 1], acceptedBallot: null, acceptedValue: null },
      { action: 'Accepted', acceptor: 'a3', ballot: [1, 1], promised: [1, 1], acceptedBallot: [1, 1], acceptedValue: 'v1' },
      { action: 'RepairDone', client: 2, result: { status: 'ok', value: 'v1' } },
    ]);
    const v = await checkTrace(t, engine);
    expect(v.accepted).toBe(true);
  }, 180_000);

  it('an acceptor taking a ballot it never promised (a made-up capture id) is rejected there', async () => {
    const t = handTrace([
      ...capture11,
      { action: 'Accepted', acceptor: 'a3', ballot: [1, 1], promised: [1, 1], acceptedBallot: [1, 1], acceptedValue: 'v1' },
    ]);
    const v = await checkTrace(t, engine);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.event.action).toBe('Accepted');
  }, 180_000);
});
