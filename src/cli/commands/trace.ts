/**
 * `wormspace trace record` runs one seeded simulation and writes the trace of one register;
 * `wormspace trace check FILE` validates a trace against the spec its header names (WORPaxos:
 * tla/wor/TraceWORPaxos.tla; see src/trace/registry.ts)
 * and says "accepted: N events" (exit 0) or "rejected at event K (line L): ..." (exit 1).
 * Bad input (an unreadable file, corrupt NDJSON, an unknown action, a missing field) is a
 * one-line error naming the line, and nothing is written.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { META_OFFSET, TRIM_OFFSET } from '../../core/address.ts';
import type { ServerBug } from '../../sim/server.ts';
import { fileError, UserError } from '../errors.ts';
import { positiveInt } from '../options.ts';
import { parseEngineChoice, pickEngine } from '../../tla/engines.ts';
import { formatTrace, parseAnyTrace } from '../../trace/format.ts';
import type { EventLine } from '../../trace/spec-descriptor.ts';
import { DEFAULT_OPS, extractRegister, recordTrace, sharedIdsTraceConfig, traceOf, trimTraceConfig } from '../../trace/record.ts';
import { recordWosTrace } from '../../trace/wos-record.ts';
import { recordWosImplTrace } from '../../trace/wosimpl-record.ts';
import { mergeLogs, readLogs } from '../../trace/merge.ts';
import { describeMove, projectOpClients } from '../../trace/op-clients.ts';
import { checkCluster, type RegisterVerdict, type WosLevelVerdict } from '../../trace/cluster-check.ts';
import { checkTrace, describeEvent, TraceCheckError, type TraceVerdict } from '../../trace/validate.ts';
import { validateFile, type Mismatch } from '../../trace/stream-validate.ts';

function nonNegativeInt(flag: string): (text: string) => number {
  return (text: string) => {
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UserError(`${flag} must be a non-negative integer, not ${JSON.stringify(text)}`);
    return Number(text);
  };
}

const SERVER_BUGS: readonly ServerBug[] = ['acceptBelowPromise', 'promiseHidesAccepted', 'writeIgnoresTrim', 'ignoreCaptureKeys'];

function serverBug(text: string): ServerBug {
  if (!(SERVER_BUGS as readonly string[]).includes(text)) throw new UserError(`--bug must be one of ${SERVER_BUGS.join(', ')}, not ${JSON.stringify(text)}`);
  return text as ServerBug;
}

function offset(text: string): number {
  if (text === 'meta') return META_OFFSET;
  if (text === 'trim') return TRIM_OFFSET;
  if (!/^\d+$/.test(text)) throw new UserError(`--off must be a data offset (0, 1, ...), "meta" or "trim", not ${JSON.stringify(text)}`);
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
    .option('--off <offset>', 'the register of segment 0: "meta" (the metadata WOR), "trim" (the trim WOR) or a data offset', offset, META_OFFSET)
    .option('--trims', 'the workload trims segment 0 while calls are under way (its acceptors that drop it are crashed for good in the trace: docs/traces.md)')
    .option('--share-ids', 'careless and hostile clients: capture ids written with by several clients, repeated unsafe writes, writes with capture ids nobody holds, and a hostile client copying ballots it reads into Accepts of its own (traced as ForgedWrite: docs/traces.md)')
    .option('--bug <bug>', `run the servers with a deliberate bug (${SERVER_BUGS.join(', ')}): its trace should be rejected`, serverBug)
    .option('--wos', 'the whole-system WOS trace instead: every call of the run (checked against tla/wos/WOS.tla)')
    .option('--wosimpl', 'the whole-system WOS trace at the WOR level: every call\'s metadata, trim and data WOR steps, each server\'s trim (checked against tla/wos/WOSImpl.tla)')
    .action((flags: { seed: number; out?: string; ops: number; off: number; bug?: ServerBug; wos?: boolean; wosimpl?: boolean; trims?: boolean; shareIds?: boolean }) => {
      if (flags.wos && flags.wosimpl) throw new UserError('--wos and --wosimpl are two traces of the run: give one');
      if (flags.trims && (flags.wos || flags.wosimpl)) throw new UserError('--trims is for one register\'s trace: the --wos and --wosimpl runs trim already');
      if (flags.shareIds && (flags.wos || flags.wosimpl)) throw new UserError('--share-ids is for one register\'s trace (the WOS traces of such runs: test/trace/wos.test.ts)');
      const careless = sharedIdsTraceConfig(flags.seed);
      const overrides = flags.shareIds
        ? { workload: { ...careless.workload, ...(flags.trims ? { trimWeight: trimTraceConfig(flags.seed).workload.trimWeight } : {}) }, hostile: careless.hostile }
        : flags.trims ? { workload: trimTraceConfig(flags.seed, flags.ops).workload } : undefined;
      const rec = flags.wosimpl
        ? { trace: recordWosImplTrace(flags.seed, flags.ops, flags.bug ?? null).trace, problems: [] as string[] }
        : flags.wos
        ? { trace: recordWosTrace(flags.seed, flags.ops, flags.bug ?? null).trace, problems: [] as string[] }
        : recordTrace({ seed: flags.seed, ops: flags.ops, off: flags.off, bug: flags.bug ?? null, overrides });
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
    .description('check an NDJSON trace against the spec its header names (e.g. tla/wor/WORPaxos.tla; exit 0 accepted, 1 rejected); given a folder of event logs (cluster --trace DIR), check every register of the run')
    .argument('<file>', 'the trace (NDJSON: a header line, then one event per line), or a folder of event logs')
    .option('--engine <engine>', 'validator (step the events, streaming) | embedded | tlc | auto (a model check of the whole log)', 'validator')
    .option('--lookahead <n>', 'validator: events the wrapper may look ahead', positiveInt('--lookahead'), 256)
    .option('--json', 'print the verdict as one JSON object')
    .option('--named-only', 'folder: skip the registers that only batch (range) steps touch')
    .option('--verbose', 'folder: one line per register, accepted ones included')
    .option('--wos', 'folder: also check the whole run at the WOS layer, as one trace against tla/wos/WOS.tla and one against WOSImpl.tla (a line per layer)')
    .option('--wos-only', 'folder: only the WOS layer (no register checks)')
    .addHelpText('after', '\nExamples:\n  wormspace trace check r.ndjson        # one register\'s trace\n  wormspace trace check logs/           # every register of a traced cluster run (exit 1 unless all accepted)\n  wormspace trace check logs/ --wos     # and the whole run against WOS and WOSImpl')
    .action(async (file: string, flags: { engine: string; json?: boolean; lookahead: number; namedOnly?: boolean; verbose?: boolean; wos?: boolean; wosOnly?: boolean }) => {
      if (!existsSync(file)) throw new UserError(`${file}: no such file`);
      if (!statSync(file).isDirectory() && (flags.wos || flags.wosOnly)) throw new UserError(`--wos${flags.wosOnly ? '-only' : ''} takes a folder of event logs; ${file} is a file (check a WOS trace file without it)`);
      if (statSync(file).isDirectory()) {
        if (flags.engine !== 'validator') throw new UserError(`a folder of event logs is checked by the validator; --engine ${flags.engine} takes one trace file (merge one with \`wormspace trace merge\`)`);
        checkClusterFolder(file, flags);
        return;
      }
      let verdict: TraceVerdict & { mismatch?: Mismatch | null; setupSeconds?: number };
      let engineName: string;
      try {
        if (flags.engine === 'validator') {
          engineName = 'validator';
          verdict = validateFile(file, file, { lookahead: flags.lookahead });
        } else {
          const engine = pickEngine(parseEngineChoice(flags.engine));
          engineName = `${engine.name} engine`;
          let text: string;
          try {
            text = readFileSync(file, 'utf8');
          } catch (err) {
            throw fileError(file, err, 'read the trace');
          }
          verdict = await checkTrace(parseAnyTrace(text, file), engine);
        }
      } catch (e) {
        if (e instanceof TraceCheckError) throw new UserError(`${file}: ${e.message}`);
        throw e;
      }
      // A trace without events checks nothing: it must not pass as accepted.
      if (verdict.events === 0) throw new UserError(`${file}: the trace has no events: nothing was checked`);
      const u = verdict.firstUnmatched;
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ file, ...verdict, firstUnmatched: u && { event: u.index + 1, line: u.line, action: u.event.action, fields: withoutLine(u.event) } })}\n`);
      } else if (verdict.accepted) {
        const stepping = verdict.seconds - (verdict.setupSeconds ?? 0);
        const rate = stepping > 0 ? `, ${Math.round(verdict.events / stepping)} events/s after ${(verdict.setupSeconds ?? 0).toFixed(2)} s of setup` : '';
        process.stdout.write(`accepted: ${verdict.events} events (${engineName}, ${verdict.seconds.toFixed(2)} s${engineName === 'validator' ? rate : ''})\n`);
      } else {
        process.stdout.write(`rejected at event ${u!.index + 1} (line ${u!.line}): ${describeEvent(u!.event)}\n`);
        const c = verdict.mismatch?.conjunct;
        if (c) {
          const parts = c.sides && c.sides.length > 0 ? ` with ${c.sides.map(([t, v]) => `${t} = ${v}`).join(', ')}` : '';
          process.stdout.write(`  no step takes it; the closest is false at ${c.location}: ${c.text}${parts}\n`);
        }
        for (const x of verdict.mismatch?.differing ?? []) process.stdout.write(`  the event says ${x.variable} = ${x.event}; the spec has ${x.spec}\n`);
        // The spec's state of what the event touches, just before it: why no action matches.
        if (verdict.context.length > 0) process.stdout.write(`  spec state before it:\n${verdict.context.map((x) => `    ${x}\n`).join('')}`);
      }
      if (!verdict.accepted) process.exitCode = 1;
    });

  trace
    .command('merge')
    .description("merge the event logs of a cluster (DIR/*.ndjson, from cluster/server --trace and client tracers) into the trace of one register; a client's concurrent calls on it are checked as virtual clients, each move listed on stderr")
    .argument('<dir>', 'the folder of event logs')
    .option('--seg <n>', 'the segment of the register', nonNegativeInt('--seg'))
    .option('--off <offset>', 'the register of the segment: "meta" (the metadata WOR) or a data offset', offset, META_OFFSET)
    .option('--out <file>', 'write the trace here (default: stdout)')
    .action((dir: string, flags: { seg?: number; off: number; out?: string }) => {
      const merged = mergeLogs(readLogs(dir));
      const seg = flags.seg ?? firstSegment(merged.events);
      if (seg === null) throw new UserError(`${dir}: the logs touch no segment; nothing to merge`);
      // A client's concurrent calls on the register go to virtual clients (src/trace/op-clients.ts),
      // and every such move is said: the trace's clients are not all the run's.
      const projected = projectOpClients(merged.events, seg, flags.off);
      const { events, problems } = extractRegister(projected.events, merged.acceptors, seg, flags.off);
      problems.unshift(...projected.problems);
      if (problems.length > 0) throw new UserError(`register (${seg}, ${flags.off}) is not traceable against WORPaxos: ${problems.join('; ')}`);
      for (const m of projected.moves) process.stderr.write(`${describeMove(m)}\n`);
      const text = formatTrace(traceOf(events, { seg, off: flags.off, acceptors: merged.acceptors }));
      if (flags.out) {
        try {
          writeFileSync(flags.out, text);
        } catch (err) {
          throw fileError(flags.out, err, 'write the trace');
        }
      } else process.stdout.write(text);
      const notes = [merged.dropped > 0 ? `${merged.dropped} dependencies no log satisfies` : '', merged.forced > 0 ? `${merged.forced} events ordered by clock alone` : ''].filter(Boolean);
      process.stderr.write(`${events.length} events of register (${seg}, ${flags.off}) from ${merged.events.length} events of ${merged.processes.length} processes${flags.out ? ` written to ${flags.out}` : ''}${notes.length ? ` (${notes.join(', ')})` : ''}\n`);
    });
}

const registerName = (r: { seg: number; off: number }): string => `(${r.seg}, ${r.off < 0 ? 'meta' : r.off})`;

function describeRegister(r: RegisterVerdict): string {
  const moved = r.moves > 0 ? `, ${r.moves} calls on virtual clients` : '';
  return `register ${registerName(r)}: ${r.verdict}, ${r.events} events${moved}${r.detail ? `: ${r.detail}` : ''}`;
}

const WOS_SPEC = { WOS: 'tla/wos/WOS.tla', WOSImpl: 'tla/wos/WOSImpl.tla' } as const;

/** One line per WOS-layer trace of the run: its verdict, size, how much was pinned, and why not accepted. */
function describeWosLevel(w: WosLevelVerdict): string {
  const size = `${w.events} events, ${w.calls} calls (${w.pinned} captures pinned, ${w.unanswered} unanswered, ${w.settled} settled by the acceptors, ${w.virtual} on virtual clients)`;
  const cost = w.verdict === 'not traceable' ? '' : `, at most ${w.maxCandidates} candidates, ${w.seconds.toFixed(1)} s`;
  return `layer ${w.level} (${WOS_SPEC[w.level]}): ${w.verdict}, ${size}${cost}${w.detail ? `: ${w.detail}` : ''}`;
}

/** checkClusterFolder: `trace check DIR`, every register of a traced run (src/trace/cluster-check.ts). */
function checkClusterFolder(dir: string, flags: { json?: boolean; namedOnly?: boolean; verbose?: boolean; wos?: boolean; wosOnly?: boolean }): void {
  const started = Date.now();
  let lastProgress = started;
  const verdict = checkCluster(dir, {
    ranges: !flags.namedOnly,
    registers: !flags.wosOnly,
    wos: flags.wos || flags.wosOnly,
    onRegister: (r, done, total) => {
      if (!flags.json && (flags.verbose || r.verdict !== 'accepted')) process.stdout.write(`${describeRegister(r)}\n`);
      // Long runs say how far they are (every 10 s), on stderr so the report stays clean.
      if (Date.now() - lastProgress > 10_000) {
        lastProgress = Date.now();
        process.stderr.write(`checked ${done} of ${total} registers (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
      }
    },
  });
  if (verdict.registers.length === 0 && !flags.wosOnly) throw new UserError(`${dir}: the logs touch no register; nothing to check`);
  const count = (v: RegisterVerdict['verdict']) => verdict.registers.filter((r) => r.verdict === v).length;
  const seconds = (Date.now() - started) / 1000;
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ dir, ...verdict, seconds })}\n`);
  } else {
    const notes = [verdict.dropped > 0 ? `${verdict.dropped} dependencies no log satisfies` : '', verdict.forced > 0 ? `${verdict.forced} events ordered by clock alone` : ''].filter(Boolean);
    for (const w of verdict.wos) process.stdout.write(`${describeWosLevel(w)}\n`);
    const events = verdict.registers.reduce((n, r) => n + r.events, 0);
    const wosPart = verdict.wos.length > 0 ? `${verdict.wos.filter((w) => w.verdict === 'accepted').length} of ${verdict.wos.length} WOS-layer traces accepted` : '';
    const regPart = flags.wosOnly ? '' : `${count('accepted')} of ${verdict.registers.length} registers accepted, ${count('rejected')} rejected, ${count('not traceable')} not traceable`;
    const sources = flags.wosOnly ? '' : `${events} register events from `;
    process.stdout.write(
      `${verdict.accepted ? 'accepted' : 'NOT accepted'}: ${[regPart, wosPart].filter(Boolean).join('; ')} (${sources}${verdict.events} events of ${verdict.processes} processes, ${seconds.toFixed(1)} s${notes.length ? `; ${notes.join(', ')}` : ''})\n`,
    );
  }
  if (!verdict.accepted) process.exitCode = 1;
}

/** firstSegment is the lowest segment any event names. */
function firstSegment(events: { vars: Record<string, unknown> }[]): number | null {
  let best: number | null = null;
  for (const e of events) if (typeof e.vars.seg === 'number' && (best === null || e.vars.seg < best)) best = e.vars.seg;
  return best;
}
