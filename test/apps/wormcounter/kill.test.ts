/**
 * Kill test on loopback: three `wormspace server` processes and three WormCounter nodes in this
 * process, incrementing in a loop. Mid-load, kill -9 one server and, a little later, kill one
 * node (closed with its increment in flight) and start a fresh one in its place. Afterwards: no
 * number was answered twice, each answered number's slot holds the increment it was answered
 * to (read directly), the written slots are a prefix, and the nodes' trace is accepted by
 * tla/apps/WormCounter.tla. Bounded: a few seconds of load, one server kill, one node kill.
 * Then, on the two servers left, `wormspace app wormcounter inc` (the TCP binding's command
 * line): two invocations, each a fresh node, count on from each other's numbers.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { WormSpace } from '../../../src/client/wormspace.ts';
import { CounterClient } from '../../../src/apps/wormcounter/tcp.ts';
import type { CounterEvent, CounterLayout } from '../../../src/apps/wormcounter/node.ts';
import { checkCounterTrace, counterTrace, type TimedCounterEvent } from '../../../src/apps/wormcounter/trace.ts';
import { tempDir } from '../../server/helpers.ts';
import { kill9, killAll, runCli, spawnServer } from '../../e2e/processes.ts';

const root = tempDir('wormcounter-kill');
const clients: WormSpace[] = [];
let servers: string[] = [];
const counters: CounterClient[] = [];
afterAll(() => {
  for (const c of counters) c.close();
  for (const c of clients) c.close();
  killAll();
  fs.rmSync(root, { recursive: true, force: true });
});

const SEGMENT_SIZE = 32;
const LAYOUT: CounterLayout = { base: 500, segSize: SEGMENT_SIZE };

/** A server start that timed out under load (15 s in the shared helper) is tried once more. */
async function startServer(dir: string): Promise<Awaited<ReturnType<typeof spawnServer>>> {
  try {
    return await spawnServer(dir);
  } catch {
    return await spawnServer(`${dir}-again`);
  }
}

async function connect(servers: string[]): Promise<WormSpace> {
  const ws = await WormSpace.connect({ servers, segmentSize: SEGMENT_SIZE, retry: { firstTimeoutMs: 200, maxTimeoutMs: 800 }, maxTimeouts: 6 });
  clients.push(ws);
  return ws;
}

describe('WormCounter: kill -9 a server and a node', () => {
  it('numbers stay unique and held, slots a prefix, and the trace is accepted', async () => {
    const serverProcs = [];
    for (let i = 0; i < 3; i++) serverProcs.push(await startServer(`${root}/s${i}`));
    servers = serverProcs.map((s) => s.address);
    const events: TimedCounterEvent[] = [];
    const sink = (e: CounterEvent): void => void events.push({ ...e, at: Date.now(), seq: events.length });
    const acks: { n: number; written: string }[] = [];
    let running = true;
    const slots: (CounterClient | null)[] = [null, null, null];
    const start = async (w: number): Promise<void> => {
      const c = new CounterClient(await connect(servers), LAYOUT, sink);
      counters.push(c);
      slots[w] = c;
    };
    for (let w = 0; w < 3; w++) await start(w);
    const loops = [0, 1, 2].map(async (w) => {
      while (running) {
        const c = slots[w]!;
        try {
          const r = await c.inc();
          if (r.ok) acks.push({ n: r.value, written: r.written });
        } catch {
          // the node was killed with this increment in flight; its replacement goes on
          while (running && slots[w] === c) await new Promise((r) => setTimeout(r, 20));
        }
      }
    });
    const waitFor = async (cond: () => boolean, ms: number): Promise<void> => {
      const end = Date.now() + ms;
      while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor(() => acks.length >= 20, 20_000);
    expect(acks.length).toBeGreaterThanOrEqual(20);
    await kill9(serverProcs[0]!);
    const afterServer = acks.length;
    await waitFor(() => acks.length >= afterServer + 15, 20_000);
    // kill node 1 mid-increment and start a fresh node in its place
    slots[1]!.close();
    await start(1);
    const afterNode = acks.length;
    await waitFor(() => acks.length >= afterNode + 15, 20_000);
    running = false;
    await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 10_000))]);
    expect(acks.length).toBeGreaterThanOrEqual(afterNode + 15);

    const numbers = acks.map((a) => a.n);
    expect(new Set(numbers).size).toBe(numbers.length);
    const ws = await connect(servers);
    const top = Math.max(...numbers);
    let firstHole = -1;
    for (let k = 0; k < top; k++) {
      const r = await ws.read(LAYOUT.base + Math.floor(k / SEGMENT_SIZE), k % SEGMENT_SIZE);
      if (r.status !== 'ok') {
        if (firstHole < 0) firstHole = k;
        continue;
      }
      expect(firstHole, `slot ${k} written above a hole at ${firstHole}`).toBe(-1);
    }
    expect(firstHole).toBe(-1);
    for (const a of acks) {
      const r = await ws.read(LAYOUT.base + Math.floor((a.n - 1) / SEGMENT_SIZE), (a.n - 1) % SEGMENT_SIZE);
      expect(r.status === 'ok' ? (r as { value: string }).value : r.status, `number ${a.n}`).toBe(a.written);
    }
    const v = await checkCounterTrace(counterTrace(events, SEGMENT_SIZE));
    expect(v.accepted, v.message).toBe(true);
  }, 180_000);

  it('the command line: `wormspace app wormcounter inc` counts on across fresh nodes', async () => {
    expect(servers.length).toBe(3);
    // A counter of its own (base 900): the numbers start at 1.
    const args = ['app', 'wormcounter', 'inc', '--servers', servers.join(','), '--segment-size', String(SEGMENT_SIZE), '--base', '900', '--count', '2'];
    const first = await runCli(args);
    expect(first.stderr).toBe('');
    expect([first.code, first.stdout]).toEqual([0, '1\n2\n']);
    const second = await runCli([...args, '--json']);
    expect(second.code).toBe(0);
    expect(second.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { reply: { value: number } }).reply.value)).toEqual([3, 4]);
    const bad = await runCli(['app', 'wormcounter', 'dec', '--servers', servers.join(',')]);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/^wormspace: wormcounter has no operation "dec" \(have: inc: .*\)\n$/)]);
    // No quorum (nothing listens there): a one-line error at the deadline, not a hang.
    const none = await runCli(['app', 'wormcounter', 'inc', '--servers', '127.0.0.1:1,127.0.0.1:2,127.0.0.1:3', '--deadline', '2000']);
    expect([none.code, none.stderr]).toEqual([1, expect.stringMatching(/^wormspace: wormcounter inc: no answer within 2000 ms \(--deadline\).*\n$/)]);
    // Four CLI processes, each starting tsx: a minute or more when the machine is loaded.
  }, 240_000);
});
