/**
 * The client side of the TCP transport: one reusable connection to one server, with pipelining
 * (many requests in flight, matched to responses by id), per-request timeouts, bounded in-flight
 * requests and output (backpressure), and lazy reconnection with a short hold-off after a failure.
 *
 * Every outcome is a value, never an exception: a protocol client treats a lost, late or refused
 * request the same way (the server did not answer), and decides about quorums and retries itself.
 */
import net from 'node:net';
import tls from 'node:tls';
import { writeCoalesced } from './coalesce.ts';
import { FrameDecoder, FrameError, encodeFrame, DEFAULT_MAX_FRAME_BYTES } from './frame.ts';
import { type ClientFrame, type ErrorCode, type ServerFrame, PROTOCOL_VERSION, serverFrameSchema } from './envelope.ts';
import { type Schema, SchemaError } from './schema.ts';

/** Outcome of one request: the server's response, or why there is none. */
export type RequestOutcome<Res> =
  | { ok: true; response: Res }
  | { ok: false; reason: 'timeout' | 'unreachable' | 'disconnected' | 'refused'; message: string; code?: ErrorCode };

export interface TcpConnectionOptions<Res> {
  host: string;
  port: number;
  responseSchema: Schema<Res>;
  authToken?: string;
  /** clientId is sent in the hello, so the server can name this client in its traces. */
  clientId?: number;
  maxFrameBytes?: number;
  /** maxInFlight bounds requests sent and unanswered; later ones wait in a local queue. */
  maxInFlight?: number;
  connectTimeoutMs?: number;
  /** reconnectHoldOffMs: after a failed connect, requests fail fast for this long. */
  reconnectHoldOffMs?: number;
  /**
   * tls, when set, connects with TLS: `ca` is the certificate (PEM) to trust for this server (by
   * default the system's CAs); the server's certificate must name the host (DNS name or IP).
   */
  tls?: { ca?: string | Buffer; servername?: string };
}

interface Pending<Res> {
  resolve: (outcome: RequestOutcome<Res>) => void;
  timer: NodeJS.Timeout;
}

interface Queued<Res> {
  /** The encoded frame, ready to write: encoding happens once, when the request is made. */
  frame: Buffer;
  pending: Pending<Res>;
  id: number;
}

type State = 'idle' | 'connecting' | 'ready' | 'closed';

export class TcpConnection<Req, Res> {
  private state: State = 'idle';
  private socket: net.Socket | undefined;
  private decoder: FrameDecoder | undefined;
  private nextId = 1;
  private readonly inFlight = new Map<number, Pending<Res>>();
  private readonly waiting: Queued<Res>[] = [];
  private holdOffUntil = 0;
  private connectTimer: NodeJS.Timeout | undefined;
  private readonly readyWaiters = new Set<(outcome: { ok: true } | Extract<RequestOutcome<Res>, { ok: false }>) => void>();
  private lastFailure = '';
  private readonly frameSchema: Schema<ServerFrame<Res>>;
  private readonly maxFrameBytes: number;
  private readonly maxInFlight: number;

  constructor(private readonly options: TcpConnectionOptions<Res>) {
    this.frameSchema = serverFrameSchema(options.responseSchema);
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.maxInFlight = options.maxInFlight ?? 1024;
  }

  get address(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  /** request sends one request and resolves with its outcome within timeoutMs. */
  request(body: Req, timeoutMs: number): Promise<RequestOutcome<Res>> {
    return new Promise((resolve) => {
      if (this.state === 'closed') {
        resolve({ ok: false, reason: 'disconnected', message: `connection to ${this.address} was closed by the client` });
        return;
      }
      if (this.state === 'idle' && Date.now() < this.holdOffUntil) {
        resolve({ ok: false, reason: 'unreachable', message: this.lastFailure });
        return;
      }
      const id = this.nextId++;
      let frame: Buffer;
      try {
        frame = encodeFrame({ type: 'req', id, body } satisfies ClientFrame<Req>, this.maxFrameBytes);
      } catch (err) {
        if (!(err instanceof FrameError)) throw err;
        resolve({ ok: false, reason: 'refused', message: `request not sent to ${this.address}: ${err.message}`, code: 'oversized' });
        return;
      }
      const timer = setTimeout(() => {
        this.inFlight.delete(id);
        const i = this.waiting.findIndex((q) => q.id === id);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve({ ok: false, reason: 'timeout', message: `${this.address} did not answer within ${timeoutMs} ms` });
        this.pump();
      }, timeoutMs);
      this.waiting.push({ frame, id, pending: { resolve, timer } });
      if (this.state === 'idle') this.connect();
      else this.pump();
    });
  }

  /**
   * open connects (if not yet connected) and resolves once the server welcomed this client, or
   * with the reason it did not: a wrong auth token shows up here, before any request is sent.
   */
  open(timeoutMs: number): Promise<{ ok: true } | Extract<RequestOutcome<Res>, { ok: false }>> {
    if (this.state === 'ready') return Promise.resolve({ ok: true });
    if (this.state === 'closed') return Promise.resolve({ ok: false, reason: 'disconnected', message: `connection to ${this.address} was closed by the client` });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.readyWaiters.delete(waiter);
        resolve({ ok: false, reason: 'timeout', message: `${this.address} did not welcome this client within ${timeoutMs} ms` });
      }, timeoutMs);
      const waiter = (outcome: { ok: true } | Extract<RequestOutcome<Res>, { ok: false }>) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      this.readyWaiters.add(waiter);
      if (this.state === 'idle') this.connect();
    });
  }

  /** close fails every pending request and closes the socket; the connection cannot be reused. */
  close(): void {
    this.state = 'closed';
    this.failAll('disconnected', `connection to ${this.address} was closed by the client`);
    this.socket?.destroy();
  }

  private connect(): void {
    this.state = 'connecting';
    const tlsOptions = this.options.tls;
    const socket = tlsOptions
      ? tls.connect({ host: this.options.host, port: this.options.port, ca: tlsOptions.ca, servername: tlsOptions.servername ?? (net.isIP(this.options.host) ? undefined : this.options.host) }).setNoDelay(true)
      : net.connect({ host: this.options.host, port: this.options.port, noDelay: true });
    this.socket = socket;
    this.decoder = new FrameDecoder(this.maxFrameBytes);
    // The deadline covers the whole handshake, TCP connect and welcome: a peer that accepts the
    // connection but never welcomes (not a WormSpace server) must not hold requests forever.
    const connectTimeoutMs = this.options.connectTimeoutMs ?? 2000;
    const connectTimer = setTimeout(
      () => this.fail(socket, 'unreachable', `${this.address} did not complete the handshake within ${connectTimeoutMs} ms`),
      connectTimeoutMs,
    );
    this.connectTimer = connectTimer;
    socket.once(tlsOptions ? 'secureConnect' : 'connect', () => {
      const hello: ClientFrame<Req> = { type: 'hello', version: PROTOCOL_VERSION };
      if (this.options.authToken !== undefined) hello.token = this.options.authToken;
      if (this.options.clientId !== undefined) hello.client = this.options.clientId;
      socket.write(encodeFrame(hello, this.maxFrameBytes));
    });
    socket.on('data', (chunk: Buffer) => this.onData(socket, chunk));
    socket.on('drain', () => this.pump());
    socket.on('error', (err) => {
      clearTimeout(connectTimer);
      const reason = this.state === 'connecting' ? 'unreachable' : 'disconnected';
      this.fail(socket, reason, `${this.address}: ${err.message}`);
    });
    socket.on('close', () => {
      clearTimeout(connectTimer);
      this.fail(socket, this.state === 'connecting' ? 'unreachable' : 'disconnected', `${this.address} closed the connection`);
    });
  }

  private onData(socket: net.Socket, chunk: Buffer): void {
    if (socket !== this.socket) return;
    let values: unknown[];
    try {
      values = this.decoder!.push(chunk);
    } catch (err) {
      if (err instanceof FrameError) return this.fail(socket, 'disconnected', `${this.address} sent a bad frame: ${err.message}`);
      throw err;
    }
    for (const value of values) {
      let frame;
      try {
        frame = this.frameSchema(value, '');
      } catch (err) {
        if (err instanceof SchemaError) return this.fail(socket, 'disconnected', `${this.address} sent a bad frame: ${err.message}`);
        throw err;
      }
      if (frame.type === 'welcome') {
        if (this.state !== 'connecting') return this.fail(socket, 'disconnected', `${this.address} sent an unexpected welcome`);
        this.state = 'ready';
        clearTimeout(this.connectTimer);
        this.holdOffUntil = 0;
        this.notifyReady({ ok: true });
        this.pump();
      } else if (frame.type === 'res') {
        this.settle(frame.id, { ok: true, response: frame.body });
      } else if (frame.id !== undefined && this.inFlight.has(frame.id)) {
        // A per-request error (the server could not persist it); the connection stays usable.
        this.settle(frame.id, { ok: false, reason: 'refused', message: `${this.address}: ${frame.message}`, code: frame.code });
      } else if (frame.code === 'timeout' && this.inFlight.size === 0) {
        // The server closed a connection this client left idle: the next request reconnects.
        this.reset(socket);
      } else {
        // A connection-level refusal (bad token, bad frame): every pending request fails with it.
        this.holdOffUntil = Date.now() + (this.options.reconnectHoldOffMs ?? 200);
        this.lastFailure = `${this.address} refused the connection: ${frame.message}`;
        this.failAll('refused', this.lastFailure, frame.code);
        this.reset(socket);
      }
    }
  }

  private settle(id: number, outcome: RequestOutcome<Res>): void {
    const pending = this.inFlight.get(id);
    if (!pending) return; // answered after its timeout: the caller has moved on.
    this.inFlight.delete(id);
    clearTimeout(pending.timer);
    pending.resolve(outcome);
    this.pump();
  }

  /** pump moves waiting requests onto the wire while the in-flight and output bounds allow. */
  private pump(): void {
    const socket = this.socket;
    if (this.state !== 'ready' || !socket) return;
    while (this.waiting.length > 0 && this.inFlight.size < this.maxInFlight && !socket.writableNeedDrain) {
      const q = this.waiting.shift()!;
      this.inFlight.set(q.id, q.pending);
      writeCoalesced(socket, q.frame);
    }
  }

  private fail(socket: net.Socket, reason: 'unreachable' | 'disconnected', message: string): void {
    if (socket !== this.socket) return;
    if (reason === 'unreachable') {
      this.holdOffUntil = Date.now() + (this.options.reconnectHoldOffMs ?? 200);
      this.lastFailure = message;
    }
    this.failAll(reason, message);
    this.reset(socket);
  }

  private reset(socket: net.Socket): void {
    socket.destroy();
    if (socket === this.socket) {
      this.socket = undefined;
      this.decoder = undefined;
      if (this.state !== 'closed') this.state = 'idle';
    }
  }

  private notifyReady(outcome: { ok: true } | Extract<RequestOutcome<Res>, { ok: false }>): void {
    const waiters = [...this.readyWaiters];
    this.readyWaiters.clear();
    for (const w of waiters) w(outcome);
  }

  private failAll(reason: 'unreachable' | 'disconnected' | 'refused', message: string, code?: ErrorCode): void {
    this.notifyReady(code === undefined ? { ok: false, reason, message } : { ok: false, reason, message, code });
    const all = [...this.inFlight.values(), ...this.waiting.map((q) => q.pending)];
    this.inFlight.clear();
    this.waiting.length = 0;
    for (const p of all) {
      clearTimeout(p.timer);
      p.resolve(code === undefined ? { ok: false, reason, message } : { ok: false, reason, message, code });
    }
  }
}
