// Protocol-level WOS trace of the real client library: the run of wos-client.test.ts (three
// TCP/SQLite servers, three clients racing random calls over two segments, one server restarting)
// with the clients' and servers' core tracer on; every call (CallRecorder) and every WOR-level step
// (the tracer) go into one trace (src/trace/wosimpl.ts), validated against tla/wos/WOSImpl.tla.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { WormSpace } from '../../src/client/wormspace.ts';
import { CallRecorder, type RecordedClient } from '../../src/trace/wos-client.ts';
import { validateText } from '../../src/trace/stream-validate.ts';
import type { TraceEvent } from '../../src/core/trace.ts';
import { wosImplTraceOf } from '../../src/trace/wosimpl.ts';
import { captureOrder } from '../../src/trace/wos-capture-order.ts';
import { tempDir } from '../server/helpers.ts';
import { wosWorkload } from '../../src/trace/wos-workload.ts';

const SIZE = 3;
const dirs = [0, 1, 2].map(() => tempDir('wosimpltrace'));
const servers: RunningServer[] = [];
const clients: WormSpace[] = [];

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(servers.map((s) => s.close()));
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('WOSImpl trace of a real cluster', () => {
  it('every WOR-level step of three racing clients is a behaviour of WOSImpl.tla', async () => {
    // One process: the tracers' calls are in the order the steps really happened.
    const events: TraceEvent[] = [];
    const tracer = (e: TraceEvent): void => void events.push(e);
    servers.push(...(await Promise.all(dirs.map((dataDir) => startServer({ host: '127.0.0.1', port: 0, dataDir, tracer })))));
    const addresses = servers.map((s) => s.address);
    const rec = new CallRecorder();
    const api: RecordedClient[] = [];
    for (const clientId of [1, 2, 3]) {
      const ws = await WormSpace.connect({ servers: addresses, segmentSize: SIZE, clientId, retry: { firstTimeoutMs: 100, maxTimeoutMs: 1000 }, maxTimeouts: 8, tracer });
      clients.push(ws);
      api.push(rec.wrap(ws, clientId));
    }
    const work = wosWorkload(SIZE);
    const restart = async (i: number): Promise<void> => {
      const port = servers[i]!.port;
      await servers[i]!.close();
      servers[i] = await startServer({ host: '127.0.0.1', port, dataDir: dirs[i]!, tracer });
    };
    await Promise.all([...api.map((c, k) => work(c, k + 1)), new Promise((r) => setTimeout(r, 20)).then(() => restart(1))]);
    // A trim for sure (the random one may not come): its decision, the servers' drops, a refusal.
    await api[0]!.alloc(0, 'last');
    expect((await api[0]!.trim(0)).status).toBe('ok');
    expect((await api[1]!.read(0, 0)).status).toBe('trimmed');

    const trace = wosImplTraceOf(events, rec.calls, 2, SIZE, { source: 'tcp' }, captureOrder(events, rec.calls, 2, SIZE));
    expect(trace.events.some((e) => e.action === 'Call' && e.nc !== null)).toBe(true);
    const kinds = new Set(trace.events.filter((e) => e.action === 'Call').map((e) => e.kind as string));
    for (const k of ['alloc', 'capture', 'write', 'read']) expect(kinds).toContain(k);
    // Not a run of refusals only: data calls on an allocated segment succeeded.
    // The WOR-level steps are there: allocation checks and, when client 1's trim ran, its decision.
    for (const a of ['MetaChecked', 'TrimDecided', 'Apply']) expect(trace.events.some((e) => e.action === a), a).toBe(true);
    const ok = trace.events.filter((e) => e.action === 'Call' && e.status === 'ok').map((e) => e.kind as string);
    expect(ok).toContain('alloc');
    expect(ok.filter((k) => k !== 'alloc' && k !== 'check').length).toBeGreaterThan(3);
    const text = [trace.header, ...trace.events].map((x) => JSON.stringify(x)).join('\n') + '\n';
    const v = validateText(text, 'tcp-wosimpl.ndjson');
    expect(v.mismatch).toBeNull();
    expect(v.accepted).toBe(true);
    expect(v.matched).toBe(trace.events.length);
  }, 180_000);
});
