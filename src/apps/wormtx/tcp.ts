/**
 * WormTX on TCP: an RM (node.ts) hosted by TcpHost on the real client library, taking requests and
 * its peers' vote messages over the JSON-lines RPC (runtime/rpc.ts), and the driver's side: one
 * RpcClient per RM. Requests and messages from the wire are validated here; a malformed one is
 * refused with one line and changes nothing.
 */
import type { WormSpace } from '../../client/wormspace.ts';
import { TcpHost } from '../runtime/host-tcp.ts';
import { RpcClient } from '../runtime/rpc.ts';
import type { DriverIo } from './bank.ts';
import { RmNode } from './node.ts';
import { decodeVote, ownerOf, rmName, type Op, type TxConfig, type TxEvent, type TxMsg, type TxReply, type TxRequest } from './types.ts';

const isNat = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** parseTxRequest validates a request for RM `rm`; it throws a one-line Error when it is malformed. */
export function parseTxRequest(cfg: TxConfig, rm: number, params: unknown): TxRequest {
  const p = params as Record<string, unknown> | null;
  if (p === null || typeof p !== 'object') throw new Error('request must be an object {"kind": "tx" | "balances", ...}');
  if (p.kind === 'balances') return { kind: 'balances' };
  if (p.kind !== 'tx') throw new Error(`unknown request kind ${JSON.stringify(p.kind)} (expected tx or balances)`);
  if (!isNat(p.t)) throw new Error('tx request needs a transaction number t >= 0');
  if (!Array.isArray(p.parts) || p.parts.length === 0 || !p.parts.every((r) => isNat(r) && r < cfg.nRms) || !p.parts.includes(rm)) throw new Error(`tx request needs parts: RM numbers below ${cfg.nRms}, this RM (${rm}) among them`);
  if (!Array.isArray(p.ops)) throw new Error('tx request needs ops: [[account, delta], ...]');
  const ops: Op[] = [];
  for (const op of p.ops as unknown[]) {
    if (!Array.isArray(op) || op.length !== 2 || typeof op[0] !== 'string' || !Number.isSafeInteger(op[1])) throw new Error('each op must be [account, integer delta]');
    if (ownerOf(cfg, op[0]) !== rm) throw new Error(`account ${JSON.stringify(op[0])} does not belong to ${rmName(rm)}`);
    ops.push([op[0], op[1] as number]);
  }
  return { kind: 'tx', t: p.t, parts: [...new Set(p.parts as number[])], ops };
}

export function parseTxMsg(cfg: TxConfig, msg: unknown): TxMsg {
  const m = msg as Record<string, unknown> | null;
  if (m === null || typeof m !== 'object' || m.kind !== 'vote' || !isNat(m.t) || !isNat(m.rm) || m.rm >= cfg.nRms || typeof m.value !== 'string' || !decodeVote(m.value)) throw new Error('malformed vote message');
  return { kind: 'vote', t: m.t, rm: m.rm, value: m.value };
}

export interface RmHostOptions {
  rm: number;
  cfg: TxConfig;
  ws: WormSpace;
  listen: { host: string; port: number };
  /** Every RM's address, rm name -> host:port (its own may be included). */
  peers: Record<string, string>;
  traceSink?: ((e: TxEvent) => void) | null;
  onFatal?: (err: unknown) => void;
}

export function startRmHost(o: RmHostOptions): Promise<TcpHost<TxMsg, TxRequest, TxReply, TxEvent>> {
  return TcpHost.start<TxMsg, TxRequest, TxReply, TxEvent>({
    id: rmName(o.rm),
    ws: o.ws,
    makeNode: (_id, clientId) => new RmNode(o.rm, clientId, o.cfg),
    listen: o.listen,
    peers: o.peers,
    parseRequest: (params) => parseTxRequest(o.cfg, o.rm, params),
    parseMessage: (msg) => parseTxMsg(o.cfg, msg),
    traceSink: o.traceSink ? (e) => o.traceSink!(e) : null,
    onFatal: o.onFatal,
  });
}

/** rpcDriverIo reaches RMs over RPC; a dead RM's request simply never answers. */
export function rpcDriverIo(addresses: string[], timeoutMs: number, hooks: { beforeSubmit?: (rm: number, req: TxRequest) => void; afterSubmit?: (rm: number, req: TxRequest) => void } = {}): DriverIo & { close(): void; clients: RpcClient[] } {
  const clients = addresses.map((a) => new RpcClient(a));
  return {
    clients,
    submit(rm, req, onReply) {
      hooks.beforeSubmit?.(rm, req);
      clients[rm]!.call('request', req, timeoutMs).then(
        (r) => onReply(r as TxReply),
        () => {},
      );
      hooks.afterSubmit?.(rm, req);
    },
    after: (d, run) => void setTimeout(run, d),
    now: () => performance.now(),
    random: (n) => Math.floor(Math.random() * n),
    close: () => clients.forEach((c) => c.close()),
  };
}
