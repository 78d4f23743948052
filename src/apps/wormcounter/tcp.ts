/**
 * WormCounter on the real client library and TCP: `CounterClient` runs a CounterNode in this
 * process on a local TcpHost (no port: the node talks only to WormSpace), so an increment is
 * `await client.inc()`. Its trace events go to `traceSink`, for the same validation the
 * simulator does (trace.ts). Closing the client is the node's kill -9: its state and its
 * unanswered increment are gone, and a write already sent may still land.
 */
import type { WormSpace } from '../../client/wormspace.ts';
import type { AppBinding } from '../registry.ts';
import { TcpHost } from '../runtime/host-tcp.ts';
import { CounterNode, type CounterEvent, type CounterLayout, type CounterMsg, type CounterReply, type CounterRequest } from './node.ts';

export class CounterClient {
  private readonly host: TcpHost<CounterMsg, CounterRequest, CounterReply, CounterEvent>;
  private fatal: unknown = null;

  constructor(ws: WormSpace, layout: CounterLayout, traceSink: ((e: CounterEvent) => void) | null = null) {
    this.host = TcpHost.local<CounterMsg, CounterRequest, CounterReply, CounterEvent>({
      id: 'counter',
      ws,
      makeNode: (id, clientId) => new CounterNode(id, clientId, layout),
      traceSink: traceSink && ((e) => traceSink(e)),
      onFatal: (err) => {
        this.fatal = err;
      },
    });
  }

  /** inc increments the counter and resolves with its reply (rejects when the client is closed first). */
  inc(): Promise<CounterReply> {
    return this.host.request({ op: 'inc' });
  }

  get error(): unknown {
    return this.fatal;
  }

  close(): void {
    void this.host.close();
  }
}

/**
 * binding: WormCounter for `wormspace app wormcounter OP` (src/cli/commands/app.ts). The counter
 * lives in the segments from `base` on; every node that shares a base shares the counter.
 */
export const binding: AppBinding = {
  name: 'wormcounter',
  ops: { inc: 'increment the counter; prints the new value (the number of this increment)' },
  open(ws, base) {
    const client = new CounterClient(ws, { base, segSize: ws.segmentSize });
    return {
      async call(op) {
        if (op !== 'inc') throw new Error(`wormcounter has no operation ${JSON.stringify(op)}`);
        const r = await client.inc();
        return r.ok ? { ok: true, text: String(r.value), reply: r } : { ok: false, text: r.error, reply: r };
      },
      close: () => client.close(),
    };
  },
};
