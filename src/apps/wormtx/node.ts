/**
 * RmNode: one WormTX resource manager as a pure state machine (the paper's E3, tla/apps/WormTX.tla).
 *
 * - Set-up (B6): RM r allocates its vote windows (segments, types.ts) and batch-captures each one,
 *   so it holds a capture id for every vote register of the window before any transaction uses it.
 *   It only votes in windows it allocated itself in this life: a window somebody else allocated
 *   (an RM that aborted r, or r's own earlier life) is not r's to vote in.
 * - Vote: on a transaction request, r locks the keys it owns (immediate restart: a key locked by
 *   another transaction, or a debit the balance cannot cover, makes r vote `no`), then writes its
 *   vote, with its changes, into its register with its capture id. On `ok` it tells the other
 *   participants (the paper's listen). Any other answer means r learns its vote like everyone:
 *   by reading.
 * - Learn: r reads the registers it has not heard about every `pollInterval`.
 * - Time out: after `voteTimeout` without a participant's vote, r captures that participant's
 *   register (a fresh capture id, which preempts the owner's) and writes `no` with it. Whatever
 *   lands first is the vote, forever.
 * - Decide: abort as soon as a register holds `no`; commit when every participant's register holds
 *   `yes`. On commit r applies the changes stored in its own register. Since every RM decides from
 *   the registers alone, all decide alike, whoever dies.
 * - Recovery: a fresh node (after a crash) starts from the initial balances, scans its windows, and
 *   for each `yes` of its own re-decides that transaction (waiting, and timing out others, as
 *   before), so its balances come back from WormSpace alone. Requests wait until that is done.
 *
 * The decision rule and the timeout's abort are protected methods: the simulation's planted bugs
 * override them in a subclass (sim.ts), never here.
 */
import type { Ballot } from '../../core/ballot.ts';
import type { AnyResult } from '../../core/messages.ts';
import { Effects, type AppNode, type Effect, type Input } from '../runtime/node.ts';
import {
  accountName,
  decodeVote,
  encodeVote,
  ownerOf,
  rmName,
  segMeta,
  voteAddr,
  voteSeg,
  windowOf,
  type Op,
  type Outcome,
  type TxConfig,
  type TxEvent,
  type TxMsg,
  type TxReply,
  type TxRequest,
  type Vote,
  type VoteValue,
} from './types.ts';

type Fx = Effects<TxMsg, TxReply, TxEvent>;
type Out = Effect<TxMsg, TxReply, TxEvent>[];

interface WindowState {
  status: 'allocating' | 'capturing' | 'ready' | 'foreign';
  captureId: Ballot | null;
  /** Transactions waiting for this window to be ready before voting. */
  queue: number[];
}

export interface Tx {
  t: number;
  parts: number[];
  /** This RM's changes, once it got the request (or found its own yes while recovering). */
  ops: Op[] | null;
  /** What each participant's register is known to hold. */
  votes: Map<number, VoteValue>;
  outcome: Outcome | null;
  waiters: number[];
  /** The own vote was written (or is being), or will never be (foreign window). */
  voted: boolean;
  /** The own vote this life wrote and the answer it got, once it came back. */
  voteAnswer: { vote: Vote; answer: string } | null;
  locked: string[];
  /** Participants whose register this RM is capturing / writing `no` into now. */
  aborting: Set<number>;
  /** Registers being read now. */
  reading: Set<number>;
  timeoutArmed: boolean;
}

type Pending =
  | { kind: 'alloc'; w: number }
  | { kind: 'captureSegment'; w: number }
  | { kind: 'vote'; t: number; vote: Vote; call: number; id: Ballot }
  | { kind: 'read'; t: number; target: number }
  | { kind: 'tAlloc'; t: number; target: number }
  | { kind: 'tCapture'; t: number; target: number }
  | { kind: 'tWrite'; t: number; target: number; call: number; id: Ballot }
  | { kind: 'scanCheck'; w: number }
  | { kind: 'scanRead'; t: number };

type TimerKind = { kind: 'poll' } | { kind: 'timeout'; t: number } | { kind: 'retryWindow'; w: number } | { kind: 'retryScan'; w: number };

export class RmNode implements AppNode<TxMsg, TxRequest, TxReply, TxEvent> {
  readonly id: string;
  readonly balances = new Map<string, number>();
  readonly txs = new Map<number, Tx>();
  readonly locks = new Map<string, number>();
  private readonly windows = new Map<number, WindowState>();
  private readonly pending = new Map<number, Pending>();
  private readonly timers = new Map<number, TimerKind>();
  /** Votes heard (from peers) for transactions this RM has no request for yet. */
  private readonly heard = new Map<number, Map<number, VoteValue>>();
  private readonly queuedRequests: Array<{ reqId: number; body: TxRequest }> = [];
  private tag = 0;
  private calls = 0;
  private pollArmed = false;
  recovering = true;
  private scanMisses = 0;
  private scanOutstanding = 0;

  constructor(
    readonly rm: number,
    readonly clientId: number,
    readonly cfg: TxConfig,
  ) {
    this.id = rmName(rm);
    for (let i = 0; i < cfg.accounts; i++) if (i % cfg.nRms === rm) this.balances.set(accountName(i), cfg.initialBalance);
  }

  private fx(): Fx {
    return new Effects(() => ++this.tag);
  }

  private wos(fx: Fx, call: Parameters<Fx['wos']>[0], p: Pending): void {
    this.pending.set(fx.wos(call), p);
  }

  private timer(fx: Fx, delay: number, k: TimerKind): void {
    this.timers.set(fx.timer(delay), k);
  }

  /** Transactions this RM has not decided yet. */
  undecided(): number {
    let n = 0;
    for (const tx of this.txs.values()) if (tx.outcome === null && (tx.ops !== null || tx.waiters.length > 0)) n++;
    return n;
  }

  start(): Out {
    const fx = this.fx();
    fx.trace({ ev: 'start', rm: this.rm });
    this.scanWindow(fx, 0);
    return fx.out;
  }

  step(inp: Input<TxMsg, TxRequest>): Out {
    const fx = this.fx();
    switch (inp.kind) {
      case 'request':
        if (this.recovering) this.queuedRequests.push({ reqId: inp.reqId, body: inp.body });
        else this.onRequest(fx, inp.reqId, inp.body);
        break;
      case 'recv':
        this.onVoteMsg(fx, inp.msg);
        break;
      case 'timer': {
        const k = this.timers.get(inp.tag);
        this.timers.delete(inp.tag);
        if (k) this.onTimer(fx, k);
        break;
      }
      case 'wosDone': {
        const p = this.pending.get(inp.tag);
        this.pending.delete(inp.tag);
        if (p) this.onResult(fx, p, inp.result);
        break;
      }
    }
    return fx.out;
  }

  // ------------------------------------------------------------------ recovery

  private scanWindow(fx: Fx, w: number): void {
    this.wos(fx, { kind: 'check', seg: voteSeg(this.cfg, this.rm, w) }, { kind: 'scanCheck', w });
  }

  private maybeRecovered(fx: Fx): void {
    if (!this.recovering || this.scanMisses < 2 || this.scanOutstanding > 0) return;
    this.recovering = false;
    // Set up the first windows now, before requests need them: a window captured after another
    // RM captured one of its registers (to abort us) is the race the spec's Init leaves out.
    if (this.windows.size === 0) {
      this.prepareWindow(fx, 0);
      this.prepareWindow(fx, 1);
    }
    for (const q of this.queuedRequests.splice(0)) this.onRequest(fx, q.reqId, q.body);
  }

  // ------------------------------------------------------------------ requests

  private onRequest(fx: Fx, reqId: number, body: TxRequest): void {
    if (body.kind === 'balances') {
      fx.reply(reqId, { kind: 'balances', rm: this.rm, balances: Object.fromEntries(this.balances), undecided: this.undecided(), recovering: this.recovering });
      return;
    }
    const tx = this.txOf(body.t, body.parts);
    if (tx.outcome !== null) {
      fx.reply(reqId, { kind: 'decided', t: tx.t, outcome: tx.outcome, rm: this.rm });
      return;
    }
    tx.waiters.push(reqId);
    if (tx.ops === null) tx.ops = body.ops;
    this.begin(fx, tx);
  }

  private txOf(t: number, parts: number[]): Tx {
    let tx = this.txs.get(t);
    if (!tx) {
      tx = { t, parts: [...parts].sort((a, b) => a - b), ops: null, votes: new Map(), outcome: null, waiters: [], voted: false, voteAnswer: null, locked: [], aborting: new Set(), reading: new Set(), timeoutArmed: false };
      const h = this.heard.get(t);
      if (h) for (const [r, v] of h) tx.votes.set(r, v);
      this.heard.delete(t);
      this.txs.set(t, tx);
    }
    return tx;
  }

  /** begin votes (once its window is ready) and starts waiting for the others. */
  private begin(fx: Fx, tx: Tx): void {
    if (!tx.voted) {
      const w = windowOf(this.cfg, tx.t);
      this.prepareWindow(fx, w + 1);
      const win = this.prepareWindow(fx, w);
      if (win.status === 'ready') this.vote(fx, tx, win.captureId!);
      else if (win.status === 'foreign') tx.voted = true; // not ours to vote in: the others will time us out
      else if (!win.queue.includes(tx.t)) win.queue.push(tx.t);
    }
    this.wait(fx, tx);
    this.tryDecide(fx, tx);
  }

  private wait(fx: Fx, tx: Tx): void {
    if (!tx.timeoutArmed && tx.outcome === null) {
      tx.timeoutArmed = true;
      this.timer(fx, this.cfg.voteTimeout, { kind: 'timeout', t: tx.t });
    }
    if (!this.pollArmed) {
      this.pollArmed = true;
      this.timer(fx, this.cfg.pollInterval, { kind: 'poll' });
    }
  }

  private prepareWindow(fx: Fx, w: number): WindowState {
    let win = this.windows.get(w);
    if (!win) {
      win = { status: 'allocating', captureId: null, queue: [] };
      this.windows.set(w, win);
      this.wos(fx, { kind: 'alloc', seg: voteSeg(this.cfg, this.rm, w), value: segMeta(this.rm, this.clientId) }, { kind: 'alloc', w });
    }
    return win;
  }

  /** The own vote: yes (keys locked, funds there) or no, written with the window's capture id. */
  private vote(fx: Fx, tx: Tx, captureId: Ballot): void {
    tx.voted = true;
    const ops = tx.ops ?? [];
    let vote: Vote = 'yes';
    for (const [key] of ops) {
      const holder = this.locks.get(key);
      if ((holder !== undefined && holder !== tx.t) || ownerOf(this.cfg, key) !== this.rm) vote = 'no';
    }
    if (vote === 'yes') {
      const after = new Map<string, number>();
      for (const [key, delta] of ops) after.set(key, (after.get(key) ?? this.balances.get(key) ?? 0) + delta);
      for (const v of after.values()) if (v < 0) vote = 'no';
    }
    if (vote === 'yes') {
      for (const [key] of ops) {
        if (!this.locks.has(key)) {
          this.locks.set(key, tx.t);
          tx.locked.push(key);
        }
      }
    }
    const value: VoteValue = vote === 'yes' ? { v: 'yes', t: tx.t, p: tx.parts, ops, by: this.rm } : { v: 'no', t: tx.t, p: tx.parts, by: this.rm };
    const { seg, off } = voteAddr(this.cfg, this.rm, tx.t);
    const call = ++this.calls;
    fx.trace({ ev: 'sent', rm: this.rm, t: tx.t, target: this.rm, vote, call, id: captureId });
    this.wos(fx, { kind: 'write', seg, off, value: encodeVote(value), captureId: captureId }, { kind: 'vote', t: tx.t, vote, call, id: captureId });
  }

  // ------------------------------------------------------------------ learning and deciding

  private learn(fx: Fx, tx: Tx, r: number, v: VoteValue): void {
    if (!tx.votes.has(r)) tx.votes.set(r, v);
    this.tryDecide(fx, tx);
  }

  /**
   * The decision rule: abort when a participant's register holds no, commit when every
   * participant's register holds yes, else wait. (Overridden by the planted bugs of sim.ts.)
   */
  protected outcome(tx: Tx): Outcome | null {
    let all = true;
    for (const r of tx.parts) {
      const v = tx.votes.get(r);
      if (v?.v === 'no') return 'abort';
      if (v?.v !== 'yes') all = false;
    }
    return all ? 'commit' : null;
  }

  private tryDecide(fx: Fx, tx: Tx): void {
    if (tx.outcome !== null) return;
    const out = this.outcome(tx);
    if (out !== null) this.decide(fx, tx, out);
  }

  protected decide(fx: Fx, tx: Tx, outcome: Outcome): void {
    tx.outcome = outcome;
    if (outcome === 'commit') {
      // The changes are the ones in the own register: what every RM saw, whatever this life knows.
      const own = tx.votes.get(this.rm);
      for (const [key, delta] of own?.ops ?? []) this.balances.set(key, (this.balances.get(key) ?? 0) + delta);
    }
    for (const key of tx.locked) if (this.locks.get(key) === tx.t) this.locks.delete(key);
    tx.locked = [];
    fx.trace({ ev: 'decide', rm: this.rm, t: tx.t, outcome });
    for (const reqId of tx.waiters) fx.reply(reqId, { kind: 'decided', t: tx.t, outcome, rm: this.rm });
    tx.waiters = [];
    this.maybeRecovered(fx);
  }

  private onVoteMsg(fx: Fx, msg: TxMsg): void {
    const v = decodeVote(msg.value);
    if (!v || v.t !== msg.t) return;
    const tx = this.txs.get(msg.t);
    if (tx) this.learn(fx, tx, msg.rm, v);
    else {
      let h = this.heard.get(msg.t);
      if (!h) this.heard.set(msg.t, (h = new Map()));
      h.set(msg.rm, v);
      if (this.heard.size > 10_000) this.heard.delete(this.heard.keys().next().value!);
    }
  }

  private active(tx: Tx): boolean {
    return tx.outcome === null && (tx.ops !== null || tx.waiters.length > 0);
  }

  /**
   * The timeout's abort of a silent participant: capture its register, then write `no` with the
   * fresh id. (Overridden by a planted bug of sim.ts.)
   */
  protected timeoutAbort(fx: Fx, tx: Tx, target: number): void {
    tx.aborting.add(target);
    const { seg, off } = voteAddr(this.cfg, target, tx.t);
    this.wos(fx, { kind: 'capture', seg, off }, { kind: 'tCapture', t: tx.t, target });
  }

  private onTimer(fx: Fx, k: TimerKind): void {
    switch (k.kind) {
      case 'poll': {
        this.pollArmed = false;
        let any = false;
        for (const tx of this.txs.values()) {
          if (!this.active(tx)) continue;
          any = true;
          for (const r of tx.parts) {
            if (tx.votes.has(r) || tx.reading.has(r)) continue;
            tx.reading.add(r);
            const { seg, off } = voteAddr(this.cfg, r, tx.t);
            this.wos(fx, { kind: 'read', seg, off }, { kind: 'read', t: tx.t, target: r });
          }
        }
        if (any) {
          this.pollArmed = true;
          this.timer(fx, this.cfg.pollInterval, { kind: 'poll' });
        }
        break;
      }
      case 'timeout': {
        const tx = this.txs.get(k.t);
        if (!tx) break;
        tx.timeoutArmed = false;
        if (!this.active(tx)) break;
        // The own register is not timed out by its owner (the spec's TimeoutCapture is on another RM).
        for (const r of tx.parts) if (r !== this.rm && !tx.votes.has(r) && !tx.aborting.has(r)) this.timeoutAbort(fx, tx, r);
        this.wait(fx, tx);
        break;
      }
      case 'retryWindow': {
        const win = this.windows.get(k.w);
        if (win?.status === 'capturing') this.wos(fx, { kind: 'captureSegment', seg: voteSeg(this.cfg, this.rm, k.w), start: 0, end: this.cfg.window }, { kind: 'captureSegment', w: k.w });
        else if (win?.status === 'allocating') this.wos(fx, { kind: 'alloc', seg: voteSeg(this.cfg, this.rm, k.w), value: segMeta(this.rm, this.clientId) }, { kind: 'alloc', w: k.w });
        break;
      }
      case 'retryScan':
        this.scanWindow(fx, k.w);
        break;
    }
  }

  // ------------------------------------------------------------------ WOS results

  private onResult(fx: Fx, p: Pending, res: AnyResult): void {
    switch (p.kind) {
      case 'scanCheck': {
        if (res.status === 'ok') {
          this.scanMisses = 0;
          this.scanOutstanding += this.cfg.window;
          for (let off = 0; off < this.cfg.window; off++) {
            const t = p.w * this.cfg.window + off;
            this.wos(fx, { kind: 'read', seg: voteSeg(this.cfg, this.rm, p.w), off }, { kind: 'scanRead', t });
          }
          this.scanWindow(fx, p.w + 1);
        } else if (res.status === 'notAllocated') {
          this.scanMisses++;
          if (this.scanMisses < 2) this.scanWindow(fx, p.w + 1);
          this.maybeRecovered(fx);
        } else this.timer(fx, this.cfg.pollInterval, { kind: 'retryScan', w: p.w });
        break;
      }
      case 'scanRead': {
        if (res.status === 'ok' || res.status === 'unwritten') {
          this.scanOutstanding--;
          const v = res.status === 'ok' ? decodeVote((res as { value: string }).value) : null;
          if (v && v.v === 'yes' && v.by === this.rm && v.p.includes(this.rm)) {
            // Our own yes: hold its keys until the transaction is decided again.
            const tx = this.txOf(v.t, v.p);
            tx.ops = v.ops ?? [];
            tx.voted = true;
            for (const [key] of tx.ops) {
              this.locks.set(key, tx.t);
              tx.locked.push(key);
            }
            fx.trace({ ev: 'read', rm: this.rm, t: v.t, target: this.rm, value: 'yes' });
            this.learn(fx, tx, this.rm, v);
            if (tx.outcome === null) this.wait(fx, tx);
          }
          this.maybeRecovered(fx);
        } else {
          const { seg, off } = voteAddr(this.cfg, this.rm, p.t);
          this.wos(fx, { kind: 'read', seg, off }, p);
        }
        break;
      }
      case 'alloc': {
        const win = this.windows.get(p.w)!;
        // alreadyWritten with this life's own metadata: an earlier try timed out but landed (the
        // client id is fresh per life, so nobody else writes it). The window is ours, as on ok;
        // taking it for foreign would leave this RM never voting in it.
        const ownAlloc = res.status === 'alreadyWritten' && (res as { value: string }).value === segMeta(this.rm, this.clientId);
        if (res.status === 'ok' || ownAlloc) {
          win.status = 'capturing';
          this.wos(fx, { kind: 'captureSegment', seg: voteSeg(this.cfg, this.rm, p.w), start: 0, end: this.cfg.window }, { kind: 'captureSegment', w: p.w });
        } else if (res.status === 'alreadyWritten') {
          // Not allocated by this life: somebody else's window (an aborter's, or ours before a crash).
          win.status = 'foreign';
          for (const t of win.queue.splice(0)) {
            const tx = this.txs.get(t);
            if (tx) tx.voted = true;
          }
        } else this.timer(fx, this.cfg.pollInterval, { kind: 'retryWindow', w: p.w });
        break;
      }
      case 'captureSegment': {
        const win = this.windows.get(p.w)!;
        fx.trace({ ev: 'precapture', rm: this.rm, w: p.w, answer: res.status, ...(res.status === 'ok' ? { id: (res as { captureId: Ballot }).captureId } : {}) });
        if (res.status === 'ok') {
          win.status = 'ready';
          win.captureId = (res as { captureId: Ballot }).captureId;
          for (const { off, value } of (res as { written: Array<{ off: number; value: string }> }).written) {
            const v = decodeVote(value);
            const tx = this.txs.get(p.w * this.cfg.window + off);
            if (v && tx) {
              fx.trace({ ev: 'read', rm: this.rm, t: tx.t, target: this.rm, value: v.v });
              this.learn(fx, tx, this.rm, v);
            }
          }
          for (const t of win.queue.splice(0)) {
            const tx = this.txs.get(t);
            if (tx && !tx.voted && tx.outcome === null) this.vote(fx, tx, win.captureId);
          }
        } else this.timer(fx, this.cfg.pollInterval, { kind: 'retryWindow', w: p.w });
        break;
      }
      case 'vote': {
        const tx = this.txs.get(p.t)!;
        tx.voteAnswer = { vote: p.vote, answer: res.status };
        const aw = res.status === 'alreadyWritten' ? decodeVote((res as { value: string }).value) : null;
        fx.trace({ ev: 'vote', rm: this.rm, t: p.t, vote: p.vote, answer: res.status, ...(aw ? { value: aw.v } : {}), call: p.call, id: p.id });
        if (res.status === 'ok') {
          const value: VoteValue = p.vote === 'yes' ? { v: 'yes', t: tx.t, p: tx.parts, ops: tx.ops ?? [], by: this.rm } : { v: 'no', t: tx.t, p: tx.parts, by: this.rm };
          const text = encodeVote(value);
          for (const r of tx.parts) if (r !== this.rm) fx.send(rmName(r), { kind: 'vote', t: tx.t, rm: this.rm, value: text });
          this.learn(fx, tx, this.rm, value);
        } else if (aw) this.learn(fx, tx, this.rm, aw);
        break;
      }
      case 'read': {
        const tx = this.txs.get(p.t)!;
        tx.reading.delete(p.target);
        if (res.status === 'ok') {
          const v = decodeVote((res as { value: string }).value);
          if (v) {
            fx.trace({ ev: 'read', rm: this.rm, t: p.t, target: p.target, value: v.v });
            this.learn(fx, tx, p.target, v);
          }
        }
        break;
      }
      case 'tAlloc': {
        const tx = this.txs.get(p.t)!;
        if (res.status === 'ok' || res.status === 'alreadyWritten') {
          const { seg, off } = voteAddr(this.cfg, p.target, p.t);
          this.wos(fx, { kind: 'capture', seg, off }, { kind: 'tCapture', t: p.t, target: p.target });
        } else tx.aborting.delete(p.target);
        break;
      }
      case 'tCapture': {
        const tx = this.txs.get(p.t)!;
        const r = res as { status: string; captureId?: Ballot; written?: string };
        const wv = r.status === 'ok' && r.written !== undefined ? decodeVote(r.written) : null;
        if (r.status !== 'notAllocated') fx.trace({ ev: 'capture', rm: this.rm, t: p.t, target: p.target, answer: r.status, ...(wv ? { value: wv.v } : {}), ...(r.captureId ? { id: r.captureId } : {}) });
        if (r.status === 'ok' && r.written !== undefined) {
          tx.aborting.delete(p.target);
          if (wv) this.learn(fx, tx, p.target, wv);
        } else if (r.status === 'ok') {
          const { seg, off } = voteAddr(this.cfg, p.target, p.t);
          const no: VoteValue = { v: 'no', t: p.t, p: tx.parts, by: this.rm };
          const call = ++this.calls;
          fx.trace({ ev: 'sent', rm: this.rm, t: p.t, target: p.target, vote: 'no', call, id: r.captureId! });
          this.wos(fx, { kind: 'write', seg, off, value: encodeVote(no), captureId: r.captureId! }, { kind: 'tWrite', t: p.t, target: p.target, call, id: r.captureId! });
        } else if (r.status === 'notAllocated') {
          // The silent RM never set its window up: allocate it on its behalf, then capture.
          const { seg } = voteAddr(this.cfg, p.target, p.t);
          this.wos(fx, { kind: 'alloc', seg, value: segMeta(p.target, this.clientId) }, { kind: 'tAlloc', t: p.t, target: p.target });
        } else tx.aborting.delete(p.target);
        break;
      }
      case 'tWrite': {
        const tx = this.txs.get(p.t)!;
        tx.aborting.delete(p.target);
        const aw = res.status === 'alreadyWritten' ? decodeVote((res as { value: string }).value) : null;
        fx.trace({ ev: 'abortWrite', rm: this.rm, t: p.t, target: p.target, answer: res.status, ...(aw ? { value: aw.v } : {}), call: p.call, id: p.id });
        if (res.status === 'ok') this.learn(fx, tx, p.target, { v: 'no', t: p.t, p: tx.parts, by: this.rm });
        else if (aw) this.learn(fx, tx, p.target, aw);
        break;
      }
    }
  }
}
