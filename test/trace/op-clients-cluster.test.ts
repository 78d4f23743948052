/**
 * Traces of a real application workload (issue 10): `wormspace tx demo --trace DIR` against three
 * `wormspace server --trace` processes runs four clients in four processes (the bank and its three
 * RMs, child processes), and each RM runs several calls at once on one register (it polls a vote
 * register while it writes it, checks a segment while it allocates it). Every register the run
 * touched is merged from the folder's logs and checked against WORPaxos: all accepted, with the
 * concurrent calls on virtual clients (src/trace/op-clients.ts); without the projection some are
 * rejected, so the workload does exercise it. One register goes through the CLI, which must
 * print the renaming.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeLogs, readLogs } from '../../src/trace/merge.ts';
import { projectOpClients } from '../../src/trace/op-clients.ts';
import { extractRegister, traceOf } from '../../src/trace/record.ts';
import { validateTrace } from '../../src/trace/stream-validate.ts';
import { registersOf } from '../../src/trace/cluster-check.ts';
import { killAll, runCli, spawnServer } from '../e2e/processes.ts';
import { runCli as runCliSync } from '../helpers/cli.ts';
import { tempDir } from '../server/helpers.ts';

const root = tempDir('op-clients-cluster');
afterAll(() => {
  killAll();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a real tx demo, traced by every process', () => {
  it('has every register accepted once concurrent calls are on virtual clients', { timeout: 300_000 }, async () => {
    const logs = path.join(root, 'logs');
    const servers = await Promise.all([1, 2, 3].map((i) => spawnServer(path.join(root, `s${i}`), 0, ['--trace', path.join(logs, `server-${i}.ndjson`)])));
    const started = Date.now();
    // Two transfers are enough for every kind of register (run marker, vote segments'
    // metadata, vote registers, the bank's) and for RMs that overlap their own calls.
    const demo = await runCli(['tx', 'demo', '--transfers', '2', '--servers', servers.map((s) => s.address).join(','), '--trace', logs, '--timeout', '20000'], {});
    expect(demo.stdout, demo.stderr).toMatch(/all RMs decided alike: yes/);
    expect(demo.code, demo.stderr).toBe(0);
    const demoSeconds = (Date.now() - started) / 1000;
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));

    const files = fs.readdirSync(logs).sort();
    expect(files.filter((f) => f.startsWith('client-'))).toHaveLength(4);
    const merged = mergeLogs(readLogs(logs));
    expect(merged.dropped + merged.forced).toBe(0);
    const registers = registersOf(merged.events);
    expect(registers.length).toBeGreaterThan(8);
    const rejected: string[] = [];
    let rejectedWithout = 0;
    let moves = 0;
    let events = 0;
    let withMoves: [number, number] | null = null;
    for (const [seg, off] of registers) {
      const p = projectOpClients(merged.events, seg, off);
      expect(p.problems).toEqual([]);
      const x = extractRegister(p.events, merged.acceptors, seg, off);
      expect(x.problems, `register (${seg}, ${off})`).toEqual([]);
      const v = validateTrace(traceOf(x.events, { seg, off, acceptors: merged.acceptors }));
      if (!v.accepted) rejected.push(`(${seg}, ${off}) at event ${v.firstUnmatched!.index + 1}: ${v.firstUnmatched!.event.action}`);
      events += x.events.length;
      moves += p.moves.length;
      if (p.moves.length > 0) {
        withMoves ??= [seg, off];
        const raw = extractRegister(merged.events, merged.acceptors, seg, off);
        if (!validateTrace(traceOf(raw.events, { seg, off, acceptors: merged.acceptors })).accepted) rejectedWithout++;
      }
    }
    expect(rejected).toEqual([]);
    // The workload runs concurrent calls on a register, and they are what WORPaxos alone refuses.
    expect(moves).toBeGreaterThan(0);
    expect(rejectedWithout).toBeGreaterThan(0);
    process.stderr.write(`op-clients-cluster: tx demo ${demoSeconds.toFixed(1)} s; ${registers.length} registers, ${events} events, all accepted; ${moves} calls on virtual clients; ${rejectedWithout} registers rejected without them\n`);

    // The CLI merges the same register and says which calls it moved.
    const [seg, off] = withMoves!;
    const out = path.join(root, 'reg.ndjson');
    const merge = runCliSync(['trace', 'merge', logs, '--seg', String(seg), '--off', off < 0 ? 'meta' : String(off), '--out', out]);
    expect(merge.status, merge.stderr).toBe(0);
    expect(merge.stderr).toMatch(/^client \d+: call rid \d+ \(\w+\) overlaps its call rid \d+ on this register; checked as virtual client \d+$/m);
    const check = runCliSync(['trace', 'check', out]);
    expect(check.stdout).toMatch(/^accepted: \d+ events/);

    // The whole folder in one command: the same registers, the same verdicts...
    const named = runCliSync(['trace', 'check', logs, '--named-only']);
    expect(named.stdout, named.stderr).toMatch(new RegExp(`^accepted: ${registers.length} of ${registers.length} registers accepted, 0 rejected, 0 not traceable`, 'm'));
    expect(named.status).toBe(0);
    // ... and every register the run touched, those only the RMs' range captures reach included.
    const all = runCliSync(['trace', 'check', logs]);
    const m = /^accepted: (\d+) of (\d+) registers accepted, 0 rejected, 0 not traceable/m.exec(all.stdout);
    expect(m, all.stdout + all.stderr).not.toBeNull();
    expect(Number(m![1])).toBe(Number(m![2]));
    expect(Number(m![2])).toBeGreaterThan(registers.length);
    expect(all.status).toBe(0);
  });
});
