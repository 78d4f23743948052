/**
 * A small RPC over TCP for applications: one JSON object per line, each request carrying an id
 * that its response echoes, many requests in flight per connection. A line without an id is a
 * notification (messages between nodes): handled in order, never answered, so it costs the
 * sender no timer and the receiver no answer line. It carries what WormSpace
 * itself does not: users' requests to an application (kv put, log append) and messages between
 * application nodes. Bad input is answered with one line and changes nothing: a line that is not
 * JSON, has no method, or is longer than MAX_LINE_BYTES closes that connection only.
 */
import { writeCoalesced } from '../../transport/coalesce.ts';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export const MAX_LINE_BYTES = 1 << 20;

export interface RpcRequest {
  /** Absent in a notification: a one-way message that gets no answer. */
  id?: number;
  method: string;
  params: unknown;
}

export type RpcResponse = { id: number; result: unknown } | { id: number; error: string };

export class RpcError extends Error {}

export type RpcHandler = (method: string, params: unknown) => Promise<unknown> | unknown;

/** lines splits a socket's bytes into lines, enforcing the length bound. */
function onLines(sock: Socket, onLine: (line: string) => void, onTooLong: () => void): void {
  let buf = '';
  sock.setEncoding('utf8');
  sock.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.trim() !== '') onLine(line);
    }
    if (Buffer.byteLength(buf) > MAX_LINE_BYTES) onTooLong();
  });
}

export class RpcServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(handler: RpcHandler) {
    this.server = createServer((sock) => {
      sock.setNoDelay(true);
      this.sockets.add(sock);
      // Answers are small writes: without this, Nagle's algorithm holds one back until the
      // client's delayed ACK (tens of ms) whenever an earlier answer is still unacknowledged.
      sock.setNoDelay(true);
      sock.on('close', () => this.sockets.delete(sock));
      sock.on('error', () => sock.destroy());
      const answer = (r: RpcResponse): void => {
        if (!sock.destroyed) writeCoalesced(sock, JSON.stringify(r) + '\n');
      };
      onLines(
        sock,
        (line) => {
          let req: RpcRequest;
          try {
            req = JSON.parse(line) as RpcRequest;
          } catch {
            answer({ id: -1, error: 'malformed request: not JSON' });
            sock.end();
            return;
          }
          if (req === null || typeof req !== 'object' || typeof req.method !== 'string' || (req.id !== undefined && typeof req.id !== 'number')) {
            answer({ id: -1, error: 'malformed request: needs {"id": number, "method": string, "params": ...} ("id" left out: a notification)' });
            sock.end();
            return;
          }
          const id = req.id;
          if (id === undefined) {
            // A notification: handled like a request, but nobody waits for an answer or an error.
            Promise.resolve()
              .then(() => handler(req.method, req.params))
              .catch(() => {});
            return;
          }
          Promise.resolve()
            .then(() => handler(req.method, req.params))
            .then(
              (result) => answer({ id, result: result ?? null }),
              (err: unknown) => answer({ id, error: err instanceof Error ? err.message.split('\n')[0]! : String(err) }),
            );
        },
        () => {
          answer({ id: -1, error: `request line longer than ${MAX_LINE_BYTES} bytes` });
          sock.destroy();
        },
      );
    });
  }

  /** listen starts an RPC server on host:port (port 0 picks one); resolves once it listens. */
  static listen(host: string, port: number, handler: RpcHandler): Promise<RpcServer> {
    const s = new RpcServer(handler);
    return new Promise((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(port, host, () => {
        s.server.off('error', reject);
        resolve(s);
      });
    });
  }

  get port(): number {
    const a = this.server.address();
    return typeof a === 'object' && a !== null ? a.port : 0;
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** RpcClient keeps one connection to one address and multiplexes calls over it. */
export class RpcClient {
  private sock: Socket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  constructor(readonly address: string) {}

  private connect(): Socket {
    if (this.sock && !this.sock.destroyed) return this.sock;
    const m = /^(.+):(\d{1,5})$/.exec(this.address);
    if (!m) throw new RpcError(`address must be host:port, got ${JSON.stringify(this.address)}`);
    const sock = createConnection({ host: m[1]!, port: Number(m[2]) });
    sock.setNoDelay(true);
    const fail = (why: string): void => {
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new RpcError(`${this.address}: ${why}`));
        this.pending.delete(id);
      }
    };
    sock.on('error', (err) => fail(err.message));
    sock.on('close', () => fail('connection closed'));
    onLines(
      sock,
      (line) => {
        let r: RpcResponse;
        try {
          r = JSON.parse(line) as RpcResponse;
        } catch {
          sock.destroy();
          return;
        }
        const p = this.pending.get(r.id);
        if (!p) return;
        this.pending.delete(r.id);
        clearTimeout(p.timer);
        if ('error' in r) p.reject(new RpcError(r.error));
        else p.resolve(r.result);
      },
      () => sock.destroy(),
    );
    this.sock = sock;
    return sock;
  }

  /** call sends one request and resolves with its result; it rejects with RpcError on error, close or timeout. */
  call(method: string, params: unknown, timeoutMs = 5000): Promise<unknown> {
    let sock: Socket;
    try {
      sock = this.connect();
    } catch (err) {
      return Promise.reject(err);
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RpcError(`${this.address}: no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      writeCoalesced(sock, JSON.stringify({ id, method, params } satisfies RpcRequest) + '\n');
    });
  }

  /**
   * notify sends a one-way message: no answer comes back, so no timer or pending entry is kept
   * for it. A message that cannot be sent is lost, as any message between nodes may be.
   */
  notify(method: string, params: unknown): void {
    let sock: Socket;
    try {
      sock = this.connect();
    } catch {
      return;
    }
    writeCoalesced(sock, JSON.stringify({ method, params }) + '\n');
  }

  close(): void {
    this.sock?.destroy();
    this.sock = null;
  }
}
