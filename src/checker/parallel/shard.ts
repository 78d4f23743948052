/**
 * runShard: one worker's part of a parallel search (a worker thread), over a model loaded by
 * that thread. Fingerprints depend on values only, so every
 * thread computes the same fingerprint for the same state.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { modelValueNamed, type Model } from '../model.ts';
import { search } from '../bfs.ts';
import type { Value } from '../values.ts';
import type { StopReason } from '../../tla/result.ts';
import { Decoder, encode, type Wire } from './codec.ts';
import { tlcStats } from '../stdlib.ts';
import { Aborted, SharedFpSet, abortAll, makeBarrier, stopRequested, type SharedBuffers } from './shared.ts';

export type ShardOutcome =
  | { kind: 'done'; verdict: string; generated: number; depth: number; queue: number; stopped?: StopReason }
  | { kind: 'aborted' }
  | { kind: 'failed'; message: string };

/** The ports of one worker: send[j] reaches worker j (null for itself); recv are its inboxes. */
export interface Links {
  send: (MessagePort | null)[];
  recv: { from: number; port: MessagePort }[];
}

export function runShard(model: Model, buffers: SharedBuffers, index: number, workers: number, links: Links): ShardOutcome {
  try {
    const seen = new SharedFpSet(buffers);
    const barrier = makeBarrier(buffers, workers, seen, () => tlcStats.generated);
    const decoder = new Decoder(modelValueNamed);
    const received = new Array<number>(workers).fill(0);
    const posted = new Int32Array(buffers.posted);
    const atBarrier = new Int32Array(buffers.atBarrier);
    const sizes = new Int32Array(buffers.sizes);
    /** take: exactly the batches posted to this worker before the barrier opened (ports are FIFO). */
    const take = (frontier: Value[][], ids: number[]): void => {
      const t0 = Date.now();
      for (const { from, port } of links.recv) {
        const want = Atomics.load(atBarrier, from * workers + index);
        while (received[from] < want) {
          const m = receiveMessageOnPort(port);
          if (m === undefined) {
            // A message may reach the port a moment after it was posted.
            if (Date.now() - t0 > 30_000) throw new Error('states sent by another worker did not arrive');
            Atomics.wait(atBarrier, from * workers + index, want - 1, 1);
            continue;
          }
          received[from]++;
          for (const w of m.message as Wire[][]) {
            frontier.push(w.map((x) => decoder.decode(x)));
            ids.push(-1);
          }
        }
      }
    };
    const out = search(model, {
      shard: {
        seen,
        takeInit: (i) => i % workers === index,
        // A worker explores the states it finds; the barrier evens out the queues.
        keep: () => true,
        stopRequested: () => stopRequested(buffers),
        barrier: (frontier: Value[][], ids: number[]) => {
          Atomics.store(sizes, index, frontier.length);
          const more = barrier(frontier.length);
          if (!more) return false;
          // Every worker computes the same plan from the sizes: the queues above the mean give
          // their surplus to those below it, in worker order. Small differences are left alone.
          const n = Array.from(sizes.subarray(workers, 2 * workers));
          const total = n.reduce((a, b) => a + b, 0);
          const mean = Math.ceil(total / workers);
          const max = Math.max(...n);
          if (max > mean + Math.max(64, mean >> 3)) {
            const give = n.map((x) => Math.max(0, x - mean));
            const need = n.map((x) => Math.max(0, Math.floor(total / workers) - x));
            for (let i = 0, j = 0; i < workers && j < workers; ) {
              if (give[i] === 0) { i++; continue; }
              if (need[j] === 0) { j++; continue; }
              const k = Math.min(give[i], need[j]);
              if (i === index) {
                const batch: Wire[][] = [];
                for (let q = 0; q < k; q++) {
                  batch.push(frontier.pop()!.map(encode));
                  ids.pop();
                }
                links.send[j]!.postMessage(batch);
                Atomics.add(posted, index * workers + j, 1);
              }
              give[i] -= k;
              need[j] -= k;
            }
            barrier(0, false);
            take(frontier, ids);
          }
          return true;
        },
      },
    });
    // A violation or an error: the others stop; the caller checks again with one worker.
    if (out.verdict !== 'ok') abortAll(buffers);
    return { kind: 'done', verdict: out.verdict, generated: out.generated, depth: out.depth, queue: out.queue, ...(out.stopped ? { stopped: out.stopped } : {}) };
  } catch (e) {
    abortAll(buffers);
    return e instanceof Aborted ? { kind: 'aborted' } : { kind: 'failed', message: (e as Error).message };
  }
}
