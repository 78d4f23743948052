/**
 * WormLog on the real client library and TCP.
 *
 * - `startSequencer` runs a SequencerNode on TcpHost: its RPC port takes `request` calls whose
 *   body is `{op: "seq", msg}` (a grant or tail request) and answers with the sequencer's message.
 * - `LogClient` runs a ClientNode (appends) or a ReaderNode (reads) in this process. TcpHost's
 *   node-to-node messages are fire-and-forget to a fixed map of peers, and a one-shot CLI client
 *   has no port to be answered on; so this small host sends each message to the sequencer as an
 *   RPC request and hands the answer back to the node as a received message. A lost or late
 *   answer is what the node's timers already handle. WOS calls go through wormSpacePort.
 */
import { createServer } from 'node:net';
import type { WormSpace } from '../../client/wormspace.ts';
import { RpcClient } from '../runtime/rpc.ts';
import { TcpHost } from '../runtime/host-tcp.ts';
import type { AppNode, Effect, Input } from '../runtime/node.ts';
import { wormSpacePort, type WosPort } from '../runtime/wos-port.ts';
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

/** freePort asks the OS for a free port on host (for a sequencer told to listen on port 0). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
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
 * LogClient hosts a ClientNode or a ReaderNode in this process (see the file comment): WOS calls
 * through the client library, messages to the sequencer as RPC requests.
 */
export class LogClient {
  private readonly port: WosPort;
  private readonly node: Node;
  private readonly rpcs = new Map<string, RpcClient>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiting = new Map<number, (r: LogReply) => void>();
  private nextReq = 1;
  private closed = false;
  private fatal: unknown = null;

  constructor(ws: WormSpace, make: (clientId: number) => Node) {
    this.port = wormSpacePort(ws, (err) => {
      this.fatal = err;
    });
    this.node = make(ws.clientId);
    this.apply(this.node.start());
  }

  static appender(ws: WormSpace, layout: LogLayout, sequencer: string | null, timing: Timing = TCP_TIMING): LogClient {
    return new LogClient(ws, (clientId) => new ClientNode('client', layout, timing, { idPrefix: clientId.toString(36), sequencer, maxAttempts: 20 }));
  }

  static reader(ws: WormSpace, layout: LogLayout, sequencer: string | null, noFill: boolean, timing: Timing = TCP_TIMING): LogClient {
    return new LogClient(ws, (clientId) => new ReaderNode('reader', layout, timing, { name: `reader.${clientId}`, follow: false, sequencer, noFill }));
  }

  request(body: LogRequest): Promise<LogReply> {
    if (this.closed) return Promise.reject(new Error('the log client is closed'));
    const reqId = this.nextReq++;
    return new Promise((resolve) => {
      this.waiting.set(reqId, resolve);
      this.input({ kind: 'request', reqId, body });
    });
  }

  get error(): unknown {
    return this.fatal;
  }

  private input(inp: Input<LogMsg, LogRequest>): void {
    if (!this.closed) this.apply(this.node.step(inp));
  }

  private apply(effects: Effect<LogMsg, LogReply, LogEvent>[]): void {
    for (const e of effects) {
      switch (e.kind) {
        case 'wos':
          this.port.invoke(e.call, (result) => this.input({ kind: 'wosDone', tag: e.tag, result }));
          break;
        case 'timer': {
          const t = setTimeout(() => {
            this.timers.delete(t);
            this.input({ kind: 'timer', tag: e.tag });
          }, e.delay);
          this.timers.add(t);
          break;
        }
        case 'send': {
          let c = this.rpcs.get(e.to);
          if (!c) this.rpcs.set(e.to, (c = new RpcClient(e.to)));
          c.call('request', { op: 'seq', msg: e.msg }, 2000).then(
            (r) => {
              const reply = r as { op?: string; msg?: LogMsg | null } | null;
              if (reply && reply.op === 'seq' && reply.msg) this.input({ kind: 'recv', from: e.to, msg: reply.msg });
            },
            () => {
              // lost: the node's timer asks again (and looks for the sequencer anew)
              c!.close();
              this.rpcs.delete(e.to);
            },
          );
          break;
        }
        case 'reply': {
          const w = this.waiting.get(e.reqId);
          this.waiting.delete(e.reqId);
          w?.(e.body);
          break;
        }
        case 'trace':
          break;
      }
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.rpcs.values()) c.close();
    this.rpcs.clear();
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
