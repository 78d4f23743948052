// Entry of a parallel-search worker thread: the checker is TypeScript run through tsx, so the
// thread registers tsx before it loads worker.ts (see parallel/index.ts). If that fails, the
// other workers must not wait for this one at the barrier: the abort word is set (shared.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

try {
  register();
  await import(new URL('./worker.ts', import.meta.url).href);
} catch (e) {
  const ctrl = new Int32Array(workerData.buffers.ctrl);
  Atomics.store(ctrl, 5, 1); // C_ABORT
  Atomics.notify(ctrl, 2); // C_GEN
  throw e;
}
