/**
 * A worker thread of a parallel search: it loads the model itself (its own values, interning and
 * compiled closures: nothing is shared with the other threads but the seen-set and the barrier)
 * and runs its shard (shard.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadModel } from '../model.ts';
import { setPrintSink } from '../stdlib.ts';
import { abortAll, type SharedBuffers } from './shared.ts';
import { runShard, type Links, type ShardOutcome } from './shard.ts';

export interface WorkerInput {
  spec: string;
  config: string;
  buffers: SharedBuffers;
  index: number;
  workers: number;
  links: Links;
}

export type WorkerMessage = { kind: 'output'; line: string } | ShardOutcome;

const input = workerData as WorkerInput;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
setPrintSink((line) => post({ kind: 'output', line }));
let outcome: ShardOutcome;
try {
  outcome = runShard(loadModel(input.spec, input.config), input.buffers, input.index, input.workers, input.links);
} catch (e) {
  abortAll(input.buffers);
  outcome = { kind: 'failed', message: (e as Error).message };
}
post(outcome);
