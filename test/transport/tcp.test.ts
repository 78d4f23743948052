import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { startTcpServer, type TcpServer } from '../../src/transport/tcp-server.ts';
import { TcpConnection } from '../../src/transport/tcp-client.ts';
import { FrameDecoder, encodeFrame } from '../../src/transport/frame.ts';
import { literal, object, str, taggedUnion, uint } from '../../src/transport/schema.ts';
import { PROTOCOL_VERSION } from '../../src/transport/envelope.ts';

// A toy protocol: `add` answers n+1 after `delayMs`, so tests can hold requests in flight.
// `pad` asks for a reply padded with `n` characters, to make replies too big for one frame.
const request = taggedUnion('kind', {
  add: object({ kind: literal('add'), n: uint, delayMs: uint }),
  pad: object({ kind: literal('pad'), n: uint }),
});
const response = taggedUnion('kind', { sum: object({ kind: literal('sum'), n: uint }), padded: object({ kind: literal('padded'), text: str() }) });
type Req = ReturnType<typeof request>;
type Res = ReturnType<typeof response>;

const servers: TcpServer[] = [];
const conns: TcpConnection<Req, Res>[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
});

async function server(opts: { authToken?: string; maxInFlight?: number; port?: number } = {}) {
  const errors: string[] = [];
  const s = await startTcpServer<Req, Res>({
    host: '127.0.0.1',
    port: opts.port ?? 0,
    requestSchema: request,
    authToken: opts.authToken,
    maxInFlight: opts.maxInFlight,
    maxFrameBytes: 1024,
    onRequest: (req, reply) =>
      req.kind === 'pad' ? reply.ok({ kind: 'padded', text: 'x'.repeat(req.n) }) : setTimeout(() => reply.ok({ kind: 'sum', n: req.n + 1 }), req.delayMs),
    onProtocolError: (code) => errors.push(code),
  });
  servers.push(s);
  return { s, errors };
}

function client(port: number, authToken?: string) {
  const c = new TcpConnection<Req, Res>({ host: '127.0.0.1', port, responseSchema: response, authToken, reconnectHoldOffMs: 50, maxFrameBytes: 1024 });
  conns.push(c);
  return c;
}

/**
 * rawExchange sends bytes on a fresh socket and collects decoded frames until the server closes,
 * or (closed: false) until `replies` frames followed the welcome, or after 3 s.
 */
function rawExchange(port: number, chunks: Buffer[], replies?: number): Promise<{ frames: unknown[]; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const decoder = new FrameDecoder();
    const frames: unknown[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ frames, closed: false });
    }, 3000);
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
    });
    socket.on('data', (d) => {
      frames.push(...decoder.push(d));
      if (replies !== undefined && frames.length >= replies + 1) {
        clearTimeout(timer);
        socket.removeAllListeners('close');
        socket.destroy();
        resolve({ frames, closed: false });
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ frames, closed: true });
    });
  });
}

const hello = encodeFrame({ type: 'hello', version: PROTOCOL_VERSION });

describe('TCP transport', () => {
  it('pipelines requests on one connection and matches responses by id', async () => {
    const { s } = await server();
    const c = client(s.port);
    // Later requests finish first; each caller still gets its own answer.
    const results = await Promise.all([30, 20, 10, 0].map((d, i) => c.request({ kind: 'add', n: i, delayMs: d }, 2000)));
    expect(results).toEqual([0, 1, 2, 3].map((i) => ({ ok: true, response: { kind: 'sum', n: i + 1 } })));
    expect(s.connections).toBe(1);
  });

  it('times a request out without disturbing the others', async () => {
    const { s } = await server();
    const c = client(s.port);
    const [slow, fast] = await Promise.all([c.request({ kind: 'add', n: 1, delayMs: 500 }, 100), c.request({ kind: 'add', n: 2, delayMs: 0 }, 2000)]);
    expect(slow).toMatchObject({ ok: false, reason: 'timeout' });
    expect(fast).toEqual({ ok: true, response: { kind: 'sum', n: 3 } });
  });

  it('bounds requests in flight per connection and still answers them all', async () => {
    const { s } = await server({ maxInFlight: 4 });
    const c = client(s.port);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => c.request({ kind: 'add', n: i, delayMs: 1 }, 10_000)));
    expect(results.every((r, i) => r.ok && r.response.kind === 'sum' && r.response.n === i + 1)).toBe(true);
  });

  it('refuses a client without the auth token at connect, and accepts one with it', async () => {
    const { s, errors } = await server({ authToken: 'sesame' });
    expect(await client(s.port).request({ kind: 'add', n: 1, delayMs: 0 }, 2000)).toMatchObject({ ok: false, reason: 'refused', code: 'unauthorized' });
    expect(await client(s.port, 'wrong').request({ kind: 'add', n: 1, delayMs: 0 }, 2000)).toMatchObject({ ok: false, reason: 'refused', code: 'unauthorized' });
    expect(await client(s.port, 'sesame').request({ kind: 'add', n: 1, delayMs: 0 }, 2000)).toEqual({ ok: true, response: { kind: 'sum', n: 2 } });
    // A raw client that skips hello gets an error and a closed connection, not an answer.
    const raw = await rawExchange(s.port, [encodeFrame({ type: 'req', id: 1, body: { kind: 'add', n: 1, delayMs: 0 } })]);
    expect(raw).toEqual({ frames: [expect.objectContaining({ type: 'error', code: 'protocol' })], closed: true });
    expect(errors).toEqual(['unauthorized', 'unauthorized', 'protocol']);
  });

  it.each([
    ['garbage bytes', [hello, Buffer.from([0, 0, 0, 2, 0x92, 0x01])], 'malformed'],
    ['an oversized frame', [hello, Buffer.from([0, 1, 0, 0])], 'oversized'],
    ['a request before hello', [encodeFrame({ type: 'req', id: 1, body: { kind: 'add', n: 1, delayMs: 0 } })], 'protocol'],
    ['a request frame without an id', [hello, encodeFrame({ type: 'req', body: { kind: 'add', n: 1, delayMs: 0 } })], 'schema'],
    ['a frame of no known type', [hello, encodeFrame({ type: 'bye', id: 1 })], 'schema'],
    ['a second hello', [hello, hello], 'protocol'],
    ['a wrong version', [encodeFrame({ type: 'hello', version: 99 })], 'version'],
  ])('answers %s with an error frame and a closed connection, and keeps serving others', async (_, chunks, code) => {
    const { s } = await server();
    const other = client(s.port);
    expect((await other.request({ kind: 'add', n: 1, delayMs: 0 }, 2000)).ok).toBe(true);
    const raw = await rawExchange(s.port, chunks);
    expect(raw.closed).toBe(true);
    expect(raw.frames.at(-1)).toMatchObject({ type: 'error', code });
    expect(await other.request({ kind: 'add', n: 5, delayMs: 0 }, 2000)).toEqual({ ok: true, response: { kind: 'sum', n: 6 } });
  });

  it.each([
    ['a wrong field type', { kind: 'add', n: 'one', delayMs: 0 }],
    ['an unknown kind', { kind: 'mul', n: 1, delayMs: 0 }],
    ['an unknown field', { kind: 'add', n: 1, delayMs: 0, extra: true }],
  ])('refuses a request with %s alone, naming its id, and keeps the connection in sync', async (_, body) => {
    const { s, errors } = await server();
    const good = (id: number, n: number) => encodeFrame({ type: 'req', id, body: { kind: 'add', n, delayMs: 0 } });
    const raw = await rawExchange(s.port, [hello, good(1, 1), encodeFrame({ type: 'req', id: 2, body }), good(3, 3)], 3);
    expect(raw.closed).toBe(false);
    expect(raw.frames.slice(1)).toEqual(
      expect.arrayContaining([
        { type: 'res', id: 1, body: { kind: 'sum', n: 2 } },
        { type: 'error', code: 'schema', id: 2, message: expect.any(String) },
        { type: 'res', id: 3, body: { kind: 'sum', n: 4 } },
      ]),
    );
    expect(errors).toEqual(['schema']);
    // The client side reports it as a refusal of that request only.
    const c = client(s.port);
    expect(await c.request(body as unknown as Req, 2000)).toMatchObject({ ok: false, reason: 'refused', code: 'schema' });
    expect(await c.request({ kind: 'add', n: 4, delayMs: 0 }, 2000)).toEqual({ ok: true, response: { kind: 'sum', n: 5 } });
  });

  it('answers a reply too big for one frame with a per-request error and keeps the connection', async () => {
    const { s } = await server();
    const c = client(s.port);
    expect(await c.request({ kind: 'pad', n: 5000 }, 2000)).toMatchObject({ ok: false, reason: 'refused', code: 'oversized' });
    expect(await c.request({ kind: 'pad', n: 10 }, 2000)).toEqual({ ok: true, response: { kind: 'padded', text: 'x'.repeat(10) } });
    expect(s.connections).toBe(1);
  });

  it('refuses to send a request too big for one frame, without touching the connection', async () => {
    const { s } = await server();
    const c = client(s.port);
    expect(await c.request({ kind: 'add', n: 1, delayMs: 0 }, 2000)).toMatchObject({ ok: true });
    const huge = { kind: 'add', n: 1, delayMs: 0, pad: 'y'.repeat(5000) } as unknown as Req;
    expect(await c.request(huge, 2000)).toMatchObject({ ok: false, code: 'oversized' });
    expect(await c.request({ kind: 'add', n: 2, delayMs: 0 }, 2000)).toEqual({ ok: true, response: { kind: 'sum', n: 3 } });
  });

  it('reports a truncated frame when the peer half-closes inside it', async () => {
    const { s } = await server();
    const frame = encodeFrame({ type: 'req', id: 1, body: { kind: 'add', n: 1, delayMs: 0 } });
    const raw = await new Promise<unknown[]>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port: s.port, allowHalfOpen: true });
      const decoder = new FrameDecoder();
      const frames: unknown[] = [];
      socket.on('connect', () => socket.end(Buffer.concat([hello, frame.subarray(0, frame.length - 2)])));
      socket.on('data', (d) => frames.push(...decoder.push(d)));
      socket.on('close', () => resolve(frames));
    });
    expect(raw).toEqual([{ type: 'welcome', version: PROTOCOL_VERSION }, expect.objectContaining({ type: 'error', code: 'truncated' })]);
  });

  it('gives up on a peer that accepts the connection but never welcomes', async () => {
    // It reads (and so notices the client leaving) but never answers.
    const silent = net.createServer((socket) => socket.on('error', () => {}).resume());
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as net.AddressInfo).port;
    const c = new TcpConnection<Req, Res>({ host: '127.0.0.1', port, responseSchema: response, connectTimeoutMs: 100 });
    conns.push(c);
    expect(await c.open(2000)).toMatchObject({ ok: false, reason: 'unreachable', message: expect.stringContaining('handshake') });
    expect(await c.request({ kind: 'add', n: 1, delayMs: 0 }, 2000)).toMatchObject({ ok: false, reason: 'unreachable' });
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it('fails fast while a server is down and reconnects once it is back', async () => {
    const { s } = await server();
    const port = s.port;
    const c = client(port);
    expect((await c.request({ kind: 'add', n: 1, delayMs: 0 }, 2000)).ok).toBe(true);
    await s.close();
    servers.splice(0);
    expect(await c.request({ kind: 'add', n: 1, delayMs: 0 }, 2000)).toMatchObject({ ok: false });
    await server({ port });
    await new Promise((r) => setTimeout(r, 100)); // past the reconnect hold-off
    expect(await c.request({ kind: 'add', n: 7, delayMs: 0 }, 2000)).toEqual({ ok: true, response: { kind: 'sum', n: 8 } });
  });
});
