/**
 * The shape of an application node: a deterministic state machine in the style of etcd's raft
 * library. An Input goes in (a WOS call's result, a timer, a message from another node, a
 * request from a user of the application); a list of Effects comes out (WOS calls to run,
 * timers to arm, messages to send, replies to requests, trace events). No I/O, clock or
 * randomness inside: hosts (host-sim.ts, host-tcp.ts) do all of that, so a run in the simulator
 * replays from its seed and the code traced is the code deployed.
 *
 * Type parameters: M is the application's node-to-node message, Q a request from a user (put,
 * append, ...), R the reply to a request, E the application's trace event.
 */
import type { AnyResult } from '../../core/messages.ts';
import type { WosCall } from './wos-port.ts';

export type Input<M, Q> =
  /** The result of the WOS call the node emitted with this tag. */
  | { kind: 'wosDone'; tag: number; result: AnyResult }
  /** The timer the node armed with this tag fired. */
  | { kind: 'timer'; tag: number }
  /** A message from another node of the application. */
  | { kind: 'recv'; from: string; msg: M }
  /** A request from a user; the node answers it with a `reply` effect of the same reqId (or never, if it dies). */
  | { kind: 'request'; reqId: number; body: Q };

export type Effect<M, R, E> =
  | { kind: 'wos'; tag: number; call: WosCall }
  | { kind: 'timer'; tag: number; delay: number }
  | { kind: 'send'; to: string; msg: M }
  | { kind: 'reply'; reqId: number; body: R }
  | { kind: 'trace'; event: E };

export interface AppNode<M, Q, R, E> {
  readonly id: string;
  /** start runs once when the host brings the node up (after a crash, a fresh node is started). */
  start(): Effect<M, R, E>[];
  step(input: Input<M, Q>): Effect<M, R, E>[];
}

/** Effects is a small builder that app nodes use to collect their output in order. */
export class Effects<M, R, E> {
  readonly out: Effect<M, R, E>[] = [];
  private nextTag: () => number;
  constructor(nextTag: () => number) {
    this.nextTag = nextTag;
  }
  /** wos emits a WOS call and returns its tag, which the result will carry. */
  wos(call: WosCall): number {
    const tag = this.nextTag();
    this.out.push({ kind: 'wos', tag, call });
    return tag;
  }
  timer(delay: number): number {
    const tag = this.nextTag();
    this.out.push({ kind: 'timer', tag, delay });
    return tag;
  }
  send(to: string, msg: M): void {
    this.out.push({ kind: 'send', to, msg });
  }
  reply(reqId: number, body: R): void {
    this.out.push({ kind: 'reply', reqId, body });
  }
  trace(event: E): void {
    this.out.push({ kind: 'trace', event });
  }
}
