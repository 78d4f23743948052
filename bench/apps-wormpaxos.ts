/**
 * WormPaxos KV against etcd, in one run, on this machine's loopback:
 * - WormPaxos: 3 `wormspace server` processes (fsync on: SQLite WAL, fdatasync before replies) and
 *   3 `wormspace kv serve` replica processes; clients send puts to the leader over its JSON-lines
 *   port (src/apps/runtime/rpc.ts).
 * - etcd: Debian's etcd-server (3.4), 3 members on loopback with their default fsync of the WAL;
 *   clients send puts to the leader through etcd's HTTP/JSON gateway (/v3/kv/put), keep-alive.
 * The same closed loop for both: C clients (1, 4, 16, 64), each putting an 8-byte value to its
 * own key, the next put as soon as the previous one answered, for a few seconds per point after
 * a warm-up. ops/s, p50 and p99 latency per point, and the ratios; an SVG plot next to the table.
 *
 * The script installs etcd-server with apt-get when it is missing and it runs as root; otherwise
 * it says so in one line and measures WormPaxos alone. BENCH_WORMPAXOS_SECONDS sets the
 * measuring time per point (default 4). BENCH_WORMPAXOS_MAX_BATCH and BENCH_WORMPAXOS_MAX_INFLIGHT
 * pass `--max-batch` / `--max-inflight` to every replica (the leader's batching; unset: defaults),
 * BENCH_WORMPAXOS_PUSH_DELAY `--push-delay` (how long the leader gathers positions to push).
 *
 * Profiling: `BENCH_WORMPAXOS_CLIENTS=64 BENCH_WORMPAXOS_ETCD=0 BENCH_NODE_ARGS="--cpu-prof
 * --cpu-prof-dir=/tmp/prof" npm run bench -- apps-wormpaxos` profiles the servers and replicas.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { freePorts } from '../src/apps/runtime/free-port.ts';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_NODE_ARGS, BenchCluster, cpuMillis } from './runtime-cluster.ts';
import { KvClient } from '../src/apps/wormpaxos/tcp.ts';
import { autogroupNote, schedRates, schedSample } from './schedstat.ts';

export const name = 'apps-wormpaxos';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/wormspace.js');
const RESULTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');
// BENCH_WORMPAXOS_CLIENTS=64 measures one point only (for profiling); BENCH_WORMPAXOS_ETCD=0 skips etcd.
const CLIENTS = (process.env.BENCH_WORMPAXOS_CLIENTS ?? '1,4,16,64').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_WORMPAXOS_SECONDS ?? '4');
// The leader's batching, passed on to `kv serve` (unset: the replica's defaults).
const LEADER_FLAGS = [
  ...(process.env.BENCH_WORMPAXOS_MAX_BATCH ? ['--max-batch', process.env.BENCH_WORMPAXOS_MAX_BATCH] : []),
  ...(process.env.BENCH_WORMPAXOS_MAX_INFLIGHT ? ['--max-inflight', process.env.BENCH_WORMPAXOS_MAX_INFLIGHT] : []),
  ...(process.env.BENCH_WORMPAXOS_PUSH_DELAY ? ['--push-delay', process.env.BENCH_WORMPAXOS_PUSH_DELAY] : []),
];
const WARMUP_MS = 1000;
const VALUE = 'v1234567'; // 8 bytes

interface Point {
  clients: number;
  ops: number;
  opsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  /** Puts answered during the whole point, warm-up included. */
  total: number;
  /** WormPaxos only: server requests per put, and requests per server transaction (per fsync). */
  serverRequestsPerPut?: number;
  requestsPerCommit?: number;
  /** WormPaxos only: CPU milliseconds per put of the 3 servers and of the 3 replicas. */
  serverCpuPerPut?: number;
  replicaCpuPerPut?: number;
  /** Cores the system's processes and the benchmark's clients used, and how many of their threads waited for a CPU on average (schedstat.ts). */
  cores?: number;
  waiting?: number;
}

/** measured runs a closed loop and records the scheduler's view of `pids` (plus this process) over it. */
async function measured(pids: number[], clients: number, put: (client: number, n: number) => Promise<void>): Promise<Point> {
  const all = [process.pid, ...pids];
  const s0 = schedSample(all);
  const point = await closedLoop(clients, put);
  const r = schedRates(s0, schedSample(all));
  point.cores = r.cores;
  point.waiting = r.waiting;
  return point;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** closedLoop runs `clients` loops of `put(i)` for the warm-up and then SECONDS, timing each answer. */
async function closedLoop(clients: number, put: (client: number, n: number) => Promise<void>): Promise<Point> {
  const lat: number[] = [];
  let errors = 0;
  const start = performance.now();
  const measureFrom = start + WARMUP_MS;
  const end = measureFrom + SECONDS * 1000;
  let measured = 0;
  let total = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      let n = 0;
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await put(c, n++);
        } catch {
          errors++;
          continue;
        }
        const done = performance.now();
        total++;
        if (t >= measureFrom && done <= end) {
          lat.push(done - t);
          measured++;
        }
      }
    }),
  );
  lat.sort((a, b) => a - b);
  return { clients, ops: measured, opsPerSec: measured / SECONDS, p50: percentile(lat, 50), p99: percentile(lat, 99), errors, total };
}

function waitForLine(child: ChildProcess, re: RegExp, what: string, ms = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${ms} ms: ${out.slice(-300)}`)), ms);
    const on = (d: Buffer): void => {
      out += d.toString();
      if (re.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${out.slice(-300)}`));
    });
  });
}

function stop(children: ChildProcess[]): Promise<void> {
  return Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 5000).unref();
        }),
    ),
  ).then(() => undefined);
}

// ------------------------------------------------------------------ WormPaxos

async function benchWormPaxos(): Promise<Point[]> {
  const cluster = await BenchCluster.start(3);
  const ports = await freePorts(3);
  const ids = ['r1', 'r2', 'r3'];
  const addrs = ports.map((p) => `127.0.0.1:${p}`);
  const replicas: ChildProcess[] = [];
  try {
    for (const [i, id] of ids.entries()) {
      const peers = ids.map((o, j) => (o === id ? '' : `${o}=${addrs[j]}`)).filter(Boolean).join(',');
      const child = spawn(process.execPath, [...BENCH_NODE_ARGS, BIN, 'kv', 'serve', '--id', id, '--listen', addrs[i]!, '--peers', peers, '--servers', cluster.addresses.join(','), ...LEADER_FLAGS], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      replicas.push(child);
      await waitForLine(child, /listening on/, `replica ${id}`);
    }
    // Elect a leader with one put, then send everything to it.
    const boot = new KvClient(addrs, 5000);
    const first = await boot.request({ op: 'put', id: boot.newPutId(), key: 'boot', value: VALUE });
    boot.close();
    const leader = first.replica;
    const points: Point[] = [];
    for (const c of CLIENTS) {
      const conns = Array.from({ length: c }, () => new KvClient([leader], 10_000));
      const before = await cluster.stats();
      const cpu0 = [cpuMillis(cluster.pids), cpuMillis(replicas.map((r) => r.pid!))];
      const point = await measured([...cluster.pids, ...replicas.map((r) => r.pid!)], c, async (i, n) => {
        const r = await conns[i]!.request({ op: 'put', id: `${i}.${c}.${n}`, key: `key${i}`, value: VALUE }, 1);
        if (r.reply.status !== 'ok') throw new Error(r.reply.status);
      });
      for (const k of conns) k.close();
      const cpu1 = [cpuMillis(cluster.pids), cpuMillis(replicas.map((r) => r.pid!))];
      const after = await cluster.stats();
      const items = after.items - before.items;
      point.serverRequestsPerPut = items / Math.max(1, point.total);
      point.requestsPerCommit = items / Math.max(1, after.batches - before.batches);
      point.serverCpuPerPut = (cpu1[0]! - cpu0[0]!) / Math.max(1, point.total);
      point.replicaCpuPerPut = (cpu1[1]! - cpu0[1]!) / Math.max(1, point.total);
      points.push(point);
    }
    return points;
  } finally {
    await stop(replicas);
    await cluster.stop();
  }
}

// ------------------------------------------------------------------ etcd

/** ensureEtcd finds the etcd binary, installing Debian's etcd-server if root may; null (with why) if not. */
function ensureEtcd(): { bin: string } | { skip: string } {
  const found = spawnSync('sh', ['-c', 'command -v etcd'], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim() !== '') return { bin: found.stdout.trim() };
  if (process.getuid?.() !== 0) return { skip: 'etcd is not installed and this is not root: run `apt-get install -y etcd-server` as root to compare with etcd' };
  const inst = spawnSync('sh', ['-c', 'DEBIAN_FRONTEND=noninteractive apt-get install -y etcd-server'], { encoding: 'utf8', timeout: 300_000 });
  const again = spawnSync('sh', ['-c', 'command -v etcd'], { encoding: 'utf8' });
  if (inst.status === 0 && again.status === 0) return { bin: again.stdout.trim() };
  return { skip: `could not install etcd-server with apt-get (exit ${inst.status}): ${(inst.stderr || inst.stdout).trim().split('\n').at(-1) ?? ''}` };
}

function etcdCall(agent: http.Agent, port: number, route: string, body: unknown): Promise<Record<string, unknown>> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: route, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      let out = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (out += d));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`etcd ${route}: HTTP ${res.statusCode}: ${out.slice(0, 200)}`));
        try {
          resolve(JSON.parse(out) as Record<string, unknown>);
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function benchEtcd(bin: string): Promise<Point[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wormpaxos-etcd-'));
  const ports = await freePorts(6);
  const names = ['m1', 'm2', 'm3'];
  const clientPort = (i: number): number => ports[i]!;
  const peerPort = (i: number): number => ports[3 + i]!;
  const initial = names.map((n, i) => `${n}=http://127.0.0.1:${peerPort(i)}`).join(',');
  const members: ChildProcess[] = [];
  try {
    for (const [i, n] of names.entries()) {
      const child = spawn(
        bin,
        [
          '--name', n,
          '--data-dir', path.join(root, n),
          '--listen-client-urls', `http://127.0.0.1:${clientPort(i)}`,
          '--advertise-client-urls', `http://127.0.0.1:${clientPort(i)}`,
          '--listen-peer-urls', `http://127.0.0.1:${peerPort(i)}`,
          '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort(i)}`,
          '--initial-cluster', initial,
          '--initial-cluster-state', 'new',
          '--initial-cluster-token', `bench-${process.pid}`,
          '--log-level', 'error',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ETCD_UNSUPPORTED_ARCH: process.env.ETCD_UNSUPPORTED_ARCH ?? '' } },
      );
      members.push(child);
    }
    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    // Wait for a leader, and find it.
    let leaderPort = -1;
    for (let t = 0; t < 150 && leaderPort < 0; t++) {
      for (let i = 0; i < 3 && leaderPort < 0; i++) {
        try {
          const s = await etcdCall(agent, clientPort(i), '/v3/maintenance/status', {});
          const header = s.header as { member_id?: string } | undefined;
          if (s.leader && s.leader !== '0' && header?.member_id === s.leader) leaderPort = clientPort(i);
        } catch {
          // not up yet
        }
      }
      if (leaderPort < 0) await new Promise((r) => setTimeout(r, 200));
    }
    if (leaderPort < 0) throw new Error('the etcd cluster elected no leader within 30 s');
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    const value = b64(VALUE);
    const points: Point[] = [];
    for (const c of CLIENTS) {
      const keys = Array.from({ length: c }, (_, i) => b64(`key${i}`));
      points.push(await measured(members.map((m) => m.pid!), c, async (i) => void (await etcdCall(agent, leaderPort, '/v3/kv/put', { key: keys[i], value }))));
    }
    agent.destroy();
    return points;
  } finally {
    await stop(members);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ output

function svgPlot(wp: Point[], etcd: Point[] | null): string {
  const W = 720;
  const H = 300;
  const pad = { l: 60, r: 20, t: 30, b: 40 };
  const panel = (x0: number, title: string, ys: (p: Point) => number, unit: string): string => {
    const pw = (W - 3 * pad.l) / 2;
    const all = [...wp, ...(etcd ?? [])].map(ys).filter(Number.isFinite);
    const ymax = Math.max(...all, 1) * 1.1;
    const xs = (i: number): number => x0 + (i / (CLIENTS.length - 1)) * pw;
    const yv = (v: number): number => pad.t + (1 - v / ymax) * (H - pad.t - pad.b);
    const line = (pts: Point[], color: string): string =>
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p, i) => `${xs(i).toFixed(1)},${yv(ys(p)).toFixed(1)}`).join(' ')}"/>` +
      pts.map((p, i) => `<circle cx="${xs(i).toFixed(1)}" cy="${yv(ys(p)).toFixed(1)}" r="3" fill="${color}"/>`).join('');
    const ticks = CLIENTS.map((c, i) => `<text x="${xs(i).toFixed(1)}" y="${H - pad.b + 16}" font-size="11" text-anchor="middle">${c}</text>`).join('');
    const yt = [0, 0.5, 1].map((f) => `<text x="${x0 - 6}" y="${yv(f * ymax / 1.1).toFixed(1)}" font-size="10" text-anchor="end">${(f * ymax / 1.1).toFixed(unit === 'ms' ? 1 : 0)}</text>`).join('');
    return (
      `<text x="${x0 + pw / 2}" y="18" font-size="13" text-anchor="middle">${title}</text>` +
      `<line x1="${x0}" y1="${H - pad.b}" x2="${x0 + pw}" y2="${H - pad.b}" stroke="#888"/><line x1="${x0}" y1="${pad.t}" x2="${x0}" y2="${H - pad.b}" stroke="#888"/>` +
      ticks + yt + `<text x="${x0 + pw / 2}" y="${H - 6}" font-size="11" text-anchor="middle">clients</text>` +
      line(wp, '#1f77b4') + (etcd ? line(etcd, '#d62728') : '')
    );
  };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H + 20}" font-family="sans-serif">`,
    panel(pad.l, 'throughput (puts/s)', (p) => p.opsPerSec, 'ops'),
    panel(pad.l * 2 + (W - 3 * pad.l) / 2, 'p50 latency (ms)', (p) => p.p50, 'ms'),
    `<text x="${pad.l}" y="${H + 14}" font-size="11" fill="#1f77b4">WormPaxos</text>`,
    etcd ? `<text x="${pad.l + 90}" y="${H + 14}" font-size="11" fill="#d62728">etcd 3.4 (3 members)</text>` : '',
    '</svg>',
    '',
  ].join('\n');
}

const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
// CPU per put: at 64 clients it is 0.04-0.15 ms, where two decimals cannot tell two runs apart.
const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

export async function run(): Promise<string> {
  const wp = await benchWormPaxos();
  const found: ReturnType<typeof ensureEtcd> = process.env.BENCH_WORMPAXOS_ETCD === '0' ? { skip: 'BENCH_WORMPAXOS_ETCD=0' } : ensureEtcd();
  let etcd: Point[] | null = null;
  let note = '';
  if ('bin' in found) {
    etcd = await benchEtcd(found.bin);
  } else {
    note = `etcd skipped: ${found.skip}`;
    process.stderr.write(`apps-wormpaxos: ${note}\n`);
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'apps-wormpaxos.svg'), svgPlot(wp, etcd));
  const lines = [
    '# WormPaxos KV vs etcd: closed-loop 8-byte puts on loopback',
    '',
    `Each point: C clients, one key each, the next put as soon as the last answered; ${WARMUP_MS} ms warm-up, then ${SECONDS} s measured. Both systems: 3 storage members on this machine with fsync (WormSpace: 3 servers, SQLite WAL fdatasynced before every reply, plus 3 WormPaxos replica processes; etcd: 3 members, WAL fsync), clients in the benchmark process sending to the leader. Plot: apps-wormpaxos.svg.`,
    '',
    '| clients | WormPaxos ops/s | p50 ms | p99 ms | etcd ops/s | p50 ms | p99 ms | throughput ratio (WormPaxos / etcd) | p50 ratio (WormPaxos / etcd) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...wp.map((p, i) => {
      const e = etcd?.[i];
      return `| ${p.clients} | ${p.opsPerSec.toFixed(0)} | ${f2(p.p50)} | ${f2(p.p99)} | ${e ? e.opsPerSec.toFixed(0) : 'n/a'} | ${e ? f2(e.p50) : 'n/a'} | ${e ? f2(e.p99) : 'n/a'} | ${e ? f2(p.opsPerSec / e.opsPerSec) : 'n/a'} | ${e ? f2(p.p50 / e.p50) : 'n/a'} |`;
    }),
    '',
  ];
  const errs = [...wp, ...(etcd ?? [])].reduce((a, p) => a + p.errors, 0);
  if (errs > 0) lines.push(`Failed requests (not counted): ${errs}.`, '');
  lines.push(
    'WormPaxos cost per put (CPU time is comparable between runs on a loaded machine when throughput is not):',
    '',
    '| clients | requests to the 3 servers per put | requests per server transaction (one fsync if it wrote) | server CPU ms per put (3 servers) | replica CPU ms per put (3 replicas) |',
    '|---:|---:|---:|---:|---:|',
    ...wp.map((p) => `| ${p.clients} | ${f1(p.serverRequestsPerPut ?? NaN)} | ${f1(p.requestsPerCommit ?? NaN)} | ${f3(p.serverCpuPerPut ?? NaN)} | ${f3(p.replicaCpuPerPut ?? NaN)} |`),
    '',
    `CPU share (/proc schedstat over every thread of the system's processes and of the benchmark process, whose clients drive it; ${autogroupNote()}): cores used, and threads waiting for a CPU on average. Many waiting threads while few cores are used means the system was starved by other load, not idle:`,
    '',
    '| clients | WormPaxos cores used | WormPaxos threads waiting for a CPU | etcd cores used | etcd threads waiting for a CPU |',
    '|---:|---:|---:|---:|---:|',
    ...wp.map((p, i) => {
      const e = etcd?.[i];
      return `| ${p.clients} | ${f2(p.cores ?? NaN)} | ${f2(p.waiting ?? NaN)} | ${e ? f2(e.cores ?? NaN) : 'n/a'} | ${e ? f2(e.waiting ?? NaN) : 'n/a'} |`;
    }),
    '',
  );
  const at = (ps: Point[], c: number): Point | undefined => ps.find((p) => p.clients === c);
  const [w64, e64, w1, e1] = [at(wp, 64), etcd && at(etcd, 64), at(wp, 1), etcd && at(etcd, 1)];
  if (w64 && e64 && w1 && e1) {
    const t64 = w64.opsPerSec / e64.opsPerSec;
    const l1 = w1.p50 / e1.p50;
    lines.push(`Target (issue 9): throughput at 64 clients >= 3x etcd's: ${f1(t64)}x, ${t64 >= 3 ? 'met' : 'NOT met'}; p50 at 1 client <= 1/2 of etcd's: ${f2(l1)}x, ${l1 <= 0.5 ? 'met' : 'NOT met'}.`, '');
  } else lines.push(note, '');
  return lines.join('\n');
}
