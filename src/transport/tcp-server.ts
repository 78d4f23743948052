/**
 * The server side of the TCP transport: it accepts connections, checks each one's hello (and auth
 * token), decodes and schema-checks every frame, hands well-formed requests to the handler and
 * writes the handler's responses back, tagged with the request id.
 *
 * A peer that breaks a rule (bad bytes, oversized or truncated frame, wrong field type, unknown
 * message kind, missing token) gets one error frame and a closed connection. Nothing it sent
 * after the bad frame reaches the handler, and nothing before it is affected, so other clients and
 * the stored state do not notice.
 */
import net from 'node:net';
import { timingSafeEqual, createHash } from 'node:crypto';
import { FrameDecoder, FrameError, encodeFrame, DEFAULT_MAX_FRAME_BYTES } from './frame.ts';
import { type ErrorCode, type ServerFrame, PROTOCOL_VERSION, clientFrameSchema } from './envelope.ts';
import { type Schema, SchemaError } from './schema.ts';

/**
 * Reply answers one request, once, at any later time: with a response, or with an error frame
 * that names the request (the connection stays open after a per-request error).
 */
export interface Reply<Res> {
  ok(response: Res): void;
  fail(code: ErrorCode, message: string): void;
}

/** What the server knows of the client at the other end of a connection. */
export interface Peer {
  remote: string;
  client?: number;
}

export interface TcpServerOptions<Req, Res> {
  host: string;
  port: number;
  requestSchema: Schema<Req>;
  /** onRequest handles one request; `peer.client` is the id the client gave in its hello. */
  onRequest: (request: Req, reply: Reply<Res>, peer: Peer) => void;
  /** authToken, when set, must be presented in every connection's hello. */
  authToken?: string;
  maxFrameBytes?: number;
  /** maxInFlight bounds the unanswered requests of one connection; beyond it, reading pauses. */
  maxInFlight?: number;
  /** helloTimeoutMs closes connections that never say hello. */
  helloTimeoutMs?: number;
  /** onProtocolError is told about each refused connection (for logs and tests). */
  onProtocolError?: (code: ErrorCode, message: string, remote: string) => void;
}

export interface TcpServer {
  readonly host: string;
  readonly port: number;
  readonly connections: number;
  close(): Promise<void>;
}

/** WRITE_HIGH_WATER_BYTES: above this much unsent output, a connection stops reading requests. */
const WRITE_HIGH_WATER_BYTES = 1 << 20;

function digest(token: string): Buffer {
  // Comparing fixed-length digests keeps the comparison constant-time whatever the token lengths.
  return createHash('sha256').update(token, 'utf8').digest();
}

export function startTcpServer<Req, Res>(options: TcpServerOptions<Req, Res>): Promise<TcpServer> {
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const maxInFlight = options.maxInFlight ?? 1024;
  const helloTimeoutMs = options.helloTimeoutMs ?? 10_000;
  const frameSchema = clientFrameSchema(options.requestSchema);
  const expectedToken = options.authToken === undefined ? undefined : digest(options.authToken);
  const sockets = new Set<net.Socket>();

  const server = net.createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    const peer: Peer = { remote };
    const decoder = new FrameDecoder(maxFrameBytes);
    let greeted = false;
    let closed = false;
    let inFlight = 0;
    let paused = false;
    let peerEnded = false;

    const helloTimer = setTimeout(() => refuse('protocol', `no hello within ${helloTimeoutMs} ms`), helloTimeoutMs);
    helloTimer.unref();

    const send = (frame: ServerFrame<Res>): void => {
      if (closed || socket.destroyed) return;
      let bytes: Buffer;
      try {
        bytes = encodeFrame(frame, maxFrameBytes);
      } catch (err) {
        // A reply too big for one frame (a range holding many large values): the request gets
        // an error instead, and the connection stays usable.
        if (!(err instanceof FrameError) || frame.type !== 'res') throw err;
        bytes = encodeFrame({ type: 'error', code: 'oversized', message: `the reply does not fit in one frame: ${err.message}`, id: frame.id });
      }
      socket.write(bytes);
    };

    // refuse sends one error frame and closes: after a broken rule the byte stream cannot be
    // trusted to be in sync, so nothing more is read from it.
    function refuse(code: ErrorCode, message: string, id?: number): void {
      if (closed) return;
      options.onProtocolError?.(code, message, remote);
      send(id === undefined ? { type: 'error', code, message } : { type: 'error', code, message, id });
      closed = true;
      clearTimeout(helloTimer);
      socket.end();
      // A peer that does not read its error must not hold the socket open forever.
      setTimeout(() => socket.destroy(), 1000).unref();
    }

    const updateFlow = (): void => {
      const congested = inFlight >= maxInFlight || socket.writableLength > WRITE_HIGH_WATER_BYTES;
      if (congested && !paused) {
        paused = true;
        socket.pause();
      } else if (!congested && paused) {
        paused = false;
        socket.resume();
      }
    };
    socket.on('drain', updateFlow);

    const handle = (value: unknown): void => {
      let frame;
      try {
        frame = frameSchema(value, '');
      } catch (err) {
        if (err instanceof SchemaError) return refuse('schema', err.message);
        throw err;
      }
      if (frame.type === 'hello') {
        if (greeted) return refuse('protocol', 'second hello on one connection');
        if (frame.version !== PROTOCOL_VERSION) {
          return refuse('version', `protocol version ${frame.version} is not supported (server speaks ${PROTOCOL_VERSION})`);
        }
        if (expectedToken !== undefined) {
          if (frame.token === undefined) return refuse('unauthorized', 'this server requires an auth token');
          if (!timingSafeEqual(digest(frame.token), expectedToken)) return refuse('unauthorized', 'wrong auth token');
        }
        greeted = true;
        if (frame.client !== undefined) peer.client = frame.client;
        clearTimeout(helloTimer);
        send({ type: 'welcome', version: PROTOCOL_VERSION });
        return;
      }
      if (!greeted) return refuse('protocol', 'request before hello');
      const id = frame.id;
      let answered = false;
      inFlight += 1;
      updateFlow();
      const finish = (frame: ServerFrame<Res>): void => {
        if (answered) throw new Error(`reply called twice for request ${id}`);
        answered = true;
        inFlight -= 1;
        send(frame);
        updateFlow();
        if (peerEnded && inFlight === 0) socket.end();
      };
      options.onRequest(frame.body, {
        ok: (response) => finish({ type: 'res', id, body: response }),
        fail: (code, message) => finish({ type: 'error', code, message, id }),
      }, peer);
    };

    socket.on('data', (chunk: Buffer) => {
      if (closed) return;
      let values: unknown[];
      try {
        values = decoder.push(chunk);
      } catch (err) {
        if (err instanceof FrameError) {
          // Requests that arrived in the same chunk as the bad frame are dropped with it: they
          // were never submitted, so they changed nothing, and the client sees the connection close.
          return refuse(err.code, err.message);
        }
        throw err;
      }
      for (const v of values) {
        if (closed) return;
        handle(v);
      }
    });
    socket.on('end', () => {
      if (closed) return;
      try {
        decoder.end();
      } catch (err) {
        if (err instanceof FrameError) return refuse(err.code, err.message);
        throw err;
      }
      // The client half-closed after its last request; answer what is in flight, then close.
      peerEnded = true;
      if (inFlight === 0) socket.end();
    });
    socket.on('error', () => {
      // A reset by the peer; 'close' follows and cleans up. Nothing else to do.
    });
    socket.on('close', () => {
      closed = true;
      clearTimeout(helloTimer);
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject);
      const address = server.address() as net.AddressInfo;
      resolve({
        host: address.address,
        port: address.port,
        get connections() {
          return sockets.size;
        },
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const s of sockets) s.destroy();
          }),
      });
    });
  });
}
