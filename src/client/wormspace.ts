/**
 * WormSpace: the client library. It names WORs by (segment, offset), maps each segment to its
 * partition, and runs each API call as one of the core's proposer operations over pipelined TCP
 * connections (one per server, shared by every call), with timeouts and retries with backoff.
 *
 *     const ws = await WormSpace.connect({ servers: ['127.0.0.1:7001', '127.0.0.1:7002', '127.0.0.1:7003'], segmentSize: 1024 });
 *     await ws.alloc(1, 'log segment 1');
 *     const cap = await ws.capture(1, 0);
 *     if (cap.status === 'ok') await ws.write(1, 0, 'hello', cap.captureId);
 *     const r = await ws.read(1, 0); // { status: 'ok', value: 'hello' }
 *
 * Every call resolves with a typed result (see src/core/messages.ts): ok, alreadyWritten(value),
 * unwritten, preempted, trimmed, notAllocated or timeout. It throws only for misuse
 * (WormSpaceMisuseError): a bad argument, a wrong auth token, a call after close.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { RoundCounter, UNSAFE_BALLOT, isBallot, type Ballot } from '../core/ballot.ts';
import type { CaptureId } from '../core/capture-key.ts';
import { MAX_RANGE_LEN } from '../core/address.ts';
import type {
  AllocResult,
  CaptureResult,
  CaptureSegmentResult,
  CheckResult,
  ReadResult,
  Reply,
  Request,
  TrimResult,
  Value,
  WriteResult,
  WriteSegmentResult,
} from '../core/messages.ts';
import type { OpContext, ProposerOp } from '../core/proposer/op.ts';
import { allocOp, allocationCheck, captureOp, captureSegmentOp, checkOp, readOp, trimOp, writeOp, writeSegmentOp } from '../core/proposer/operations.ts';
import type { Tracer } from '../core/trace.ts';
import { replySchema } from '../transport/message-schema.ts';
import { TcpConnection } from '../transport/tcp-client.ts';
import { DEFAULT_RETRY, adaptiveRetry, runOp, type RetryPolicy, type Sender, type Thrift } from './driver.ts';
import { misuse, WormSpaceAccessError, WormSpaceRefusedError } from './misuse.ts';
import { PartitionMap } from './partitions.ts';
import { Listener, type ListenOptions, type WriteNotification } from './listen.ts';

export interface ConnectOptions {
  /** Every server as "host:port"; consecutive groups of 2F+1 form the partitions. */
  servers: readonly string[];
  /** WORs per segment: data offsets are 0 .. segmentSize-1. */
  segmentSize: number;
  /** Number of partitions (default 1); segment s lives on partition s mod partitions. */
  partitions?: number;
  authToken?: string;
  /** This client's ballot id; default random. Two live clients must never share one. */
  clientId?: number;
  /** Timer of each operation: first timeout, backoff factor, largest timeout. */
  retry?: Partial<RetryPolicy>;
  /** Timeouts an operation tolerates before it answers `timeout` (core default 5). */
  maxTimeouts?: number;
  /** Fresh ballots a capture or read repair tries before it answers `preempted` (core default 8). */
  maxBallots?: number;
  /**
   * Ask a quorum first (default false): a read, prepare or accept phase goes to a quorum of the
   * servers (those whose last request did not fail, in partition order) and to the others only if
   * that quorum falls short (see driver.ts): a third less server work per call on 3 servers, at
   * the cost of a short wait when a server of that quorum stalls without failing. False asks
   * every server at once.
   */
  thrifty?: boolean;
  /**
   * Adaptive first timer (default false): each call's first timer is at least 4 x the smoothed
   * round trip of this client's answered requests (at most `retry.maxTimeoutMs`), so a cluster
   * slowed down by load is not flooded with resends (each resent accept is one more write to
   * persist) the moment its round trips pass `retry.firstTimeoutMs`.
   */
  adaptiveTimeout?: boolean;
  /** How long connect waits for each server's welcome (default 2000 ms). */
  connectTimeoutMs?: number;
  /** TLS to every server: `ca` is the certificate (PEM) to trust, by default the system's CAs. */
  tls?: { ca?: string | Buffer };
  tracer?: Tracer | null;
}

/**
 * MAX_VALUE_BYTES bounds one value (UTF-8). A request carries one value and must fit in a frame
 * (4 MiB); the margin leaves room for replies that carry a value plus their other fields.
 */
export const MAX_VALUE_BYTES = 1024 * 1024;

/** A capture id as the API takes it: a ballot [round, clientId], or 0 for the unsafe write. */
/** A capture id as capture returned it (with its key), a bare ballot (its writes are refused where promises have keys), or 0. */
export type CaptureIdInput = CaptureId | 0;

function parseAddress(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(address);
  if (!m || Number(m[3]) > 65535) misuse(`server address must be host:port, got ${JSON.stringify(address)}`);
  return { host: (m[1] ?? m[2])!, port: Number(m[3]) };
}

export class WormSpace {
  readonly clientId: number;
  readonly segmentSize: number;
  private readonly partitionMap: PartitionMap;
  private readonly connections = new Map<string, TcpConnection<Request, Reply>>();
  private readonly ballots: RoundCounter;
  private readonly retry: RetryPolicy;
  private readonly allocated = new Set<number>();
  private readonly lastFailure = new Map<string, string>();
  private readonly listeners = new Set<Listener>();
  private nextRid = 1;
  private closed = false;
  /** Smoothed round trip of answered requests (ms): how long thrifty phases hold requests back, the adaptive timer. */
  private srttMs = 0;
  private readonly thrift: Thrift | undefined;

  private constructor(private readonly options: ConnectOptions) {
    if (!Number.isSafeInteger(options.segmentSize) || options.segmentSize < 1) misuse(`segmentSize must be a positive integer, got ${options.segmentSize}`);
    this.segmentSize = options.segmentSize;
    this.partitionMap = new PartitionMap(options.servers, options.partitions ?? 1);
    // Random ids make a collision between two clients vanishingly unlikely (2^-47 per pair); a
    // restarted client takes a new one, because its round counter is not durable.
    this.clientId = options.clientId ?? randomInt(1, 2 ** 47);
    // The capture-key secret (src/core/capture-key.ts): only this client, and those it hands a
    // capture id to, can write at its ballots.
    this.ballots = new RoundCounter(this.clientId, randomBytes(32));
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.thrift =
      options.thrifty !== true
        ? undefined
        : {
            // Partition order, servers whose last request failed last: every client of a healthy
            // partition asks the same quorum, so reads find what writes left there without repair.
            rank: (acceptors) => [...acceptors.filter((a) => !this.lastFailure.has(a)), ...acceptors.filter((a) => this.lastFailure.has(a))],
            // Long enough for a quorum that answers as usual, short against one that stalls.
            holdMs: () => Math.min(this.retry.firstTimeoutMs, 2 + 3 * this.srttMs),
          };
    for (const address of options.servers) {
      const { host, port } = parseAddress(address);
      this.connections.set(
        address,
        new TcpConnection<Request, Reply>({
          host,
          port,
          responseSchema: replySchema,
          authToken: options.authToken,
          clientId: this.clientId,
          connectTimeoutMs: options.connectTimeoutMs,
          tls: options.tls,
        }),
      );
    }
  }

  /**
   * connect opens a connection to every server. Unreachable servers are fine (the partition's
   * other servers serve, and the connection is retried on use); a server that refuses this
   * client (wrong auth token, other protocol version) is misuse and throws.
   */
  static async connect(options: ConnectOptions): Promise<WormSpace> {
    const ws = new WormSpace(options);
    const timeoutMs = options.connectTimeoutMs ?? 2000;
    const outcomes = await Promise.all([...ws.connections].map(async ([address, conn]) => ({ address, outcome: await conn.open(timeoutMs) })));
    for (const { address, outcome } of outcomes) {
      if (outcome.ok) continue;
      ws.lastFailure.set(address, outcome.message);
      if (outcome.reason === 'refused' && (outcome.code === 'unauthorized' || outcome.code === 'version')) {
        ws.close();
        misuse(outcome.message);
      }
    }
    return ws;
  }

  /** alloc allocates segment `seg` with metadata `meta`: ok if this call won, alreadyWritten(winner's meta) if not. */
  async alloc(seg: number, meta: Value = ''): Promise<AllocResult> {
    this.checkSeg(seg);
    this.checkValue(meta, 'meta');
    const result = await this.run(seg, (ctx) => allocOp(ctx, seg, meta));
    if (result.status === 'ok' || result.status === 'alreadyWritten') this.allocated.add(seg);
    return result;
  }

  /** check says whether `seg` is allocated: ok(metadata), or notAllocated. */
  async check(seg: number): Promise<CheckResult> {
    this.checkSeg(seg);
    const result = await this.run(seg, (ctx) => checkOp(ctx, seg));
    if (result.status === 'ok') this.allocated.add(seg);
    return result;
  }

  /** trim garbage-collects segment `seg` on its partition; later calls on it answer trimmed. */
  trim(seg: number): Promise<TrimResult> {
    this.checkSeg(seg);
    return this.run(seg, (ctx) => trimOp(ctx, seg));
  }

  /** capture takes a capture id (a preemptible lock) on WOR (seg, off). */
  capture(seg: number, off: number): Promise<CaptureResult> {
    this.checkOff(seg, off);
    return this.runData(seg, (ctx, allocated) => captureOp(ctx, seg, off, { allocated }));
  }

  /**
   * write writes `value` to WOR (seg, off) with a capture id from capture (preempted if somebody
   * captured it since), 0 for the unsafe write, or no id for capture+write in one call.
   */
  write(seg: number, off: number, value: Value, captureId?: CaptureIdInput): Promise<WriteResult> {
    this.checkOff(seg, off);
    this.checkValue(value, 'value');
    const ballot = captureId === undefined ? null : this.checkCaptureId(captureId);
    return this.runData(seg, (ctx, allocated) => writeOp(ctx, seg, off, value, ballot, { allocated }));
  }

  /** read returns the value of WOR (seg, off), or unwritten. */
  read(seg: number, off: number): Promise<ReadResult> {
    this.checkOff(seg, off);
    return this.runData(seg, (ctx, allocated) => readOp(ctx, seg, off, { allocated }));
  }

  /** captureSegment captures the WORs [start, end) of `seg` with one capture id and one round of messages. */
  captureSegment(seg: number, start: number, end: number): Promise<CaptureSegmentResult> {
    this.checkRange(seg, start, end);
    return this.runData(seg, (ctx, allocated) => captureSegmentOp(ctx, seg, start, end, { allocated }));
  }

  /** writeSegment writes one value to the WORs [start, end) of `seg` (captureId as in write). */
  writeSegment(seg: number, start: number, end: number, value: Value, captureId?: CaptureIdInput): Promise<WriteSegmentResult> {
    this.checkRange(seg, start, end);
    this.checkValue(value, 'value');
    const ballot = captureId === undefined ? null : this.checkCaptureId(captureId);
    return this.runData(seg, (ctx, allocated) => writeSegmentOp(ctx, seg, start, end, value, ballot, { allocated }));
  }

  /**
   * listen calls `onWrite` once for each WOR of `seg` that is (or becomes) written, by polling:
   * see listen.ts for the guarantees. It returns a handle whose close() stops it.
   */
  listen(seg: number, onWrite: (n: WriteNotification) => void, options: ListenOptions = {}): Listener {
    this.checkSeg(seg);
    this.checkOpen();
    const listener = new Listener(this, seg, onWrite, options, () => this.listeners.delete(listener));
    this.listeners.add(listener);
    listener.start();
    return listener;
  }

  /**
   * failures lists, for the partition of `seg`, the servers whose last request failed and why;
   * a `timeout` result can be explained with it ("no quorum: ...").
   */
  failures(seg: number): string[] {
    this.checkSeg(seg);
    return this.partitionMap.acceptorsOf(seg).flatMap((a) => (this.lastFailure.has(a) ? [this.lastFailure.get(a)!] : []));
  }

  /** close stops every listener and closes every connection; later calls are misuse. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of [...this.listeners]) l.close();
    for (const c of this.connections.values()) c.close();
  }

  private readonly send: Sender = (to, request, timeoutMs) => {
    const conn = this.connections.get(to)!;
    const sent = performance.now();
    return conn.request(request, timeoutMs).then((outcome) => {
      if (outcome.ok) this.srttMs += (performance.now() - sent - this.srttMs) / 8;
      // A role that does not allow the request will not allow its retries either, nor will a
      // schema that refuses its shape: the call fails at once (with the server's one line)
      // instead of timing out.
      if (!outcome.ok && outcome.code === 'forbidden') throw new WormSpaceAccessError(`WormSpace: ${outcome.message}`);
      if (!outcome.ok && outcome.code === 'schema') throw new WormSpaceRefusedError(`WormSpace: the server refused the request: ${outcome.message}`);
      if (outcome.ok) this.lastFailure.delete(to);
      else this.lastFailure.set(to, `${outcome.reason}: ${outcome.message}`);
      return outcome;
    });
  };

  private context(seg: number): OpContext {
    return {
      acceptors: this.partitionMap.acceptorsOf(seg),
      ballots: this.ballots,
      rid: this.nextRid++,
      tracer: this.options.tracer ?? null,
      maxTimeouts: this.options.maxTimeouts,
      maxBallots: this.options.maxBallots,
    };
  }

  private run<R>(seg: number, make: (ctx: OpContext) => ProposerOp<R>): Promise<R> {
    this.checkOpen();
    return runOp(make(this.context(seg)), this.send, this.currentRetry(), Math.random, this.thrift);
  }

  /** runData runs a data call, skipping the allocation check once this client saw `seg` allocated. */
  private async runData<R>(seg: number, make: (ctx: OpContext, allocated: boolean) => ProposerOp<R>): Promise<R> {
    this.checkOpen();
    const op = make(this.context(seg), this.allocated.has(seg));
    const result = await runOp(op, this.send, this.currentRetry(), Math.random, this.thrift);
    if (allocationCheck(op)?.status === 'ok') this.allocated.add(seg);
    return result;
  }

  /** currentRetry is the timer policy for a call starting now (see adaptiveTimeout). */
  private currentRetry(): RetryPolicy {
    return this.options.adaptiveTimeout === true ? adaptiveRetry(this.retry, this.srttMs) : this.retry;
  }

  private checkOpen(): void {
    if (this.closed) misuse('the client is closed');
  }

  private checkSeg(seg: number): void {
    if (!Number.isSafeInteger(seg) || seg < 0) misuse(`segment must be a non-negative integer, got ${seg}`);
  }

  private checkOff(seg: number, off: number): void {
    this.checkSeg(seg);
    if (!Number.isSafeInteger(off) || off < 0 || off >= this.segmentSize) misuse(`offset must be an integer in [0, ${this.segmentSize}), got ${off}`);
  }

  private checkRange(seg: number, start: number, end: number): void {
    this.checkSeg(seg);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end > this.segmentSize || start >= end) {
      misuse(`range [${start}, ${end}) must be non-empty and within [0, ${this.segmentSize})`);
    }
    if (end - start > MAX_RANGE_LEN) misuse(`range [${start}, ${end}) is longer than ${MAX_RANGE_LEN}`);
  }

  private checkValue(value: unknown, what: string): void {
    if (typeof value !== 'string') misuse(`${what} must be a string`);
    // Values travel as UTF-8; a lone surrogate would arrive as U+FFFD, a different value.
    if (/\p{Surrogate}/u.test(value)) misuse(`${what} must be well-formed Unicode (it holds a lone surrogate)`);
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > MAX_VALUE_BYTES) misuse(`${what} is ${bytes} bytes long; the limit is ${MAX_VALUE_BYTES}`);
  }

  private checkCaptureId(id: CaptureIdInput): CaptureId {
    if (id === 0) return UNSAFE_BALLOT;
    if (!isBallot(id)) misuse(`capture id must be [round, clientId] or 0, got ${JSON.stringify(id)}`);
    // A bare ballot (read off a reply, or printed without its key) is sent unsigned: every acceptor
    // whose promise has a key refuses it, and the write answers as for a made-up id.
    return id;
  }
}
