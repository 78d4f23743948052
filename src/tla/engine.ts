/**
 * The interface both model-checking engines implement: the TLC runner (`src/tla/runner/`) and
 * the embedded TypeScript checker (`src/checker/`). `wormspace check` and `npm run verify` only
 * talk to this.
 */
import type { CheckResult, StopReason } from './result.ts';

export interface CheckOptions {
  /** Path of the root module, `X.tla`. */
  spec: string;
  /** Path of the model configuration, `X.cfg`. */
  config: string;
  /** Worker threads; 1 gives TLC's single-worker counts. */
  workers: number;
  /** Called every few seconds on a long run, and once at the end. */
  onProgress?: (progress: Progress) => void;
  /** Called with lines the spec prints (Print, PrintT) and other engine messages. */
  onOutput?: (line: string) => void;
  /**
   * Stop the search after this many seconds (a positive integer): the result then has
   * `stopped: 'timeout'` and the counts reached. TLC gets it as -Dtlc2.TLC.stopAfter.
   */
  timeoutSeconds?: number;
  /**
   * Aborted with a StopReason (e.g. on Ctrl-C) to stop the search early: the result then has
   * `stopped` set to that reason and the counts reached so far.
   */
  signal?: AbortSignal;
}

/** stopReasonOf reads the StopReason an AbortSignal was aborted with. */
export function stopReasonOf(signal: AbortSignal): StopReason {
  const r: unknown = signal.reason;
  return r === 'timeout' || r === 'SIGINT' || r === 'SIGTERM' ? r : 'SIGINT';
}

export interface Progress {
  /** States generated so far, duplicates included. */
  generated: number;
  distinct: number;
  /** States left on the BFS queue. */
  queue: number;
  /** Depth reached so far. */
  depth: number;
  seconds: number;
}

export interface CheckEngine {
  readonly name: 'tlc' | 'embedded';
  check(options: CheckOptions): Promise<CheckResult>;
}

/** formatProgress renders a progress report on one line, like TLC's. */
export function formatProgress(p: Progress): string {
  const rate = p.seconds > 0 ? Math.round(p.generated / p.seconds) : 0;
  return `Progress(${p.depth}): ${p.generated} states generated, ${p.distinct} distinct states found, ${p.queue} states left on queue (${rate} states/s, ${p.seconds.toFixed(1)} s)`;
}
