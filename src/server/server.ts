/**
 * A WormSpace server: one acceptor, its durable store and a TCP listener.
 *
 * Each decoded request is schema-checked (transport), then checked against the core's own request
 * rules (`checkRequest`), then stepped by the acceptor under group commit; its reply is sent once
 * the batch holding it is on disk. A request the store could not persist gets an `unavailable`
 * error frame for that request id, and the state is as before it.
 */
import { checkRequest, type Reply, type Request } from '../core/messages.ts';
import type { Tracer } from '../core/trace.ts';
import { SqliteAcceptorStore } from '../storage/sqlite-store.ts';
import type { GroupCommitStats } from '../storage/group-commit.ts';
import { requestSchema } from '../transport/message-schema.ts';
import { type Schema, SchemaError } from '../transport/schema.ts';
import { startTcpServer, type TcpServerOptions, DEFAULT_LIMITS } from '../transport/tcp-server.ts';
import { DEFAULT_MAX_FRAME_BYTES } from '../transport/frame.ts';
import type { ErrorCode } from '../transport/envelope.ts';
import { AcceptorService, RequestRefused } from './acceptor-service.ts';
import { TraceJournal, type JournaledLog } from './trace-journal.ts';
import { lockDataDir } from './data-lock.ts';
import { allows, forbiddenMessage, requiredRole, type Role, type TokenEntry } from './access.ts';

export interface ServerOptions {
  host: string;
  port: number;
  dataDir: string;
  /** authToken: one token of role admin (kept for the single-secret setup). */
  authToken?: string;
  /** tokens: the tokens clients may present, each with its role (access.ts). */
  tokens?: readonly TokenEntry[];
  /** tls: certificate and key (PEM) to serve TLS instead of plain TCP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  maxFrameBytes?: number;
  /** limits: connection cap, buffered-bytes budget and timeouts (defaults: DEFAULT_LIMITS). */
  limits?: ServerLimits;
  tracer?: Tracer | null;
  /**
   * traceLog, instead of tracer: an event log whose events are journaled in the acceptor's
   * database with the state they describe; at start, what a crash kept out of it is recovered.
   */
  traceLog?: JournaledLog | null;
  onProtocolError?: (code: ErrorCode, message: string, remote: string) => void;
}

export type ServerLimits = Partial<Record<keyof typeof DEFAULT_LIMITS, number>>;

export interface RunningServer {
  readonly host: string;
  readonly port: number;
  readonly address: string;
  readonly commitStats: GroupCommitStats;
  close(): Promise<void>;
}

/** A request must have the right shape (schema) and obey the protocol's value rules (core). */
const checkedRequest: Schema<Request> = (value, path) => {
  const request = requestSchema(value, path);
  const reason = checkRequest(request);
  if (reason !== null) throw new SchemaError(path, reason);
  return request;
};

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const lock = lockDataDir(options.dataDir);
  let store: SqliteAcceptorStore;
  let journal: TraceJournal | null = null;
  try {
    // deferredSync: each batch's fsync runs off the event loop while the next batch is stepped;
    // replies still wait for it (src/storage/group-commit.ts).
    store = new SqliteAcceptorStore(options.dataDir, { deferredSync: true });
    if (options.traceLog) {
      // A new trace file on a data folder that already holds acceptor state would start from a
      // state the spec's Init does not describe, and the journal's last batch (already logged to
      // the earlier trace) would be copied in: every check of it would fail far from the cause.
      journal = new TraceJournal(store.database);
      if (options.traceLog.fresh && (!store.isEmpty() || journal.rows().length > 0)) {
        store.close();
        throw new Error(`the data folder ${options.dataDir} already holds acceptor state that the new trace file would not record; trace from an empty data folder, or append to the trace file this folder was traced to`);
      }
      // Events committed before a crash but missing from the log go in first (trace-journal.ts).
      journal.recoverInto(options.traceLog);
    }
  } catch (err) {
    lock.release();
    throw err;
  }
  // The service is built once the listener knows its port, so trace events name the real address;
  // no request can arrive before (a client must connect and say hello first).
  let service: AcceptorService | undefined;
  const tcpOptions: TcpServerOptions<Request, Reply> = {
    host: options.host,
    port: options.port,
    requestSchema: checkedRequest,
    authToken: options.authToken,
    tokens: options.tokens,
    tls: options.tls,
    maxFrameBytes: options.maxFrameBytes,
    ...options.limits,
    onProtocolError: options.onProtocolError,
    onRequest: (request, reply, peer) => {
      // With tokens, every peer has the role of its token; a request beyond it changes nothing.
      if (peer.role !== undefined && !allows(peer.role as Role, requiredRole(request))) {
        reply.fail('forbidden', forbiddenMessage(peer.role as Role, request));
        return;
      }
      service!.submit(
        request,
        (result) => {
          if (result instanceof RequestRefused) reply.fail(result.code, result.message);
          else if (result instanceof Error) reply.fail('unavailable', `could not persist the request: ${result.message}`);
          else reply.ok(result);
        },
        peer.client === undefined ? undefined : `c${peer.client}`,
      );
    },
  };
  let tcp;
  try {
    tcp = await startTcpServer(tcpOptions);
  } catch (err) {
    store.close();
    lock.release();
    throw err;
  }
  const running = new AcceptorService(store, {
    self: `${tcp.host}:${tcp.port}`,
    tracer: options.tracer ?? null,
    traceLog: journal ? { journal, log: options.traceLog! } : null,
    maxReplyValueBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
  });
  service = running;
  let closing: Promise<void> | undefined;
  return {
    host: tcp.host,
    port: tcp.port,
    address: `${tcp.host}:${tcp.port}`,
    get commitStats() {
      return running.stats;
    },
    close: () =>
      (closing ??= (async () => {
        await tcp.close();
        // Let a batch already scheduled finish (its replies go nowhere, but it commits cleanly).
        await new Promise((r) => setImmediate(r));
        store.close();
        lock.release();
      })()),
  };
}
