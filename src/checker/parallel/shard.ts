/**
 * runShard: one worker's part of a parallel search (a worker thread, or the calling thread as
 * worker 0), over a model loaded by that thread. Fingerprints depend on values only, so every
 * thread computes the same fingerprint for the same state.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { modelValueNamed, type Model } from '../model.ts';
import { search } from '../bfs.ts';
import type { Value } from '../values.ts';
import { Decoder, encode, type Wire } from './codec.ts';
import { tlcStats } from '../stdlib.ts';
import { Aborted, SharedFpSet, abortAll, makeBarrier, type SharedBuffers } from './shared.ts';

export type ShardOutcome =
  | { kind: 'done'; verdict: string; generated: number; depth: number }
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
    // A new state belongs to the worker its fingerprint names: the others send it there.
    const outbox: Wire[][][] = Array.from({ length: workers }, () => []);
    let sent = 0;
    const received = new Array<number>(workers).fill(0);
    const posted = new Int32Array(buffers.posted);
    const atBarrier = new Int32Array(buffers.atBarrier);
    const out = search(model, {
      shard: {
        seen,
        takeInit: (i) => i % workers === index,
        keep: (_hi, lo, t) => {
          const owner = (lo >>> 0) % workers;
          if (owner === index) return true;
          outbox[owner].push(t.map(encode));
          sent++;
          return false;
        },
        barrier: (frontier: Value[][], ids: number[]) => {
          for (let j = 0; j < workers; j++) {
            if (outbox[j].length === 0) continue;
            links.send[j]!.postMessage(outbox[j]);
            Atomics.add(posted, index * workers + j, 1);
            outbox[j] = [];
          }
          const more = barrier(frontier.length + sent);
          sent = 0;
          // Every batch posted to this worker before the barrier is taken now, so that its states
          // are explored at their level (a message may reach the port a moment after the post).
          const t0 = Date.now();
          for (const { from, port } of links.recv) {
            // Exactly the batches posted before the barrier opened (a port is first in, first out).
            const want = Atomics.load(atBarrier, from * workers + index);
            while (received[from] < want) {
              const m = receiveMessageOnPort(port);
              if (m === undefined) {
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
          return more;
        },
      },
    });
    // A violation or an error: the others stop; the caller checks again with one worker.
    if (out.verdict !== 'ok') abortAll(buffers);
    return { kind: "done", verdict: out.verdict, generated: out.generated, depth: out.depth };
  } catch (e) {
    abortAll(buffers);
    return e instanceof Aborted ? { kind: 'aborted' } : { kind: 'failed', message: (e as Error).message };
  }
}
