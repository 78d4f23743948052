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
import tls from 'node:tls';
import { timingSafeEqual, createHash } from 'node:crypto';
import { writeCoalesced } from './coalesce.ts';
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
  /** The role of the token the peer presented, when the server has tokens. */
  role?: string;
}

export interface TcpServerOptions<Req, Res> {
  host: string;
  port: number;
  requestSchema: Schema<Req>;
  /** onRequest handles one request; `peer.client` is the id the client gave in its hello. */
  onRequest: (request: Req, reply: Reply<Res>, peer: Peer) => void;
  /** authToken, when set, must be presented in every connection's hello (shorthand for one token of role `admin`). */
  authToken?: string;
  /** tokens, when set, are the tokens a hello may present; the peer gets the role of its token. */
  tokens?: ReadonlyArray<{ token: string; role: string }>;
  /** tls, when set, makes the listener speak TLS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  maxFrameBytes?: number;
  /** maxInFlight bounds the unanswered requests of one connection; beyond it, reading pauses. */
  maxInFlight?: number;
  /** helloTimeoutMs closes connections that never say hello. */
  helloTimeoutMs?: number;
  /** idleTimeoutMs closes a greeted connection with nothing in flight that sent nothing for this long. */
  idleTimeoutMs?: number;
  /** frameTimeoutMs: a frame must arrive whole within this time of its first byte. */
  frameTimeoutMs?: number;
  /** maxConnections: connections beyond it get one `busy` error frame and are closed. */
  maxConnections?: number;
  /**
   * maxBufferedBytes is the server-wide budget for bytes of partial frames (received, not yet a
   * whole frame) over all connections; a connection whose bytes would exceed it is refused with
   * `busy`. One connection can buffer at most one frame (maxFrameBytes plus its header).
   */
  maxBufferedBytes?: number;
  /**
   * maxUnsentBytes: the server-wide budget for replies written but not yet taken by their peers;
   * a connection that pushes the sum over it is closed (its peer asks and does not read).
   */
  maxUnsentBytes?: number;
  /** onProtocolError is told about each refused connection (for logs and tests). */
  onProtocolError?: (code: ErrorCode, message: string, remote: string) => void;
}

export interface TcpServer {
  readonly host: string;
  readonly port: number;
  readonly connections: number;
  /** bufferedBytes: bytes of partial frames held now, over all connections. */
  readonly bufferedBytes: number;
  close(): Promise<void>;
}

/** WRITE_HIGH_WATER_BYTES: above this much unsent output, a connection stops reading requests. */
const WRITE_HIGH_WATER_BYTES = 1 << 20;

/** The defaults of the resource limits; docs/runtime.md derives a server's memory bound from them. */
export const DEFAULT_LIMITS = {
  helloTimeoutMs: 10_000,
  idleTimeoutMs: 300_000,
  frameTimeoutMs: 30_000,
  maxConnections: 256,
  maxBufferedBytes: 64 * 1024 * 1024,
  maxUnsentBytes: 64 * 1024 * 1024,
} as const;

function digest(token: string): Buffer {
  // Comparing fixed-length digests keeps the comparison constant-time whatever the token lengths.
  return createHash('sha256').update(token, 'utf8').digest();
}

export function startTcpServer<Req, Res>(options: TcpServerOptions<Req, Res>): Promise<TcpServer> {
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const maxInFlight = options.maxInFlight ?? 1024;
  const helloTimeoutMs = options.helloTimeoutMs ?? DEFAULT_LIMITS.helloTimeoutMs;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_LIMITS.idleTimeoutMs;
  const frameTimeoutMs = options.frameTimeoutMs ?? DEFAULT_LIMITS.frameTimeoutMs;
  const maxConnections = options.maxConnections ?? DEFAULT_LIMITS.maxConnections;
  const maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_LIMITS.maxBufferedBytes;
  const maxUnsentBytes = options.maxUnsentBytes ?? DEFAULT_LIMITS.maxUnsentBytes;
  const frameSchema = clientFrameSchema(options.requestSchema);
  const tokenList = [...(options.tokens ?? []), ...(options.authToken === undefined ? [] : [{ token: options.authToken, role: 'admin' }])];
  const expectedTokens = tokenList.length === 0 ? undefined : tokenList.map((t) => ({ digest: digest(t.token), role: t.role }));
  /** roleOf finds a token's role, comparing with every entry (constant time per entry, no early exit). */
  const roleOf = (token: string): string | undefined => {
    const d = digest(token);
    let role: string | undefined;
    for (const e of expectedTokens!) if (timingSafeEqual(d, e.digest) && role === undefined) role = e.role;
    return role;
  };
  const sockets = new Set<net.Socket>();
  /** Bytes of partial frames held by all connections (each connection's decoder.pendingBytes). */
  let bufferedBytes = 0;

  const onConnection = (socket: net.Socket): void => {
    socket.setNoDelay(true);
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    if (sockets.size >= maxConnections) {
      // Refused before anything is read or buffered: one error frame, then the socket is gone.
      const message = `the server is at its limit of ${maxConnections} connections`;
      options.onProtocolError?.('busy', message, remote);
      socket.on('error', () => {});
      socket.end(encodeFrame({ type: 'error', code: 'busy', message } satisfies ServerFrame<Res>));
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    sockets.add(socket);
    const peer: Peer = { remote };
    const decoder = new FrameDecoder(maxFrameBytes);
    /** This connection's share of bufferedBytes. */
    let counted = 0;
    let greeted = false;
    let closed = false;
    let inFlight = 0;
    let paused = false;
    let peerEnded = false;

    const helloTimer = setTimeout(() => refuse('protocol', `no hello within ${helloTimeoutMs} ms`), helloTimeoutMs);
    helloTimer.unref();
    // One timer serves both deadlines: the idle one (greeted, nothing in flight, nothing buffered)
    // and the partial-frame one (a frame started and not finished).
    let deadline: NodeJS.Timeout | undefined;
    let frameStarted = 0;
    const rearm = (): void => {
      if (deadline) clearTimeout(deadline);
      deadline = undefined;
      if (closed) return;
      if (decoder.pendingBytes > 0) {
        if (frameStarted === 0) frameStarted = Date.now();
        const left = Math.max(0, frameStarted + frameTimeoutMs - Date.now());
        deadline = setTimeout(() => refuse('timeout', `a frame did not arrive whole within ${frameTimeoutMs} ms (${decoder.pendingBytes} bytes received)`), left);
      } else {
        frameStarted = 0;
        if (greeted && inFlight === 0) deadline = setTimeout(() => refuse('timeout', `idle for ${idleTimeoutMs} ms`), idleTimeoutMs);
      }
      deadline?.unref();
    };
    const account = (): void => {
      const now = closed ? 0 : decoder.pendingBytes;
      bufferedBytes += now - counted;
      counted = now;
    };

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
      writeCoalesced(socket, bytes);
      // Peers that ask and do not read make replies pile up here; reading from a connection stops
      // above WRITE_HIGH_WATER_BYTES of its unsent output, but replies to requests already in
      // flight still come. Their sum over all connections is bounded: the connection that pushes
      // it over the budget is closed. Summed only on this rare path.
      if (socket.writableLength > WRITE_HIGH_WATER_BYTES) {
        let unsent = 0;
        for (const s of sockets) unsent += s.writableLength;
        if (unsent > maxUnsentBytes) {
          options.onProtocolError?.('busy', `${unsent} bytes of replies unread over all connections (limit ${maxUnsentBytes}); this peer holds ${socket.writableLength}`, remote);
          closed = true;
          account();
          socket.destroy();
        }
      }
    };

    // refuse sends one error frame and closes: after a broken rule the byte stream cannot be
    // trusted to be in sync, so nothing more is read from it.
    function refuse(code: ErrorCode, message: string, id?: number): void {
      if (closed) return;
      options.onProtocolError?.(code, message, remote);
      send(id === undefined ? { type: 'error', code, message } : { type: 'error', code, message, id });
      closed = true;
      decoder.clear();
      account();
      clearTimeout(helloTimer);
      if (deadline) clearTimeout(deadline);
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
        if (!(err instanceof SchemaError)) throw err;
        // A request whose envelope is sound but whose body breaks the schema is refused alone,
        // naming its id: the frame was decoded whole, so the stream is still in sync, and the
        // client can report the refusal at once instead of retrying into its timeout.
        const id = greeted ? requestEnvelope(value) : undefined;
        if (id === undefined) return refuse('schema', err.message);
        options.onProtocolError?.('schema', err.message, remote);
        send({ type: 'error', code: 'schema', message: err.message, id });
        return;
      }
      if (frame.type === 'hello') {
        if (greeted) return refuse('protocol', 'second hello on one connection');
        if (frame.version !== PROTOCOL_VERSION) {
          return refuse('version', `protocol version ${frame.version} is not supported (server speaks ${PROTOCOL_VERSION})`);
        }
        if (expectedTokens !== undefined) {
          if (frame.token === undefined) return refuse('unauthorized', 'this server requires an auth token');
          const role = roleOf(frame.token);
          if (role === undefined) return refuse('unauthorized', 'wrong auth token');
          peer.role = role;
        }
        greeted = true;
        if (frame.client !== undefined) peer.client = frame.client;
        clearTimeout(helloTimer);
        send({ type: 'welcome', version: PROTOCOL_VERSION });
        rearm();
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
        if (inFlight === 0) rearm();
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
      if (bufferedBytes - counted + decoder.pendingBytes > maxBufferedBytes) {
        // Checked before the frames of this chunk are handled, so a refused chunk changes nothing.
        return refuse('busy', `the server holds ${bufferedBytes} bytes of partial frames, its limit is ${maxBufferedBytes}; send the frame again later`);
      }
      account();
      for (const v of values) {
        if (closed) return;
        handle(v);
      }
      rearm();
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
      account();
      sockets.delete(socket);
      clearTimeout(helloTimer);
      if (deadline) clearTimeout(deadline);
    });
  };
  const server = options.tls
    ? tls.createServer({ cert: options.tls.cert, key: options.tls.key, allowHalfOpen: true, handshakeTimeout: helloTimeoutMs, minVersion: 'TLSv1.2' }, onConnection)
    : net.createServer({ noDelay: true, allowHalfOpen: true }, onConnection);
  // Every TCP connection, handshaking ones included (a TLS socket joins `sockets` only after its
  // handshake), so that close() does not wait for a peer stuck in a handshake.
  const raw = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    raw.add(s);
    s.once('close', () => raw.delete(s));
  });
  if (options.tls) {
    // A failed handshake (a plain-TCP client, a client that does not trust the certificate).
    server.on('tlsClientError', (err, socket) => options.onProtocolError?.('protocol', `TLS handshake failed: ${err.message}`, `${socket.remoteAddress}:${socket.remotePort}`));
  }

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
        get bufferedBytes() {
          return bufferedBytes;
        },
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const s of sockets) s.destroy();
            for (const s of raw) s.destroy();
          }),
      });
    });
  });
}

const requestEnvelopeSchema = clientFrameSchema((value: unknown) => value);

/** requestEnvelope is the id of a `req` frame whose envelope (type, id) is well-formed, whatever its body. */
function requestEnvelope(value: unknown): number | undefined {
  try {
    const frame = requestEnvelopeSchema(value, '');
    return frame.type === 'req' ? frame.id : undefined;
  } catch {
    return undefined;
  }
}
