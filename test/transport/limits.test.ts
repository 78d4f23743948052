/**
 * The transport's resource limits: connection cap, partial-frame budget, idle and partial-frame
 * timeouts. Each is configured small here so that the tests are quick; docs/runtime.md lists the
 * defaults.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTcpServer, type TcpServer, type TcpServerOptions } from '../../src/transport/tcp-server.ts';
import { TcpConnection } from '../../src/transport/tcp-client.ts';
import { FrameDecoder, encodeFrame } from '../../src/transport/frame.ts';
import { literal, object, taggedUnion, uint } from '../../src/transport/schema.ts';
import { PROTOCOL_VERSION } from '../../src/transport/envelope.ts';

const request = taggedUnion('kind', { add: object({ kind: literal('add'), n: uint }) });
const response = taggedUnion('kind', { sum: object({ kind: literal('sum'), n: uint }) });
type Req = ReturnType<typeof request>;
type Res = ReturnType<typeof response>;

const servers: TcpServer[] = [];
const sockets: net.Socket[] = [];
const conns: TcpConnection<Req, Res>[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) c.close();
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function server(opts: Partial<TcpServerOptions<Req, Res>>) {
  const errors: string[] = [];
  const s = await startTcpServer<Req, Res>({
    host: '127.0.0.1',
    port: 0,
    requestSchema: request,
    maxFrameBytes: 1024,
    onRequest: (req, reply) => reply.ok({ kind: 'sum', n: req.n + 1 }),
    onProtocolError: (code, message) => errors.push(`${code}: ${message}`),
    ...opts,
  });
  servers.push(s);
  return { s, errors };
}

function client(port: number) {
  const c = new TcpConnection<Req, Res>({ host: '127.0.0.1', port, responseSchema: response, reconnectHoldOffMs: 50, maxFrameBytes: 1024 });
  conns.push(c);
  return c;
}

const hello = encodeFrame({ type: 'hello', version: PROTOCOL_VERSION });

/** A raw connection that records the frames it receives and when it was closed. */
function raw(port: number) {
  const socket = net.connect({ host: '127.0.0.1', port });
  sockets.push(socket);
  const decoder = new FrameDecoder();
  const frames: Array<{ type: string; code?: string; message?: string }> = [];
  let closedAt = 0;
  socket.on('data', (d) => frames.push(...(decoder.push(d) as typeof frames)));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) =>
    socket.on('close', () => {
      closedAt = Date.now();
      resolve();
    }),
  );
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, frames, closed, connected, closedAt: () => closedAt };
}

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('transport limits', () => {
  it('refuses connections beyond the cap with one busy frame, and serves the others', async () => {
    const { s, errors } = await server({ maxConnections: 3 });
    const held = [client(s.port), client(s.port), client(s.port)];
    for (const c of held) expect(await c.request({ kind: 'add', n: 1 }, 2000)).toEqual({ ok: true, response: { kind: 'sum', n: 2 } });
    const extra = raw(s.port);
    await extra.connected;
    extra.socket.write(hello);
    expect(await within(extra.closed, 2000)).toBe(true);
    expect(extra.frames).toEqual([{ type: 'error', code: 'busy', message: 'the server is at its limit of 3 connections' }]);
    expect(errors).toContain('busy: the server is at its limit of 3 connections');
    for (const c of held) expect(await c.request({ kind: 'add', n: 2 }, 2000)).toMatchObject({ ok: true });
    expect(s.connections).toBe(3);
  });

  it('closes a greeted connection left idle, and the client reconnects on its next request', async () => {
    const { s } = await server({ idleTimeoutMs: 150 });
    const idle = raw(s.port);
    await idle.connected;
    idle.socket.write(hello);
    const start = Date.now();
    expect(await within(idle.closed, 2000)).toBe(true);
    expect(idle.closedAt() - start).toBeGreaterThanOrEqual(100);
    expect(idle.frames.at(-1)).toEqual({ type: 'error', code: 'timeout', message: 'idle for 150 ms' });
    // A library client left idle is closed the same way; its next request just reconnects.
    const c = client(s.port);
    expect(await c.request({ kind: 'add', n: 1 }, 2000)).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 400));
    expect(s.connections).toBe(0);
    expect(await c.request({ kind: 'add', n: 5 }, 2000)).toEqual({ ok: true, response: { kind: 'sum', n: 6 } });
  });

  it('closes a connection whose frame does not arrive whole in time, even if it trickles', async () => {
    const { s } = await server({ frameTimeoutMs: 300 });
    const slow = raw(s.port);
    await slow.connected;
    const header = Buffer.alloc(4);
    header.writeUInt32BE(100, 0);
    slow.socket.write(Buffer.concat([hello, header]));
    // One more byte every 50 ms, never the whole frame: the deadline counts from the first byte.
    const trickle = setInterval(() => slow.socket.write(Buffer.from([0x90])), 50);
    const start = Date.now();
    const ended = await within(slow.closed, 2000);
    clearInterval(trickle);
    expect(ended).toBe(true);
    expect(slow.closedAt() - start).toBeLessThan(1500);
    expect(slow.frames.at(-1)).toMatchObject({ type: 'error', code: 'timeout' });
    expect(slow.frames.at(-1)!.message).toMatch(/^a frame did not arrive whole within 300 ms/);
    expect(s.bufferedBytes).toBe(0);
  });

  it('refuses a partial frame beyond the server-wide buffered-bytes budget', async () => {
    const { s } = await server({ maxBufferedBytes: 2500 });
    const header = Buffer.alloc(4);
    header.writeUInt32BE(1000, 0);
    const partial = Buffer.concat([hello, header, Buffer.alloc(900, 0x90)]);
    const holders = [raw(s.port), raw(s.port)];
    for (const h of holders) {
      await h.connected;
      h.socket.write(partial);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(s.bufferedBytes).toBe(2 * 904);
    const third = raw(s.port);
    await third.connected;
    third.socket.write(partial);
    expect(await within(third.closed, 2000)).toBe(true);
    expect(third.frames.at(-1)).toMatchObject({ type: 'error', code: 'busy' });
    expect(s.bufferedBytes).toBe(2 * 904);
    // The holders are still there, and a client sending whole frames is served.
    expect(holders.every((h) => h.closedAt() === 0)).toBe(true);
    expect(await client(s.port).request({ kind: 'add', n: 1 }, 2000)).toMatchObject({ ok: true });
  });
});
