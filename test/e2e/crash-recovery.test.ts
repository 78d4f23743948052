/**
 * Three `wormspace server` processes on loopback. kill -9 one during writes: the cluster keeps
 * acknowledging writes; restart it. kill -9 all three during writes and restart them: every write
 * that was ever acknowledged reads back with its value.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { WormSpace } from '../../src/client/wormspace.ts';
import { tempDir } from '../server/helpers.ts';
import { kill9, killAll, spawnServer, type ServerProcess } from './processes.ts';

const root = tempDir('e2e');
const clients: WormSpace[] = [];
afterAll(() => {
  for (const c of clients) c.close();
  killAll();
  fs.rmSync(root, { recursive: true, force: true });
});

const SEG = 1;
const SEGMENT_SIZE = 100_000;

/** connect: writers use short timers (an unacknowledged write is fine); readers, whose answers are asserted, patient ones. */
async function connect(addresses: string[], patient = false): Promise<WormSpace> {
  const ws = await WormSpace.connect({
    servers: addresses,
    segmentSize: SEGMENT_SIZE,
    retry: patient ? { firstTimeoutMs: 300, maxTimeoutMs: 1500 } : { firstTimeoutMs: 100, maxTimeoutMs: 400 },
    maxTimeouts: patient ? 8 : 4,
  });
  clients.push(ws);
  return ws;
}

/**
 * Writers do capture+write (half of them) or capture then write (the other half) to fresh
 * offsets until stopped, recording each acknowledged write and when it was acknowledged.
 */
function startWriters(ws: WormSpace, count: number, firstOffset: { next: number }, acked: Map<number, { value: string; at: number }>) {
  let running = true;
  const loops = Array.from({ length: count }, async (_, w) => {
    while (running) {
      const off = firstOffset.next++;
      const value = `w${w}-${off}`;
      let ok = false;
      if (w % 2 === 0) {
        ok = (await ws.write(SEG, off, value)).status === 'ok';
      } else {
        const cap = await ws.capture(SEG, off);
        if (cap.status === 'ok') ok = (await ws.write(SEG, off, value, cap.captureId)).status === 'ok';
      }
      if (ok) acked.set(off, { value, at: Date.now() });
    }
  });
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('crash and recovery of server processes', () => {
  it('keeps serving through kill -9 of one server and loses nothing acknowledged through kill -9 of all', async () => {
    const dirs = [1, 2, 3].map((i) => path.join(root, `s${i}`));
    const servers: ServerProcess[] = await Promise.all(dirs.map((d) => spawnServer(d)));
    const addresses = servers.map((s) => s.address);
    const ws = await connect(addresses);
    const admin = await connect(addresses, true);
    expect(await admin.alloc(SEG, 'e2e')).toEqual({ status: 'ok' });

    const acked = new Map<number, { value: string; at: number }>();
    const cursor = { next: 0 };
    let stop = startWriters(ws, 8, cursor, acked);
    await sleep(400);
    const killedAt = Date.now();
    await kill9(servers[1]!);
    await sleep(600);
    const ackedWhileDown = [...acked.values()].filter((a) => a.at > killedAt + 50).length;
    expect(ackedWhileDown).toBeGreaterThan(10);
    servers[1] = await spawnServer(dirs[1]!, servers[1]!.port);
    await sleep(300);
    await stop();
    expect(acked.size).toBeGreaterThan(50);

    // Every acknowledged write reads back, through a fresh client.
    const reader = await connect(addresses, true);
    for (const [off, { value }] of acked) expect(await reader.read(SEG, off)).toEqual({ status: 'ok', value });

    // kill -9 all three in the middle of writes, then restart them on the same ports and folders.
    stop = startWriters(ws, 8, cursor, acked);
    await sleep(300);
    await Promise.all(servers.map((s) => kill9(s)));
    await stop(); // in-flight calls end with timeout: they were never acknowledged
    const before = acked.size;
    if (process.env.E2E_VERBOSE) console.log({ ackedWhileDown, before });
    for (let i = 0; i < 3; i++) servers[i] = await spawnServer(dirs[i]!, servers[i]!.port);
    const after = await connect(addresses, true);
    let checked = 0;
    for (const [off, { value }] of acked) {
      expect(await after.read(SEG, off)).toEqual({ status: 'ok', value });
      checked++;
    }
    expect(checked).toBe(before);
    // And the restarted cluster takes new writes.
    expect(await after.write(SEG, cursor.next + 1, 'after restart')).toEqual({ status: 'ok' });
  });
});
