import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { encodeFrame } from '../../src/transport/frame.ts';
import type { Request } from '../../src/core/messages.ts';
import { ask, connection, helloFrame, rawExchange, tempDir } from './helpers.ts';

const running: RunningServer[] = [];
const dirs: string[] = [];
const conns: ReturnType<typeof connection>[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) c.close();
  for (const s of running.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function server(dataDir: string, opts: { authToken?: string; port?: number } = {}): Promise<RunningServer> {
  const s = await startServer({ host: '127.0.0.1', port: opts.port ?? 0, dataDir, authToken: opts.authToken });
  running.push(s);
  return s;
}
function client(port: number, token?: string) {
  const c = connection(port, token);
  conns.push(c);
  return c;
}
function dump(dataDir: string): unknown[] {
  const db = new Database(path.join(dataDir, 'acceptor.db'), { readonly: true });
  const rows = [...db.prepare('SELECT * FROM wor ORDER BY seg, off').all(), ...db.prepare('SELECT * FROM segment ORDER BY seg').all()];
  db.close();
  return rows;
}

describe('wormspace server', () => {
  it('answers the acceptor protocol and recovers its state after a restart', async () => {
    const dir = tempDir('server');
    dirs.push(dir);
    let s = await server(dir);
    let c = client(s.port);
    expect(await ask(c, { type: 'Prepare', rid: 1, seg: 4, off: 2, ballot: [3, 7] })).toMatchObject({ type: 'Promise', acceptedBallot: null });
    expect(await ask(c, { type: 'Accept', rid: 2, seg: 4, off: 2, ballot: [3, 7], value: 'kept' })).toMatchObject({ type: 'Accepted' });
    // A segment is trimmed only where its trim register (offset -2) holds a value.
    expect(await ask(c, { type: 'Accept', rid: 7, seg: 9, off: -2, ballot: [0, 0], value: 'trim' })).toMatchObject({ type: 'Accepted' });
    expect(await ask(c, { type: 'TrimSegment', rid: 3, seg: 9 })).toEqual({ type: 'Trimmed', rid: 3, seg: 9 });
    const port = s.port;
    await s.close();
    running.splice(0);
    s = await server(dir, { port });
    c = client(s.port);
    expect(await ask(c, { type: 'ReadQuery', rid: 4, seg: 4, off: 2 })).toEqual({
      type: 'ReadReply', rid: 4, seg: 4, off: 2, promised: [3, 7], acceptedBallot: [3, 7], acceptedValue: 'kept',
    });
    expect(await ask(c, { type: 'Prepare', rid: 5, seg: 4, off: 2, ballot: [2, 1] })).toMatchObject({ type: 'Nack', promised: [3, 7] });
    expect(await ask(c, { type: 'ReadQuery', rid: 6, seg: 9, off: 0 })).toEqual({ type: 'Trimmed', rid: 6, seg: 9 });
  });

  it('shares one commit among requests that arrive together on many connections', async () => {
    const dir = tempDir('group');
    dirs.push(dir);
    const s = await server(dir);
    const many = Array.from({ length: 40 }, () => client(s.port));
    await Promise.all(many.map((c) => c.open(2000)));
    const before = { ...s.commitStats };
    const replies = await Promise.all(many.map((c, i) => ask(c, { type: 'Accept', rid: i, seg: 3, off: i, ballot: [0, 0], value: `v${i}` })));
    expect(replies.every((r) => r.type === 'Accepted')).toBe(true);
    const batches = s.commitStats.batches - before.batches;
    expect(s.commitStats.items - before.items).toBe(40);
    // One commit per request would be 40 batches; together they share a handful.
    expect(batches).toBeLessThan(20);
    expect(s.commitStats.largestBatch).toBeGreaterThan(2);
  });

  it('refuses a second server on the same data folder', async () => {
    const dir = tempDir('lock');
    dirs.push(dir);
    await server(dir);
    await expect(server(dir)).rejects.toThrow(/in use by/);
  });

  it('refuses clients without the auth token at connect and serves those with it', async () => {
    const dir = tempDir('auth');
    dirs.push(dir);
    const s = await server(dir, { authToken: 'open sesame' });
    const refused = await client(s.port).request({ type: 'ReadQuery', rid: 1, seg: 0, off: 0 }, 2000);
    expect(refused).toMatchObject({ ok: false, reason: 'refused', code: 'unauthorized' });
    const raw = await rawExchange(s.port, Buffer.concat([helloFrame('guess'), encodeFrame({ type: 'req', id: 1, body: { type: 'Accept', rid: 1, seg: 0, off: 0, ballot: [0, 0], value: 'x' } })]));
    expect(raw).toEqual({ frames: [expect.objectContaining({ type: 'error', code: 'unauthorized' })], closed: true });
    expect(dump(dir)).toEqual([]);
    expect(await ask(client(s.port, 'open sesame'), { type: 'ReadQuery', rid: 2, seg: 0, off: 0 })).toMatchObject({ type: 'ReadReply', acceptedValue: null });
  });

  it('survives a fuzz of bad frames with its state unchanged while serving another client', async () => {
    const dir = tempDir('fuzz');
    dirs.push(dir);
    const s = await server(dir);
    const good = client(s.port);
    await ask(good, { type: 'Accept', rid: 1, seg: 1, off: 1, ballot: [0, 0], value: 'before' });
    const before = dump(dir);

    const valid: Request[] = [
      { type: 'Prepare', rid: 1, seg: 1, off: 1, ballot: [9, 9] },
      { type: 'Accept', rid: 1, seg: 1, off: 1, ballot: [9, 9], value: 'evil' },
      { type: 'PrepareRange', rid: 1, seg: 1, start: 0, end: 8, ballot: [9, 9] },
      { type: 'AcceptRange', rid: 1, seg: 1, start: 0, end: 8, ballot: [9, 9], value: 'evil' },
      { type: 'TrimSegment', rid: 1, seg: 1 },
    ];
    // Values of the wrong type (or out of range) for the numeric and ballot fields; see below for `value`.
    const wrong = fc.constantFrom<unknown>('7', true, null, {}, [], [1], [1, 'x'], 1.5, -3, 2 ** 60, Buffer.from([1]));
    const mutated = fc
      .tuple(fc.constantFrom(...valid), fc.nat(), wrong, fc.constantFrom('replace', 'delete', 'extra', 'kind'))
      .map(([req, i, bad, how]) => {
        const body: Record<string, unknown> = { ...req };
        const keys = Object.keys(body).filter((k) => k !== 'type');
        const key = keys[i % keys.length]!;
        // A string is a well-typed value (register contents are strings): use a number there.
        if (how === 'replace') body[key] = key === 'value' && typeof bad === 'string' ? 7 : bad;
        else if (how === 'delete') delete body[key];
        else if (how === 'extra') body.extra = bad;
        else body.type = 'Steal';
        return Buffer.concat([helloFrame(), encodeFrame({ type: 'req', id: 1, body })]);
      });
    const garbage = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.concat([helloFrame(), Buffer.from(b)]));
    const badEnvelope = fc.constantFrom(
      encodeFrame({ type: 'req', id: 1, body: valid[1] }), // before hello
      Buffer.concat([helloFrame(), encodeFrame({ type: 'req', id: -1, body: valid[1] })]),
      Buffer.concat([helloFrame(), encodeFrame({ type: 'res', id: 1, body: valid[1] })]),
      Buffer.concat([helloFrame(), Buffer.from([0xff, 0xff, 0xff, 0xff])]), // oversized
      Buffer.concat([helloFrame(), encodeFrame(valid[1]).subarray(0, 9)]), // truncated
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, garbage, badEnvelope), async (bytes) => {
        const [raw, served] = await Promise.all([
          rawExchange(s.port, bytes),
          ask(good, { type: 'ReadQuery', rid: 2, seg: 1, off: 1 }),
        ]);
        expect(raw.closed).toBe(true);
        expect(raw.frames.at(-1)).toMatchObject({ type: 'error' });
        expect(served).toMatchObject({ type: 'ReadReply', acceptedValue: 'before' });
      }),
      { numRuns: 150 },
    );
    expect(dump(dir)).toEqual(before);
    expect(s.commitStats.items).toBeGreaterThan(0);
  });
});
