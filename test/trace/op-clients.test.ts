/**
 * projectOpClients (src/trace/op-clients.ts): a client's concurrent calls on one register are
 * checked as virtual clients, each one call at a time, and nothing that the spec checks is lost:
 * a trace that was wrong before the projection is still rejected after it.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { WormSpace } from '../../src/client/wormspace.ts';
import { META_OFFSET } from '../../src/core/address.ts';
import type { TraceEvent } from '../../src/core/trace.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { simulate, serverIds, type TimedTraceEvent } from '../../src/sim/run.ts';
import type { TraceEventLine } from '../../src/trace/format.ts';
import { describeMove, MAX_TRIES, projectOpClients } from '../../src/trace/op-clients.ts';
import { extractRegister, traceOf, traceSimConfig } from '../../src/trace/record.ts';
import { validateTrace } from '../../src/trace/stream-validate.ts';
import { tempDir } from '../server/helpers.ts';

/** verdict extracts register (seg, off) of `events`, projected or not, and validates it. */
function verdict(events: readonly TimedTraceEvent[], seg: number, off: number, project: boolean): { accepted: boolean; at: number | null; trace: TraceEventLine[] } {
  const p = project ? projectOpClients(events, seg, off) : { events, problems: [] };
  expect(p.problems).toEqual([]);
  const acceptors = acceptorsOf(events);
  const x = extractRegister(p.events, acceptors, seg, off);
  expect(x.problems).toEqual([]);
  const v = validateTrace(traceOf(x.events, { seg, off, acceptors }));
  return { accepted: v.accepted, at: v.firstUnmatched ? v.firstUnmatched.index : null, trace: x.events };
}

function acceptorsOf(events: readonly TimedTraceEvent[]): string[] {
  return [...new Set(events.map((e) => e.vars.acceptor).filter((a): a is string => typeof a === 'string'))].sort();
}

/** A tiny event builder for hand-made executions of one register (seg 0, the metadata WOR). */
function script(): { events: TimedTraceEvent[]; ev: (action: string, vars: Record<string, unknown>) => void } {
  const events: TimedTraceEvent[] = [];
  return { events, ev: (action, vars) => events.push({ at: events.length, action, vars: { seg: 0, ...vars } }) };
}

const none = { acceptedBallot: null, acceptedValue: null };

/** Two reads of client 100 on the unwritten metadata WOR, the second started before the first answered. */
function overlappingReads(): TimedTraceEvent[] {
  const { events, ev } = script();
  ev('Read', { client: 100, rid: 1, off: META_OFFSET });
  ev('Read', { client: 100, rid: 2, off: META_OFFSET });
  for (const rid of [1, 2]) for (const a of ['a', 'b']) ev('ReadReply', { acceptor: a, off: META_OFFSET, ballot: null, promised: null, ...none, from: 'c100', rid });
  const replies = ['a', 'b'].map((acceptor) => ({ acceptor, ...none }));
  ev('ReadDone', { client: 100, rid: 1, result: { status: 'unwritten' }, replies });
  ev('ReadDone', { client: 100, rid: 2, result: { status: 'unwritten' }, replies });
  return events;
}

/** A capture call (rid 1) of client 100 at ballot b1, and a second call (rid 2) overlapping it that captures at b2. */
function overlappingCaptures(b1: [number, number], b2: [number, number], other: { client: number; ballot: [number, number] } | null = null): TimedTraceEvent[] {
  const { events, ev } = script();
  const capture = (client: number, rid: number, ballot: [number, number]): void => {
    ev('Capture', { client, rid, off: META_OFFSET, ballot });
  };
  const promise = (client: number, rid: number, ballot: [number, number], a: string): void => {
    ev('Promise', { acceptor: a, off: META_OFFSET, ballot, promised: ballot, ...none, from: `c${client}`, rid });
  };
  const done = (client: number, rid: number, ballot: [number, number], quorum: string[]): void => {
    ev('CaptureDone', { client, rid, result: { status: 'ok', captureId: ballot }, quorum });
  };
  if (other) {
    capture(other.client, 1, other.ballot);
    for (const a of ['a', 'b']) promise(other.client, 1, other.ballot, a);
    done(other.client, 1, other.ballot, ['a', 'b']);
  }
  capture(100, 1, b1);
  capture(100, 2, b2);
  // Acceptor a and b promise b1 then b2 (b2 is the higher), c promises b2 only.
  for (const a of ['a', 'b']) promise(100, 1, b1, a);
  done(100, 1, b1, ['a', 'b']);
  for (const a of ['a', 'b', 'c']) promise(100, 2, b2, a);
  done(100, 2, b2, ['b', 'c']);
  return events;
}

describe('projectOpClients on hand-made executions', () => {
  it('moves the overlapping read to virtual client 101, with its replies; rejected before, accepted after', () => {
    const events = overlappingReads();
    const p = projectOpClients(events, 0, META_OFFSET);
    expect(p.moves).toEqual([{ client: 100, rid: 2, to: 101, overlaps: 1, first: 'Read' }]);
    expect(describeMove(p.moves[0]!)).toBe('client 100: call rid 2 (Read) overlaps its call rid 1 on this register; checked as virtual client 101');
    // The call's own events and the acceptors' replies to it, and nothing else.
    expect(p.events.filter((e) => e.vars.client === 101 || e.vars.from === 'c101').map((e) => `${e.action}/${e.vars.rid}`)).toEqual(['Read/2', 'ReadReply/2', 'ReadReply/2', 'ReadDone/2']);
    expect(p.events.map((e) => e.action)).toEqual(events.map((e) => e.action));
    // The input is not changed.
    expect(events.some((e) => e.vars.client === 101)).toBe(false);
    const before = verdict(events, 0, META_OFFSET, false);
    expect(before.accepted).toBe(false);
    expect(before.at).toBe(1); // the second Read: client 100 is reading already
    expect(verdict(events, 0, META_OFFSET, true).accepted).toBe(true);
  });

  it('still rejects a tampered execution: a read that answers a value nobody wrote', () => {
    const events = overlappingReads();
    const last = events[events.length - 1]!;
    last.vars = { ...last.vars, result: { status: 'ok', value: 'forged' } };
    const after = verdict(events, 0, META_OFFSET, true);
    expect(after.accepted).toBe(false);
    expect(after.trace[after.at!]).toMatchObject({ action: 'ReadDone', client: 101, result: { value: 'forged' } });
  });

  it('is the identity where no client overlaps itself', () => {
    const events = overlappingReads().filter((e) => e.vars.rid === 1 || e.vars.rid === undefined);
    const p = projectOpClients(events, 0, META_OFFSET);
    expect(p.moves).toEqual([]);
    expect(p.events).toEqual(events);
  });

  it('renames the ballot a moved call started phase 1 with, everywhere it appears; accepted', () => {
    const events = overlappingCaptures([1, 100], [2, 100]);
    const p = projectOpClients(events, 0, META_OFFSET);
    expect(p.moves.map((m) => [m.rid, m.to])).toEqual([[2, 101]]);
    const moved = p.events.filter((e) => e.vars.rid === 2);
    expect(moved.map((e) => e.vars.ballot ?? (e.vars.result as { captureId: unknown }).captureId)).toEqual(moved.map(() => [2, 101]));
    expect(moved.filter((e) => e.action === 'Promise').map((e) => e.vars.promised)).toEqual([[2, 101], [2, 101], [2, 101]]);
    expect(p.events.filter((e) => e.vars.rid === 1).every((e) => JSON.stringify(e.vars).includes('[1,100]'))).toBe(true);
    expect(verdict(events, 0, META_OFFSET, false).accepted).toBe(false);
    expect(verdict(events, 0, META_OFFSET, true).accepted).toBe(true);
  });

  it('still rejects two calls of one client that run phase 1 at the same ballot', () => {
    // The code must never do this (a ballot is fresh for each call): the renaming follows the
    // first call, so the second, on its virtual client, captures at a ballot that is not its own.
    const events = overlappingCaptures([1, 100], [1, 100]);
    const p = projectOpClients(events, 0, META_OFFSET);
    expect(p.moves.map((m) => [m.rid, m.to])).toEqual([[2, 101]]);
    const after = verdict(events, 0, META_OFFSET, true);
    expect(after.accepted).toBe(false);
    expect(after.trace[after.at!]).toMatchObject({ action: 'Capture', client: 101, ballot: [1, 100] });
  });

  it('skips ids that other clients use, and keeps the order of the ballots', () => {
    // Client 101 exists: the virtual client is 102, and [2, 100] -> [2, 102] stays below [3, 101].
    const p = projectOpClients(overlappingCaptures([1, 100], [2, 100], { client: 101, ballot: [3, 101] }), 0, META_OFFSET);
    expect(p.problems).toEqual([]);
    expect(p.moves.map((m) => m.to)).toEqual([102]);
    // Client 101 holds a ballot of the same round as the moved call's: [2, 100] < [2, 101], and
    // every id above 101 would turn that order round. Refused, never silently reordered.
    const q = projectOpClients(overlappingCaptures([1, 100], [2, 100], { client: 101, ballot: [2, 101] }), 0, META_OFFSET);
    expect(q.moves).toEqual([]);
    expect(q.problems).toEqual([`client 100 runs calls on this register concurrently, and none of the ids 101..${100 + MAX_TRIES} is free and keeps the order of the segment's ballots for a virtual client`]);
  });

  it('leaves the simulator traces (one call at a time per client) as they are', () => {
    for (const seed of [1, 11]) {
      const cfg = traceSimConfig(seed, 6);
      const all: TimedTraceEvent[] = [];
      simulate({ ...cfg, bug: null, traceSink: (e) => all.push(e) });
      expect(serverIds(cfg)[0]!.length).toBe(3);
      for (const off of [META_OFFSET, 0, 1]) {
        const p = projectOpClients(all, 0, off);
        expect(p.moves).toEqual([]);
        expect(p.events).toEqual(all);
      }
    }
  });
});

describe('projectOpClients on a real run: two clients with concurrent calls on one register', () => {
  const SEG = 7;
  const all: TimedTraceEvent[] = [];
  const record = (e: TraceEvent): void => {
    all.push({ at: all.length, action: e.action, vars: e.vars });
  };
  const dirs = [0, 1, 2].map(() => tempDir('op-clients'));
  const servers: RunningServer[] = [];
  const clients: WormSpace[] = [];
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.close()));
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('is rejected without the projection, accepted with it, and rejected once a read answer is forged', { timeout: 120_000 }, async () => {
    servers.push(...(await Promise.all(dirs.map((dataDir) => startServer({ host: '127.0.0.1', port: 0, dataDir, tracer: record })))));
    const addresses = servers.map((s) => s.address);
    // Random-looking ids, as the client library picks them: virtual ids c+1 are free.
    for (const clientId of [4_000_000, 9_000_000]) {
      clients.push(await WormSpace.connect({ servers: addresses, segmentSize: 8, clientId, tracer: record, retry: { firstTimeoutMs: 100, maxTimeoutMs: 1000 }, maxTimeouts: 20 }));
    }
    const [a, b] = clients as [WormSpace, WormSpace];
    await Promise.all([a.alloc(SEG, 'meta-a'), a.check(SEG), b.alloc(SEG, 'meta-b'), b.check(SEG)]);
    await Promise.all([a.write(SEG, 0, 'va'), a.read(SEG, 0), b.write(SEG, 0, 'vb'), b.read(SEG, 0)]);
    await Promise.all([a.read(SEG, 0), a.read(SEG, 0), a.read(SEG, 0)]);

    const acceptors = acceptorsOf(all);
    expect(acceptors).toHaveLength(3);
    let rejectedBefore = 0;
    for (const off of [META_OFFSET, 0]) {
      const p = projectOpClients(all, SEG, off);
      expect(p.problems).toEqual([]);
      expect(p.moves.length).toBeGreaterThan(0);
      // Ids above the client's own, next to it (the other client is far away).
      for (const m of p.moves) expect(m.to - m.client).toBeGreaterThan(0), expect(m.to - m.client).toBeLessThan(4);
      if (!verdict(all, SEG, off, false).accepted) rejectedBefore++;
      expect(verdict(all, SEG, off, true).accepted).toBe(true);
    }
    expect(rejectedBefore).toBe(2);

    // Forge the answer of a read run by a virtual client: rejected at that very event.
    const p = projectOpClients(all, SEG, 0);
    const virtual = new Set(p.moves.map((m) => m.to));
    const x = extractRegister(p.events, acceptors, SEG, 0);
    const k = x.events.findIndex((e) => e.action === 'ReadDone' && virtual.has(e.client!) && e.result?.status === 'ok');
    expect(k).toBeGreaterThan(0);
    x.events[k] = { ...x.events[k]!, result: { status: 'ok', value: 'forged' } };
    const v = validateTrace(traceOf(x.events, { seg: SEG, off: 0, acceptors }));
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched?.index).toBe(k);
  });
});
