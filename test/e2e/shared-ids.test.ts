/**
 * Write-once whatever clients do, on real processes (issue 12): three `wormspace server`
 * processes on loopback; capture ids handed to several writers at once (in-process clients and
 * `wormspace write --capture ID` processes), and a register whose acceptors hold two different
 * values at one ballot. Every read of a register answers one value, the one every `ok` and
 * `alreadyWritten` answer named.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { WormSpace } from '../../src/client/wormspace.ts';
import { formatCaptureId } from '../../src/core/ballot.ts';
import { tempDir } from '../server/helpers.ts';
import { kill9, killAll, runCli, spawnServer, type ServerProcess } from './processes.ts';

const root = tempDir('e2e-shared');
const clients: WormSpace[] = [];
afterAll(() => {
  for (const c of clients) c.close();
  killAll();
  fs.rmSync(root, { recursive: true, force: true });
});

const SEG = 1;
const SEGMENT_SIZE = 1024;

async function connect(servers: string[], fast = false): Promise<WormSpace> {
  const ws = await WormSpace.connect({
    servers,
    segmentSize: SEGMENT_SIZE,
    retry: fast ? { firstTimeoutMs: 50, maxTimeoutMs: 100 } : { firstTimeoutMs: 200, maxTimeoutMs: 800 },
    maxTimeouts: fast ? 2 : 6,
    connectTimeoutMs: 500,
  });
  clients.push(ws);
  return ws;
}

describe('one capture id, several writers, real servers', () => {
  it('keeps one value per register through concurrent writers, CLI processes and a split ballot', async () => {
    const dirs = [1, 2, 3].map((i) => path.join(root, `s${i}`));
    const servers: ServerProcess[] = await Promise.all(dirs.map((d) => spawnServer(d)));
    const all = servers.map((s) => s.address);
    const admin = await connect(all);
    expect(await admin.alloc(SEG, 'shared')).toEqual({ status: 'ok' });

    // 1. Split ballots, made on purpose: with one capture id, the v1 writer reaches one server
    //    only (the others are down) and the v2 writer the two others: v2 is chosen (and
    //    acknowledged), the lone server holds v1 at the same ballot. Then the third server goes
    //    down: a read hears v1 and v2 at one ballot and must not answer v1 (it cannot know yet that
    //    v2 is the chosen one). Both orders (v1 on s1, v1 on s2), since which reply comes first
    //    decides what a naive read does. Writers read first, so they know the segment is allocated.
    const splits = [
      { off: 0, lone: 0, pair: [1, 2] },
      { off: 6, lone: 1, pair: [0, 2] },
    ];
    const restart = async (i: number) => {
      servers[i] = await spawnServer(dirs[i]!, servers[i]!.port);
    };
    for (const { off, lone, pair } of splits) {
      const cap = await admin.capture(SEG, off);
      if (cap.status !== 'ok') throw new Error(`capture: ${cap.status}`);
      // w1's write must time out (one server up): fast timeouts keep that short. w2's must answer
      // ok, so it gets the normal retry policy: with 50-100 ms timeouts it timed out under load.
      const [w1, w2] = await Promise.all([connect(all, true), connect(all)]);
      await w1.read(SEG, 100);
      await w2.read(SEG, 100);
      await Promise.all(pair.map((i) => kill9(servers[i]!)));
      expect((await w1.write(SEG, off, 'v1', cap.captureId)).status).toBe('timeout');
      await Promise.all(pair.map(restart));
      await kill9(servers[lone]!);
      // w2 lost its connections to the pair when they were killed: let it reach the restarted pair
      // (a read needs their quorum) before the write that must answer ok, so a slow restart on a
      // loaded machine cannot use up the write's own retries (CI saw it time out once).
      const answered = (r: { status: string }) => r.status === 'ok' || r.status === 'unwritten';
      for (let i = 0; i < 20 && !answered(await w2.read(SEG, 100)); i++) await new Promise((r) => setTimeout(r, 250));
      expect(await w2.write(SEG, off, 'v2', cap.captureId)).toEqual({ status: 'ok' });
      await restart(lone);
    }
    await kill9(servers[2]!);
    for (const { off } of splits) {
      for (let i = 0; i < 4; i++) {
        const r = await (await connect(all, true)).read(SEG, off);
        expect(r.status === 'ok' ? r.value : r.status).not.toBe('v1');
      }
    }
    await restart(2);
    for (const { off } of splits) {
      for (let i = 0; i < 3; i++) expect(await (await connect(all)).read(SEG, off)).toEqual({ status: 'ok', value: 'v2' });
    }
    const cap0 = await admin.capture(SEG, 7);
    if (cap0.status !== 'ok') throw new Error('capture 7');
    // The v1 writer, retrying with the whole cluster, learns the chosen value.
    const first = await connect(all);
    expect(await first.write(SEG, 7, 'x', cap0.captureId)).toEqual({ status: 'ok' });
    expect(await (await connect(all)).write(SEG, 7, 'y', cap0.captureId)).toEqual({ status: 'alreadyWritten', value: 'x' });

    // 2. Concurrent hand-over: each id goes to two in-process writers and two CLI processes.
    const offs = [1, 2, 3, 4, 5];
    const answers = new Map<number, { who: string; status: string; value?: string }[]>();
    const jobs: Promise<void>[] = [];
    const writers = await Promise.all([connect(all), connect(all)]);
    for (const off of offs) {
      const c = await admin.capture(SEG, off);
      if (c.status !== 'ok') throw new Error(`capture ${off}: ${c.status}`);
      const id = formatCaptureId(c.captureId);
      answers.set(off, []);
      const note = (who: string, status: string, value?: string): void => void answers.get(off)!.push({ who, status, ...(value !== undefined ? { value } : {}) });
      writers.forEach((w, i) =>
        jobs.push(
          w.write(SEG, off, `mem${i}-${off}`, c.captureId).then((r) => note(`mem${i}-${off}`, r.status, r.status === 'alreadyWritten' ? r.value : undefined)),
        ),
      );
      for (const p of [0, 1]) {
        const value = `cli${p}-${off}`;
        jobs.push(
          runCli(['write', String(SEG), String(off), value, '--capture', id, '--json', '--servers', all.join(',')]).then((res) => {
            const out = JSON.parse(res.stdout.trim().split('\n').pop()!) as { status: string; value?: string };
            note(value, out.status, out.status === 'alreadyWritten' ? out.value : undefined);
          }),
        );
      }
    }
    await Promise.all(jobs);
    const readers = await Promise.all([connect(all), connect(all), connect(all)]);
    for (const off of offs) {
      const reads = [];
      for (const r of readers) reads.push(await r.read(SEG, off), await r.read(SEG, off));
      const first = reads[0]!;
      expect(first.status).toBe('ok');
      const value = first.status === 'ok' ? first.value : '';
      for (const r of reads) expect(r).toEqual({ status: 'ok', value });
      const mine = answers.get(off)!;
      expect(mine.length).toBe(4);
      // Every ok is the chosen value's own writer; every alreadyWritten names the chosen value.
      for (const a of mine) {
        if (a.status === 'ok') expect(a.who).toBe(value);
        if (a.status === 'alreadyWritten') expect(a.value).toBe(value);
      }
      expect(mine.filter((a) => a.status === 'ok').length).toBeLessThanOrEqual(1);
    }
  }, 90_000);

  it('a made-up capture id ([1000, 77]) cannot change a written register, from the CLI or a client', async () => {
    const dirs = [1, 2, 3].map((i) => path.join(root, `f${i}`));
    const servers: ServerProcess[] = await Promise.all(dirs.map((d) => spawnServer(d)));
    const all = servers.map((s) => s.address);
    const owner = await connect(all);
    expect(await owner.alloc(SEG, 'forged-ids')).toEqual({ status: 'ok' });
    expect(await owner.write(SEG, 0, 'v')).toEqual({ status: 'ok' });
    // The forged id from the command line: refused by every server, answered with the chosen value.
    const cli = runCli(['write', String(SEG), '0', 'forged', '--capture', formatCaptureId([1000, 77]), '--json', '--servers', all.join(',')]);
    const out = JSON.parse((await cli).stdout.trim().split('\n').pop()!) as { status: string; value?: string };
    expect(out).toEqual({ status: 'alreadyWritten', value: 'v' });
    // The same from a client, and a second made-up id just above the real one.
    const forger = await connect(all, true);
    expect(await forger.write(SEG, 0, 'forged', [1000, 77])).toEqual({ status: 'alreadyWritten', value: 'v' });
    expect(await forger.write(SEG, 0, 'forged', [2, 77])).toEqual({ status: 'alreadyWritten', value: 'v' });
    // On an unwritten register a made-up id changes nothing: the write promises nothing, the
    // register stays unwritten and an honest write then goes through.
    expect((await forger.write(SEG, 1, 'forged', [1000, 77])).status).toBe('timeout');
    // From the CLI the same refusal says what happened: every server answered and refused the id
    // (it used to read "timeout: no quorum of the segment's servers answered").
    const refused = await runCli(['write', String(SEG), '2', 'forged', '--capture', formatCaptureId([1000, 77]), '--servers', all.join(',')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^wormspace: refused: the servers answered, but a quorum refused capture id 1000\.77 .*nothing was written\n$/);
    expect(refused.stderr).not.toMatch(/no quorum/);
    expect(await (await connect(all)).read(SEG, 1)).toEqual({ status: 'unwritten' });
    expect(await owner.write(SEG, 1, 'w')).toEqual({ status: 'ok' });
    for (let i = 0; i < 3; i++) {
      const reader = await connect(all);
      expect(await reader.read(SEG, 0)).toEqual({ status: 'ok', value: 'v' });
      expect(await reader.read(SEG, 1)).toEqual({ status: 'ok', value: 'w' });
    }
  }, 90_000);
});
