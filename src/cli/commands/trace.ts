/**
 * `wormspace trace record` runs one seeded simulation and writes the trace of one register;
 * `wormspace trace check FILE` validates a trace against the spec its header names (WORPaxos:
 * tla/wor/TraceWORPaxos.tla; see src/trace/registry.ts)
 * and says "accepted: N events" (exit 0) or "rejected at event K (line L): ..." (exit 1).
 * Bad input (an unreadable file, corrupt NDJSON, an unknown action, a missing field) is a
 * one-line error naming the line, and nothing is written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { META_OFFSET } from '../../core/address.ts';
import type { ServerBug } from '../../sim/server.ts';
import { fileError, UserError } from '../errors.ts';
import { positiveInt } from '../options.ts';
import { parseEngineChoice, pickEngine } from '../../tla/engines.ts';
import { formatTrace, parseAnyTrace } from '../../trace/format.ts';
import type { EventLine } from '../../trace/spec-descriptor.ts';
import { DEFAULT_OPS, recordTrace } from '../../trace/record.ts';
import { checkTrace, describeEvent, TraceCheckError } from '../../trace/validate.ts';

function nonNegativeInt(flag: string): (text: string) => number {
  return (text: string) => {
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UserError(`${flag} must be a non-negative integer, not ${JSON.stringify(text)}`);
    return Number(text);
  };
}

const SERVER_BUGS: readonly ServerBug[] = ['acceptBelowPromise', 'promiseHidesAccepted'];

function serverBug(text: string): ServerBug {
  if (!(SERVER_BUGS as readonly string[]).includes(text)) throw new UserError(`--bug must be one of ${SERVER_BUGS.join(', ')}, not ${JSON.stringify(text)}`);
  return text as ServerBug;
}

function offset(text: string): number {
  if (text === 'meta') return META_OFFSET;
  if (!/^\d+$/.test(text)) throw new UserError(`--off must be a data offset (0, 1, ...) or "meta", not ${JSON.stringify(text)}`);
  return Number(text);
}

/** withoutLine drops the parser's line bookkeeping from an event. */
function withoutLine(e: EventLine): Omit<EventLine, 'line'> {
  const { line: _line, ...rest } = e;
  return rest;
}

export function registerTrace(program: Command): void {
  const trace = program.command('trace').description('record implementation traces and check them against the TLA+ spec (WORPaxos)');

  trace
    .command('record')
    .description('run one seeded simulation with faults and write the trace of one register as NDJSON')
    .requiredOption('--seed <n>', 'the simulation seed', nonNegativeInt('--seed'))
    .option('--out <file>', 'write the trace here (default: stdout)')
    .option('--ops <n>', 'calls per simulated client', positiveInt('--ops'), DEFAULT_OPS)
    .option('--off <offset>', 'the register of segment 0: "meta" (the metadata WOR) or a data offset', offset, META_OFFSET)
    .option('--bug <bug>', `run the servers with a deliberate bug (${SERVER_BUGS.join(', ')}): its trace should be rejected`, serverBug)
    .action((flags: { seed: number; out?: string; ops: number; off: number; bug?: ServerBug }) => {
      const rec = recordTrace({ seed: flags.seed, ops: flags.ops, off: flags.off, bug: flags.bug ?? null });
      if (rec.problems.length > 0) throw new UserError(`register (0, ${flags.off}) of seed ${flags.seed} is not traceable against WORPaxos: ${rec.problems.join('; ')}`);
      const text = formatTrace(rec.trace);
      if (flags.out) {
        try {
          writeFileSync(flags.out, text);
        } catch (err) {
          throw fileError(flags.out, err, 'write the trace');
        }
        process.stderr.write(`${rec.trace.events.length} events written to ${flags.out}\n`);
      } else {
        process.stdout.write(text);
      }
    });

  trace
    .command('check')
    .description('check an NDJSON trace against the spec its header names (e.g. tla/wor/WORPaxos.tla; exit 0 accepted, 1 rejected)')
    .argument('<file>', 'the trace (NDJSON: a header line, then one event per line)')
    .option('--engine <engine>', 'embedded | tlc | auto', 'auto')
    .option('--json', 'print the verdict as one JSON object')
    .action(async (file: string, flags: { engine: string; json?: boolean }) => {
      if (!existsSync(file)) throw new UserError(`${file}: no such file`);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw fileError(file, err, 'read the trace');
      }
      const parsed = parseAnyTrace(text, file);
      const engine = pickEngine(parseEngineChoice(flags.engine));
      let verdict;
      try {
        verdict = await checkTrace(parsed, engine);
      } catch (e) {
        if (e instanceof TraceCheckError) throw new UserError(e.message);
        throw e;
      }
      const u = verdict.firstUnmatched;
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ file, ...verdict, firstUnmatched: u && { event: u.index + 1, line: u.line, action: u.event.action, fields: withoutLine(u.event) } })}\n`);
      } else if (verdict.accepted) {
        process.stdout.write(`accepted: ${verdict.events} events (${engine.name} engine, ${verdict.seconds.toFixed(2)} s)\n`);
      } else {
        process.stdout.write(`rejected at event ${u!.index + 1} (line ${u!.line}): ${describeEvent(u!.event)}\n`);
        // The spec's state of what the event touches, just before it: why no action matches.
        if (verdict.context.length > 0) process.stdout.write(`  spec state before it:\n${verdict.context.map((c) => `    ${c}\n`).join('')}`);
      }
      if (!verdict.accepted) process.exitCode = 1;
    });
}
