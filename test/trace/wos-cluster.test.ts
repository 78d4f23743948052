/**
 * WOS-level traces of a cluster whose servers are separate processes (issue 10, items 2 and 4):
 * three `wormspace server --trace` processes and three clients, each with its own event log, the
 * random WOS workload while one server is killed with SIGKILL and restarted
 * (src/trace/wos-cluster-run.ts); `wormspace trace check DIR --wos` merges the logs and checks the
 * whole run as one trace against WOS.tla and one against WOSImpl.tla, with the capture order read
 * from the servers' promises (src/trace/wos-cluster.ts). Forged events are rejected, naming the
 * log line they came from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeLogs, readLogs } from '../../src/trace/merge.ts';
import { validateTrace } from '../../src/trace/stream-validate.ts';
import { runWosCluster } from '../../src/trace/wos-cluster-run.ts';
import { wosOfMerged } from '../../src/trace/wos-cluster.ts';
import { WOS_MAX_CANDIDATES } from '../../src/trace/wos-record.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../server/helpers.ts';

const root = tempDir('wos-cluster');
const logDir = path.join(root, 'logs');

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A copy of the logs with `edit` applied to the lines of one log; returns the folder and the 1-based line edited. */
function forge(name: string, file: string, edit: (lines: string[]) => number): { dir: string; line: number } {
  const dir = path.join(root, name);
  fs.cpSync(logDir, dir, { recursive: true });
  const p = path.join(dir, file);
  const lines = fs.readFileSync(p, 'utf8').split('\n');
  const line = edit(lines);
  fs.writeFileSync(p, lines.join('\n'));
  return { dir, line };
}

describe('WOS-level trace of a multi-process cluster with kill -9 and restart', () => {
  it('is accepted at both levels with the capture order pinned; forged server and client events are rejected at their log line', { timeout: 180_000 }, async () => {
    await runWosCluster({ root, logDir, calls: 14, kill: { server: 1, afterMs: 30 } });
    // The killed server came back on its log: its restart is in the trace.
    const restarted = fs.readFileSync(path.join(logDir, 'server-2.ndjson'), 'utf8');
    expect(restarted).toContain('"action":"CrashAcceptor"');
    expect(restarted).toContain('"action":"RecoverAcceptor"');

    const merged = mergeLogs(readLogs(logDir));
    // Causality alone ordered the events: every link the events name was found.
    expect(merged.dropped).toBe(0);
    expect(merged.forced).toBe(0);
    const w = wosOfMerged(merged);
    expect(w.calls).toBe(50);
    expect(w.pinned).toBeGreaterThan(0);
    // Client 4's log ends in the middle of its write of register (0, 3), after a quorum promised:
    // the call has no Return in its log, but the servers' logs show a quorum promised it (its place
    // in the capture order is pinned) and accepted it (it took effect: answered ok there, the Return
    // naming the server's Accepted line).
    const doomed = w.wos.events.filter((e) => e.action === 'Call' && e.client === 4 && e.kind === 'write');
    expect(doomed).toHaveLength(1);
    expect(doomed[0]!.status).toBe('ok');
    expect(doomed[0]!.nc).not.toBeNull();
    const doomedLine = w.wos.events.indexOf(doomed[0]!) + 2;
    expect(w.wos.events.find((e) => e.action === 'Return' && e.call === doomedLine)!.log).toMatch(/^server-\d\.ndjson:\d+$/);
    expect([w.unanswered, w.settled]).toEqual([0, 1]);
    // Not vacuous: the same call settled as answered with another value is rejected.
    const forgedSettle = { header: w.wos.header, events: w.wos.events.map((e) => (e === doomed[0] ? { ...e, status: 'alreadyWritten', rvalue: 'v1.0' } : e)) };
    expect(validateTrace(forgedSettle).accepted).toBe(false);
    const kinds = new Set(w.wos.events.filter((e) => e.action === 'Call').map((e) => e.kind as string));
    for (const k of ['alloc', 'capture', 'write', 'read']) expect(kinds).toContain(k);
    for (const trace of [w.wos, w.wosimpl]) {
      const v = validateTrace(trace);
      expect(v.firstUnmatched).toBeNull();
      expect(v.accepted).toBe(true);
      expect(v.maxCandidates).toBeLessThan(WOS_MAX_CANDIDATES);
    }
    // Not vacuous: the same trace with the capture order pinned in reverse is rejected.
    const ncs = w.wos.events.filter((e) => e.action === 'Call' && e.nc !== null);
    expect(ncs.length).toBeGreaterThanOrEqual(2);
    const top = ncs.length;
    const reversed = { header: w.wos.header, events: w.wos.events.map((e) => (e.action === 'Call' && e.nc !== null ? { ...e, nc: top + 1 - (e.nc as number) } : e)) };
    expect(validateTrace(reversed).accepted).toBe(false);

    const ok = runCli(['trace', 'check', logDir, '--wos-only']);
    expect(ok.stdout).toMatch(/^layer WOS \(tla\/wos\/WOS\.tla\): accepted, \d+ events, 50 calls \([1-9]\d* captures pinned/m);
    expect(ok.stdout).toMatch(/^layer WOSImpl \(tla\/wos\/WOSImpl\.tla\): accepted, \d+ events, 50 calls/m);
    expect(ok.stdout).toMatch(/^accepted: 2 of 2 WOS-layer traces accepted \(\d+ events of 7 processes/m);
    expect(ok.status).toBe(0);
    // With the registers too: every register is accepted, those of the trimmed segment 0 included
    // (for one register, an acceptor's drop of the segment is a crash for good: docs/traces.md).
    const all = runCli(['trace', 'check', logDir, '--wos', '--verbose']);
    expect(all.stdout).toMatch(/^layer WOS \(tla\/wos\/WOS\.tla\): accepted/m);
    const registers = all.stdout.split('\n').filter((l) => l.startsWith('register ('));
    expect(registers.filter((l) => l.startsWith('register (0, ')).length).toBeGreaterThan(0);
    for (const l of registers) expect(l).toMatch(/^register \(\d+, (meta|trim|\d+)\): accepted/);
    expect(all.stdout).toMatch(/^accepted: (\d+) of \1 registers accepted, 0 rejected, 0 not traceable; 2 of 2 WOS-layer traces accepted/m);
    expect(all.status).toBe(0);

    // A server claims it dropped a segment that no trim had decided: WOSImpl rejects its Apply,
    // naming the server's log line.
    const server = forge('forged-trim', 'server-3.ndjson', (lines) => {
      const i = lines.findIndex((l) => l.includes('"action":"Accepted"') && /"off":\d/.test(l));
      const o = JSON.parse(lines[i]!) as { seq: number; t: number; vars: Record<string, unknown> };
      const trim = { seq: o.seq, t: o.t + 0.001, action: 'Trim', vars: { acceptor: o.vars.acceptor, seg: o.vars.seg, trimmed: true, from: o.vars.from, rid: o.vars.rid } };
      lines.splice(i + 1, 0, JSON.stringify(trim));
      return i + 2;
    });
    const badServer = runCli(['trace', 'check', server.dir, '--wos-only']);
    expect(badServer.stdout).toMatch(new RegExp(`^layer WOSImpl \\(tla/wos/WOSImpl\\.tla\\): rejected, .*: at event \\d+ \\(line \\d+\\): Apply .*log="server-3\\.ndjson:${server.line}"`, 'm'));
    expect(badServer.stdout).toMatch(/^NOT accepted: 1 of 2 WOS-layer traces accepted/m);
    expect(badServer.status).toBe(1);

    // A client's read answers a value nobody wrote: both levels reject it at the client's Return line.
    const client = forge('forged-read', 'client-2.ndjson', (lines) => {
      const i = lines.findIndex((l) => l.includes('"action":"ReturnRead"') && l.includes('"status":"ok"'));
      expect(i).toBeGreaterThan(0);
      const o = JSON.parse(lines[i]!) as { vars: { result: { value: string } } };
      o.vars.result.value = 'forged';
      lines[i] = JSON.stringify(o);
      expect(lines[i]).toContain('"forged"');
      return i + 1;
    });
    const badClient = runCli(['trace', 'check', client.dir, '--wos-only']);
    for (const level of ['WOS', 'WOSImpl']) {
      expect(badClient.stdout).toMatch(new RegExp(`^layer ${level} \\(tla/wos/${level}\\.tla\\): rejected, .*: at event \\d+ \\(line \\d+\\): Return .*log="client-2\\.ndjson:${client.line}"`, 'm'));
    }
    expect(badClient.status).toBe(1);
  });
});
