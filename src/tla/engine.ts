/**
 * The interface both model-checking engines implement: the TLC runner (`src/tla/runner/`) and
 * the embedded TypeScript checker (`src/checker/`). `wormspace check` and `npm run verify` only
 * talk to this.
 */
import type { CheckResult } from './result.ts';

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
