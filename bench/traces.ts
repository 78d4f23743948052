/**
 * Benchmark of the streaming trace validator (`npm run bench -- traces`, src/trace/stream-validate.ts).
 * 1. The validator's own cost: traces of the toy spec Tally (test/fixtures/trace-spec) of 10k and
 *    100k events, whose spec step costs the same at every event: events/s, peak memory (maxRSS of
 *    a child process per trace, so each number is its own), linearity.
 * 2. WORPaxos (tla/wor/TraceWORPaxos.tla): traces of the metadata WOR recorded by the simulator
 *    for longer and longer runs (about 1.8k, 10k and 100k events): events/s as the trace grows
 *    (the wrapper's Horizon keeps the spec's `msgs` small; `votes` still grows with the ballots).
 * Each validation runs in a child process (node --import tsx bench/traces-worker.ts).
 * `npm run bench -- traces --warm`: each child validates its trace twice and the table reports the
 * second pass (JIT warm) with the first one's events per stepping CPU s beside it (cold).
 * bench/results/traces.md keeps the notes below its HAND_WRITTEN_MARKER line (bench/results-file.ts)
 * when the tables are regenerated.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTrace } from '../src/trace/format.ts';
import { recordTrace } from '../src/trace/record.ts';

export const name = 'traces';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'traces-worker.ts');

interface Run {
  accepted: boolean;
  events: number;
  seconds: number;
  setupSeconds: number;
  steppingCpuSeconds: number;
  /** With --warm: the stepping CPU seconds of the first (cold) pass. */
  coldSteppingCpuSeconds: number | null;
  cpuSeconds: number;
  maxCandidates: number;
  maxRssKiB: number;
  heapUsed: number;
}

function validate(file: string, tally: boolean, warm: boolean): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', WORKER, file, ...(tally ? ['--tally'] : []), ...(warm ? ['--warm'] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`validating ${file} failed: ${r.stderr.trim().split('\n').pop()}`);
  return JSON.parse(r.stdout) as Run;
}

/** A Tally trace of n events (two clients adding 1..3 in turn, resetting before the limit). */
function tallyTrace(n: number): string {
  const out: string[] = ['{"trace":"Tally","clients":[1,2],"limit":6}'];
  const given = [0, 0, 0];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = 1 + (i % 2);
    const k = 1 + (i % 3);
    if (given[c]! + k > 6) {
      out.push(`{"action":"Reset","client":${c}}`);
      given[c] = 0;
    } else {
      given[c]! += k;
      total += k;
      out.push(`{"action":"Add","client":${c},"amount":${k},"total":${total}}`);
    }
  }
  return `${out.join('\n')}\n`;
}

const mib = (kib: number): string => (kib / 1024).toFixed(0);

function row(what: string, file: string, r: Run): string {
  const stepping = r.seconds - r.setupSeconds;
  const cold = r.coldSteppingCpuSeconds === null ? '' : ` ${Math.round(r.events / r.coldSteppingCpuSeconds)} |`;
  return `| ${what} | ${r.events} | ${(statSync(file).size / 2 ** 20).toFixed(1)} | ${r.accepted ? 'accepted' : 'REJECTED'} | ${r.setupSeconds.toFixed(2)} | ${stepping.toFixed(2)} | ${Math.round(r.events / stepping)} | ${r.steppingCpuSeconds.toFixed(2)} | ${Math.round(r.events / r.steppingCpuSeconds)} | ${r.cpuSeconds.toFixed(2)} | ${Math.round(r.events / r.cpuSeconds)} | ${r.maxCandidates} | ${mib(r.maxRssKiB)} | ${(r.heapUsed / 2 ** 20).toFixed(0)} |${cold}`;
}

export async function run(flags: string[] = []): Promise<string> {
  const unknown = flags.filter((f) => f !== '--warm');
  if (unknown.length > 0) throw new Error(`the traces benchmark takes only --warm (got ${unknown.join(' ')})`);
  const warm = flags.includes('--warm');
  const dir = mkdtempSync(join(tmpdir(), 'wormspace-bench-traces-'));
  const head = [
    `| trace | events | MiB | verdict | setup s | stepping s | events/s (wall) | stepping CPU s | events per stepping CPU s | CPU s (all) | events per CPU s | max candidates | peak RSS MiB | heap at end MiB |${warm ? ' cold: events per stepping CPU s |' : ''}`,
    `|---|---|---|---|---|---|---|---|---|---|---|---|---|---|${warm ? '---|' : ''}`,
  ];
  // BENCH_TRACES_QUICK=1: only the 10k and 100k-event traces (the goal's), not the 1M-event Tally
  // trace nor the short WORPaxos run.
  const quick = process.env.BENCH_TRACES_QUICK === '1';
  try {
    const tally: string[] = [...head];
    for (const n of quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]) {
      const f = join(dir, `tally-${n}.ndjson`);
      writeFileSync(f, tallyTrace(n));
      tally.push(row(`Tally ${n}`, f, validate(f, true, warm)));
    }
    const wor: string[] = [...head];
    for (const until of quick ? [130_000, 1_300_000] : [24_000, 130_000, 1_300_000]) {
      const rec = recordTrace({ seed: 3, ops: 1_000_000, overrides: { safetyUntil: until, maxSteps: 1e12 } as never });
      if (rec.problems.length > 0) throw new Error(`seed 3 until ${until}: ${rec.problems.join('; ')}`);
      const f = join(dir, `wor-${until}.ndjson`);
      writeFileSync(f, formatTrace(rec.trace));
      wor.push(row(`WORPaxos seed 3, run to ${until}`, f, validate(f, false, warm)));
    }
    return [
      '## The validator on a spec whose step costs the same at every event (Tally)',
      '',
      ...tally,
      '',
      '## WORPaxos traces of the metadata WOR (seed 3, runs of growing length)',
      '',
      ...wor,
      '',
      'events/s (wall) counts the stepping only (setup: loading and compiling the wrapper); events per',
      'stepping CPU s divides by the CPU time of the matching alone (the throughput the goal names);',
      'events per CPU s divides by all the CPU time of the validation, both passes over the file and',
      "setup included, the fairer number on a shared, loaded machine. Peak RSS is the child process's,",
      'Node and tsx included.',
      ...(warm ? ['', 'With --warm each trace was validated twice in its child process: the numbers, CPU s (all)', "included, are the second (warm) pass's, peak RSS covers both, and the last column is the first", "(cold) pass's."] : []),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
