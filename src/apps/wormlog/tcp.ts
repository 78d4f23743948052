/**
 * WormLog on the real client library and TCP.
 *
 * - `startSequencer` runs a SequencerNode on TcpHost: its RPC port takes `request` calls whose
 *   body is `{op: "seq", msg}` (a grant or tail request) and answers with the sequencer's message.
 * - `LogClient` runs a ClientNode (appends) or a ReaderNode (reads) in this process. A one-shot
 *   CLI client has no port to be answered on, so it runs on a local TcpHost with `ask`: each
 *   message goes to the sequencer as an RPC request and its answer comes back to the node as a
 *   received message. A lost or late answer is what the node's timers already handle.
 */
import type { WormSpace } from '../../client/wormspace.ts';
import { freePort } from '../runtime/free-port.ts';
import { RpcClient } from '../runtime/rpc.ts';
import { TcpHost } from '../runtime/host-tcp.ts';
import type { AppNode } from '../runtime/node.ts';
import { Discovery, type LogEvent, type LogMsg, type LogReply, type LogRequest, SequencerNode, type Timing, ClientNode, ReaderNode } from './node.ts';
import type { LogLayout } from './layout.ts';

export const TCP_TIMING: Timing = { askTimeout: 1000, readWait: 20, holeAfter: 50, retryWait: 100 };

type Node = AppNode<LogMsg, LogRequest, LogReply, LogEvent>;

/** parseSeqRequest validates a request to the sequencer: {op: "seq", msg: grant? | tail?}. */
export function parseSeqRequest(params: unknown): LogRequest {
  const p = params as { op?: unknown; msg?: { t?: unknown; n?: unknown; c?: unknown } } | null;
  const m = p?.msg;
  const okN = m !== null && typeof m === 'object' && Number.isSafeInteger(m.n);
  if (p === null || typeof p !== 'object' || p.op !== 'seq' || !okN) throw new Error('expected {"op": "seq", "msg": {"t": "grant?" | "tail?", "n": integer, ...}}');
  if (m!.t === 'grant?' && typeof m!.c === 'string' && m!.c.length > 0 && m!.c.length <= 200) return { op: 'seq', msg: { t: 'grant?', n: m!.n as number, c: m!.c } };
  if (m!.t === 'tail?') return { op: 'seq', msg: { t: 'tail?', n: m!.n as number } };
  throw new Error('msg.t must be "grant?" (with a string c) or "tail?"');
}

export interface SequencerProcess {
  address: string;
  host: TcpHost<LogMsg, LogRequest, LogReply, LogEvent>;
  node: SequencerNode;
  close(): Promise<void>;
}

export async function startSequencer(opts: { ws: WormSpace; layout: LogLayout; host: string; port: number; timing?: Timing; onFatal?: (err: unknown) => void }): Promise<SequencerProcess> {
  const port = opts.port === 0 ? await freePort(opts.host) : opts.port;
  const address = `${opts.host}:${port}`;
  let node: SequencerNode | null = null;
  const host = await TcpHost.start<LogMsg, LogRequest, LogReply, LogEvent>({
    id: 'sequencer',
    ws: opts.ws,
    listen: { host: opts.host, port },
    makeNode: (id, clientId) => (node = new SequencerNode(id, opts.layout, opts.timing ?? TCP_TIMING, { address, name: `${address}.${clientId}` })),
    parseRequest: parseSeqRequest,
    onFatal: opts.onFatal,
  });
  return { address, host, node: node!, close: () => host.close() };
}

/**
 * LogClient hosts a ClientNode or a ReaderNode in this process (see the file comment): a local
 * TcpHost whose messages go to the sequencer as RPC requests, the answers coming back as messages.
 */
export class LogClient {
  private readonly host: TcpHost<LogMsg, LogRequest, LogReply, LogEvent>;
  private fatal: unknown = null;

  constructor(ws: WormSpace, make: (clientId: number) => Node) {
    this.host = TcpHost.local<LogMsg, LogRequest, LogReply, LogEvent>({
      id: 'log-client',
      ws,
      makeNode: (_id, clientId) => make(clientId),
      ask: {
        toParams: (msg) => ({ op: 'seq', msg }),
        fromResult: (r) => {
          const reply = r as { op?: string; msg?: LogMsg | null } | null;
          return reply && reply.op === 'seq' && reply.msg ? reply.msg : null;
        },
        timeoutMs: 2000,
      },
      onFatal: (err) => {
        this.fatal = err;
      },
    });
  }

  static appender(ws: WormSpace, layout: LogLayout, sequencer: string | null, timing: Timing = TCP_TIMING): LogClient {
    return new LogClient(ws, (clientId) => new ClientNode('client', layout, timing, { idPrefix: clientId.toString(36), sequencer, maxAttempts: 20 }));
  }

  static reader(ws: WormSpace, layout: LogLayout, sequencer: string | null, noFill: boolean, timing: Timing = TCP_TIMING): LogClient {
    return new LogClient(ws, (clientId) => new ReaderNode('reader', layout, timing, { name: `reader.${clientId}`, follow: false, sequencer, noFill }));
  }

  /** request hands the node a request; it rejects only when the client is closed first. */
  request(body: LogRequest): Promise<LogReply> {
    return this.host.request(body);
  }

  get error(): unknown {
    return this.fatal;
  }

  close(): void {
    void this.host.close();
  }
}

/** findSequencer reads the sequencer's address from the last allocated segment's metadata. */
export async function findSequencer(ws: WormSpace, layout: LogLayout): Promise<{ address: string | null; lastSegment: number }> {
  const d = new Discovery(layout);
  for (let seg = d.probe(), tries = 0; seg !== null && tries < 200; seg = d.probe(), tries++) {
    const r = await ws.check(seg);
    if (r.status === 'timeout') throw new Error(`no quorum answered check(${seg})`);
    d.onResult(seg, r);
  }
  return { address: d.sequencer, lastSegment: d.last.seg };
}

/** askTail asks the sequencer at `address` for its tail (the next position it will hand out). */
export async function askTail(address: string, timeoutMs = 2000): Promise<number | null> {
  const c = new RpcClient(address);
  try {
    const r = (await c.call('request', { op: 'seq', msg: { t: 'tail?', n: 1 } }, timeoutMs)) as { msg?: { t?: string; tail?: number | null } } | null;
    return r?.msg?.t === 'tail' ? (r.msg.tail ?? null) : null;
  } finally {
    c.close();
  }
}
