/**
 * One worker thread of a parallel search: it loads the model itself (its own values, interning
 * and compiled closures: nothing is shared but the seen-set and the barrier), runs its shard of
 * the breadth-first search, and reports its counts. Fingerprints depend on values only, so every
 * thread computes the same fingerprint for the same state.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadModel } from '../model.ts';
import { search } from '../bfs.ts';
import { setPrintSink, tlcStats } from '../stdlib.ts';
import { Aborted, SharedFpSet, abortAll, makeBarrier, type SharedBuffers } from './shared.ts';

export interface WorkerInput {
  spec: string;
  config: string;
  buffers: SharedBuffers;
  index: number;
  workers: number;
}

export type WorkerMessage =
  | { kind: 'output'; line: string }
  | { kind: 'progress'; index: number; generated: number; depth: number }
  | { kind: 'done'; verdict: string; generated: number; depth: number }
  | { kind: 'aborted' }
  | { kind: 'failed'; message: string };

const input = workerData as WorkerInput;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
setPrintSink((line) => post({ kind: 'output', line }));
try {
  const model = loadModel(input.spec, input.config);
  const seen = new SharedFpSet(input.buffers);
  const barrier = makeBarrier(input.buffers, input.workers, seen, () => tlcStats.generated);
  let level = 0;
  const out = search(model, {
    shard: {
      seen,
      takeInit: (i) => i % input.workers === input.index,
      barrier: (queued) => {
        post({ kind: 'progress', index: input.index, generated: tlcStats.generated, depth: level++ });
        return barrier(queued);
      },
    },
  });
  // A violation or an error: the others stop; the caller reruns with one worker for TLC's trace.
  if (out.verdict !== 'ok') abortAll(input.buffers);
  post({ kind: 'done', verdict: out.verdict, generated: out.generated, depth: out.depth });
} catch (e) {
  abortAll(input.buffers);
  post(e instanceof Aborted ? { kind: 'aborted' } : { kind: 'failed', message: (e as Error).message });
}
