/**
 * A range request whose reply could not fit in one frame is refused from the sizes of the stored
 * rows, before it is stepped: the state does not change and the reply is never built. (A
 * PrepareRange over 65,536 registers of 1 MiB values used to take a server to 2.6 GB and more than
 * a minute before the reply failed to encode.)
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { ask, connection, tempDir } from './helpers.ts';

const running: RunningServer[] = [];
const dirs: string[] = [];
const conns: ReturnType<typeof connection>[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) c.close();
  for (const s of running.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('range requests with replies too big for a frame', () => {
  it('are refused before stepping, change nothing, and the server keeps serving', async () => {
    const dir = tempDir('range');
    dirs.push(dir);
    const s = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir });
    running.push(s);
    const c = connection(s.port);
    conns.push(c);
    const value = 'x'.repeat(1024 * 1024 - 64);
    // 8 registers of 1 MiB: any reply listing them is 8 MiB, twice the frame limit.
    expect(await ask(c, { type: 'AcceptRange', rid: 1, seg: 2, start: 0, end: 8, ballot: [0, 0], value })).toMatchObject({ type: 'AcceptedRange', refused: [] });
    // One register of its own row, too, so both kinds of rows are counted.
    expect(await ask(c, { type: 'Accept', rid: 2, seg: 2, off: 9, ballot: [0, 0], value })).toMatchObject({ type: 'Accepted' });

    for (const request of [
      { type: 'PrepareRange', rid: 3, seg: 2, start: 0, end: 16, ballot: [5, 5] },
      // Accepting at <<0,0>> again: every register refuses (another value at that ballot) and would be listed.
      { type: 'AcceptRange', rid: 4, seg: 2, start: 0, end: 16, ballot: [0, 0], value: 'other' },
    ] as const) {
      const outcome = await c.request(request, 5000);
      expect(outcome).toMatchObject({ ok: false, reason: 'refused', code: 'oversized' });
      expect(outcome.ok ? '' : outcome.message).toMatch(new RegExp(`${request.type} of \\[0, 16\\) in segment 2 could answer with up to \\d+ bytes of values, more than one frame \\(4194304\\); ask for a shorter range$`));
    }
    // Nothing was stepped: no promise of <<5,5>> anywhere.
    for (const off of [0, 7, 9]) {
      expect(await ask(c, { type: 'ReadQuery', rid: 10 + off, seg: 2, off })).toMatchObject({ type: 'ReadReply', promised: [0, 0], acceptedBallot: [0, 0] });
    }
    // A range whose reply fits is served as before, and an accept at the promised ballot lists no values
    // (an acceptor takes an Accept only at the ballot it promised, so the accept covers what was prepared).
    expect(await ask(c, { type: 'PrepareRange', rid: 20, seg: 2, start: 0, end: 3, ballot: [5, 5] })).toMatchObject({ type: 'PromiseRange', accepted: [{ off: 0 }, { off: 1 }, { off: 2 }] });
    expect(await ask(c, { type: 'AcceptRange', rid: 21, seg: 2, start: 0, end: 3, ballot: [5, 5], value: 'y' })).toMatchObject({ type: 'AcceptedRange', refused: [] });
  }, 30_000);
});
