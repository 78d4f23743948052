/** `wormspace check SPEC.tla`: model-check one model with TLC or the embedded checker. */
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { positiveInt } from '../options.ts';
import { formatProgress } from '../../tla/engine.ts';
import { parseEngineChoice, pickEngine } from '../../tla/engines.ts';
import { formatTrace } from '../../tla/print.ts';
import { NOT_CHECKED_EXIT_CODE, STOPPED_EXIT_CODE, exitCodeOf, type CheckResult, type StopReason } from '../../tla/result.ts';

interface CheckFlags {
  config?: string;
  engine: string;
  workers: number;
  json?: boolean;
  allowUnchecked?: boolean;
  timeout?: number;
}

/** specAndConfig checks the paths before any engine starts, so a typo costs no JVM start. */
export function specAndConfig(spec: string, config: string | undefined): { spec: string; config: string } {
  if (!spec.endsWith('.tla')) throw new UserError(`${spec}: expected a .tla file`);
  if (!existsSync(spec)) throw new UserError(`${spec}: no such file`);
  if (!statSync(spec).isFile()) throw new UserError(`${spec}: not a file`);
  const cfg = config ?? spec.replace(/\.tla$/, '.cfg');
  if (!existsSync(cfg)) throw new UserError(`${cfg}: no such file${config ? '' : ' (the default config; pass --config)'}`);
  if (!statSync(cfg).isFile()) throw new UserError(`${cfg}: not a file`);
  return { spec, config: cfg };
}

const STOPPED_BY: Record<StopReason, string> = { timeout: '--timeout', SIGINT: 'Ctrl-C (SIGINT)', SIGTERM: 'SIGTERM' };

/** stoppedLine is the one line a stopped search prints: it proves nothing about the states not reached. */
export function stoppedLine(result: CheckResult & { stopped: StopReason }): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `NOT complete: stopped by ${STOPPED_BY[result.stopped]} after ${result.seconds.toFixed(2)} s (${result.engine} engine); ` +
    `${n(result.generated)} states generated, ${n(result.distinct)} distinct states found, ${n(result.queue ?? 0)} states left on queue, depth ${result.depth}; ` +
    (result.stoppedIn === 'liveness'
      ? `every state explored with no safety error, the temporal properties NOT checked to the end (exit ${STOPPED_EXIT_CODE[result.stopped]}).`
      : `no error in the states explored so far (exit ${STOPPED_EXIT_CODE[result.stopped]}).`)
  );
}

export function summarize(result: CheckResult): string {
  if (result.stopped && result.verdict === 'ok') return stoppedLine({ ...result, stopped: result.stopped });
  const lines: string[] = [];
  const what: Record<CheckResult['verdict'], string> = {
    ok: result.skipped && result.skipped.length > 0 ? `No error has been found in what the ${result.engine} engine checked; NOT checked: ${result.skipped.join(', ')} (TLC checks them; exit ${NOT_CHECKED_EXIT_CODE} unless --allow-unchecked).` : 'No error has been found.',
    invariant: `Invariant ${result.violated} is violated.`,
    property: `Property ${result.violated} is violated.`,
    deadlock: 'Deadlock reached.',
    assume: `Assumption ${result.violated} is false.`,
    'parse-error': `Parse error: ${result.message}`,
    error: `Error: ${result.message}`,
  };
  lines.push(`${what[result.verdict]}`);
  if (result.trace.length > 0) lines.push('The behavior up to this point is:', formatTrace(result.trace), '');
  if (result.skipped && result.skipped.length > 0 && result.verdict !== 'ok') {
    lines.push(`Not checked by the ${result.engine} engine (TLC checks them): ${result.skipped.join(', ')}`);
  }
  if (result.verdict !== 'parse-error' && result.verdict !== 'assume') {
    lines.push(`${result.generated} states generated, ${result.distinct} distinct states found, depth ${result.depth}.`);
  }
  lines.push(`Engine: ${result.engine}, ${result.seconds.toFixed(2)} s.`);
  return lines.join('\n');
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(`model-check a TLA+ model (exit codes as TLC: 0 ok, 10 assumption, 11 deadlock, 12 invariant, 13 property, 150 parse error, 1 other; ${NOT_CHECKED_EXIT_CODE} no error found but a property was not checked; ${STOPPED_EXIT_CODE.timeout} / ${STOPPED_EXIT_CODE.SIGINT} / ${STOPPED_EXIT_CODE.SIGTERM} stopped by --timeout / Ctrl-C / SIGTERM before the search was complete)`)
    .argument('<spec>', 'the root module, SPEC.tla')
    .option('--config <cfg>', 'model configuration (default: SPEC.cfg)')
    .option('--engine <engine>', 'embedded | tlc | auto (TLC when TLA2TOOLS_JAR or the cache has it)', 'auto')
    .option('--workers <n>', 'worker threads', positiveInt('--workers'), 1)
    .option('--json', 'print exactly one JSON object: {engine, verdict, violated, distinct, generated, depth, seconds, trace, stopped} (stopped: null, or timeout | SIGINT | SIGTERM with the states left in queue, and stoppedIn: liveness when the temporal properties were being checked)')
    .option('--timeout <s>', `stop after this many seconds and print the counts so far: NOT complete, exit ${STOPPED_EXIT_CODE.timeout} (Ctrl-C: ${STOPPED_EXIT_CODE.SIGINT}, SIGTERM: ${STOPPED_EXIT_CODE.SIGTERM})`, positiveInt('--timeout'))
    .option('--allow-unchecked', `exit 0 when no error is found even if the engine could not check some property (otherwise exit ${NOT_CHECKED_EXIT_CODE})`)
    .addHelpText('after', '\nExamples:\n  wormspace check tla/wor/MCWORPaxos.tla\n  wormspace check Counter.tla --config Small.cfg --engine tlc --json')
    .action(async (specArg: string, flags: CheckFlags) => {
      const choice = parseEngineChoice(flags.engine);
      const { spec, config } = specAndConfig(specArg, flags.config);
      const engine = pickEngine(choice);
      // Both engines stop part-way, with any number of workers (the parallel embedded search is
      // stopped by this thread, whose event loop stays free while worker threads search).
      const stop = new AbortController();
      const onSignal = (signal: NodeJS.Signals) => stop.abort(signal);
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let result: CheckResult;
      try {
        result = await engine.check({
          spec,
          config,
          workers: flags.workers,
          timeoutSeconds: flags.timeout,
          signal: stop.signal,
          onProgress: flags.json ? undefined : (p) => process.stderr.write(`${formatProgress(p)}\n`),
          onOutput: flags.json ? undefined : (line) => process.stderr.write(`${line}\n`),
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      if (flags.json) {
        const { engine: e, verdict, violated, distinct, generated, depth, seconds, trace } = result;
        const out: Record<string, unknown> = { engine: e, verdict, violated, distinct, generated, depth, seconds, trace, stopped: result.stopped ?? null };
        if (result.stopped) out.queue = result.queue ?? 0;
        if (result.stoppedIn) out.stoppedIn = result.stoppedIn;
        if (result.message !== undefined) out.message = result.message;
        if (result.skipped !== undefined) out.skipped = result.skipped;
        process.stdout.write(`${JSON.stringify(out)}\n`);
      } else {
        process.stdout.write(`${summarize(result)}\n`);
      }
      process.exitCode = exitCodeOf(result, flags.allowUnchecked);
    });
}
