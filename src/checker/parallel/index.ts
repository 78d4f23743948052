/**
 * `--workers N` for the embedded checker: N worker threads share one seen-set (SharedArrayBuffer)
 * and search level by level in step (parallel/shared.ts), each expanding the states it found.
 * The counts of a model without violation are those of one worker (distinct states, generated
 * states, depth). When a worker finds a violation or an error, or the model has temporal
 * properties (liveness needs the whole behaviour graph in one place), the model is checked with
 * one worker instead, so that the verdict, the counts at the stop and the counterexample are
 * exactly TLC's single-worker ones; a line on the output says so.
 */
import { Worker } from 'node:worker_threads';
import type { CheckOptions } from '../../tla/engine.ts';
import type { CheckResult } from '../../tla/result.ts';
import { loadModel } from '../model.ts';
import { RT } from '../compile.ts';
import { SharedFpSet, abortAll, allocShared } from './shared.ts';
import type { WorkerInput, WorkerMessage } from './worker.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** canRunParallel: the model loads, its assumptions hold and it has no temporal property. */
function parallelBlocker(options: CheckOptions): string | null {
  let model;
  try {
    model = loadModel(options.spec, options.config);
  } catch {
    return 'the model does not load';
  }
  if (model.temporal.length > 0) return 'liveness is checked on the whole behaviour graph by one worker';
  try {
    for (const a of model.assumes) {
      RT.s = [];
      if (a.eval([]) !== true) return 'an assumption does not hold';
    }
  } catch {
    return 'an assumption cannot be evaluated';
  }
  return null;
}

export async function checkParallel(options: CheckOptions, single: (o: CheckOptions) => CheckResult): Promise<CheckResult> {
  const n = options.workers;
  const t0 = performance.now();
  const blocker = parallelBlocker(options);
  if (blocker) {
    options.onOutput?.(`The embedded checker runs one worker for this model (${blocker}).`);
    return single({ ...options, workers: 1 });
  }
  const buffers = allocShared();
  const seen = new SharedFpSet(buffers);
  const generated = new Array<number>(n).fill(0);
  let depth = 0;
  const progress = options.onProgress
    ? setInterval(() => options.onProgress!({ generated: generated.reduce((a, b) => a + b, 0), distinct: seen.size, queue: 0, depth, seconds: (performance.now() - t0) / 1000 }), 3000)
    : null;
  const results = await Promise.all(
    Array.from({ length: n }, (_, index) => {
      const input: WorkerInput = { spec: options.spec, config: options.config, buffers, index, workers: n };
      return new Promise<WorkerMessage>((resolve) => {
        const w = new Worker(ENTRY, { workerData: input });
        let last: WorkerMessage = { kind: 'failed', message: 'the worker stopped without an answer' };
        w.on('message', (m: WorkerMessage) => {
          if (m.kind === 'output') options.onOutput ? options.onOutput(m.line) : process.stdout.write(m.line + '\n');
          else if (m.kind === 'progress') {
            generated[m.index] = m.generated;
            depth = Math.max(depth, m.depth);
          } else last = m;
        });
        w.on('error', (e) => {
          abortAll(buffers);
          last = { kind: 'failed', message: e.message };
        });
        w.on('exit', () => resolve(last));
      });
    }),
  );
  if (progress) clearInterval(progress);
  const done = results.filter((r): r is Extract<WorkerMessage, { kind: 'done' }> => r.kind === 'done');
  if (done.length === n && done.every((r) => r.verdict === 'ok')) {
    const result: CheckResult = {
      engine: 'embedded',
      verdict: 'ok',
      violated: null,
      distinct: seen.size,
      generated: done.reduce((a, r) => a + r.generated, 0),
      depth: Math.max(...done.map((r) => r.depth)),
      trace: [],
      seconds: (performance.now() - t0) / 1000,
    };
    options.onProgress?.({ generated: result.generated, distinct: result.distinct, queue: 0, depth: result.depth, seconds: result.seconds });
    return result;
  }
  const why = results.find((r) => r.kind === 'failed') as { message: string } | undefined;
  options.onOutput?.(
    why
      ? `The parallel search stopped (${why.message}); checking again with one worker.`
      : `A worker found a violation or an error; checking again with one worker for TLC's exact counts and counterexample.`,
  );
  return single({ ...options, workers: 1 });
}
