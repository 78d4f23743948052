/**
 * The shared application runtime: a toy node (each request writes the next register of segment
 * 1 by capture+write and replies with its offset) runs on SimHost, survives a crash by recovering
 * from WormSpace, replays exactly from its seed; the RPC server refuses malformed lines with one
 * line and keeps serving.
 */
import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { AnyResult } from '../../../src/core/messages.ts';
import { SimHost } from '../../../src/apps/runtime/host-sim.ts';
import { Effects, type AppNode, type Effect, type Input } from '../../../src/apps/runtime/node.ts';
import { RpcClient, RpcServer } from '../../../src/apps/runtime/rpc.ts';
import { DEFAULT_WORLD, SimWorld } from '../../../src/apps/runtime/sim-world.ts';

type Out = Effect<never, number, string>;

/** Appender: each request writes "v<reqId>" to the next free offset of segment 1 (probing after a restart). */
class Appender implements AppNode<never, string, number, string> {
  private tag = 0;
  private next = 0;
  private readonly inflight = new Map<number, { reqId: number; value: string; off: number }>();
  constructor(readonly id: string) {}
  private fx(): Effects<never, number, string> {
    return new Effects(() => ++this.tag);
  }
  start(): Out[] {
    return [];
  }
  step(inp: Input<never, string>): Out[] {
    const fx = this.fx();
    if (inp.kind === 'request') {
      const off = this.next++;
      const t = fx.wos({ kind: 'write', seg: 1, off, value: inp.body, captureId: null });
      this.inflight.set(t, { reqId: inp.reqId, value: inp.body, off });
    } else if (inp.kind === 'wosDone') {
      const w = this.inflight.get(inp.tag)!;
      this.inflight.delete(inp.tag);
      const r = inp.result as AnyResult & { value?: string };
      if (r.status === 'ok' || (r.status === 'alreadyWritten' && r.value === w.value)) {
        fx.trace(`wrote ${w.value}@${w.off}`);
        fx.reply(w.reqId, w.off);
      } else {
        const off = this.next++; // taken by somebody else, or failed: try the next register
        const t = fx.wos({ kind: 'write', seg: 1, off, value: w.value, captureId: null });
        this.inflight.set(t, { ...w, off });
      }
    }
    return fx.out;
  }
}

function run(seed: number): { acks: Array<[string, number]>; trace: string[]; violations: string[] } {
  const world = new SimWorld({ ...DEFAULT_WORLD, seed, faults: { lossPct: 10, dupPct: 10, delayMin: 1, delayMax: 20 } });
  const trace: string[] = [];
  const alloc = world.newPort();
  let allocated = false;
  alloc.invoke({ kind: 'alloc', seg: 1, value: 'toy' }, (r) => (allocated = r.status === 'ok'));
  world.runWhile(() => !allocated, 100_000);
  const host = new SimHost(world, 'n1', (id) => new Appender(id), { traceSink: (e, at) => trace.push(`${at}:${e}`) });
  const acks: Array<[string, number]> = [];
  let i = 0;
  const issue = (): void => {
    if (i >= 12) return;
    const v = `v${i++}`;
    host.request(v, (off) => {
      acks.push([v, off]);
      issue();
    });
  };
  issue();
  world.after(150, () => host.crash());
  world.after(300, () => {
    host.restart();
    issue();
  });
  world.runUntil(20_000, 500_000);
  return { acks, trace, violations: world.checkWos() };
}

describe('application runtime on the simulator', () => {
  it('runs a node, survives its crash, and the WOS checkers find nothing', () => {
    const r = run(3);
    expect(r.violations).toEqual([]);
    expect(r.acks.length).toBeGreaterThan(3);
    const offs = r.acks.map(([, off]) => off);
    expect(new Set(offs).size).toBe(offs.length); // one register per acknowledged value
  });

  it('replays exactly from its seed, and another seed differs', () => {
    expect(run(5)).toEqual(run(5));
    expect(run(5).trace).not.toEqual(run(6).trace);
  });
});

describe('application RPC', () => {
  it('answers requests, refuses a malformed line with one line, and keeps serving others', async () => {
    const server = await RpcServer.listen('127.0.0.1', 0, (method, params) => {
      if (method === 'echo') return params;
      throw new Error(`no method ${method}`);
    });
    try {
      const c = new RpcClient(`127.0.0.1:${server.port}`);
      expect(await c.call('echo', { a: 1 })).toEqual({ a: 1 });
      await expect(c.call('nope', null)).rejects.toThrow('no method nope');
      const answer = await new Promise<string>((resolve) => {
        const s = createConnection({ host: '127.0.0.1', port: server.port }, () => s.write('{not json\n'));
        let buf = '';
        s.setEncoding('utf8');
        s.on('data', (d: string) => (buf += d));
        s.on('close', () => resolve(buf));
      });
      expect(answer.trim().split('\n')).toHaveLength(1);
      expect(answer).toContain('malformed request');
      expect(await c.call('echo', 7)).toBe(7);
      c.close();
    } finally {
      await server.close();
    }
  });

  it('delivers a notification (no id) to the handler and writes nothing back', async () => {
    const got: unknown[] = [];
    const server = await RpcServer.listen('127.0.0.1', 0, (method, params) => {
      got.push([method, params]);
      if (method === 'bad') throw new Error('refused');
      return 'answer';
    });
    try {
      const raw = await new Promise<string>((resolve) => {
        const s = createConnection({ host: '127.0.0.1', port: server.port }, () => {
          s.write('{"method":"peer","params":{"a":1}}\n{"method":"bad","params":null}\n{"id":3,"method":"echo","params":2}\n');
        });
        let buf = '';
        s.setEncoding('utf8');
        s.on('data', (d: string) => {
          buf += d;
          if (buf.includes('\n')) s.end();
        });
        s.on('close', () => resolve(buf));
      });
      // Only the request with an id is answered; the failing notification answers nothing either.
      expect(raw.trim().split('\n')).toEqual(['{"id":3,"result":"answer"}']);
      expect(got).toEqual([['peer', { a: 1 }], ['bad', null], ['echo', 2]]);
      const c = new RpcClient(`127.0.0.1:${server.port}`);
      c.notify('peer', { b: 2 });
      expect(await c.call('echo', 1)).toBe('answer'); // the same connection, in order: the notification came first
      expect(got.at(-2)).toEqual(['peer', { b: 2 }]);
      c.close();
    } finally {
      await server.close();
    }
  });
});
