/**
 * tlcEngine runs TLC as a child process in `-tool` mode and interprets its output. TLC writes a
 * `states/` folder of its own; it goes to a temporary metadir that is removed afterwards, so a
 * run leaves nothing behind next to the spec.
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { stopReasonOf, type CheckEngine, type CheckOptions } from '../engine.ts';
import type { CheckResult, StopReason } from '../result.ts';
import { MessageSplitter } from './framing.ts';
import { EC, interpretTlcOutput, parseStats } from './interpret.ts';
import { requireTlc, type TlcSetup } from './locate.ts';

/**
 * printedLines keeps what the spec itself printed (Print, PrintT) from TLC's unframed output,
 * dropping SANY's progress chatter and its parse-error report (the result carries that).
 */
export function printedLines(unframed: string[]): string[] {
  if (unframed.some((l) => l.startsWith('***Parse Error***') || l.startsWith('Fatal errors while parsing'))) return [];
  return unframed.filter((l) => l.trim() !== '' && !/^(Parsing file |Semantic processing of module |Linting of module )/.test(l));
}

/** tlcArguments builds TLC's command line for a spec and config, as an array (no shell). */
export function tlcArguments(setup: TlcSetup, options: CheckOptions, metadir: string): string[] {
  return [
    '-XX:+UseParallelGC',
    // TLC's own timer: it stops the search, prints its counts (states left on the queue) and exits 0.
    ...(options.timeoutSeconds !== undefined ? [`-Dtlc2.TLC.stopAfter=${options.timeoutSeconds}`] : []),
    '-cp',
    setup.communityJar ? [setup.jar, setup.communityJar].join(delimiter) : setup.jar,
    'tlc2.TLC',
    '-tool',
    '-workers',
    String(options.workers),
    '-metadir',
    metadir,
    '-config',
    resolve(options.config),
    basename(options.spec),
  ];
}

export async function runTlc(setup: TlcSetup, options: CheckOptions): Promise<CheckResult> {
  const metadir = mkdtempSync(join(tmpdir(), 'wormspace-tlc-'));
  const started = performance.now();
  try {
    const child = spawn(setup.java, tlcArguments(setup, options, metadir), {
      cwd: dirname(resolve(options.spec)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const splitter = new MessageSplitter((m) => {
      if (m.code === EC.TLC_PROGRESS_STATS && options.onProgress) {
        const stats = parseStats(m.text);
        const depth = Number(/^Progress\((\d+)\)/.exec(m.text)?.[1] ?? 0);
        if (stats) options.onProgress({ ...stats, depth, seconds: (performance.now() - started) / 1000 });
      }
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      splitter.push(chunk);
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    // Ctrl-C or SIGTERM: TLC is ended, and the result keeps the counts of its last progress report.
    let killedFor: StopReason | undefined;
    const onAbort = () => {
      killedFor = stopReasonOf(options.signal!);
      child.kill('SIGTERM');
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    const exitCode = await new Promise<number>((resolveExit, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolveExit(code ?? (signal ? 128 : 1)));
    });
    // Ctrl-C in a terminal reaches the JVM too, and it may exit before this process has seen the
    // signal: a moment's wait lets the abort arrive, so the run counts as stopped, not failed.
    if (options.signal && !killedFor && exitCode >= 128) await sleep(200);
    options.signal?.removeEventListener('abort', onAbort);
    if (options.signal?.aborted && !killedFor) killedFor = stopReasonOf(options.signal);
    splitter.end();
    if (options.onOutput) for (const line of printedLines(splitter.unframed)) options.onOutput(line);
    return interpretTlcOutput({
      output,
      exitCode,
      spec: basename(options.spec),
      seconds: (performance.now() - started) / 1000,
      stderr,
      timeBound: options.timeoutSeconds !== undefined,
      killedFor,
    });
  } finally {
    rmSync(metadir, { recursive: true, force: true });
  }
}

export const tlcEngine: CheckEngine = {
  name: 'tlc',
  check(options: CheckOptions): Promise<CheckResult> {
    return runTlc(requireTlc(), options);
  },
};
