/**
 * The listener's bookkeeping of unseen offsets, against a fake reader: memory in proportion to the
 * writes found (not to the segment), every write reported once, rotation through the whole segment.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Listener, type WriteNotification } from '../../src/client/listen.ts';
import type { ReadResult } from '../../src/core/messages.ts';

function fakeReader(segmentSize: number, written: Map<number, string>, reads: number[] = []) {
  return {
    segmentSize,
    read: async (_seg: number, off: number): Promise<ReadResult> => {
      reads.push(off);
      const v = written.get(off);
      return v === undefined ? { status: 'unwritten' } : { status: 'ok', value: v };
    },
  };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
}

describe('listen', () => {
  it('does not allocate in proportion to the segment size', async () => {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const written = new Map([[5, 'early']]);
    const seen: WriteNotification[] = [];
    // 30 million registers: an array of the unseen offsets takes hundreds of MB.
    const listener = new Listener(fakeReader(30_000_000, written), 0, (n) => seen.push(n), { intervalMs: 1, batch: 8 }, () => {});
    const grown = process.memoryUsage().heapUsed - before;
    expect(grown).toBeLessThan(16 * 1024 * 1024);
    listener.start();
    await until(() => seen.length > 0);
    listener.close();
    expect(seen).toEqual([{ off: 5, value: 'early' }]);
  });

  it('reports every write of a segment once and reads every unseen offset in each rotation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.uniqueArray(fc.nat(39)),
        async (size, batch, offs) => {
          const written = new Map(offs.filter((o) => o < size).map((o) => [o, `v${o}`]));
          const reads: number[] = [];
          const seen: WriteNotification[] = [];
          let closed = false;
          const listener = new Listener(fakeReader(size, written, reads), 0, (n) => seen.push(n), { intervalMs: 1, batch }, () => (closed = true));
          listener.start();
          await until(() => closed || (seen.length === written.size && reads.length >= 2 * size));
          listener.close();
          expect(closed).toBe(true);
          expect(new Map(seen.map((n) => ['off' in n ? n.off : -1, 'value' in n ? n.value : '']))).toEqual(written);
          expect(seen).toHaveLength(written.size);
          // The first rotation reads each offset once, in order.
          expect(reads.slice(0, size)).toEqual(Array.from({ length: size }, (_, i) => i));
          // After that, only unseen offsets are read.
          for (const off of reads.slice(size + batch)) expect(written.has(off)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });
});
