import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { WormSpace } from '../../src/client/wormspace.ts';
import { WormSpaceMisuseError } from '../../src/client/misuse.ts';
import { tempDir } from '../server/helpers.ts';

// Three in-process servers: the client runs exactly as against separate processes (TCP, fsync).
let servers: RunningServer[] = [];
let dirs: string[] = [];
let addresses: string[] = [];
const clients: WormSpace[] = [];

beforeAll(async () => {
  dirs = [0, 1, 2].map(() => tempDir('client'));
  servers = await Promise.all(dirs.map((dataDir) => startServer({ host: '127.0.0.1', port: 0, dataDir, authToken: 'tok' })));
  addresses = servers.map((s) => s.address);
});
afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(servers.map((s) => s.close()));
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function client(extra: Partial<Parameters<typeof WormSpace.connect>[0]> = {}): Promise<WormSpace> {
  const ws = await WormSpace.connect({ servers: addresses, segmentSize: 64, authToken: 'tok', retry: { firstTimeoutMs: 200, maxTimeoutMs: 1000 }, maxTimeouts: 8, ...extra });
  clients.push(ws);
  return ws;
}

describe('WormSpace client', () => {
  it('allocates, checks, captures, writes and reads', async () => {
    const ws = await client();
    expect(await ws.check(1)).toEqual({ status: 'notAllocated' });
    expect(await ws.read(1, 0)).toEqual({ status: 'notAllocated' });
    expect(await ws.alloc(1, 'meta-1')).toEqual({ status: 'ok' });
    expect(await ws.alloc(1, 'other')).toEqual({ status: 'alreadyWritten', value: 'meta-1' });
    expect(await ws.check(1)).toEqual({ status: 'ok', value: 'meta-1' });
    expect(await ws.read(1, 0)).toEqual({ status: 'unwritten' });
    const cap = await ws.capture(1, 0);
    expect(cap.status).toBe('ok');
    if (cap.status !== 'ok') return;
    expect(await ws.write(1, 0, 'v0', cap.captureId)).toEqual({ status: 'ok' });
    expect(await ws.read(1, 0)).toEqual({ status: 'ok', value: 'v0' });
    expect(await ws.write(1, 0, 'again')).toEqual({ status: 'alreadyWritten', value: 'v0' });
    expect(await ws.write(1, 1, 'cw')).toEqual({ status: 'ok' });
    // Capturing a written WOR reports its value, and the id it hands out cannot overwrite it.
    const late = await ws.capture(1, 0);
    expect(late).toMatchObject({ status: 'ok', written: 'v0' });
    if (late.status === 'ok') expect(await ws.write(1, 0, 'other', late.captureId)).toEqual({ status: 'alreadyWritten', value: 'v0' });
    expect(await ws.write(1, 2, 'unsafe', 0)).toEqual({ status: 'ok' });
    expect(await ws.read(1, 2)).toEqual({ status: 'ok', value: 'unsafe' });
  });

  it('lets a later capture preempt an earlier capture id, across clients', async () => {
    const a = await client();
    const b = await client();
    await a.alloc(2, 'm');
    const first = await a.capture(2, 5);
    const second = await b.capture(2, 5);
    expect(first.status).toBe('ok');
    expect(second.status).toBe('ok');
    if (first.status !== 'ok' || second.status !== 'ok') return;
    expect(await a.write(2, 5, 'late', first.captureId)).toEqual({ status: 'preempted' });
    expect(await b.write(2, 5, 'wins', second.captureId)).toEqual({ status: 'ok' });
    expect(await a.read(2, 5)).toEqual({ status: 'ok', value: 'wins' });
  });

  it('captures and writes whole ranges', async () => {
    const ws = await client();
    await ws.alloc(3, 'm');
    await ws.write(3, 10, 'pre');
    const cap = await ws.captureSegment(3, 0, 64);
    expect(cap).toMatchObject({ status: 'ok', written: [{ off: 10, value: 'pre' }] });
    if (cap.status !== 'ok') return;
    expect(await ws.writeSegment(3, 0, 64, 'bulk', cap.captureId)).toMatchObject({ status: 'ok', preempted: [10] });
    expect(await ws.read(3, 0)).toEqual({ status: 'ok', value: 'bulk' });
    expect(await ws.read(3, 63)).toEqual({ status: 'ok', value: 'bulk' });
    expect(await ws.read(3, 10)).toEqual({ status: 'ok', value: 'pre' });
    await ws.alloc(4, 'm');
    expect(await ws.writeSegment(4, 0, 8, 'x')).toEqual({ status: 'ok', written: [], preempted: [] });
    expect(await ws.read(4, 7)).toEqual({ status: 'ok', value: 'x' });
  });

  it('trims a segment, after which its WORs answer trimmed', async () => {
    const ws = await client();
    expect(await ws.trim(5)).toEqual({ status: 'notAllocated' });
    await ws.alloc(5, 'm');
    await ws.write(5, 0, 'gone');
    expect(await ws.trim(5)).toEqual({ status: 'ok' });
    expect(await ws.read(5, 0)).toEqual({ status: 'trimmed' });
    expect(await ws.alloc(5, 'again')).toEqual({ status: 'trimmed' });
    expect(await (await client()).check(5)).toEqual({ status: 'trimmed' });
  });

  it('notifies writes to a listened segment once each', async () => {
    const ws = await client();
    await ws.alloc(6, 'm');
    await ws.write(6, 40, 'early');
    const seen: unknown[] = [];
    const listener = ws.listen(6, (n) => seen.push(n), { intervalMs: 5, batch: 64 });
    await ws.write(6, 3, 'a');
    await ws.write(6, 50, 'b');
    const deadline = Date.now() + 3000;
    while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    listener.close();
    expect(seen).toHaveLength(3);
    expect(seen).toEqual(expect.arrayContaining([{ off: 40, value: 'early' }, { off: 3, value: 'a' }, { off: 50, value: 'b' }]));
  });

  it('tells a listener that its segment was trimmed, and stops it', async () => {
    const ws = await client();
    await ws.alloc(9, 'm');
    const seen: unknown[] = [];
    const listener = ws.listen(9, (n) => seen.push(n), { intervalMs: 5, batch: 8 });
    await ws.write(9, 0, 'x');
    await ws.trim(9);
    const deadline = Date.now() + 3000;
    while (listener.active && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(listener.active).toBe(false);
    expect(seen.at(-1)).toEqual({ trimmed: true });
  });

  it('checks allocation once per segment, also when traced', async () => {
    await (await client()).alloc(10, 'm');
    const events: string[] = [];
    // A long first timeout: a resend under load would add requests to the counts below.
    const ws = await client({ tracer: (e) => events.push(e.action), retry: { firstTimeoutMs: 10_000, maxTimeoutMs: 10_000 } });
    const served = async (call: () => Promise<unknown>) => {
      const before = servers.reduce((n, s) => n + s.commitStats.items, 0);
      await call();
      await new Promise((r) => setTimeout(r, 50)); // the third server's answer
      return servers.reduce((n, s) => n + s.commitStats.items, 0) - before;
    };
    expect(await served(() => ws.read(10, 0))).toBe(6); // the metadata read, then the read
    expect(await served(() => ws.read(10, 1))).toBe(3); // allocation known: the read alone
    expect(events.length).toBeGreaterThan(0);
  });

  it('throws only for misuse', async () => {
    const ws = await client();
    await expect(async () => ws.read(1, 64)).rejects.toThrow(WormSpaceMisuseError);
    await expect(async () => ws.read(-1, 0)).rejects.toThrow(/segment must be/);
    await expect(async () => ws.captureSegment(1, 5, 5)).rejects.toThrow(/range/);
    await expect(async () => ws.write(1, 0, 'x', [0, 3])).rejects.toThrow(/capture id/);
    await expect(async () => ws.write(1, 0, 'x'.repeat(1024 * 1024 + 1))).rejects.toThrow(/the limit is/);
    await expect(async () => ws.write(1, 0, 'a\uD800b')).rejects.toThrow(/lone surrogate/);
    await expect(WormSpace.connect({ servers: addresses, segmentSize: 8, authToken: 'wrong' })).rejects.toThrow(/wrong auth token/);
    await expect(WormSpace.connect({ servers: addresses.slice(0, 2), segmentSize: 8 })).rejects.toThrow(/odd number/);
    ws.close();
    await expect(async () => ws.read(1, 0)).rejects.toThrow(/closed/);
  });

  it('answers timeout, not an exception, when no quorum is reachable', async () => {
    const ws = await client({ servers: ['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3'], maxTimeouts: 2, retry: { firstTimeoutMs: 20, maxTimeoutMs: 40 } });
    expect(await ws.read(0, 0)).toEqual({ status: 'timeout' });
    expect(ws.failures(0)).toHaveLength(3);
  });
});
