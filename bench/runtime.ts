/**
 * The runtime benchmark: a 3-server loopback cluster (separate `wormspace server` processes, fsync
 * on), 1 to 64 concurrent clients (each its own WormSpace instance and connections, in a closed
 * loop), measuring ops/s and p50/p99 latency of
 *   - write to a pre-captured WOR (phase 2 only: one round trip, one fsync per batch),
 *   - capture+write (phase 1 and 2: two round trips, two fsyncs),
 *   - read (ballot-less query: one round trip, no fsync),
 *   - captureSegment of 1 to 1,024 WORs (one PrepareRange, one fsync, one row per WOR),
 * plus a breakdown of where the time of one request goes (encoding, fsync, network).
 *
 * Each point runs for BENCH_POINT_MS (default 1500 ms); BENCH_CONCURRENCY (default 1,4,16,64)
 * picks the client counts. `npm run bench -- runtime` runs it through the harness (bench/run.ts),
 * which records the table in bench/results/runtime.md; `node --import tsx bench/runtime.ts` only
 * prints it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WormSpace } from '../src/client/wormspace.ts';
import type { Ballot } from '../src/core/ballot.ts';
import type { Reply, Request } from '../src/core/messages.ts';
import { SqliteAcceptorStore } from '../src/storage/sqlite-store.ts';
import { FrameDecoder, encodeFrame } from '../src/transport/frame.ts';
import { clientFrameSchema, serverFrameSchema } from '../src/transport/envelope.ts';
import { replySchema, requestSchema } from '../src/transport/message-schema.ts';
import { TcpConnection } from '../src/transport/tcp-client.ts';
import type { GroupCommitStats } from '../src/storage/group-commit.ts';
import { BenchCluster } from './runtime-cluster.ts';

export const name = 'runtime';

const POINT_MS = Number(process.env.BENCH_POINT_MS ?? 1500);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,4,16,64').split(',').map(Number);
const SEGMENT_SIZE = 65_536;
const VALUE = 'v'.repeat(8); // the paper's 8-byte values

interface Point {
  op: string;
  clients: number;
  ops: number;
  opsPerSec: number;
  p50us: number;
  p99us: number;
  notOk: number;
  avgBatch: number;
  commitUs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function diffStats(a: GroupCommitStats, b: GroupCommitStats): { avgBatch: number; commitUs: number } {
  const batches = b.batches - a.batches;
  return { avgBatch: batches ? (b.items - a.items) / batches : 0, commitUs: batches ? (b.commitMicrosTotal - a.commitMicrosTotal) / batches : 0 };
}

/** Segments are handed out fresh for every workload so that no two runs share a WOR. */
let nextSegment = 1;

async function freshSegment(ws: WormSpace): Promise<number> {
  const seg = nextSegment++;
  const r = await ws.alloc(seg, 'bench');
  if (r.status !== 'ok') throw new Error(`bench: alloc(${seg}) answered ${r.status}`);
  return seg;
}

/**
 * measure runs `op` in a closed loop on every client for POINT_MS (or until a client's `op`
 * returns null: out of prepared WORs) and returns throughput and latency.
 */
async function measure(
  cluster: BenchCluster,
  label: string,
  clients: WormSpace[],
  prepare: (ws: WormSpace, c: number) => Promise<() => Promise<{ status: string }> | null>,
): Promise<Point> {
  const ops = await Promise.all(clients.map((ws, c) => prepare(ws, c)));
  const before = await cluster.stats();
  const latencies: number[] = [];
  let notOk = 0;
  const started = performance.now();
  const end = started + POINT_MS;
  await Promise.all(
    ops.map(async (op) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const call = op();
        if (call === null) return;
        const r = await call;
        latencies.push((performance.now() - t0) * 1000);
        if (r.status !== 'ok') notOk++;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const after = await cluster.stats();
  latencies.sort((a, b) => a - b);
  return {
    op: label,
    clients: clients.length,
    ops: latencies.length,
    opsPerSec: (latencies.length / elapsedMs) * 1000,
    p50us: percentile(latencies, 50),
    p99us: percentile(latencies, 99),
    notOk,
    ...diffStats(before, after),
  };
}

async function connectClients(addresses: string[], n: number): Promise<WormSpace[]> {
  return Promise.all(Array.from({ length: n }, () => WormSpace.connect({ servers: addresses, segmentSize: SEGMENT_SIZE, retry: { firstTimeoutMs: 1000, maxTimeoutMs: 4000 } })));
}

/** perClientWors: enough pre-captured WORs for one point at the throughput this machine reaches. */
function perClientWors(n: number): number {
  return Math.min(SEGMENT_SIZE, Math.max(1024, Math.ceil(80_000 / n)));
}

async function concurrencyPoints(cluster: BenchCluster, n: number): Promise<Point[]> {
  const clients = await connectClients(cluster.addresses, n);
  const written: { seg: number; count: number }[] = [];
  try {
    const points: Point[] = [];
    // write to a pre-captured WOR: captureSegment before the clock starts, then Accept at its id.
    points.push(
      await measure(cluster, 'write (pre-captured)', clients, async (ws, c) => {
        const seg = await freshSegment(ws);
        const count = perClientWors(n);
        const cap = await ws.captureSegment(seg, 0, count);
        if (cap.status !== 'ok') throw new Error(`bench: captureSegment answered ${cap.status}`);
        const id: Ballot = cap.captureId;
        const mine = { seg, count: 0 };
        written[c] = mine;
        return () => (mine.count < count ? ws.write(seg, mine.count++, VALUE, id) : null);
      }),
    );
    // read: WORs written above, in a scattered order.
    points.push(
      await measure(cluster, 'read', clients, async (ws, c) => {
        const { seg, count } = written[c]!;
        let i = 0;
        return () => (count === 0 ? null : ws.read(seg, (i++ * 7919) % count));
      }),
    );
    // capture+write: one call, Prepare then Accept.
    points.push(
      await measure(cluster, 'capture+write', clients, async (ws) => {
        const seg = await freshSegment(ws);
        let off = 0;
        return () => (off < SEGMENT_SIZE ? ws.write(seg, off++, VALUE) : null);
      }),
    );
    return points;
  } finally {
    for (const ws of clients) ws.close();
  }
}

/** captureSegment of `size` WORs at one client, on fresh ranges; `capture` of one WOR as the baseline. */
async function capturePoints(cluster: BenchCluster): Promise<Point[]> {
  const [ws] = await connectClients(cluster.addresses, 1);
  try {
    const points: Point[] = [];
    points.push(
      await measure(cluster, 'capture (1 WOR)', [ws!], async (w) => {
        const seg = await freshSegment(w);
        let off = 0;
        return () => (off < SEGMENT_SIZE ? w.capture(seg, off++) : null);
      }),
    );
    for (const size of [1, 16, 128, 1024]) {
      // Enough fresh segments for the point, allocated before the clock starts.
      const ranges: { seg: number; start: number }[] = [];
      const perSegment = SEGMENT_SIZE / size;
      const wanted = Math.min(4096, Math.ceil((POINT_MS / 1000) * (size >= 128 ? 1500 : 4000)));
      for (let s = 0; s < Math.ceil(wanted / perSegment); s++) {
        const seg = await freshSegment(ws!);
        for (let k = 0; k < perSegment && ranges.length < wanted; k++) ranges.push({ seg, start: k * size });
      }
      points.push(
        await measure(cluster, `captureSegment (${size} WORs)`, [ws!], async (w) => {
          let i = 0;
          return () => {
            const r = ranges[i++];
            return r ? w.captureSegment(r.seg, r.start, r.start + size) : null;
          };
        }),
      );
    }
    return points;
  } finally {
    ws!.close();
  }
}

interface Paired {
  a: string;
  b: string;
  pairs: number;
  p50a: number;
  p50b: number;
}

/**
 * paired alternates two operations on one client (a, b, a, b, ...) for POINT_MS and compares
 * their median latencies. Alternating call by call cancels the drift of a shared machine's load
 * (other processes' fsyncs), which separate runs of a few seconds each do not.
 */
async function paired(
  ws: WormSpace,
  a: string,
  opA: () => Promise<{ status: string }>,
  b: string,
  opB: () => Promise<{ status: string }>,
): Promise<Paired> {
  const la: number[] = [];
  const lb: number[] = [];
  const end = performance.now() + POINT_MS;
  while (performance.now() < end) {
    let t0 = performance.now();
    await opA();
    la.push((performance.now() - t0) * 1000);
    t0 = performance.now();
    await opB();
    lb.push((performance.now() - t0) * 1000);
  }
  la.sort((x, y) => x - y);
  lb.sort((x, y) => x - y);
  return { a, b, pairs: la.length, p50a: percentile(la, 50), p50b: percentile(lb, 50) };
}

/** shapePairs measures the two ratios the paper reports, each as an alternating pair. */
async function shapePairs(cluster: BenchCluster): Promise<Paired[]> {
  const [ws] = await connectClients(cluster.addresses, 1);
  try {
    // Pre-captured write vs capture+write, on fresh WORs of two segments.
    const pre = await freshSegment(ws!);
    const cap = await ws!.captureSegment(pre, 0, SEGMENT_SIZE);
    if (cap.status !== 'ok') throw new Error('bench: captureSegment failed');
    const cw = await freshSegment(ws!);
    let i = 0;
    let j = 0;
    const writes = await paired(
      ws!,
      'write (pre-captured)',
      () => ws!.write(pre, i++ % SEGMENT_SIZE, VALUE, cap.captureId),
      'capture+write',
      () => ws!.write(cw, j++ % SEGMENT_SIZE, VALUE),
    );
    // capture of one WOR vs captureSegment of 1,024 fresh WORs.
    const single = await freshSegment(ws!);
    let seg = await freshSegment(ws!);
    let k = 0;
    let start = 0;
    const captures = await paired(
      ws!,
      'capture (1 WOR)',
      () => ws!.capture(single, k++ % SEGMENT_SIZE),
      'captureSegment (1024 WORs)',
      async () => {
        if (start + 1024 > SEGMENT_SIZE) {
          seg = await freshSegment(ws!);
          start = 0;
        }
        const r = await ws!.captureSegment(seg, start, start + 1024);
        start += 1024;
        return r;
      },
    );
    return [writes, captures];
  } finally {
    ws!.close();
  }
}

interface Breakdown {
  codecUs: number;
  commitUs: number;
  readRttUs: number;
  acceptRttUs: number;
}

/** breakdown times the parts of one request: encoding, a one-row fsynced commit, and loopback round trips to one server. */
async function breakdown(cluster: BenchCluster): Promise<Breakdown> {
  // Encoding: client encodes the request, server decodes and checks it, and the same for the reply.
  const req: Request = { type: 'Accept', rid: 7, seg: 3, off: 12, ballot: [4, 123456789], value: VALUE };
  const rep: Reply = { type: 'Accepted', rid: 7, seg: 3, off: 12, ballot: [4, 123456789] };
  const cs = clientFrameSchema(requestSchema);
  const ss = serverFrameSchema(replySchema);
  const rounds = 20_000;
  let t = performance.now();
  for (let i = 0; i < rounds; i++) {
    const d1 = new FrameDecoder();
    cs(d1.push(encodeFrame({ type: 'req', id: i, body: req }))[0], '');
    const d2 = new FrameDecoder();
    ss(d2.push(encodeFrame({ type: 'res', id: i, body: rep }))[0], '');
  }
  const codecUs = ((performance.now() - t) * 1000) / rounds;

  // fsync: one-row transactions on the same disk as the servers' data.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wormspace-bench-fsync-'));
  const store = new SqliteAcceptorStore(dir);
  const commits = 300;
  t = performance.now();
  for (let i = 0; i < commits; i++) {
    store.transaction(() => store.apply([{ kind: 'wor', seg: 1, off: i, promised: [1, 1], acceptedBallot: [1, 1], acceptedValue: VALUE }]));
  }
  const commitUs = ((performance.now() - t) * 1000) / commits;
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });

  // Round trips to one server: a read changes nothing (no fsync), an accept is fsynced.
  const [host, port] = cluster.addresses[0]!.split(':');
  const conn = new TcpConnection<Request, Reply>({ host: host!, port: Number(port), responseSchema: replySchema });
  await conn.open(2000);
  const rtt = async (make: (i: number) => Request): Promise<number> => {
    const samples: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t0 = performance.now();
      await conn.request(make(i), 2000);
      samples.push((performance.now() - t0) * 1000);
    }
    samples.sort((a, b) => a - b);
    return percentile(samples, 50);
  };
  const readRttUs = await rtt((i) => ({ type: 'ReadQuery', rid: i, seg: 999_999, off: i }));
  const acceptRttUs = await rtt((i) => ({ type: 'Accept', rid: i, seg: 999_999, off: i, ballot: [0, 0], value: VALUE }));
  conn.close();
  return { codecUs, commitUs, readRttUs, acceptRttUs };
}

const f0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');

function table(points: Point[]): string {
  const rows = points.map((p) => `| ${p.op} | ${p.clients} | ${f0(p.opsPerSec)} | ${f0(p.p50us)} | ${f0(p.p99us)} | ${f1(p.avgBatch)} | ${f0(p.commitUs)} | ${p.ops}${p.notOk ? ` (${p.notOk} not ok)` : ''} |`);
  return ['| operation | clients | ops/s | p50 µs | p99 µs | requests per commit | µs per commit | ops |', '|---|---:|---:|---:|---:|---:|---:|---:|', ...rows].join('\n');
}

export async function run(): Promise<string> {
  const cluster = await BenchCluster.start(3);
  try {
    const points: Point[] = [];
    for (const n of CONCURRENCY) points.push(...(await concurrencyPoints(cluster, n)));
    const captures = await capturePoints(cluster);
    const [writes, caps] = await shapePairs(cluster);
    const b = await breakdown(cluster);
    const shape = (p: Paired, paper: string) =>
      `| ${p.b} / ${p.a} | ${f0(p.p50b)} / ${f0(p.p50a)} µs | **${(p.p50b / p.p50a).toFixed(2)}** | ${paper} | ${p.pairs} |`;
    return [
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${os.platform()}; 3 server processes on 127.0.0.1, SQLite WAL with synchronous=FULL; ${POINT_MS} ms per point; values of 8 bytes. The clients share one process; servers and clients share the machine's cores.`,
      '',
      table(points),
      '',
      table(captures),
      '',
      '**Shape against the paper** (one client, the two operations alternated call by call, p50):',
      '',
      '| ratio | p50 | measured | paper | pairs |',
      '|---|---:|---:|---|---:|',
      shape(writes, '≈ 2× (638 vs 311 µs)'),
      shape(caps, '≈ 1.4× (986 vs 699 µs); issue bound ≤ 1.5×'),
      '',
      '**Where the time of one request goes** (one client, one server, p50):',
      `- encoding: ${f1(b.codecUs)} µs per request+reply (msgpack encode, frame decode and schema check, both ways)`,
      `- fsync: ${f0(b.commitUs)} µs per one-row SQLite commit on this disk`,
      `- round trip of a read (no fsync): ${f0(b.readRttUs)} µs: loopback TCP, both event loops, encoding, a read-only SQLite transaction`,
      `- round trip of an accept (fsynced): ${f0(b.acceptRttUs)} µs; the difference to a read, ${f0(b.acceptRttUs - b.readRttUs)} µs, is the durable commit`,
    ].join('\n');
  } finally {
    await cluster.stop();
  }
}

export default { name, run };

// Run directly (`node --import tsx bench/runtime.ts`): print only. `npm run bench -- runtime`
// records the results, with the date and machine facts, in bench/results/runtime.md.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${await run()}\n`);
}
