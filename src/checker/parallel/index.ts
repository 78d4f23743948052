/**
 * `--workers N` for the embedded checker: N worker threads share one seen-set (SharedArrayBuffer)
 * and search level by level in step (parallel/shared.ts), each expanding the states it found.
 * The counts of a model without violation are those of one worker (distinct states, generated
 * states, depth). When a worker finds a violation or an error, or the model has temporal
 * properties (liveness needs the whole behaviour graph in one place), the model is checked with
 * one worker instead, so that the verdict, the counts at the stop and the counterexample are
 * exactly TLC's single-worker ones; a line on the output says so. Every worker is a thread; the
 * calling thread coordinates (and stops them, see checkParallel); progress is reported at the end only.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { stopReasonOf, type CheckOptions } from '../../tla/engine.ts';
import type { CheckResult } from '../../tla/result.ts';
import { RT } from '../compile.ts';
import { loadModel, type Model } from '../model.ts';
import { SharedFpSet, abortAll, allocShared, requestStop } from './shared.ts';
import type { Links, ShardOutcome } from './shard.ts';
import type { WorkerInput, WorkerMessage } from './worker.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** parallelBlocker: why the model is not searched in parallel (or null), and the model loaded. */
function prepare(options: CheckOptions): { blocker: string | null; model: Model | null } {
  let model: Model;
  try {
    model = loadModel(options.spec, options.config);
  } catch {
    return { blocker: 'the model does not load', model: null };
  }
  if (model.temporal.length > 0) return { blocker: 'liveness is checked on the whole behaviour graph by one worker', model };
  try {
    for (const a of model.assumes) {
      RT.s = [];
      if (a.eval([]) !== true) return { blocker: 'an assumption does not hold', model };
    }
  } catch {
    return { blocker: 'an assumption cannot be evaluated', model };
  }
  return { blocker: null, model };
}

/**
 * checkParallel runs the search on `options.workers` worker threads. The calling thread only
 * coordinates: its event loop stays free, so `--timeout`, Ctrl-C and SIGTERM (options.signal)
 * stop the workers through the shared memory (requestStop); each worker ends its search within
 * 16 states (or at once at the barrier) and the result has `stopped` with the counts reached:
 * the distinct states in the shared seen-set, the states generated and left on the queues of all
 * workers, the deepest level reached. `single` checks with one worker (the fallbacks above).
 */
export async function checkParallel(options: CheckOptions, single: (o: CheckOptions) => CheckResult | Promise<CheckResult>): Promise<CheckResult> {
  const n = options.workers;
  const t0 = performance.now();
  // The fallbacks with one worker get what is left of --timeout; their seconds count from t0.
  const singleRest = async (): Promise<CheckResult> => {
    const rest = options.timeoutSeconds === undefined ? undefined : Math.max(0, options.timeoutSeconds - (performance.now() - t0) / 1000);
    const r = await single({ ...options, workers: 1, ...(rest === undefined ? {} : { timeoutSeconds: rest }) });
    return { ...r, seconds: (performance.now() - t0) / 1000 };
  };
  const { blocker, model } = prepare(options);
  if (blocker || !model) {
    options.onOutput?.(`The embedded checker runs one worker for this model (${blocker}).`);
    return singleRest();
  }
  const buffers = allocShared(n);
  const seen = new SharedFpSet(buffers);
  const print = options.onOutput ?? ((line: string) => process.stdout.write(line + '\n'));
  // One channel per ordered pair of workers: states found by i that belong to j.
  const channels = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? null : new MessageChannel())));
  const linksOf = (i: number): Links => ({
    send: channels[i].map((c) => (c ? c.port1 : null)),
    recv: channels.flatMap((row, from) => (row[i] ? [{ from, port: row[i]!.port2 }] : [])),
  });
  const workers = Array.from({ length: n }, (_, i) => {
    const links = linksOf(i);
    const input: WorkerInput = { spec: options.spec, config: options.config, buffers, index: i, workers: n, links };
    return new Promise<ShardOutcome>((resolve) => {
      const ports = [...links.send.filter((p): p is MessagePort => p !== null), ...links.recv.map((r) => r.port)];
      const w = new Worker(ENTRY, { workerData: input, transferList: ports });
      let last: ShardOutcome = { kind: 'failed', message: 'a worker stopped without an answer' };
      w.on('message', (m: WorkerMessage) => {
        if (m.kind === 'output') print(m.line);
        else last = m;
      });
      w.on('error', (e) => {
        abortAll(buffers);
        last = { kind: 'failed', message: e.message };
      });
      w.on('exit', () => resolve(last));
    });
  });
  const timer = options.timeoutSeconds === undefined
    ? undefined
    : setTimeout(() => requestStop(buffers, 'timeout'), Math.max(0, options.timeoutSeconds * 1000 - (performance.now() - t0)));
  const signal = options.signal;
  const onAbort = () => requestStop(buffers, stopReasonOf(signal!));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  let results: ShardOutcome[];
  try {
    results = await Promise.all(workers);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  const done = results.filter((r): r is Extract<ShardOutcome, { kind: 'done' }> => r.kind === 'done');
  if (done.length === n && done.every((r) => r.verdict === 'ok')) {
    // Stopped: some worker ended its search early (a stop that came after every worker had
    // finished changes nothing).
    const stopped = done.find((r) => r.stopped)?.stopped;
    const result: CheckResult = {
      engine: 'embedded',
      verdict: 'ok',
      violated: null,
      distinct: seen.size,
      generated: done.reduce((a, r) => a + r.generated, 0),
      depth: Math.max(...done.map((r) => r.depth)),
      trace: [],
      seconds: (performance.now() - t0) / 1000,
      ...(stopped ? { stopped, queue: done.reduce((a, r) => a + r.queue, 0) } : {}),
    };
    options.onProgress?.({ generated: result.generated, distinct: result.distinct, queue: result.queue ?? 0, depth: result.depth, seconds: result.seconds });
    return result;
  }
  const why = results.find((r) => r.kind === 'failed') as { message: string } | undefined;
  options.onOutput?.(
    why
      ? `The parallel search stopped (${why.message}); checking again with one worker.`
      : `A worker found a violation or an error; checking again with one worker for TLC's exact counts and counterexample.`,
  );
  return singleRest();
}
