/**
 * runShard: one worker's part of a parallel search (a worker thread, or the calling thread as
 * worker 0), over a model loaded by that thread. Fingerprints depend on values only, so every
 * thread computes the same fingerprint for the same state.
 */
import type { Model } from '../model.ts';
import { search } from '../bfs.ts';
import { tlcStats } from '../stdlib.ts';
import { Aborted, SharedFpSet, abortAll, makeBarrier, type SharedBuffers } from './shared.ts';

export type ShardOutcome =
  | { kind: 'done'; verdict: string; generated: number; depth: number }
  | { kind: 'aborted' }
  | { kind: 'failed'; message: string };

export function runShard(model: Model, buffers: SharedBuffers, index: number, workers: number, onLevel?: (generated: number, level: number) => void): ShardOutcome {
  try {
    const seen = new SharedFpSet(buffers);
    const barrier = makeBarrier(buffers, workers, seen, () => tlcStats.generated);
    let level = 0;
    const out = search(model, {
      shard: {
        seen,
        takeInit: (i) => i % workers === index,
        barrier: (queued) => {
          onLevel?.(tlcStats.generated, level++);
          return barrier(queued);
        },
      },
    });
    // A violation or an error: the others stop; the caller checks again with one worker.
    if (out.verdict !== 'ok') abortAll(buffers);
    return { kind: 'done', verdict: out.verdict, generated: out.generated, depth: out.depth };
  } catch (e) {
    abortAll(buffers);
    return e instanceof Aborted ? { kind: 'aborted' } : { kind: 'failed', message: (e as Error).message };
  }
}
