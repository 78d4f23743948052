/**
 * Kill test on loopback: three `wormspace server` processes, a `wormspace log sequencer` process,
 * four appenders in this process. kill -9 the sequencer mid-load and start another: appends
 * resume through it (it allocates the next segment), and every acknowledged position still holds
 * its entry, read directly and through a hole-filling reader, twice. Bounded: a few seconds of
 * load, one kill.
 */
import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { WormSpace } from '../../../src/client/wormspace.ts';
import { decode, type LogLayout } from '../../../src/apps/wormlog/layout.ts';
import { LogClient } from '../../../src/apps/wormlog/tcp.ts';
import { tempDir } from '../../server/helpers.ts';
import { killAll, spawnServer, spawnTracked } from '../../e2e/processes.ts';

const root = tempDir('wormlog-kill');
const clients: WormSpace[] = [];
const logClients: LogClient[] = [];
afterAll(() => {
  for (const c of logClients) c.close();
  for (const c of clients) c.close();
  killAll();
  fs.rmSync(root, { recursive: true, force: true });
});

const SEGMENT_SIZE = 64;
const LAYOUT: LogLayout = { base: 1000, segSize: SEGMENT_SIZE };

async function connect(servers: string[]): Promise<WormSpace> {
  const ws = await WormSpace.connect({ servers, segmentSize: SEGMENT_SIZE, retry: { firstTimeoutMs: 200, maxTimeoutMs: 800 }, maxTimeouts: 6 });
  clients.push(ws);
  return ws;
}

/** startSequencer spawns `wormspace log sequencer` and resolves once it owns a segment. */
function startSequencer(servers: string[]): Promise<{ child: ChildProcess; segment: number; exited: Promise<void> }> {
  const child = spawnTracked(['log', 'sequencer', '--listen', '127.0.0.1:0', '--servers', servers.join(','), '--segment-size', String(SEGMENT_SIZE)]);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`sequencer did not take a segment within 20 s: ${out} ${err}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /sequencer owns segment (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, segment: Number(m[1]), exited });
      }
    });
  });
}

interface Ack {
  pos: number;
  value: string;
  at: number;
}

describe('WormLog: kill -9 the sequencer', () => {
  it('appends resume through a new sequencer and no acknowledged position changes', async () => {
    const servers: string[] = [];
    for (let i = 0; i < 3; i++) servers.push((await spawnServer(`${root}/s${i}`)).address);
    const first = await startSequencer(servers);
    expect(first.segment).toBe(LAYOUT.base);

    const acks: Ack[] = [];
    let running = true;
    const loops = Array.from({ length: 4 }, async (_, w) => {
      const lc = LogClient.appender(await connect(servers), LAYOUT, null);
      logClients.push(lc);
      for (let i = 0; running; i++) {
        const value = `w${w}-${i}`;
        const r = await lc.request({ op: 'append', value });
        if (r.op === 'append' && r.ok) acks.push({ pos: r.pos, value, at: Date.now() });
      }
    });
    const waitFor = async (cond: () => boolean, ms: number): Promise<void> => {
      const end = Date.now() + ms;
      while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor(() => acks.length >= 40, 15_000);
    expect(acks.length).toBeGreaterThanOrEqual(40);

    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    const before = acks.length;
    const second = await startSequencer(servers);
    expect(second.segment).toBeGreaterThan(first.segment);
    await waitFor(() => acks.filter((a) => a.at > killedAt).length >= 40, 20_000);
    running = false;
    await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 10_000))]);
    const after = acks.filter((a) => a.at > killedAt);
    expect(after.length).toBeGreaterThanOrEqual(40);
    expect(acks.length).toBeGreaterThan(before);
    // Appends after the kill went to the new sequencer's segments.
    expect(Math.min(...after.map((a) => Math.floor(a.pos / SEGMENT_SIZE) + LAYOUT.base))).toBeGreaterThanOrEqual(second.segment);

    // No position acknowledged twice; each holds its entry, read directly and through a reader.
    const positions = acks.map((a) => a.pos);
    expect(new Set(positions).size).toBe(positions.length);
    const ws = await connect(servers);
    const reader = LogClient.reader(ws, LAYOUT, null, false);
    logClients.push(reader);
    for (const round of [1, 2]) {
      for (const a of acks) {
        const seg = LAYOUT.base + Math.floor(a.pos / SEGMENT_SIZE);
        const off = a.pos % SEGMENT_SIZE;
        const r = await ws.read(seg, off);
        expect(r.status, `round ${round} position ${a.pos}`).toBe('ok');
        const d = decode((r as { value: string }).value);
        expect(d.kind === 'entry' ? d.value : d.kind, `round ${round} position ${a.pos}`).toBe(a.value);
        if (round === 2) {
          const rr = await reader.request({ op: 'read', pos: a.pos });
          expect(rr.op === 'read' && rr.status === 'ok' ? rr.value : rr, `reader at ${a.pos}`).toBe(a.value);
        }
      }
    }
    second.child.kill('SIGKILL');
    await second.exited;
  }, 90_000);
});
