/**
 * WormPaxos on the real client library: a replica is the same `WormPaxosNode` the simulator
 * runs, hosted by `TcpHost` (WOS calls over TCP, Node timers, a JSON-lines RPC port for users'
 * requests and peers' heartbeats). `KvClient` is what `wormspace kv put|get|status` and the
 * tests use: it asks one replica and follows a notLeader answer to the leader it names, or tries
 * the next replica it knows.
 */
import { randomBytes } from 'node:crypto';
import type { WormSpace } from '../../client/wormspace.ts';
import { TcpHost } from '../runtime/host-tcp.ts';
import { RpcClient } from '../runtime/rpc.ts';
import { DEFAULT_CONFIG, WormPaxosNode, type KvReply, type KvRequest, type PaxosConfig, type PaxosEvent, type PaxosMsg } from './node.ts';

export type Replica = TcpHost<PaxosMsg, KvRequest, KvReply, PaxosEvent>;

export interface ReplicaOptions {
  id: string;
  ws: WormSpace;
  listen: { host: string; port: number };
  /** The other replicas: id -> host:port. */
  peers: Record<string, string>;
  /** Overrides of the node's settings (segment size, timeouts, trim). */
  config?: Partial<Omit<PaxosConfig, 'replicas' | 'addr'>>;
  traceSink?: ((event: PaxosEvent, node: string) => void) | null;
  onFatal?: (err: unknown) => void;
}

const isStr = (x: unknown): x is string => typeof x === 'string';

/** parseKvRequest checks a user's request; a bad one is refused with one line. */
export function parseKvRequest(params: unknown): KvRequest {
  const p = params as Record<string, unknown> | null;
  if (p === null || typeof p !== 'object') throw new Error('request must be an object {op, ...}');
  if (p.op === 'put') {
    if (!isStr(p.id) || !isStr(p.key) || !isStr(p.value)) throw new Error('put needs string id, key and value');
    return { op: 'put', id: p.id, key: p.key, value: p.value };
  }
  if (p.op === 'get') {
    if (!isStr(p.key)) throw new Error('get needs a string key');
    return { op: 'get', key: p.key };
  }
  if (p.op === 'status') return { op: 'status' };
  throw new Error(`unknown op ${JSON.stringify(p.op)} (expected put, get or status)`);
}

/** parsePaxosMsg checks a peer's message; anything malformed is dropped. */
export function parsePaxosMsg(m: unknown): PaxosMsg {
  const x = m as Record<string, unknown> | null;
  const n = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
  if (x && x.t === 'hb' && n(x.applied) && (x.lead === null || n(x.lead)) && (x.addr === null || isStr(x.addr))) return x as PaxosMsg;
  if (x && x.t === 'log' && n(x.pos) && Array.isArray(x.vals) && x.vals.every(isStr)) return x as PaxosMsg;
  if (x && x.t === 'snapReq' && n(x.pos)) return x as PaxosMsg;
  if (x && x.t === 'snap' && n(x.pos) && Array.isArray(x.kv) && Array.isArray(x.seen)) {
    if (x.kv.every((e) => Array.isArray(e) && e.length === 2 && isStr(e[0]) && isStr(e[1])) && x.seen.every(isStr)) return x as PaxosMsg;
  }
  throw new Error('malformed peer message');
}

export async function startReplica(o: ReplicaOptions): Promise<Replica> {
  const addr = `${o.listen.host}:${o.listen.port}`;
  const cfg: PaxosConfig = {
    ...DEFAULT_CONFIG,
    segSize: o.ws.segmentSize,
    ...o.config,
    replicas: [o.id, ...Object.keys(o.peers)],
    addr,
  };
  if (cfg.segSize > o.ws.segmentSize) throw new Error(`the log's segment size ${cfg.segSize} exceeds the cluster's ${o.ws.segmentSize}`);
  return TcpHost.start<PaxosMsg, KvRequest, KvReply, PaxosEvent>({
    id: o.id,
    ws: o.ws,
    makeNode: (id) => new WormPaxosNode(id, cfg),
    listen: o.listen,
    peers: o.peers,
    parseRequest: parseKvRequest,
    parseMessage: parsePaxosMsg,
    traceSink: o.traceSink ?? null,
    onFatal: o.onFatal,
  });
}

export class KvError extends Error {}

/** KvClient talks to the replicas at `addresses`, following the leader. */
export class KvClient {
  private readonly conns = new Map<string, RpcClient>();
  private current = 0;
  private readonly prefix = randomBytes(6).toString('hex');
  private seq = 0;
  constructor(
    private readonly addresses: string[],
    private readonly timeoutMs = 5000,
  ) {
    if (addresses.length === 0) throw new KvError('no replica address');
  }

  private conn(addr: string): RpcClient {
    let c = this.conns.get(addr);
    if (!c) this.conns.set(addr, (c = new RpcClient(addr)));
    return c;
  }

  /** newPutId names a put; retries of one put carry the same id, so it is applied once. */
  newPutId(): string {
    return `${this.prefix}.${++this.seq}`;
  }

  /**
   * request sends `body` until a replica answers it: a notLeader answer naming an address sends
   * it there, a failure or an anonymous notLeader to the next replica; gives up after `tries`.
   */
  async request(body: KvRequest, tries = 12): Promise<{ reply: KvReply; replica: string }> {
    let addr = this.addresses[this.current % this.addresses.length]!;
    let last = '';
    for (let i = 0; i < tries; i++) {
      try {
        const reply = (await this.conn(addr).call('request', body, this.timeoutMs)) as KvReply;
        if (reply.status !== 'notLeader') return { reply, replica: addr };
        last = `${addr}: not the leader${reply.leader ? ` (leader ${reply.leader})` : ''}`;
        if (reply.addr && reply.addr !== addr) {
          addr = reply.addr;
          continue;
        }
      } catch (err) {
        last = err instanceof Error ? err.message : String(err);
      }
      this.current++;
      addr = this.addresses[this.current % this.addresses.length]!;
      await new Promise((r) => setTimeout(r, Math.min(50 * (i + 1), 300)));
    }
    throw new KvError(`no replica answered: ${last}`);
  }

  async put(key: string, value: string, id = this.newPutId()): Promise<KvReply> {
    return (await this.request({ op: 'put', id, key, value })).reply;
  }

  async get(key: string): Promise<string | null> {
    const r = (await this.request({ op: 'get', key })).reply;
    return r.status === 'ok' ? (r.value ?? null) : null;
  }

  close(): void {
    for (const c of this.conns.values()) c.close();
    this.conns.clear();
  }
}
