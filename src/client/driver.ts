/**
 * runOp drives one proposer operation of the core (a deterministic state machine) over real
 * connections: it sends the op's messages, feeds every reply back into it, and owns its timer.
 *
 * Timer: the op's onTimeout is called after `firstTimeoutMs`, then after delays that grow by
 * `backoffFactor` up to `maxTimeoutMs`, each with up to 20% random jitter so that clients that
 * collided do not retry in lockstep. onTimeout resends the current phase to the acceptors that
 * have not answered; after the op's own bound on timeouts it answers `timeout`. A request that
 * fails at the transport (refused connection, reset) is simply an acceptor that did not answer.
 */
import type { ProposerOp, Outgoing } from '../core/proposer/op.ts';
import type { Reply, Request, ServerId } from '../core/messages.ts';
import type { RequestOutcome } from '../transport/tcp-client.ts';

/** Sender delivers one request to one server and resolves with its outcome. */
export type Sender = (to: ServerId, request: Request, timeoutMs: number) => Promise<RequestOutcome<Reply>>;

export interface RetryPolicy {
  firstTimeoutMs: number;
  maxTimeoutMs: number;
  backoffFactor: number;
}

export const DEFAULT_RETRY: RetryPolicy = { firstTimeoutMs: 200, maxTimeoutMs: 1600, backoffFactor: 2 };

/** runOp resolves with the op's result; it never rejects for operating conditions. */
export function runOp<R>(op: ProposerOp<R>, send: Sender, retry: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let delayMs = retry.firstTimeoutMs;
    let finished = false;

    const finish = (result: R): void => {
      finished = true;
      if (timer) clearTimeout(timer);
      resolve(result);
    };

    const dispatch = (messages: Outgoing[]): void => {
      for (const { to, msg } of messages) {
        // A request's own deadline is the op's current timer: a later answer is useless to it.
        void send(to, msg, Math.max(delayMs, retry.firstTimeoutMs)).then(
          (outcome) => {
            if (finished || !outcome.ok) return;
            step(() => op.onReply(to, outcome.response));
          },
          (err: unknown) => fail(err),
        );
      }
    };

    // After the result, an op may still hand out fire-and-forget messages (finishing a trim).
    const step = (next: () => { messages: Outgoing[]; done?: R }): void => {
      let out;
      try {
        out = next();
      } catch (err) {
        return fail(err);
      }
      dispatch(out.messages);
      if (out.done !== undefined) finish(out.done);
    };

    const fail = (err: unknown): void => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      reject(err instanceof Error ? err : new Error(String(err)));
    };

    const arm = (): void => {
      const jitter = 1 + 0.2 * random();
      timer = setTimeout(() => {
        if (finished) return;
        delayMs = Math.min(retry.maxTimeoutMs, delayMs * retry.backoffFactor);
        step(() => op.onTimeout());
        if (!finished) arm();
      }, delayMs * jitter);
    };

    step(() => op.start());
    if (!finished) arm();
  });
}
