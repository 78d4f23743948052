/**
 * runOp drives one proposer operation of the core (a deterministic state machine) over real
 * connections: it sends the op's messages, feeds every reply back into it, and owns its timer.
 *
 * Timer: the op's onTimeout is called after `firstTimeoutMs`, then after delays that grow by
 * `backoffFactor` up to `maxTimeoutMs`, each with up to 20% random jitter so that clients that
 * collided do not retry in lockstep. onTimeout resends the current phase to the acceptors that
 * have not answered; after the op's own bound on timeouts it answers `timeout`. A request that
 * fails at the transport (refused connection, reset) is simply an acceptor that did not answer.
 *
 * Thrifty sending (optional): a phase that asks every acceptor of the partition the same
 * single-register question (ReadQuery, Prepare, Accept) goes first to a quorum only, the
 * acceptors the client expects to answer; the others' requests are held back. The op needs only a
 * quorum's answers, so in the common case the held requests are never sent, and each of those
 * phases costs the servers a third less work (2 of 3). The held requests go out as soon as the
 * quorum might not do: one of its requests failed at the transport, every one of it answered and
 * the op still has no result (a Nack), or the hold time passed. To the protocol a held request is
 * a lost message, which it tolerates by design; no reply is awaited that would not also be
 * awaited without thrift.
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

/** Thrift: how runOp picks the quorum to ask first and how long the others wait. */
export interface Thrift {
  /** rank orders acceptors, the likeliest to answer soon first. */
  rank(acceptors: readonly ServerId[]): ServerId[];
  /** holdMs is how long the held requests wait for the first quorum's answers. */
  holdMs(): number;
}

/** Request types a thrifty phase may send to a quorum first: one register, same question to all. */
const THRIFTY_TYPES = new Set<Request['type']>(['ReadQuery', 'Prepare', 'Accept']);

/** thriftySplit splits a broadcast into the quorum to ask now and the rest to hold, or null. */
function thriftySplit(messages: Outgoing[], thrift: Thrift): { now: Outgoing[]; held: Outgoing[] } | null {
  if (messages.length < 3) return null;
  const msg = messages[0]!.msg;
  if (!THRIFTY_TYPES.has(msg.type) || messages.some((m) => m.msg !== msg)) return null;
  const quorum = Math.floor(messages.length / 2) + 1;
  const ranked = thrift.rank(messages.map((m) => m.to));
  const first = new Set(ranked.slice(0, quorum));
  return { now: messages.filter((m) => first.has(m.to)), held: messages.filter((m) => !first.has(m.to)) };
}

/** runOp resolves with the op's result; it never rejects for operating conditions. */
export function runOp<R>(op: ProposerOp<R>, send: Sender, retry: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random, thrift?: Thrift): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let delayMs = retry.firstTimeoutMs;
    let finished = false;
    /** The requests of the latest thrifty phase not sent yet, and the quorum members yet to answer it. */
    let held: { messages: Outgoing[]; waiting: Set<ServerId>; timer: NodeJS.Timeout } | null = null;

    const dropHeld = (): void => {
      if (held) clearTimeout(held.timer);
      held = null;
    };

    const releaseHeld = (): void => {
      const h = held;
      dropHeld();
      if (h && !finished) sendAll(h.messages, null);
    };

    const finish = (result: R): void => {
      finished = true;
      if (timer) clearTimeout(timer);
      dropHeld();
      resolve(result);
    };

    const sendAll = (messages: Outgoing[], phase: { waiting: Set<ServerId> } | null): void => {
      for (const { to, msg } of messages) {
        // A request's own deadline is the op's current timer: a later answer is useless to it.
        void send(to, msg, Math.max(delayMs, retry.firstTimeoutMs)).then(
          (outcome) => {
            if (finished) return;
            const current = phase !== null && held !== null && held.waiting === phase.waiting;
            if (!outcome.ok) {
              if (current) releaseHeld(); // the quorum asked first is short of one: ask the others now
              return;
            }
            step(() => op.onReply(to, outcome.response));
            if (current && held !== null && held.waiting === phase.waiting) {
              phase.waiting.delete(to);
              if (phase.waiting.size === 0) releaseHeld(); // all answered and still no result
            }
          },
          (err: unknown) => fail(err),
        );
      }
    };

    const dispatch = (messages: Outgoing[], mayHold: boolean): void => {
      const split = mayHold && thrift && !finished ? thriftySplit(messages, thrift) : null;
      if (split === null) {
        // A new phase or a resend to every silent acceptor supersedes the requests held back.
        if (messages.length > 0) dropHeld();
        sendAll(messages, null);
        return;
      }
      dropHeld();
      const waiting = new Set(split.now.map((m) => m.to));
      held = { messages: split.held, waiting, timer: setTimeout(releaseHeld, thrift!.holdMs()) };
      sendAll(split.now, { waiting });
    };

    // After the result, an op may still hand out fire-and-forget messages (finishing a trim).
    const step = (next: () => { messages: Outgoing[]; done?: R }, mayHold = true): void => {
      let out;
      try {
        out = next();
      } catch (err) {
        return fail(err);
      }
      if (out.done !== undefined) finished = true; // messages of the final output are never held
      dispatch(out.messages, mayHold && out.done === undefined);
      if (out.done !== undefined) finish(out.done);
    };

    const fail = (err: unknown): void => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      dropHeld();
      reject(err instanceof Error ? err : new Error(String(err)));
    };

    const arm = (): void => {
      const jitter = 1 + 0.2 * random();
      timer = setTimeout(() => {
        if (finished) return;
        delayMs = Math.min(retry.maxTimeoutMs, delayMs * retry.backoffFactor);
        // A timeout resends to every silent acceptor, held ones included: nothing is held then.
        step(() => op.onTimeout(), false);
        if (!finished) arm();
      }, delayMs * jitter);
    };

    step(() => op.start());
    if (!finished) arm();
  });
}
