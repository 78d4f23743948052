/**
 * A real run, checked against the spec: three servers (TCP, group commit, SQLite) and three
 * clients in one process race to allocate one segment, check it and read through its
 * allocation guard (each client one call at a time), while one server is restarted. Every core event is recorded in the order it
 * happened (one process, one thread: a server's event is recorded after its commit and before its
 * reply leaves, a client's before its request leaves), the metadata WOR's events are extracted as
 * the simulator's are (src/trace/record.ts), and the trace is validated against WORPaxos
 * (tla/wor/TraceWORPaxos.tla) with the engine `auto` picks (the embedded checker in CI).
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { WormSpace } from '../../src/client/wormspace.ts';
import { META_OFFSET } from '../../src/core/address.ts';
import type { TraceEvent } from '../../src/core/trace.ts';
import type { TimedTraceEvent } from '../../src/sim/run.ts';
import { extractRegister } from '../../src/trace/record.ts';
import { checkTrace } from '../../src/trace/validate.ts';
import { valuesOf, type Trace } from '../../src/trace/format.ts';
import { autoEngine } from '../helpers/engine.ts';
import { tempDir } from '../server/helpers.ts';

const SEG = 5;
const all: TimedTraceEvent[] = [];
const record = (e: TraceEvent) => all.push({ at: all.length, action: e.action, vars: e.vars });
const dirs = [0, 1, 2].map(() => tempDir('trace'));
const servers: RunningServer[] = [];
const clients: WormSpace[] = [];

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(servers.map((s) => s.close()));
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** traceOf extracts register (SEG, off) from the recorded events, as the simulator's recorder does. */
function traceOf(acceptors: string[], off: number): Trace {
  const { events, problems } = extractRegister(all, acceptors, SEG, off);
  expect(problems).toEqual([]);
  const clientIds = new Set<number>();
  const values = new Set<string>();
  for (const e of events) {
    if (e.client !== undefined) clientIds.add(e.client);
    for (const b of [e.ballot, e.promised, e.acceptedBallot, e.result?.captureId]) if (b) clientIds.add(b[1]);
    for (const v of valuesOf(e)) values.add(v);
  }
  return {
    header: { trace: 'WORPaxos', seed: null, seg: SEG, off, acceptors, clients: [...clientIds].sort((a, b) => a - b), values: [...values].sort() },
    events,
  };
}

describe('trace validation of a real run', () => {
  it('the metadata WOR of a raced allocation follows WORPaxos', async () => {
    servers.push(...(await Promise.all(dirs.map((dataDir) => startServer({ host: '127.0.0.1', port: 0, dataDir, tracer: record })))));
    const addresses = servers.map((s) => s.address);
    for (const clientId of [1, 2, 3]) {
      clients.push(await WormSpace.connect({ servers: addresses, segmentSize: 8, clientId, tracer: record, retry: { firstTimeoutMs: 100, maxTimeoutMs: 1000 }, maxTimeouts: 8 }));
    }
    const restart = async (i: number) => {
      const port = servers[i]!.port;
      record({ action: 'CrashAcceptor', vars: { acceptor: servers[i]!.address } });
      await servers[i]!.close();
      servers[i] = await startServer({ host: '127.0.0.1', port, dataDir: dirs[i]!, tracer: record });
      record({ action: 'RecoverAcceptor', vars: { acceptor: servers[i]!.address } });
    };
    // Each client does one call at a time (as a WORPaxos client), but the three race: a check
    // (unwritten), an allocation, a read through the allocation guard, a check; meanwhile one
    // server restarts.
    const results = await Promise.all([
      ...clients.map(async (c, i) => {
        await c.check(SEG);
        const won = await c.alloc(SEG, `meta-${i + 1}`);
        await c.read(SEG, 0);
        await c.check(SEG);
        return won;
      }),
      new Promise((r) => setTimeout(r, 5)).then(() => restart(1)),
    ]);
    // At most one allocation wins (exactly one, unless a heavily loaded machine timed the winner out).
    expect(results.slice(0, 3).filter((r) => (r as { status: string }).status === 'ok').length).toBeLessThanOrEqual(1);

    const trace = traceOf(addresses, META_OFFSET);
    const events = trace.events;
    // The run exercised what the spec is about: promises, accepts, a refusal or two, reads.
    const actions = new Set(events.map((e) => e.action));
    for (const a of ['Promise', 'Accepted', 'ReadReply', 'ReadDone', 'WriteDone', 'CrashAcceptor', 'RecoverAcceptor']) expect(actions).toContain(a);
    const engine = autoEngine(import.meta.url);
    const verdict = await checkTrace(trace, engine);
    expect(verdict.firstUnmatched).toBeNull();
    expect(verdict.accepted).toBe(true);
    expect(verdict.matched).toBe(events.length);

    // The check is not vacuous: the same trace with one acceptor claiming a value it was never
    // sent is rejected at that event.
    const i = events.findIndex((e) => e.action === 'Accepted');
    const forged: Trace = {
      header: { ...trace.header, values: [...trace.header.values, 'forged'].sort() },
      events: events.map((e, j) => (j === i ? { ...e, acceptedValue: 'forged' } : e)),
    };
    const rejected = await checkTrace(forged, engine);
    expect(rejected.accepted).toBe(false);
    expect(rejected.firstUnmatched?.index).toBe(i);

    // A data WOR: the three clients race capture+write and read it, while another server restarts.
    await Promise.all([
      ...clients.map(async (c, k) => {
        await c.write(SEG, 1, `v-${k + 1}`);
        await c.read(SEG, 1);
      }),
      new Promise((r) => setTimeout(r, 3)).then(() => restart(2)),
    ]);
    const data = traceOf(servers.map((s) => s.address), 1);
    const dataActions = new Set(data.events.map((e) => e.action));
    for (const a of ['Promise', 'Accepted', 'WriteDone', 'ReadDone']) expect(dataActions).toContain(a);
    const dataVerdict = await checkTrace(data, engine);
    expect(dataVerdict.firstUnmatched).toBeNull();
    expect(dataVerdict.accepted).toBe(true);
  }, 180_000);
});
