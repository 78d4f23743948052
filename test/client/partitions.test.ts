import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { WormSpace } from '../../src/client/wormspace.ts';
import { PartitionMap } from '../../src/client/partitions.ts';
import { tempDir } from '../server/helpers.ts';

describe('PartitionMap', () => {
  it('cuts the server list into consecutive groups and maps segments by modulo', () => {
    const map = new PartitionMap(['a', 'b', 'c', 'd', 'e', 'f'], 2);
    expect(map.groups).toEqual([['a', 'b', 'c'], ['d', 'e', 'f']]);
    expect(map.acceptorsOf(0)).toEqual(['a', 'b', 'c']);
    expect(map.acceptorsOf(7)).toEqual(['d', 'e', 'f']);
  });

  it.each([
    [['a', 'b', 'c'], 2, /cannot be cut/],
    [['a', 'b', 'c', 'd'], 1, /odd number/],
    [['a', 'a', 'b'], 1, /distinct/],
    [[], 1, /at least one/],
    [['a'], 0, /positive integer/],
  ])('refuses %j in %i partitions', (servers, partitions, why) => {
    expect(() => new PartitionMap(servers, partitions)).toThrow(why);
  });
});

describe('a client over two partitions', () => {
  let servers: RunningServer[] = [];
  let dirs: string[] = [];
  let ws: WormSpace;
  beforeAll(async () => {
    dirs = [0, 1, 2, 3, 4, 5].map(() => tempDir('part'));
    servers = await Promise.all(dirs.map((dataDir) => startServer({ host: '127.0.0.1', port: 0, dataDir })));
    ws = await WormSpace.connect({ servers: servers.map((s) => s.address), segmentSize: 16, partitions: 2 });
  });
  afterAll(async () => {
    ws.close();
    await Promise.all(servers.map((s) => s.close()));
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('stores even segments on the first three servers and odd ones on the last three', async () => {
    for (const seg of [2, 3]) {
      expect(await ws.alloc(seg, `m${seg}`)).toEqual({ status: 'ok' });
      expect(await ws.write(seg, 1, `v${seg}`)).toEqual({ status: 'ok' });
      expect(await ws.read(seg, 1)).toEqual({ status: 'ok', value: `v${seg}` });
    }
    // Give the third server of each group a moment: a call returns after a majority answered.
    await new Promise((r) => setTimeout(r, 100));
    const segmentsOn = dirs.map((dir) => {
      const db = new Database(path.join(dir, 'acceptor.db'), { readonly: true });
      const segs = db.prepare<[], { seg: number }>('SELECT DISTINCT seg FROM wor ORDER BY seg').all().map((r) => r.seg);
      db.close();
      return segs;
    });
    expect(segmentsOn).toEqual([[2], [2], [2], [3], [3], [3]]);
  });
});
