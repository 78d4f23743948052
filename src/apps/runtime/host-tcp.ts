/**
 * TcpHost runs one application node for real: its WOS calls go through the client library
 * (src/client/wormspace.ts) to a WormSpace cluster over TCP, its timers are Node timers, and an
 * RpcServer (rpc.ts) takes users' requests (method `request`) and other nodes' messages (method
 * `peer`). Messages to other nodes are fire-and-forget, as lossy as the simulator's network: the
 * application's protocol must already tolerate their loss. The node itself is the same object the
 * simulator runs (host-sim.ts).
 */
import type { WormSpace } from '../../client/wormspace.ts';
import type { AppNode, Effect, Input } from './node.ts';
import { RpcClient, RpcServer } from './rpc.ts';
import { wormSpacePort, type WosPort } from './wos-port.ts';

export interface TcpHostOptions<M, Q, R, E> {
  id: string;
  ws: WormSpace;
  makeNode: (id: string, clientId: number) => AppNode<M, Q, R, E>;
  /** Where the node takes requests and messages; omit for a node that only acts on its own. */
  listen?: { host: string; port: number };
  /** Other nodes: id -> host:port. */
  peers?: Record<string, string>;
  /**
   * How `send` effects travel. By default each is a fire-and-forget `peer` call to `peers[to]`.
   * With `ask`, `to` is the peer's own address and each message is an RPC `request` whose answer,
   * when `fromResult` finds a message in it, comes back to the node as a message from `to`: for a
   * node without a port of its own (a one-shot CLI client) that talks to a server-like node. A
   * lost or late answer is left to the node's timers; the connection is dropped and made anew.
   */
  ask?: { toParams: (msg: M) => unknown; fromResult: (result: unknown) => M | null; timeoutMs: number };
  /** Validates a request's params; throw an Error with a one-line message to refuse it. */
  parseRequest?: (params: unknown) => Q;
  /** Validates a peer message; throw to drop it. */
  parseMessage?: (msg: unknown) => M;
  traceSink?: ((event: E, node: string) => void) | null;
  /** Called once with an error the node cannot go on after (a misuse of the client library). */
  onFatal?: (err: unknown) => void;
}

export class TcpHost<M, Q, R, E> {
  readonly node: AppNode<M, Q, R, E>;
  private readonly port: WosPort;
  private rpc: RpcServer | null = null;
  private readonly peerClients = new Map<string, RpcClient>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiting = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void }>();
  private nextReq = 1;
  private closed = false;

  private constructor(private readonly opts: TcpHostOptions<M, Q, R, E>) {
    this.port = wormSpacePort(opts.ws, (err) => this.fatal(err));
    this.node = opts.makeNode(opts.id, this.port.clientId);
  }

  /** local starts a host that takes no connections (no `listen`): requests come only through `request`. */
  static local<M, Q, R, E>(opts: Omit<TcpHostOptions<M, Q, R, E>, 'listen'>): TcpHost<M, Q, R, E> {
    const host = new TcpHost(opts);
    host.apply(host.node.start());
    return host;
  }

  static async start<M, Q, R, E>(opts: TcpHostOptions<M, Q, R, E>): Promise<TcpHost<M, Q, R, E>> {
    const host = new TcpHost(opts);
    if (opts.listen) {
      host.rpc = await RpcServer.listen(opts.listen.host, opts.listen.port, (method, params) => host.handle(method, params));
    }
    host.apply(host.node.start());
    return host;
  }

  /** The port the RPC server listens on (0 when it does not listen). */
  get listenPort(): number {
    return this.rpc?.port ?? 0;
  }

  /** request hands the node a request and resolves with its reply (rejects when the host closes first). */
  request(body: Q): Promise<R> {
    if (this.closed) return Promise.reject(new Error(`node ${this.opts.id} is closed`));
    const reqId = this.nextReq++;
    return new Promise((resolve, reject) => {
      this.waiting.set(reqId, { resolve, reject });
      this.input({ kind: 'request', reqId, body });
    });
  }

  private handle(method: string, params: unknown): Promise<unknown> | null {
    switch (method) {
      case 'request': {
        const body = this.opts.parseRequest ? this.opts.parseRequest(params) : (params as Q);
        return this.request(body);
      }
      case 'peer': {
        const p = params as { from?: unknown; msg?: unknown } | null;
        if (p === null || typeof p !== 'object' || typeof p.from !== 'string') throw new Error('peer message needs {"from": string, "msg": ...}');
        const msg = this.opts.parseMessage ? this.opts.parseMessage(p.msg) : (p.msg as M);
        this.input({ kind: 'recv', from: p.from, msg });
        return null;
      }
      default:
        throw new Error(`unknown method ${JSON.stringify(method)} (expected request or peer)`);
    }
  }

  private input(inp: Input<M, Q>): void {
    if (this.closed) return;
    this.apply(this.node.step(inp));
  }

  private apply(effects: Effect<M, R, E>[]): void {
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
          const ask = this.opts.ask;
          const addr = ask ? e.to : this.opts.peers?.[e.to];
          if (addr === undefined) break; // an unknown peer is a lost message
          let c = this.peerClients.get(e.to);
          if (!c) this.peerClients.set(e.to, (c = new RpcClient(addr)));
          if (!ask) {
            c.notify('peer', { from: this.opts.id, msg: e.msg }); // one-way: messages are lossy anyway
            break;
          }
          const client = c;
          client.call('request', ask.toParams(e.msg), ask.timeoutMs).then(
            (result) => {
              const msg = ask.fromResult(result);
              if (msg !== null) this.input({ kind: 'recv', from: e.to, msg });
            },
            () => {
              client.close();
              if (this.peerClients.get(e.to) === client) this.peerClients.delete(e.to);
            },
          );
          break;
        }
        case 'reply': {
          const w = this.waiting.get(e.reqId);
          this.waiting.delete(e.reqId);
          w?.resolve(e.body);
          break;
        }
        case 'trace':
          this.opts.traceSink?.(e.event, this.opts.id);
          break;
      }
    }
  }

  private fatal(err: unknown): void {
    this.opts.onFatal?.(err);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const w of this.waiting.values()) w.reject(new Error(`node ${this.opts.id} closed`));
    this.waiting.clear();
    for (const c of this.peerClients.values()) c.close();
    await this.rpc?.close();
  }
}
