// The random WOS workload both real-cluster trace tests run (wos-client: API level, wosimpl-client:
// protocol level): client k makes 14 calls over two segments of `size` registers: allocs, captures
// whose ids go to a shared pool and are written once by whoever draws them (hand-over), writes,
// ranges, checks, reads and (client 1, late) trims.
import type { Ballot } from '../../src/core/ballot.ts';
import { Prng } from '../../src/sim/prng.ts';
import type { RecordedClient } from '../../src/trace/wos-client.ts';

export function wosWorkload(size: number): (c: RecordedClient, k: number) => Promise<void> {
  const pool: { seg: number; start: number; end: number; id: Ballot }[] = [];
  return async (c, k) => {
    const p = new Prng(100 + k);
    for (let i = 0; i < 14; i++) {
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
