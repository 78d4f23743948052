/**
 * The random WOS workload the real-cluster WOS traces run (test/trace/wos-client.test.ts: API
 * level, wosimpl-client: protocol level, wos-cluster.test.ts and verify's wos layer: servers with
 * their own event logs): client k makes `calls` calls (default 14) over two segments of `size`
 * registers: allocs, captures whose ids go to a shared pool and are written once by whoever draws
 * them (hand-over), writes, ranges, checks, reads and (client 1, from its 10th call on) trims.
 * Each client runs one call at a time; `before(i)`, if given, is awaited before each client's call i.
 */
import type { Ballot } from '../core/ballot.ts';
import { Prng } from '../sim/prng.ts';
import type { RecordedClient } from './wos-client.ts';

export function wosWorkload(size: number, calls = 14, opts: { before?: (i: number) => Promise<void> } = {}): (c: RecordedClient, k: number) => Promise<void> {
  const pool: { seg: number; start: number; end: number; id: Ballot }[] = [];
  return async (c, k) => {
    const p = new Prng(100 + k);
    for (let i = 0; i < calls; i++) {
      if (opts.before) await opts.before(i);
      const seg = p.int(2);
      const off = p.int(size);
      const v = `v${k}.${i}`;
      const r = p.int(10);
      if (i === 0 || r === 0) await c.alloc(seg, `m${k}.${i}`);
      else if (r === 1) {
        const cap = await c.captureSegment(seg, 0, size);
        if (cap.status === 'ok') pool.push({ seg, start: 0, end: size, id: cap.captureId });
      } else if (r === 2) {
        const cap = await c.capture(seg, off);
        if (cap.status === 'ok') pool.push({ seg, start: off, end: off + 1, id: cap.captureId });
      } else if (r === 3 && pool.length > 0) {
        // a capture id handed over: written by whoever draws it, once
        const h = pool.splice(p.int(pool.length), 1)[0]!;
        if (h.end - h.start > 1) await c.writeSegment(h.seg, h.start, h.end, v, h.id);
        else await c.write(h.seg, h.start, v, h.id);
      } else if (r === 4) await c.writeSegment(seg, 0, size, v);
      else if (r === 5 || r === 3) await c.write(seg, off, v);
      else if (r === 6) await c.check(seg);
      else if (r === 7 && k === 1 && i > 9) await c.trim(seg);
      else await c.read(seg, off);
    }
  };
}
