/**
 * SimHost runs one application node on a SimWorld: its WOS calls go to a SimClient, its timers
 * to the scheduler, its messages through the simulated network (with its faults), its trace
 * events to a sink stamped with virtual time. `crash()` kills the node as kill -9 would: its
 * state, pending calls, timers and unanswered requests are gone, and messages already in flight
 * may still arrive at servers. `restart()` brings up a fresh node from `makeNode`, on a fresh
 * client id; whatever the application recovers, it recovers from WormSpace.
 */
import type { AppEnvelope } from '../../sim/network.ts';
import type { AppNode, Effect, Input } from './node.ts';
import type { SimPort, SimWorld } from './sim-world.ts';

export interface SimHostOptions<E> {
  /** Receives the node's trace events with the virtual time and the node's id. */
  traceSink?: ((event: E, at: number, node: string) => void) | null;
}

export class SimHost<M, Q, R, E> {
  private node: AppNode<M, Q, R, E>;
  private port: SimPort;
  /** Bumped at each crash: callbacks of an earlier life find a different epoch and do nothing. */
  private epoch = 0;
  private nextReq = 1;
  private readonly waiting = new Map<number, (reply: R) => void>();
  up = true;
  crashes = 0;

  constructor(
    private readonly world: SimWorld,
    readonly id: string,
    private readonly makeNode: (id: string, clientId: number) => AppNode<M, Q, R, E>,
    private readonly opts: SimHostOptions<E> = {},
  ) {
    this.port = world.newPort();
    this.node = makeNode(id, this.port.clientId);
    world.net.attach(id, (from, _to, payload) => {
      const env = payload as AppEnvelope;
      if (env.app === true) this.input({ kind: 'recv', from, msg: env.body as M });
    });
    this.apply(this.node.start());
  }

  /** The node as it is now, for checkers and refinement mappings (never mutate it). */
  get current(): AppNode<M, Q, R, E> {
    return this.node;
  }

  get clientId(): number {
    return this.port.clientId;
  }

  /** request hands the node a user's request; `onReply` runs with its answer, or never if the node dies first. */
  request(body: Q, onReply: (reply: R) => void): void {
    if (!this.up) return;
    const reqId = this.nextReq++;
    this.waiting.set(reqId, onReply);
    this.input({ kind: 'request', reqId, body });
  }

  crash(): void {
    if (!this.up) return;
    this.up = false;
    this.crashes++;
    this.epoch++;
    this.waiting.clear();
    this.port.client.crash();
  }

  restart(): void {
    if (this.up) return;
    this.up = true;
    this.port = this.world.newPort();
    this.node = this.makeNode(this.id, this.port.clientId);
    this.apply(this.node.start());
  }

  private input(inp: Input<M, Q>): void {
    if (!this.up) return;
    this.apply(this.node.step(inp));
  }

  private apply(effects: Effect<M, R, E>[]): void {
    const epoch = this.epoch;
    for (const e of effects) {
      switch (e.kind) {
        case 'wos':
          this.port.invoke(e.call, (result) => {
            if (this.epoch === epoch) this.input({ kind: 'wosDone', tag: e.tag, result });
          });
          break;
        case 'timer':
          this.world.after(e.delay, () => {
            if (this.epoch === epoch) this.input({ kind: 'timer', tag: e.tag });
          });
          break;
        case 'send': {
          const env: AppEnvelope = { app: true, body: e.msg };
          this.world.net.send(this.id, e.to, env);
          break;
        }
        case 'reply': {
          const done = this.waiting.get(e.reqId);
          this.waiting.delete(e.reqId);
          // The user's callback runs as its own event: it may issue the next request, and that
          // must not re-enter the node while this list of effects is still being applied.
          if (done) this.world.after(0, () => done(e.body));
          break;
        }
        case 'trace':
          this.opts.traceSink?.(e.event, this.world.now, this.id);
          break;
      }
    }
  }
}
