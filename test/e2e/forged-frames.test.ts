/**
 * Forged frames against real `wormspace server` processes (issue 12): a TrimSegment sent to one
 * server before any trim was decided changes nothing there; a capture id at round 2^48 sent as
 * a raw Prepare (on a data register and on a segment's metadata register) is refused, and the
 * cluster keeps allocating, capturing and writing with small rounds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { WormSpace } from '../../src/client/wormspace.ts';
import { META_OFFSET } from '../../src/core/address.ts';
import { ROUND_MAX } from '../../src/core/ballot.ts';
import { ask, connection, tempDir } from '../server/helpers.ts';
import { killAll, spawnServer } from './processes.ts';

const root = tempDir('e2e-forged');
const clients: WormSpace[] = [];
afterAll(() => {
  for (const c of clients) c.close();
  killAll();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('forged frames', () => {
  it('a forged TrimSegment and a forged maximum ballot change nothing', async () => {
    // One after the other: on a loaded machine three concurrent starts can exceed spawnServer's wait.
    const servers = [];
    for (const i of [1, 2, 3]) servers.push(await spawnServer(path.join(root, `s${i}`)));
    const all = servers.map((s) => s.address);
    const ws = await WormSpace.connect({ servers: all, segmentSize: 64 });
    clients.push(ws);
    expect(await ws.alloc(1, 'kept')).toEqual({ status: 'ok' });
    expect(await ws.write(1, 0, 'hello')).toEqual({ status: 'ok' });

    // One TrimSegment frame to one server: refused, the segment is intact everywhere.
    const raw = connection(servers[0]!.port);
    expect(await ask(raw, { type: 'TrimSegment', rid: 1, seg: 1 })).toMatchObject({ type: 'Invalid', rid: 1 });
    expect(await ask(raw, { type: 'ReadQuery', rid: 2, seg: 1, off: 0 })).toMatchObject({ type: 'ReadReply', acceptedValue: 'hello' });
    const fresh = await WormSpace.connect({ servers: all, segmentSize: 64 });
    clients.push(fresh);
    expect(await fresh.read(1, 0)).toEqual({ status: 'ok', value: 'hello' });
    expect(await fresh.check(1)).toEqual({ status: 'ok', value: 'kept' });

    // A forged capture id at round 2^48, on a data register and on segment 2's metadata register,
    // sent to every server: refused, nothing stored.
    for (const s of servers) {
      const c = connection(s.port);
      expect(await ask(c, { type: 'Prepare', rid: 3, seg: 1, off: 5, ballot: [ROUND_MAX, 4242] })).toMatchObject({ type: 'Invalid' });
      expect(await ask(c, { type: 'Prepare', rid: 4, seg: 2, off: META_OFFSET, ballot: [ROUND_MAX, 4242] })).toMatchObject({ type: 'Invalid' });
      expect(await ask(c, { type: 'ReadQuery', rid: 5, seg: 1, off: 5 })).toMatchObject({ type: 'ReadReply', promised: null });
      c.close();
    }
    raw.close();
    // The register and the segment stay usable, with small rounds.
    const cap = await ws.capture(1, 5);
    expect(cap).toMatchObject({ status: 'ok' });
    if (cap.status === 'ok') expect(cap.captureId[0]).toBeLessThan(100);
    expect(await ws.alloc(2, 'second')).toEqual({ status: 'ok' });
    // And a real trim still trims.
    expect(await ws.trim(1)).toEqual({ status: 'ok' });
    expect(await fresh.read(1, 0)).toEqual({ status: 'trimmed' });
  }, 60_000);

  it('an Accept at a ballot sniffed from a reply is refused by every server; the capture id\'s holder writes', async () => {
    const servers = [];
    for (const i of [1, 2, 3]) servers.push(await spawnServer(path.join(root, `k${i}`)));
    const all = servers.map((s) => s.address);
    const ws = await WormSpace.connect({ servers: all, segmentSize: 64 });
    clients.push(ws);
    expect(await ws.alloc(1, 'meta')).toEqual({ status: 'ok' });
    const cap = await ws.capture(1, 7);
    if (cap.status !== 'ok') throw new Error(`capture: ${cap.status}`);
    const raws = servers.map((s) => connection(s.port));
    try {
      // The sniffer reads the promise, and forges Accepts at it: no proof, and a proof of another register's value.
      const seen = await Promise.all(raws.map((c) => ask(c, { type: 'ReadQuery', rid: 1, seg: 1, off: 7 })));
      const sniffed = seen[0]!.type === 'ReadReply' ? seen[0]!.promised : null;
      expect(sniffed).toEqual([cap.captureId[0], cap.captureId[1]]);
      for (const c of raws) expect(await ask(c, { type: 'Accept', rid: 2, seg: 1, off: 7, ballot: sniffed!, value: 'forged' })).toMatchObject({ type: 'Nack' });
      // Through the client library, the bare ballot goes out unsigned: refused by every server, nothing written.
      expect((await ws.write(1, 7, 'forged', sniffed!)).status).toBe('timeout');
      expect(await ws.write(1, 7, 'honest', cap.captureId)).toEqual({ status: 'ok' });
      // The accepted value's proof, returned by ReadQuery, signs 'honest' only: a copy with another value is refused, a verbatim replay changes nothing.
      const after = await ask(raws[0]!, { type: 'ReadQuery', rid: 3, seg: 1, off: 7 });
      if (after.type !== 'ReadReply' || !after.acceptedProof) throw new Error('no proof returned');
      for (const c of raws) {
        expect(await ask(c, { type: 'Accept', rid: 4, seg: 1, off: 7, ballot: sniffed!, value: 'forged', proof: after.acceptedProof })).toMatchObject({ type: 'Nack' });
        expect(await ask(c, { type: 'Accept', rid: 5, seg: 1, off: 7, ballot: sniffed!, value: 'honest', proof: after.acceptedProof })).toMatchObject({ type: 'Accepted' });
      }
      const reader = await WormSpace.connect({ servers: all, segmentSize: 64 });
      clients.push(reader);
      expect(await reader.read(1, 7)).toEqual({ status: 'ok', value: 'honest' });
    } finally {
      for (const c of raws) c.close();
    }
  }, 60_000);
});
