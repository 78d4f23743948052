/**
 * The acceptor store's commit paths against each other, in one process, alternating so that a
 * shared machine's load drifts over both alike: AcceptorService over a SqliteAcceptorStore with
 * synchronous=FULL (the fsync inside the commit, blocking the event loop) and with deferredSync
 * (commit to the OS, fdatasync of the WAL on the thread pool while the next batch is stepped).
 * Closed loop: C writers, each submitting an Accept of a fresh register as soon as its last one
 * was answered. Replies are released after the fsync in both modes.
 *
 *   npm run bench -- storage-commit        (BENCH_STORAGE_SECONDS per point, default 3)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Reply, Request } from '../src/core/messages.ts';
import { AcceptorService } from '../src/server/acceptor-service.ts';
import { SqliteAcceptorStore } from '../src/storage/sqlite-store.ts';

export const name = 'storage-commit';

const SECONDS = Number(process.env.BENCH_STORAGE_SECONDS ?? '3');
const WRITERS = [1, 16, 64];
const ROUNDS = 2;

interface Result {
  opsPerSec: number;
  p50: number;
  perCommit: number;
}

async function measure(deferredSync: boolean, writers: number): Promise<Result> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wormspace-commit-bench-'));
  const store = new SqliteAcceptorStore(dir, { deferredSync });
  try {
    const service = new AcceptorService(store);
    const submit = (req: Request) =>
      new Promise<Reply>((resolve, reject) => service.submit(req, (r) => (r instanceof Error ? reject(r) : resolve(r as Reply))));
    let off = 0;
    const lat: number[] = [];
    const end = performance.now() + SECONDS * 1000;
    const before = { ...service.stats };
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (performance.now() < end) {
          const o = off++;
          const t = performance.now();
          await submit({ type: 'Accept', rid: o + 1, seg: 1, off: o, ballot: [1, 1], value: 'v1234567' });
          lat.push(performance.now() - t);
        }
      }),
    );
    lat.sort((a, b) => a - b);
    const batches = service.stats.batches - before.batches;
    return { opsPerSec: lat.length / SECONDS, p50: lat[Math.floor(lat.length / 2)] ?? NaN, perCommit: lat.length / Math.max(1, batches) };
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<string> {
  const rows: string[] = [];
  for (const w of WRITERS) {
    const full: Result[] = [];
    const deferred: Result[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      full.push(await measure(false, w));
      deferred.push(await measure(true, w));
    }
    const avg = (xs: Result[], k: keyof Result) => xs.reduce((a, x) => a + x[k], 0) / xs.length;
    rows.push(
      `| ${w} | ${avg(full, 'opsPerSec').toFixed(0)} | ${avg(full, 'p50').toFixed(2)} | ${avg(full, 'perCommit').toFixed(1)} | ${avg(deferred, 'opsPerSec').toFixed(0)} | ${avg(deferred, 'p50').toFixed(2)} | ${avg(deferred, 'perCommit').toFixed(1)} | ${(avg(deferred, 'opsPerSec') / avg(full, 'opsPerSec')).toFixed(2)} |`,
    );
  }
  return [
    '# Acceptor store commit: fsync in the commit vs pipelined fdatasync',
    '',
    `One AcceptorService in this process, Accepts of fresh registers in a closed loop, ${SECONDS} s per point, ${ROUNDS} rounds alternating the two modes (averages shown). Both answer only after the fsync.`,
    '',
    '| writers | FULL ops/s | p50 ms | requests per commit | deferredSync ops/s | p50 ms | requests per commit | ops/s ratio (deferred / FULL) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}
