/**
 * A scenario interpreter in the style of etcd raft's testdata scripts: a file is a list of
 * commands, each followed by `----` and the output it must produce. Messages are queued and only
 * move when a command delivers them, so a script can interleave proposers message by message.
 *
 * Commands (ids of acceptors are words, clients are numbers, capture ids are `round.client`):
 *   acceptors a b c                     fresh acceptors (empty state), no operations
 *   start NAME CLIENT CALL...           start an API call, queue its messages
 *   run NAME CLIENT CALL...             start, deliver until quiet, print the result
 *   deliver [from=X] [to=Y] [op=N] [type=T] [max=K]
 *                                       deliver matching queued messages (and the ones they cause)
 *   drop [from=X] [to=Y] [op=N] [type=T]
 *                                       discard matching queued messages
 *   timeout NAME                        fire the call's timeout
 *   crash X / restart X                 a crashed acceptor drops what reaches it (state is durable)
 *   queue                               list queued messages
 *   state SEG OFF                       every acceptor's row for the register
 *   seed X,Y SEG OFF BALLOT VALUE       plant an accepted value, as an earlier write would have
 *   promise X,Y SEG OFF BALLOT          plant a promise, as an earlier phase 1 would have
 * CALLs: alloc SEG META | check SEG | trim SEG | capture SEG OFF | write SEG OFF VALUE [ID]
 *        | read SEG OFF | capture-segment SEG START END | write-segment SEG START END VALUE [ID]
 * `write` and `write-segment` without ID capture first; ID `0` is the unsafe write. Data calls
 * skip the allocation check unless the line ends with `guarded`.
 */
import { step } from '../../src/core/acceptor.ts';
import { formatCaptureId, parseCaptureId, RoundCounter, type Ballot } from '../../src/core/ballot.ts';
import { MemoryAcceptorStore } from '../../src/core/memory-store.ts';
import type { AnyResult, Message, Reply, Request } from '../../src/core/messages.ts';
import type { OpContext, Outgoing, ProposerOp } from '../../src/core/proposer/op.ts';
import {
  allocOp,
  captureOp,
  captureSegmentOp,
  checkOp,
  readOp,
  trimOp,
  writeOp,
  writeSegmentOp,
} from '../../src/core/proposer/operations.ts';

interface Queued {
  from: string;
  to: string;
  op: string;
  msg: Message;
}

export class Scenario {
  private stores = new Map<string, MemoryAcceptorStore>();
  private crashed = new Set<string>();
  private acceptors: string[] = [];
  private ops = new Map<string, { op: ProposerOp<AnyResult>; client: string }>();
  private clients = new Map<number, RoundCounter>();
  private queue: Queued[] = [];
  private rid = 1;

  /** exec runs one command line and returns its output (lines joined by \n). */
  exec(line: string): string {
    const words = line.trim().split(/\s+/);
    const cmd = words.shift()!;
    const out: string[] = [];
    switch (cmd) {
      case 'acceptors':
        this.acceptors = words;
        this.stores = new Map(words.map((w) => [w, new MemoryAcceptorStore()]));
        this.crashed.clear();
        this.queue = [];
        this.ops.clear();
        return 'ok';
      case 'start':
      case 'run': {
        const [name, client, ...call] = words;
        if (!name || !client) throw new Error(`${cmd}: need NAME CLIENT CALL`);
        if (this.ops.has(name)) throw new Error(`${cmd}: ${name} already exists`);
        const op = this.makeOp(Number(client), call);
        this.ops.set(name, { op, client: `c${client}` });
        const first = op.start();
        this.enqueue(name, first.messages);
        if (first.done) out.push(`${name}: ${formatResult(first.done)}`);
        if (cmd === 'start') return out.join('\n') || `${name} started`;
        this.deliver({ op: name }, Infinity, null);
        out.push(...this.doneLines([name]));
        return out.join('\n');
      }
      case 'deliver':
        return this.deliverCmd(parseFilter(words)) || '(nothing delivered)';
      case 'drop': {
        const f = parseFilter(words);
        const before = this.queue.length;
        this.queue = this.queue.filter((q) => !matches(q, f));
        return `dropped ${before - this.queue.length}`;
      }
      case 'timeout': {
        const entry = this.entry(words[0]!);
        const r = entry.op.onTimeout();
        this.enqueue(words[0]!, r.messages);
        return r.done ? `${words[0]}: ${formatResult(r.done)}` : `${words[0]}: resent ${r.messages.length}`;
      }
      case 'crash':
        this.crashed.add(words[0]!);
        return 'ok';
      case 'restart':
        this.crashed.delete(words[0]!);
        return 'ok';
      case 'queue':
        return this.queue.map((q) => formatQueued(q)).join('\n') || '(empty)';
      case 'state': {
        const seg = Number(words[0]);
        const off = Number(words[1]);
        return this.acceptors
          .map((id) => {
            const s = this.stores.get(id)!;
            if (s.isTrimmed(seg)) return `${id}: trimmed`;
            const w = s.getWor(seg, off);
            if (!w) return `${id}: -`;
            return `${id}: promised=${fb(w.promised)} accepted=${fb(w.acceptedBallot)} value=${w.acceptedValue ?? '-'}`;
          })
          .join('\n');
      }
      case 'seed': {
        const [ids, seg, off, ballot, value] = words;
        const b = parseCaptureId(ballot!);
        if (!b || value === undefined) throw new Error('seed: need X,Y SEG OFF BALLOT VALUE');
        for (const id of ids!.split(',')) {
          this.stores.get(id)!.apply([{ kind: 'wor', seg: Number(seg), off: Number(off), promised: b, acceptedBallot: b, acceptedValue: value }]);
        }
        return 'ok';
      }
      case 'promise': {
        const [ids, seg, off, ballot] = words;
        const b = parseCaptureId(ballot ?? '');
        if (!b) throw new Error('promise: need X,Y SEG OFF BALLOT');
        for (const id of ids!.split(',')) {
          const s = this.stores.get(id)!;
          const w = s.getWor(Number(seg), Number(off));
          s.apply([{ kind: 'wor', seg: Number(seg), off: Number(off), promised: b, acceptedBallot: w?.acceptedBallot ?? null, acceptedValue: w?.acceptedValue ?? null }]);
        }
        return 'ok';
      }
      default:
        throw new Error(`unknown command ${JSON.stringify(cmd)}`);
    }
  }

  private entry(name: string): { op: ProposerOp<AnyResult>; client: string } {
    const e = this.ops.get(name);
    if (!e) throw new Error(`no call named ${name}`);
    return e;
  }

  private ballots(client: number): RoundCounter {
    let c = this.clients.get(client);
    if (!c) this.clients.set(client, (c = new RoundCounter(client)));
    return c;
  }

  private makeOp(client: number, call: string[]): ProposerOp<AnyResult> {
    const guarded = call.at(-1) === 'guarded';
    const args = guarded ? call.slice(0, -1) : call;
    const opts = { allocated: !guarded };
    const ctx: OpContext = { acceptors: this.acceptors, ballots: this.ballots(client), rid: this.rid++ };
    const n = (i: number): number => {
      const v = Number(args[i]);
      if (!Number.isSafeInteger(v)) throw new Error(`argument ${i} of ${args.join(' ')} must be an integer`);
      return v;
    };
    const id = (i: number): Ballot | null => {
      if (args[i] === undefined) return null;
      const b = parseCaptureId(args[i]!);
      if (!b) throw new Error(`bad capture id ${args[i]}`);
      return b;
    };
    switch (args[0]) {
      case 'alloc':
        return allocOp(ctx, n(1), args[2]!);
      case 'check':
        return checkOp(ctx, n(1));
      case 'trim':
        return trimOp(ctx, n(1));
      case 'capture':
        return captureOp(ctx, n(1), n(2), opts);
      case 'write':
        return writeOp(ctx, n(1), n(2), args[3]!, id(4), opts);
      case 'read':
        return readOp(ctx, n(1), n(2), opts);
      case 'capture-segment':
        return captureSegmentOp(ctx, n(1), n(2), n(3), opts);
      case 'write-segment':
        return writeSegmentOp(ctx, n(1), n(2), n(3), args[4]!, id(5), opts);
      default:
        throw new Error(`unknown call ${JSON.stringify(args[0])}`);
    }
  }

  private enqueue(op: string, messages: Outgoing[]): void {
    const client = this.ops.get(op)!.client;
    for (const m of messages) this.queue.push({ from: client, to: m.to, op, msg: m.msg });
  }

  private deliverCmd(f: Filter): string {
    const lines: string[] = [];
    const touched = new Set<string>();
    this.deliver(f, f.max ?? Infinity, lines, touched);
    lines.push(...this.doneLines([...touched]));
    return lines.join('\n');
  }

  private reported = new Set<string>();

  private doneLines(names: string[]): string[] {
    const out: string[] = [];
    for (const name of names) {
      const e = this.ops.get(name)!;
      if (e.op.result !== undefined && !this.reported.has(name)) {
        this.reported.add(name);
        out.push(`${name}: ${formatResult(e.op.result)}`);
      }
    }
    return out;
  }

  /** deliver moves matching messages, including those their delivery causes, up to `max`. */
  private deliver(f: Filter, max: number, lines: string[] | null, touched = new Set<string>()): void {
    let delivered = 0;
    for (let guard = 0; guard < 100_000 && delivered < max; guard++) {
      const i = this.queue.findIndex((q) => matches(q, f));
      if (i < 0) return;
      const q = this.queue.splice(i, 1)[0]!;
      delivered++;
      touched.add(q.op);
      if (this.crashed.has(q.to) || this.crashed.has(q.from)) {
        lines?.push(`${formatQueued(q)}  (lost: crashed)`);
        continue;
      }
      lines?.push(formatQueued(q));
      if (this.stores.has(q.to)) {
        const store = this.stores.get(q.to)!;
        const r = step(store, q.msg as Request);
        store.apply(r.changes);
        for (const reply of r.replies) this.queue.push({ from: q.to, to: q.from, op: q.op, msg: reply });
      } else {
        const e = this.ops.get(q.op)!;
        const out = e.op.onReply(q.from, q.msg as Reply);
        this.enqueue(q.op, out.messages);
      }
    }
  }
}

interface Filter {
  from?: string;
  to?: string;
  op?: string;
  type?: string;
  max?: number;
}

function parseFilter(words: string[]): Filter {
  const f: Filter = {};
  for (const w of words) {
    const [k, v] = w.split('=');
    if (v === undefined) throw new Error(`filter ${w}: expected key=value`);
    if (k === 'max') f.max = Number(v);
    else if (k === 'from' || k === 'to' || k === 'op' || k === 'type') f[k] = v;
    else throw new Error(`unknown filter ${k}`);
  }
  return f;
}

function matches(q: Queued, f: Filter): boolean {
  return (!f.from || q.from === f.from) && (!f.to || q.to === f.to) && (!f.op || q.op === f.op) && (!f.type || q.msg.type === f.type);
}

function fb(b: Ballot | null): string {
  return b === null ? '-' : formatCaptureId(b);
}

/** formatQueued renders one message on one line: `c1->a Prepare 4:0 b=1.1`. */
function formatQueued(q: Queued): string {
  const m = q.msg as Message & Record<string, unknown>;
  const parts: string[] = [`${q.from}->${q.to}`, m.type];
  if ('off' in m) parts.push(`${m.seg}:${m.off}`);
  else if ('start' in m) parts.push(`${m.seg}:[${m.start},${m.end})`);
  else if ('seg' in m) parts.push(`${m.seg}`);
  if ('ballot' in m) parts.push(`b=${fb(m.ballot as Ballot)}`);
  if ('value' in m) parts.push(`v=${m.value}`);
  if ('promised' in m && m.type !== 'ReadReply') parts.push(`promised=${fb(m.promised as Ballot | null)}`);
  if ('acceptedBallot' in m) parts.push(`acc=${fb(m.acceptedBallot as Ballot | null)}${m.acceptedValue !== null ? `:${m.acceptedValue}` : ''}`);
  if (m.type === 'PromiseRange') parts.push(`acc=[${(m.accepted as { off: number; acceptedValue: string }[]).map((a) => `${a.off}:${a.acceptedValue}`).join(' ')}]`);
  if (m.type === 'AcceptedRange') parts.push(`refused=[${(m.refused as { off: number }[]).map((a) => a.off).join(' ')}]`);
  return parts.join(' ');
}

/** formatResult renders a result: `ok captureId=1.2`, `alreadyWritten value=x`, ... */
export function formatResult(r: AnyResult): string {
  const parts: string[] = [r.status];
  for (const [k, v] of Object.entries(r)) {
    if (k === 'status') continue;
    if (k === 'captureId') parts.push(`captureId=${formatCaptureId(v as Ballot)}`);
    else if (Array.isArray(v)) parts.push(`${k}=[${v.map((x) => (typeof x === 'object' ? `${x.off}:${x.value}` : String(x))).join(' ')}]`);
    else parts.push(`${k}=${String(v)}`);
  }
  return parts.join(' ');
}

/** A parsed testdata case: the comment lines before it, its command, and its expected output. */
export interface Case {
  comments: string[];
  line: number;
  command: string;
  expected: string;
}

/** parseTestdata splits a file into cases: `# comments`, command, `----`, expected output, blank line. */
export function parseTestdata(text: string): Case[] {
  const lines = text.replace(/\n+$/, '').split('\n');
  const cases: Case[] = [];
  let comments: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i]!;
    if (l.trim() === '') {
      i++;
      continue;
    }
    if (l.startsWith('#')) {
      comments.push(l);
      i++;
      continue;
    }
    if (lines[i + 1] !== '----') throw new Error(`line ${i + 2}: expected ---- after the command`);
    const out: string[] = [];
    let j = i + 2;
    while (j < lines.length && lines[j] !== '') out.push(lines[j++]!);
    cases.push({ comments, line: i + 1, command: l, expected: out.join('\n') });
    comments = [];
    i = j;
  }
  return cases;
}

/** renderTestdata writes cases back, with the given outputs (for WORMSPACE_REWRITE=1). */
export function renderTestdata(cases: Case[], outputs: string[]): string {
  const blocks = cases.map((c, k) => [...c.comments, c.command, '----', outputs[k]!].join('\n'));
  return blocks.join('\n\n') + '\n';
}
