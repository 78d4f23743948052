/**
 * `--workers N` for the embedded checker: N worker threads share one seen-set (SharedArrayBuffer)
 * and search level by level in step (parallel/shared.ts), each expanding the states it found.
 * The counts of a model without violation are those of one worker (distinct states, generated
 * states, depth). When a worker finds a violation or an error, or the model has temporal
 * properties (liveness needs the whole behaviour graph in one place), the model is checked with
 * one worker instead, so that the verdict, the counts at the stop and the counterexample are
 * exactly TLC's single-worker ones; a line on the output says so. The calling thread is worker 0
 * (its event loop waits until its search ends); progress is reported at the end only.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { CheckOptions } from '../../tla/engine.ts';
import type { CheckResult } from '../../tla/result.ts';
import { RT } from '../compile.ts';
import { loadModel, type Model } from '../model.ts';
import { setPrintSink } from '../stdlib.ts';
import { SharedFpSet, abortAll, allocShared } from './shared.ts';
import { runShard, type Links, type ShardOutcome } from './shard.ts';
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

export async function checkParallel(options: CheckOptions, single: (o: CheckOptions) => CheckResult): Promise<CheckResult> {
  const n = options.workers;
  const t0 = performance.now();
  const { blocker, model } = prepare(options);
  if (blocker || !model) {
    options.onOutput?.(`The embedded checker runs one worker for this model (${blocker}).`);
    return single({ ...options, workers: 1 });
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
  // Workers 1..n-1 are threads; this thread is worker 0 and searches with the model it loaded.
  const others = Array.from({ length: n - 1 }, (_, i) => {
    const links = linksOf(i + 1);
    const input: WorkerInput = { spec: options.spec, config: options.config, buffers, index: i + 1, workers: n, links };
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
  setPrintSink(print);
  const mainLinks = linksOf(0);
  const mine = runShard(model, buffers, 0, n, mainLinks);
  for (const p of [...mainLinks.send, ...mainLinks.recv.map((r) => r.port)]) p?.close();
  const results = [mine, ...(await Promise.all(others))];
  const done = results.filter((r): r is Extract<ShardOutcome, { kind: 'done' }> => r.kind === 'done');
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
