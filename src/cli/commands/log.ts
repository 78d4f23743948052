/**
 * `wormspace log sequencer | append | read | tail | trim`: WormLog, the shared log
 * (src/apps/wormlog), against a running WormSpace cluster.
 *
 * The servers come from --servers or WORMSPACE_SERVERS, as for the client commands; the log's
 * first segment from --base or WORMSPACE_LOG_BASE (default 1000); the sequencer's address from
 * --sequencer or WORMSPACE_LOG_SEQUENCER, or else from the metadata of the log's last allocated
 * segment. Output: one line (with --json one JSON object). Exit codes as the client commands:
 * 0 ok, 3 another definite answer (unwritten, trimmed, beyond the end), 1 failure.
 */
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { WormSpaceMisuseError } from '../../client/misuse.ts';
import type { WormSpace } from '../../client/wormspace.ts';
import { addrOf, type LogLayout } from '../../apps/wormlog/layout.ts';
import { askTail, findSequencer, LogClient, startSequencer } from '../../apps/wormlog/tcp.ts';
import type { LogReply } from '../../apps/wormlog/node.ts';
import { common, connectFromFlags, EXIT_NOT_OK, nonNegativeInt, type CommonFlags } from './client.ts';

interface LogFlags extends CommonFlags {
  base?: string;
  sequencer?: string;
}

const ADDRESS = /^[^\s:]+:\d{1,5}$/;

function layoutOf(flags: LogFlags, ws: WormSpace): LogLayout {
  const base = nonNegativeInt('--base', flags.base ?? process.env.WORMSPACE_LOG_BASE ?? '1000');
  return { base, segSize: ws.segmentSize };
}

function sequencerOf(flags: LogFlags): string | null {
  const s = flags.sequencer ?? process.env.WORMSPACE_LOG_SEQUENCER;
  if (s === undefined || s === '') return null;
  if (!ADDRESS.test(s)) throw new UserError(`--sequencer must be host:port, not ${JSON.stringify(s)}`);
  return s;
}

function logOptions(cmd: Command): Command {
  return common(cmd)
    .option('--base <seg>', 'the log\'s first segment (default: $WORMSPACE_LOG_BASE or 1000)')
    .option('--sequencer <host:port>', 'the sequencer (default: $WORMSPACE_LOG_SEQUENCER, else read from the log\'s last segment)');
}

function print(flags: LogFlags, json: Record<string, unknown>, line: string): void {
  process.stdout.write(flags.json ? `${JSON.stringify(json)}\n` : `${line}\n`);
}

async function withClient<T>(flags: LogFlags, run: (ws: WormSpace, layout: LogLayout) => Promise<T>): Promise<T> {
  const ws = await connectFromFlags(flags);
  try {
    const layout = layoutOf(flags, ws);
    return await run(ws, layout);
  } catch (err) {
    if (err instanceof WormSpaceMisuseError) throw new UserError(err.message.replace(/^WormSpace: /, ''));
    throw err;
  } finally {
    ws.close();
  }
}

/** The sequencer's address: the flag, or the log's last segment's metadata. */
async function locate(flags: LogFlags, ws: WormSpace, layout: LogLayout): Promise<string> {
  const fixed = sequencerOf(flags);
  if (fixed) return fixed;
  let found;
  try {
    found = await findSequencer(ws, layout);
  } catch (err) {
    throw new UserError(`cannot find the sequencer: ${(err as Error).message}`);
  }
  if (found.address === null) throw new UserError(found.lastSegment < layout.base ? `no log at segment ${layout.base}: start a sequencer (wormspace log sequencer --listen HOST:PORT)` : `segment ${found.lastSegment} names no sequencer`);
  return found.address;
}

async function tailOf(address: string): Promise<number> {
  let tail: number | null;
  try {
    tail = await askTail(address);
  } catch (err) {
    throw new UserError(`the sequencer at ${address} did not answer: ${(err as Error).message}`);
  }
  if (tail === null) throw new UserError(`the sequencer at ${address} owns no segment yet`);
  return tail;
}

function parseListen(text: string): { host: string; port: number } {
  const m = /^([^\s:]+):(\d{1,5})$/.exec(text);
  if (!m || Number(m[2]) > 65535) throw new UserError(`--listen must be HOST:PORT, not ${JSON.stringify(text)}`);
  return { host: m[1]!, port: Number(m[2]) };
}

export function registerLog(program: Command): void {
  const log = program
    .command('log')
    .description('WormLog, a shared log on WormSpace: a sequencer hands out pre-captured slots, an append is two round trips')
    .addHelpText('after', '\nExample (a local cluster: wormspace cluster --servers 3):\n  export WORMSPACE_SERVERS=127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003\n  wormspace log sequencer --listen 127.0.0.1:7100 &\n  wormspace log append hello      # ok: position 0\n  wormspace log read 0            # ok: "hello"\n  wormspace log tail              # tail: 1');

  logOptions(log.command('sequencer').description('run a sequencer: allocate the next segment of the log (taking over from any earlier sequencer), batch-capture it and hand out its slots'))
    .requiredOption('--listen <host:port>', 'where appenders reach the sequencer (port 0: any free port)')
    .action(async (flags: LogFlags & { listen: string }) => {
      const { host, port } = parseListen(flags.listen);
      const ws = await connectFromFlags(flags);
      const layout = layoutOf(flags, ws);
      let fail: ((err: unknown) => void) | null = null;
      const failed = new Promise<never>((_, reject) => (fail = reject));
      let seq;
      try {
        seq = await startSequencer({ ws, layout, host, port, onFatal: (err) => fail?.(err) });
      } catch (err) {
        ws.close();
        throw new UserError(`cannot listen on ${flags.listen}: ${(err as Error).message}`);
      }
      process.stdout.write(`sequencer listening on ${seq.address} (log from segment ${layout.base}, ${layout.segSize} positions per segment)\n`);
      const announce = setInterval(() => {
        const s = seq.node.status;
        if (s.phase === 'ready' && s.seg !== lastSeg) {
          lastSeg = s.seg;
          process.stdout.write(`sequencer owns segment ${s.seg}, tail ${s.tail}\n`);
        }
      }, 100);
      let lastSeg = -1;
      try {
        await Promise.race([
          failed,
          new Promise<void>((resolve) => {
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
          }),
        ]);
      } catch (err) {
        throw new UserError(err instanceof Error ? err.message.replace(/^WormSpace: /, '') : String(err));
      } finally {
        clearInterval(announce);
        await seq.close();
        ws.close();
      }
    });

  logOptions(log.command('append').description('append a value; prints its position once the append is acknowledged').argument('<value>', 'the value (a string)'))
    .action(async (value: string, flags: LogFlags) => {
      await withClient(flags, async (ws, layout) => {
        await locate(flags, ws, layout); // a clear error now when there is no log or no sequencer named
        const client = LogClient.appender(ws, layout, sequencerOf(flags));
        try {
          const deadline = new Promise<LogReply>((resolve) => setTimeout(() => resolve({ op: 'append', ok: false, error: 'no acknowledgment within 15 s (is a sequencer running? see wormspace log sequencer)' }), 15_000).unref());
          const r = await Promise.race([client.request({ op: 'append', value }), deadline]);
          if (client.error) throw client.error;
          if (r.op !== 'append') throw new Error('unexpected reply');
          if (!r.ok) throw new UserError(`append failed: ${r.error}`);
          print(flags, { status: 'ok', pos: r.pos, seg: r.seg, off: r.off }, `ok: position ${r.pos} (segment ${r.seg}, offset ${r.off})`);
        } finally {
          client.close();
        }
      });
    });

  logOptions(log.command('read').description('read a position; a hole (unwritten below the tail) is filled with junk after a while').argument('<pos>', 'log position'))
    .option('--no-fill', 'never fill a hole with junk: report unwritten instead')
    .action(async (posText: string, flags: LogFlags & { fill: boolean }) => {
      const pos = nonNegativeInt('POS', posText);
      await withClient(flags, async (ws, layout) => {
        const client = LogClient.reader(ws, layout, sequencerOf(flags), !flags.fill);
        try {
          const r = await client.request({ op: 'read', pos });
          if (client.error) throw client.error;
          if (r.op !== 'read') throw new Error('unexpected reply');
          const { seg, off } = addrOf(layout, pos);
          if (r.status === 'ok') {
            const shown = r.kind === 'entry' ? `ok: ${JSON.stringify(r.value)}` : r.kind === 'junk' ? `junk: a hole${r.filled ? ' (filled now by this read)' : ''}` : `foreign: ${JSON.stringify(r.value)} (not a WormLog entry)`;
            print(flags, { status: 'ok', pos, seg, off, kind: r.kind, value: r.value, filled: r.filled }, shown);
            process.exitCode = r.kind === 'entry' ? 0 : EXIT_NOT_OK;
          } else {
            print(flags, { status: r.status, pos, seg, off, why: r.why }, `${r.status}: ${r.why}`);
            process.exitCode = r.status === 'timeout' ? 1 : EXIT_NOT_OK;
          }
        } finally {
          client.close();
        }
      });
    });

  logOptions(log.command('tail').description('print the tail: the position the next append will get'))
    .action(async (flags: LogFlags) => {
      await withClient(flags, async (ws, layout) => {
        const address = await locate(flags, ws, layout);
        const tail = await tailOf(address);
        print(flags, { status: 'ok', tail, sequencer: address }, `tail: ${tail} (sequencer ${address})`);
      });
    });

  logOptions(log.command('trim').description('trim a prefix: every segment whose positions all lie below UPTO (UPTO must not pass the tail)').argument('<upto>', 'first position to keep'))
    .action(async (uptoText: string, flags: LogFlags) => {
      const upto = nonNegativeInt('UPTO', uptoText);
      await withClient(flags, async (ws, layout) => {
        const tail = await tailOf(await locate(flags, ws, layout));
        if (upto > tail) throw new UserError(`cannot trim up to ${upto}: the tail is ${tail}`);
        const segs = Math.floor(upto / layout.segSize);
        for (let i = 0; i < segs; i++) {
          const r = await ws.trim(layout.base + i);
          if (r.status !== 'ok') throw new UserError(`trim of segment ${layout.base + i} answered ${r.status}; segments before it are trimmed`);
        }
        const kept = segs * layout.segSize;
        print(
          flags,
          { status: 'ok', trimmedBelow: kept, segments: segs },
          segs === 0 ? `ok: nothing to trim below ${upto} (a segment holds ${layout.segSize} positions)` : `ok: positions 0..${kept - 1} trimmed (segments ${layout.base}..${layout.base + segs - 1})`,
        );
      });
    });
}
