/**
 * The client commands: `wormspace alloc | check-seg | capture | write | read | capture-segment |
 * write-segment | trim | listen`, each one API call of the client library against a running
 * cluster.
 *
 * Output: one readable line by default; with --json exactly one JSON object on stdout,
 * {status, value?, captureId?} (segment commands add `written` and `preempted`).
 * Exit codes: 0 for `ok`; 3 for any other definite answer (alreadyWritten, unwritten, preempted,
 * trimmed, notAllocated), so scripts can branch without parsing; 1 for a failure (timeout: no
 * quorum answered), with one line on stderr saying which servers failed and why. `listen` prints
 * one line (or JSON object) per write instead.
 */
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { WormSpace, type ConnectOptions } from '../../client/wormspace.ts';
import { WormSpaceMisuseError } from '../../client/misuse.ts';
import { formatCaptureId, parseCaptureId, type Ballot } from '../../core/ballot.ts';
import type { AnyResult, OffsetValue } from '../../core/messages.ts';
import fs from 'node:fs';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { readAuthToken, readPem } from './server-options.ts';
import { openEventLog, type EventLog } from '../../trace/event-log.ts';
import type { TraceEvent } from '../../core/trace.ts';

export const EXIT_NOT_OK = 3;

export interface CommonFlags {
  timeout?: string;
  servers?: string;
  segmentSize?: string;
  partitions?: string;
  authTokenFile?: string;
  cluster?: string;
  tlsCa?: string;
  json?: boolean;
  trace?: string;
}

interface ClusterFile {
  servers?: string[];
  tokenFile?: string;
  tlsCa?: string;
}

/**
 * readClusterFile reads a cluster file: JSON {servers: ["host:port", ...], tokenFile?, tlsCa?},
 * paths relative to the file's folder. `wormspace cluster` writes one as DIR/cluster.json.
 */
function readClusterFile(file: string): ClusterFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read the cluster file ${file}: ${code ?? (err as Error).message}`);
  }
  const o = parsed as Record<string, unknown>;
  const bad = (why: string) => new UserError(`the cluster file ${file} ${why}`);
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw bad('is not a JSON object');
  for (const k of Object.keys(o)) if (!['servers', 'tokenFile', 'tlsCa'].includes(k)) throw bad(`has an unknown field ${JSON.stringify(k)}`);
  if (o.servers !== undefined && (!Array.isArray(o.servers) || o.servers.length === 0 || !o.servers.every((x) => typeof x === 'string'))) throw bad('needs "servers": a non-empty list of "host:port"');
  for (const k of ['tokenFile', 'tlsCa'] as const) if (o[k] !== undefined && typeof o[k] !== 'string') throw bad(`has a "${k}" that is not a string`);
  const dir = path.dirname(path.resolve(file));
  return {
    servers: o.servers as string[] | undefined,
    tokenFile: o.tokenFile === undefined ? undefined : path.resolve(dir, o.tokenFile as string),
    tlsCa: o.tlsCa === undefined ? undefined : path.resolve(dir, o.tlsCa as string),
  };
}

export function nonNegativeInt(what: string, text: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new UserError(`${what} must be a non-negative integer, not ${JSON.stringify(text)}`);
  return Number(text);
}

function positiveSetting(what: string, text: string): number {
  const n = nonNegativeInt(what, text);
  if (n < 1) throw new UserError(`${what} must be at least 1`);
  return n;
}

function captureIdArg(text: string | undefined): Ballot | undefined {
  if (text === undefined) return undefined;
  const id = parseCaptureId(text);
  if (id === null) throw new UserError(`--capture must be a capture id ROUND.CLIENT.KEY (as printed by capture) or 0, not ${JSON.stringify(text)}`);
  return id;
}

/** connectFromFlags builds the client from flags, falling back to WORMSPACE_* variables. */
/** connectFromFlags connects as the flags say; `extra` sets client options no flag sets (thrift, adaptive timer). */
export async function connectFromFlags(flags: CommonFlags, extra: Pick<ConnectOptions, 'thrifty' | 'adaptiveTimeout'> = {}): Promise<WormSpace> {
  // Lookup order (docs/cli.md): flag, then environment variable, then the cluster file
  // (--cluster or $WORMSPACE_CLUSTER).
  const clusterPath = flags.cluster ?? process.env.WORMSPACE_CLUSTER;
  const cluster = clusterPath === undefined || clusterPath === '' ? {} : readClusterFile(clusterPath);
  const serverList = flags.servers ?? process.env.WORMSPACE_SERVERS ?? cluster.servers?.join(',');
  if (!serverList || serverList.trim() === '') throw new UserError('no servers: pass --servers host:port,... or --cluster FILE, or set WORMSPACE_SERVERS or WORMSPACE_CLUSTER');
  const servers = serverList.split(',').map((s) => s.trim()).filter(Boolean);
  const caFile = flags.tlsCa ?? process.env.WORMSPACE_TLS_CA ?? cluster.tlsCa;
  const tls = caFile === undefined || caFile === '' ? undefined : { ca: readPem(caFile, 'TLS CA certificate') };
  const segmentSize = positiveSetting('--segment-size', flags.segmentSize ?? process.env.WORMSPACE_SEGMENT_SIZE ?? '1024');
  const partitions = positiveSetting('--partitions', flags.partitions ?? process.env.WORMSPACE_PARTITIONS ?? '1');
  const tokenFile = flags.authTokenFile ?? process.env.WORMSPACE_AUTH_TOKEN_FILE ?? cluster.tokenFile;
  const authToken = tokenFile === undefined ? undefined : readAuthToken(tokenFile);
  // A person at a terminal wants an answer within seconds when no quorum is up: the timer fires
  // after 200, 400, 800, 800, ... ms, and the call answers timeout at the last firing that fits in
  // the budget (the first firing always counts).
  const budgetMs = positiveSetting('--timeout', flags.timeout ?? process.env.WORMSPACE_TIMEOUT_MS ?? '3000');
  let firings = 0;
  for (let spent = 0, delay = 200; spent + delay <= budgetMs; spent += delay, delay = Math.min(800, delay * 2)) firings++;
  const maxTimeouts = Math.max(0, firings - 1);
  // --trace DIR: this client's events go to DIR/client-<clientId>.ndjson, next to the servers'
  // logs of `cluster --trace DIR`, so that `trace merge DIR` sees both sides of every exchange.
  // The log is opened once the client id is known; connecting emits no event.
  const traceDir = flags.trace ?? process.env.WORMSPACE_TRACE_DIR;
  let log: EventLog | null = null;
  try {
    const ws = await WormSpace.connect({
      servers,
      segmentSize,
      partitions,
      authToken,
      tls,
      connectTimeoutMs: 1000,
      retry: { firstTimeoutMs: 200, maxTimeoutMs: 800 },
      maxTimeouts,
      ...extra,
      // A traced client takes an id below 2^31: the trace check's model (TLC) has 32-bit integers.
      ...(traceDir ? { tracer: (e: TraceEvent) => log?.tracer(e), clientId: randomInt(1, 2 ** 31 - 1) } : {}),
    });
    if (traceDir) {
      try {
        log = openEventLog(path.join(traceDir, `client-${ws.clientId}.ndjson`), `client ${ws.clientId}`, { onError: (m) => process.stderr.write(`wormspace: ${m}\n`) });
      } catch (err) {
        ws.close();
        throw err;
      }
    }
    return ws;
  } catch (err) {
    if (err instanceof WormSpaceMisuseError) throw new UserError(err.message.replace(/^WormSpace: /, ''));
    throw err;
  }
}

type Shown = AnyResult & { captureId?: Ballot; value?: string; written?: OffsetValue[] | string; preempted?: number[] };

function jsonOf(result: Shown): Record<string, unknown> {
  const out: Record<string, unknown> = { status: result.status };
  if (result.value !== undefined) out.value = result.value;
  // capture of a written WOR reports the value it holds (`written`, a string) as `value`.
  if (typeof result.written === 'string') out.value = result.written;
  if (result.captureId !== undefined) out.captureId = formatCaptureId(result.captureId);
  if (Array.isArray(result.written)) out.written = result.written;
  if (result.preempted !== undefined) out.preempted = result.preempted;
  return out;
}

function readable(result: Shown, okText: (r: Shown) => string): string {
  switch (result.status) {
    case 'ok':
      return okText(result);
    case 'alreadyWritten':
      return `alreadyWritten: ${JSON.stringify(result.value)}`;
    case 'unwritten':
      return 'unwritten';
    case 'preempted':
      return 'preempted: somebody captured it since';
    case 'trimmed':
      return 'trimmed: the segment was trimmed';
    case 'notAllocated':
      return 'notAllocated: the segment is not allocated';
    case 'timeout':
      return 'timeout';
  }
}

/**
 * run connects, makes one call, prints its result and sets the exit code. `refusedText` explains a
 * timeout that every server of the segment answered (no transport failure): for a write with a
 * capture id that means a quorum refused the id itself, and "no quorum answered" would be false.
 */
async function run(flags: CommonFlags, seg: number, call: (ws: WormSpace) => Promise<AnyResult>, okText: (r: Shown) => string, refusedText?: string): Promise<void> {
  const ws = await connectFromFlags(flags);
  try {
    let result: Shown;
    try {
      result = (await call(ws)) as Shown;
    } catch (err) {
      if (err instanceof WormSpaceMisuseError) throw new UserError(err.message.replace(/^WormSpace: /, ''));
      throw err;
    }
    if (flags.json) process.stdout.write(`${JSON.stringify(jsonOf(result))}\n`);
    else if (result.status !== 'timeout') process.stdout.write(`${readable(result, okText)}\n`);
    if (result.status === 'timeout') {
      const why = ws.failures(seg);
      if (why.length === 0 && refusedText !== undefined) process.stderr.write(`wormspace: refused: ${refusedText}\n`);
      else process.stderr.write(`wormspace: timeout: no quorum of the segment's servers answered${why.length ? ` (${why.join('; ')})` : ''}\n`);
      process.exitCode = 1;
    } else {
      process.exitCode = result.status === 'ok' ? 0 : EXIT_NOT_OK;
    }
  } finally {
    ws.close();
  }
}

export function common(cmd: Command): Command {
  return cmd
    .option('--servers <list>', 'host:port,... of every server (default: $WORMSPACE_SERVERS, then the cluster file\'s)')
    .option('--segment-size <n>', 'WORs per segment (default: $WORMSPACE_SEGMENT_SIZE or 1024)')
    .option('--partitions <n>', 'partitions the servers form (default: $WORMSPACE_PARTITIONS or 1)')
    .option('--auth-token-file <file>', 'auth token to present (default: $WORMSPACE_AUTH_TOKEN_FILE, then the cluster file\'s)')
    .option('--cluster <file>', 'cluster file: JSON {servers, tokenFile?, tlsCa?} (default: $WORMSPACE_CLUSTER)')
    .option('--tls-ca <file>', 'connect with TLS, trusting this certificate (PEM) (default: $WORMSPACE_TLS_CA, then the cluster file\'s)')
    .option('--json', 'print one JSON object {status, value?, captureId?}')
    .option('--trace <dir>', 'append this client\'s trace events to DIR/client-<id>.ndjson, for `wormspace trace merge DIR` (default: $WORMSPACE_TRACE_DIR)')
    .option('--timeout <ms>', 'answer timeout after about this long without a quorum (default: $WORMSPACE_TIMEOUT_MS or 3000)')
    .addHelpText('after', '\nExit status: 0 ok, 3 another definite answer (alreadyWritten, unwritten, preempted, trimmed, notAllocated), 1 failure (timeout, bad input).');
}

export function registerClient(program: Command): void {
  const writtenNote = (r: Shown) => {
    if (typeof r.written === 'string') return `; already written: ${JSON.stringify(r.written)} (a write with this id will be refused)`;
    return r.written && r.written.length > 0 ? `; already written: ${r.written.map((w) => `${w.off}=${JSON.stringify(w.value)}`).join(', ')}` : '';
  };

  common(program.command('alloc').description('allocate a segment; the first allocation wins').argument('<seg>', 'segment id'))
    .option('--meta <text>', 'metadata to store with the segment', '')
    .addHelpText('after', '\nExample:\n  wormspace alloc 1 --meta "log, leader=a"')
    .action(async (segText: string, flags: CommonFlags & { meta: string }) => {
      const seg = nonNegativeInt('SEG', segText);
      await run(flags, seg, (ws) => ws.alloc(seg, flags.meta), () => `ok: segment ${seg} allocated`);
    });

  common(program.command('check-seg').description('say whether a segment is allocated, and print its metadata').argument('<seg>', 'segment id'))
    .action(async (segText: string, flags: CommonFlags) => {
      const seg = nonNegativeInt('SEG', segText);
      await run(flags, seg, (ws) => ws.check(seg), (r) => `ok: allocated, metadata ${JSON.stringify(r.value)}`);
    });

  common(program.command('capture').description('capture a WOR and print its capture id').argument('<seg>', 'segment id').argument('<off>', 'offset in the segment'))
    .addHelpText('after', '\nExample:\n  wormspace capture 1 0          # prints e.g. "ok: capture id 1.84093"\n  wormspace write 1 0 hello --capture 1.84093')
    .action(async (segText: string, offText: string, flags: CommonFlags) => {
      const seg = nonNegativeInt('SEG', segText);
      const off = nonNegativeInt('OFF', offText);
      await run(flags, seg, (ws) => ws.capture(seg, off), (r) => `ok: capture id ${formatCaptureId(r.captureId!)}${writtenNote(r)}`);
    });

  common(
    program
      .command('write')
      .description('write a value to a WOR: with --capture, using that capture id (0: unsafe write); without, capture and write')
      .argument('<seg>', 'segment id')
      .argument('<off>', 'offset in the segment')
      .argument('<value>', 'the value (a string)'),
  )
    .option('--capture <id>', 'capture id from `wormspace capture` (ROUND.CLIENT.KEY), or 0 for an unsafe write')
    .action(async (segText: string, offText: string, value: string, flags: CommonFlags & { capture?: string }) => {
      const seg = nonNegativeInt('SEG', segText);
      const off = nonNegativeInt('OFF', offText);
      const captureId = captureIdArg(flags.capture);
      const refused =
        captureId === undefined
          ? undefined
          : `the servers answered, but a quorum refused capture id ${flags.capture} and none showed a chosen value: the id was not granted there (made up, or from another register) or was already used for another value; nothing was written`;
      await run(flags, seg, (ws) => ws.write(seg, off, value, captureId), () => 'ok: written', refused);
    });

  common(program.command('read').description('read a WOR').argument('<seg>', 'segment id').argument('<off>', 'offset in the segment'))
    .action(async (segText: string, offText: string, flags: CommonFlags) => {
      const seg = nonNegativeInt('SEG', segText);
      const off = nonNegativeInt('OFF', offText);
      await run(flags, seg, (ws) => ws.read(seg, off), (r) => `ok: ${JSON.stringify(r.value)}`);
    });


  common(
    program
      .command('capture-segment')
      .description('capture the WORs [START, END) of a segment with one capture id')
      .argument('<seg>', 'segment id')
      .argument('<start>', 'first offset')
      .argument('<end>', 'offset after the last'),
  ).action(async (segText: string, startText: string, endText: string, flags: CommonFlags) => {
    const seg = nonNegativeInt('SEG', segText);
    const start = nonNegativeInt('START', startText);
    const end = nonNegativeInt('END', endText);
    await run(flags, seg, (ws) => ws.captureSegment(seg, start, end), (r) => `ok: capture id ${formatCaptureId(r.captureId!)}${writtenNote(r)}`);
  });

  common(
    program
      .command('write-segment')
      .description('write one value to the WORs [START, END) of a segment')
      .argument('<seg>', 'segment id')
      .argument('<start>', 'first offset')
      .argument('<end>', 'offset after the last')
      .argument('<value>', 'the value (a string)'),
  )
    .option('--capture <id>', 'capture id from `wormspace capture-segment`, or 0 for unsafe writes')
    .action(async (segText: string, startText: string, endText: string, value: string, flags: CommonFlags & { capture?: string }) => {
      const seg = nonNegativeInt('SEG', segText);
      const start = nonNegativeInt('START', startText);
      const end = nonNegativeInt('END', endText);
      const captureId = captureIdArg(flags.capture);
      await run(
        flags,
        seg,
        (ws) => ws.writeSegment(seg, start, end, value, captureId),
        (r) => `ok: written${r.preempted && r.preempted.length > 0 ? `; refused at ${r.preempted.join(', ')}` : ''}${writtenNote(r)}`,
      );
    });

  common(program.command('trim').description('trim (garbage-collect) a segment; its WORs then answer trimmed').argument('<seg>', 'segment id'))
    .action(async (segText: string, flags: CommonFlags) => {
      const seg = nonNegativeInt('SEG', segText);
      await run(flags, seg, (ws) => ws.trim(seg), () => `ok: segment ${seg} trimmed`);
    });

  common(
    program
      .command('listen')
      .description('print each write to a segment as it is found (polling), until Ctrl-C, the segment is trimmed, or --count writes')
      .argument('<seg>', 'segment id'),
  )
    .option('--from <off>', 'first offset to watch', '0')
    .option('--interval <ms>', 'time between polls', '50')
    .option('--batch <n>', 'offsets read per poll', '16')
    .option('--count <n>', 'stop after this many writes')
    .addHelpText('after', '\nPrints one line per write, "OFF: VALUE" (with --json one object per line, {status, off, value}).\nlisten polls with ordinary reads; see docs/client-api.md.')
    .action(async (segText: string, flags: CommonFlags & { from: string; interval: string; batch: string; count?: string }) => {
      const seg = nonNegativeInt('SEG', segText);
      const fromOffset = nonNegativeInt('--from', flags.from);
      const intervalMs = positiveSetting('--interval', flags.interval);
      const batch = positiveSetting('--batch', flags.batch);
      const count = flags.count === undefined ? Infinity : positiveSetting('--count', flags.count);
      const ws = await connectFromFlags(flags);
      let seen = 0;
      try {
        await new Promise<void>((resolve) => {
          let poll: NodeJS.Timeout | undefined;
          const stop = () => {
            clearInterval(poll);
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            listener.close();
            resolve();
          };
          let listener: ReturnType<WormSpace['listen']>;
          try {
            listener = ws.listen(
              seg,
              (n) => {
                if ('trimmed' in n) {
                  process.stdout.write(flags.json ? `${JSON.stringify({ status: 'trimmed' })}\n` : 'trimmed: the segment was trimmed\n');
                  process.exitCode = EXIT_NOT_OK;
                  return stop();
                }
                seen += 1;
                process.stdout.write(flags.json ? `${JSON.stringify({ status: 'ok', off: n.off, value: n.value })}\n` : `${n.off}: ${JSON.stringify(n.value)}\n`);
                if (seen >= count) stop();
              },
              { fromOffset, intervalMs, batch },
            );
          } catch (err) {
            if (err instanceof WormSpaceMisuseError) throw new UserError(err.message.replace(/^WormSpace: /, ''));
            throw err;
          }
          // A listener that ran out of offsets (every one reported) ends by itself.
          poll = setInterval(() => {
            if (!listener.active) stop();
          }, 100);
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      } finally {
        ws.close();
      }
    });
}
