/**
 * The resource limits as flags of `wormspace server` and `wormspace cluster`
 * (src/cli/commands/limit-options.ts): bad values stop the command with one line naming the flag,
 * and the values given reach the server process (connection cap, idle and partial-frame timeouts,
 * frame size), probed with raw sockets against a real `wormspace server`.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FrameDecoder } from '../../src/transport/frame.ts';
import { helloFrame, tempDir } from '../server/helpers.ts';
import { killAll, runCli, spawnServer } from './processes.ts';

const root = tempDir('limit-flags');
const sockets: net.Socket[] = [];
afterAll(() => {
  for (const s of sockets) s.destroy();
  killAll();
  fs.rmSync(root, { recursive: true, force: true });
});

interface Raw {
  frames: Array<{ type: string; code?: string; message?: string }>;
  closed: Promise<void>;
  socket: net.Socket;
}

/** raw connects, says hello, writes `then` and records the frames until the server closes. */
async function raw(port: number, then: Buffer = Buffer.alloc(0)): Promise<Raw> {
  const socket = net.connect({ host: '127.0.0.1', port });
  sockets.push(socket);
  const decoder = new FrameDecoder();
  const frames: Raw['frames'] = [];
  socket.on('data', (d) => frames.push(...(decoder.push(d) as Raw['frames'])));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(Buffer.concat([helloFrame(), then]));
  return { frames, closed, socket };
}

const header = (length: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(length, 0);
  return b;
};

describe('limit flags', () => {
  it.each([
    [['--max-connections', '0'], '--max-connections must be between 1 and 1000000, not "0"'],
    [['--max-connections', 'many'], '--max-connections must be a whole number, not "many"'],
    [['--idle-timeout', '5 parsecs'], '--idle-timeout must be like 30s, 5min or 1500ms, not "5 parsecs"'],
    [['--idle-timeout', '10ms'], '--idle-timeout must be between 1s and 2147483647ms, not "10ms"'],
    [['--frame-timeout', '-1s'], '--frame-timeout must be like 30s, 5min or 1500ms, not "-1s"'],
    [['--max-frame', '2GiB'], '--max-frame must be between 64KiB and 1024MiB, not "2GiB"'],
    [['--max-buffered', '1.5MiB'], '--max-buffered must be like 4MiB, 512KiB or 65536, not "1.5MiB"'],
    [['--max-frame', '8MiB', '--max-buffered', '4MiB'], '--max-frame (8MiB) must fit in --max-buffered (4MiB)'],
  ])('server %j is refused with one line', async (flags, message) => {
    const dir = path.join(root, 'refused');
    const run = await runCli(['server', '--listen', '127.0.0.1:0', '--data', dir, ...flags]);
    expect(run.stderr).toBe(`wormspace: ${message}\n`);
    expect(run.code).not.toBe(0);
    expect(run.stdout).not.toMatch(/listening/);
  }, 60_000);

  it('cluster checks them once, before starting any server', async () => {
    const dir = path.join(root, 'cluster-refused');
    const run = await runCli(['cluster', '--servers', '3', '--data', dir, '--base-port', '7391', '--max-unsent', '12']);
    expect(run.stderr).toBe('wormspace: --max-unsent must be between 1MiB and 65536MiB, not "12"\n');
    expect(run.code).not.toBe(0);
    expect(fs.existsSync(path.join(dir, 's1'))).toBe(false);
  }, 60_000);

  it('reach the server: connection cap, max frame, partial-frame and idle timeouts', async () => {
    const server = await spawnServer(path.join(root, 'limited'), 0, ['--max-connections', '3', '--idle-timeout', '2s', '--frame-timeout', '400ms', '--max-frame', '64KiB', '--max-buffered', '1MiB']);
    // A frame above 64 KiB is refused from its header (the default would take 4 MiB).
    const big = await raw(server.port, header(64 * 1024 + 1));
    await big.closed;
    expect(big.frames.at(-1)).toMatchObject({ type: 'error', code: 'oversized' });
    // A frame that never finishes is dropped after 400 ms (the default waits 30 s).
    const started = Date.now();
    const partial = await raw(server.port, Buffer.concat([header(100), Buffer.alloc(10)]));
    await partial.closed;
    expect(partial.frames.at(-1)?.message).toMatch(/^a frame did not arrive whole within 400 ms/);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Three greeted connections fill the cap; a fourth gets one busy frame.
    const held = [await raw(server.port), await raw(server.port), await raw(server.port)];
    const extra = await raw(server.port);
    await extra.closed;
    expect(extra.frames).toEqual([{ type: 'error', code: 'busy', message: 'the server is at its limit of 3 connections' }]);
    // Idle for 2 s, the held ones are closed (the default is 5 min).
    await Promise.all(held.map((h) => h.closed));
    for (const h of held) expect(h.frames.at(-1)).toEqual({ type: 'error', code: 'timeout', message: 'idle for 2000 ms' });
  }, 90_000);
});
