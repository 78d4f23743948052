/**
 * The torture run behind `wormspace torture`: real `wormspace server` processes on loopback,
 * clients in this process that reach each server through their own FaultyLink (so one client can
 * be partitioned from one server), and trials of faults while the clients write and read.
 *
 * One trial: the clients race on a few fresh registers (capture+write with unique values,
 * capture then write, reads) for `trialMs`; early in the trial one fault is injected (kill -9 of
 * one or two servers, a partition by cut or blackholed links, or a kill together with a
 * partition), and it is healed (servers restarted on their data folders, links restored) before
 * the trial ends. Then a client that no fault touches reads every register of the trial, and the
 * trial's history is checked register by register (history.ts): every acknowledged write must be
 * read back, and every history must be linearizable for a write-once register.
 *
 * Randomness (fault kinds, victims, operation mix) comes from one seed; timing does not replay.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { WormSpace } from '../client/wormspace.ts';
import { Prng } from '../sim/prng.ts';
import { checkRegister, type Op } from './history.ts';
import { FaultyLink, type LinkMode } from './proxy.ts';

const BIN = fileURLToPath(new URL('../../bin/wormspace.js', import.meta.url));
const SPARE = fileURLToPath(new URL('./spare-server.js', import.meta.url));

export interface TortureOptions {
  servers: number;
  /** Stop starting trials after this many minutes (the run ends after the current trial). */
  minutes?: number;
  /** Stop after this many trials. At least one of minutes and trials must be given. */
  trials?: number;
  clients?: number;
  /** Registers the clients race on in each trial. */
  registersPerTrial?: number;
  trialMs?: number;
  seed?: number;
  /** Parent of the servers' data folders; a temporary folder (removed at the end) by default. */
  dataDir?: string;
  log?: (line: string) => void;
  /**
   * Aborting it (the CLI does on SIGINT/SIGTERM) starts no further trial: the current one ends,
   * its registers are checked, and the servers, spares and temporary folder are cleaned up as at
   * a normal end; the summary says it was stopped.
   */
  signal?: AbortSignal;
}

export const FAULTS = ['kill9', 'kill9-two', 'cut', 'blackhole', 'kill9+cut', 'isolate-server'] as const;
export type Fault = (typeof FAULTS)[number];

export interface TortureSummary {
  servers: number;
  clients: number;
  seed: number;
  trials: number;
  faults: Record<Fault, number>;
  kills: number;
  durationMs: number;
  registers: number;
  operations: number;
  writes: { ok: number; notTaken: number; unknown: number; ownValueReported: number };
  reads: { value: number; unwritten: number; noAnswer: number };
  acknowledgedLost: number;
  violations: string[];
  /** Set when options.signal stopped the run before its minutes or trials were done. */
  stoppedEarly?: boolean;
}

interface Member {
  index: number;
  dir: string;
  child: ChildProcess | undefined;
  port: number;
  exited: Promise<void>;
}

const START_TIMEOUT_MS = 180_000;

/**
 * A spare: a process that loaded the CLI and waits for the command line of the server it is to
 * become (spare-server.js). Restarting a killed server from a spare skips the ~12 s of module
 * loading through tsx that made up most of a trial's cycle on a loaded machine; the server it
 * runs is `wormspace server` as before, in a process of its own that the next fault kills.
 */
interface Spare {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<void>;
}

function spawnSpare(): Spare {
  // With an IPC channel a server stops by itself if this process dies.
  const child = spawn(process.execPath, [SPARE], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    void exited.then(() => reject(new Error('a spare server process exited before it was ready')));
  });
  ready.catch(() => {}); // handled where the spare is used
  return { child, ready, exited };
}

/** startServerProcess runs `wormspace server` on `dir`: in `spare` when given, else in a fresh process. */
async function startServerProcess(dir: string, spare?: Spare): Promise<{ child: ChildProcess; port: number; exited: Promise<void> }> {
  const argv = ['server', '--listen', '127.0.0.1:0', '--data', dir];
  let child: ChildProcess;
  let exited: Promise<void>;
  if (spare) {
    await spare.ready;
    ({ child, exited } = spare);
    child.send({ argv });
  } else {
    // With an IPC channel a server stops by itself if this process dies.
    child = spawn(process.execPath, [BIN, ...argv], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  }
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    // Generous: a start through tsx took over 30 s at load average 25 on 2 cores and ended a
    // campaign at trial 44; a slow start is no fault of the protocol. A server that never
    // listens is killed so it cannot hold the data folder's lock.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`a server on ${dir} did not start within ${START_TIMEOUT_MS / 1000} s: ${err.trim()}`));
    }, START_TIMEOUT_MS);
    child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ child, port: Number(m[1]), exited });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`a server on ${dir} exited before listening: ${err.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runTorture(options: TortureOptions): Promise<TortureSummary> {
  if (options.minutes === undefined && options.trials === undefined) throw new Error('runTorture: give minutes or trials');
  const nServers = options.servers;
  const nClients = options.clients ?? 4;
  const perTrial = options.registersPerTrial ?? 4;
  const trialMs = options.trialMs ?? 2500;
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const rng = new Prng(seed);
  const log = options.log ?? (() => {});
  const ownDir = options.dataDir === undefined;
  const root = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wormspace-torture-'));
  const started = performance.now();
  const deadline = options.minutes === undefined ? Infinity : started + options.minutes * 60_000;
  const maxTrials = options.trials ?? Infinity;

  const members: Member[] = [];
  // links[c][s]: client c to server s; the checker client (index nClients) is never faulted.
  const links: FaultyLink[][] = [];
  const clients: WormSpace[] = [];
  const summary: TortureSummary = {
    servers: nServers,
    clients: nClients,
    seed,
    trials: 0,
    faults: Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>,
    kills: 0,
    durationMs: 0,
    registers: 0,
    operations: 0,
    writes: { ok: 0, notTaken: 0, unknown: 0, ownValueReported: 0 },
    reads: { value: 0, unwritten: 0, noAnswer: 0 },
    acknowledgedLost: 0,
    violations: [],
  };

  const kill9 = async (m: Member): Promise<void> => {
    if (!m.child) return;
    m.child.kill('SIGKILL');
    await m.exited;
    m.child = undefined;
    summary.kills++;
  };
  // Two spares: enough for kill9-two; a used one is replaced at once, while the trials go on.
  const spares: Spare[] = [];
  const topUpSpares = () => {
    while (spares.length < Math.min(2, nServers)) spares.push(spawnSpare());
  };
  const restart = async (m: Member): Promise<void> => {
    if (m.child) return;
    const spare = spares.shift();
    topUpSpares();
    const p = await startServerProcess(m.dir, spare);
    Object.assign(m, p);
    for (const row of links) row[m.index]!.retarget(p.port);
  };
  const setLinks = (pick: (c: number, s: number) => boolean, mode: LinkMode) => {
    for (let c = 0; c < nClients; c++) for (let s = 0; s < nServers; s++) if (pick(c, s)) links[c]![s]!.set(mode);
  };

  try {
    for (let i = 0; i < nServers; i++) {
      const dir = path.join(root, `s${i + 1}`);
      const p = await startServerProcess(dir);
      members.push({ index: i, dir, ...p });
    }
    topUpSpares();
    for (let c = 0; c <= nClients; c++) {
      const row: FaultyLink[] = [];
      for (const m of members) {
        const link = new FaultyLink({ host: '127.0.0.1', port: m.port });
        await link.start();
        row.push(link);
      }
      links.push(row);
    }
    const connect = (c: number) =>
      WormSpace.connect({
        servers: links[c]!.map((l) => l.address),
        segmentSize: 1 << 30,
        connectTimeoutMs: 1000,
        retry: { firstTimeoutMs: 100, maxTimeoutMs: 400 },
        maxTimeouts: 4,
      });
    for (let c = 0; c < nClients; c++) clients.push(await connect(c));
    // In `clients` too, so that the finally below closes it when a trial throws (an open client
    // kept the process alive after an error).
    const checker = await connect(nClients);
    clients.push(checker);
    const SEG = 1;
    const alloc = await checker.alloc(SEG, 'torture');
    if (alloc.status !== 'ok' && alloc.status !== 'alreadyWritten') throw new Error(`could not allocate the torture segment: ${alloc.status}`);

    let valueSeq = 0;
    for (let trial = 0; trial < maxTrials && performance.now() < deadline && !options.signal?.aborted; trial++) {
      const base = trial * perTrial;
      const registers = Array.from({ length: perTrial }, (_, i) => base + i);
      const history = new Map<number, Op[]>(registers.map((r) => [r, []]));
      const fault = FAULTS[rng.int(FAULTS.length)]!;
      summary.faults[fault]++;
      const trialEnd = performance.now() + trialMs;

      const worker = async (c: number): Promise<void> => {
        const ws = clients[c]!;
        while (performance.now() < trialEnd) {
          const off = registers[rng.int(registers.length)]!;
          const ops = history.get(off)!;
          const pick = rng.int(10);
          const invoke = performance.now();
          if (pick < 4) {
            const r = await ws.read(SEG, off);
            const answer = performance.now();
            if (r.status === 'ok') ops.push({ kind: 'read', client: c, invoke, answer, outcome: 'value', value: r.value });
            else if (r.status === 'unwritten') ops.push({ kind: 'read', client: c, invoke, answer, outcome: 'unwritten' });
            else summary.reads.noAnswer++;
          } else {
            const value = `t${trial}-c${c}-${valueSeq++}`;
            let captureId;
            if (pick < 6) {
              // Capture, then write with the capture id: two calls, another client may get in between.
              const cap = await ws.capture(SEG, off);
              if (cap.status !== 'ok') continue; // nothing was accepted: no effect to record
              if (cap.written !== undefined) {
                ops.push({ kind: 'read', client: c, invoke, answer: performance.now(), outcome: 'value', value: cap.written });
                continue;
              }
              captureId = cap.captureId;
            }
            const w = await ws.write(SEG, off, value, captureId);
            const answer = performance.now();
            if (w.status === 'ok') ops.push({ kind: 'write', client: c, value, invoke, answer, outcome: 'ok' });
            else if (w.status === 'alreadyWritten' && w.value === value) {
              // The register holds this write's own value: the write took effect before its
              // answer, though the call reports alreadyWritten (a retry found its own value
              // accepted). Not counted as acknowledged; checked as an effect within its interval.
              summary.writes.ownValueReported++;
              ops.push({ kind: 'write', client: c, value, invoke, answer, outcome: 'unknown', observed: w.value });
            } else if (w.status === 'alreadyWritten') ops.push({ kind: 'write', client: c, value, invoke, answer, outcome: 'notTaken', observed: w.value });
            // preempted, timeout: the value may have reached some acceptors and be completed later.
            else ops.push({ kind: 'write', client: c, value, invoke, answer: Infinity, outcome: 'unknown' });
          }
        }
      };

      const faults = async (): Promise<void> => {
        await sleep(Math.floor(trialMs * 0.15));
        const victim = members[rng.int(nServers)]!;
        const other = members[(victim.index + 1 + rng.int(nServers - 1)) % nServers]!;
        const cutSome = () => setLinks(() => rng.chance(1, 2), 'cut');
        switch (fault) {
          case 'kill9':
            await kill9(victim);
            break;
          case 'kill9-two':
            await Promise.all([kill9(victim), kill9(other)]);
            break;
          case 'cut':
            cutSome();
            break;
          case 'blackhole':
            setLinks(() => rng.chance(1, 2), 'blackhole');
            break;
          case 'kill9+cut':
            await kill9(victim);
            cutSome();
            break;
          case 'isolate-server':
            setLinks((_, s) => s === victim.index, rng.chance(1, 2) ? 'cut' : 'blackhole');
            break;
        }
        await sleep(Math.floor(trialMs * 0.45));
        setLinks(() => true, 'up');
        await Promise.all(members.map(restart));
      };

      await Promise.all([faults(), ...clients.slice(0, nClients).map((_, c) => worker(c))]);
      // Every server is up and every link restored; whatever the clients left half-done is
      // completed (or not) by these reads, which the history includes.
      for (const off of registers) {
        for (let attempt = 0; ; attempt++) {
          const invoke = performance.now();
          const r = await checker.read(SEG, off);
          const answer = performance.now();
          if (r.status === 'ok') {
            history.get(off)!.push({ kind: 'read', client: nClients, invoke, answer, outcome: 'value', value: r.value });
            break;
          }
          if (r.status === 'unwritten') {
            history.get(off)!.push({ kind: 'read', client: nClients, invoke, answer, outcome: 'unwritten' });
            break;
          }
          if (attempt >= 10) {
            summary.violations.push(`trial ${trial}: the final read of register ${off} answered ${r.status} 10 times with every server up`);
            break;
          }
          await sleep(200);
        }
      }
      for (const [off, ops] of history) {
        summary.registers++;
        summary.operations += ops.length;
        for (const op of ops) {
          if (op.kind === 'write') summary.writes[op.outcome]++;
          else summary.reads[op.outcome]++;
        }
        const final = ops.at(-1);
        const finalValue = final?.kind === 'read' && final.client === nClients ? (final.outcome === 'value' ? final.value : null) : undefined;
        for (const op of ops) {
          if (op.kind === 'write' && op.outcome === 'ok' && finalValue !== undefined && finalValue !== op.value) {
            summary.acknowledgedLost++;
            summary.violations.push(`trial ${trial}: register ${off}: acknowledged write ${JSON.stringify(op.value)} reads back as ${finalValue === null ? 'unwritten' : JSON.stringify(finalValue)}`);
          }
        }
        const verdict = checkRegister(ops);
        if (!verdict.ok) summary.violations.push(`trial ${trial}: register ${off}: ${verdict.reason}`);
      }
      summary.trials++;
      log(`trial ${trial} (${fault}): ${[...history.values()].reduce((n, o) => n + o.length, 0)} operations, ${summary.violations.length} violations so far`);
    }
  } finally {
    for (const c of clients) c.close();
    for (const row of links) for (const l of row) await l.close();
    for (const m of members) if (m.child) m.child.kill('SIGTERM');
    for (const s of spares) s.child.kill('SIGKILL');
    await Promise.all(members.map((m) => Promise.race([m.exited, sleep(5000).then(() => m.child?.kill('SIGKILL'))])));
    if (ownDir) fs.rmSync(root, { recursive: true, force: true });
  }
  summary.durationMs = performance.now() - started;
  if (options.signal?.aborted && summary.trials < maxTrials && performance.now() < deadline) summary.stoppedEarly = true;
  return summary;
}

/** formatSummary renders a summary as the markdown of bench/results/torture.md. */
export function formatSummary(s: TortureSummary, command: string): string {
  const lines = [
    '# Torture run',
    '',
    `- command: \`${command}\``,
    `- date: ${new Date().toISOString()}`,
    `- machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown'}), load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} at the end`,
    `- software: Node ${process.version}, ${os.type()} ${os.release()}`,
    `- seed: ${s.seed} (fault kinds, victims and the operation mix; timing does not replay)`,
    ...(s.stoppedEarly ? ['- **stopped early** by a signal: fewer trials than asked for'] : []),
    '',
    `${s.servers} \`wormspace server\` processes on 127.0.0.1 (SQLite, fsync on), ${s.clients} concurrent clients each reaching each server through its own in-process TCP proxy. A killed server restarts in a warm spare process (src/torture/spare-server.js: \`wormspace server\` with its modules already loaded).`,
    '',
    '| measure | value |',
    '|---|---:|',
    `| trials | ${s.trials} |`,
    `| duration | ${(s.durationMs / 1000).toFixed(1)} s |`,
    `| servers killed with SIGKILL (and restarted) | ${s.kills} |`,
    ...Object.entries(s.faults).map(([f, n]) => `| trials with fault \`${f}\` | ${n} |`),
    `| registers checked | ${s.registers} |`,
    `| operations in the histories | ${s.operations} |`,
    `| writes acknowledged (ok) | ${s.writes.ok} |`,
    `| writes refused (alreadyWritten) | ${s.writes.notTaken} |`,
    `| writes with unknown outcome (timeout, preempted, or alreadyWritten with the write's own value) | ${s.writes.unknown} |`,
    `| of which alreadyWritten with the write's own value | ${s.writes.ownValueReported} |`,
    `| reads of a value / unwritten / without an answer | ${s.reads.value} / ${s.reads.unwritten} / ${s.reads.noAnswer} |`,
    `| **acknowledged writes lost** | **${s.acknowledgedLost}** |`,
    `| **linearizability violations** | **${s.violations.length}** |`,
    '',
  ];
  if (s.violations.length > 0) lines.push('Violations:', '', ...s.violations.slice(0, 50).map((v) => `- ${v}`), '');
  return lines.join('\n');
}
