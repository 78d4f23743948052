/**
 * The command line end to end: `wormspace cluster` starts three servers, the client commands use
 * them through WORMSPACE_SERVERS with --json, and SIGTERM stops the cluster and its servers.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tempDir } from '../server/helpers.ts';
import { killAll, runCli, spawnServer, spawnTracked } from './processes.ts';

const root = tempDir('cli');
afterAll(() => {
  killAll();
  fs.rmSync(root, { recursive: true, force: true });
});

/** freePortRun finds a base port whose next two ports are free too (briefly racy, like any such probe). */
async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const ok = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        new Promise<boolean>((resolve) => {
          const s = net.createServer().once('error', () => resolve(false));
          s.listen(base + i, '127.0.0.1', () => s.close(() => resolve(true)));
        }),
      ),
    );
    if (ok.every(Boolean)) return base;
  }
  throw new Error('no free port run found');
}

describe('wormspace CLI against a local cluster', () => {
  it('runs every client command and stops cleanly on SIGTERM', async () => {
    const base = await freePortRun(3);
    const cluster = spawnTracked(['cluster', '--servers', '3', '--data', root, '--base-port', String(base)]);
    let out = '';
    cluster.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => cluster.once('exit', (code) => resolve(code)));
    // A start deadline, not a speed check: the cluster took 55 s to list its servers at load 30.
    const deadline = Date.now() + 180_000;
    while (!out.includes('WORMSPACE_CLUSTER=') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const servers = /WORMSPACE_SERVERS=(\S+)/.exec(out)![1]!;
    // Access control is on by default: the cluster generated its tokens and a cluster file that
    // names the admin token; the client commands find both through WORMSPACE_CLUSTER.
    const clusterFile = /WORMSPACE_CLUSTER=(\S+)/.exec(out)![1]!;
    expect(clusterFile).toBe(path.join(root, 'cluster.json'));
    expect(fs.readFileSync(path.join(root, 'tokens'), 'utf8')).toMatch(/^read \S{43}\nwrite \S{43}\nadmin \S{43}$/m);
    expect(fs.statSync(path.join(root, 'admin.token')).mode & 0o777).toBe(0o600);
    const denied = await runCli(['read', '1', '0'], { WORMSPACE_SERVERS: servers, WORMSPACE_TIMEOUT_MS: '20000' });
    expect(denied.stderr).toMatch(/^wormspace: .*requires an auth token\n$/);
    expect(servers).toBe([0, 1, 2].map((i) => `127.0.0.1:${base + i}`).join(','));
    expect(fs.readdirSync(root).sort()).toEqual(['admin.token', 'cluster.json', 'read.token', 's1', 's2', 's3', 'tokens', 'write.token']);

    // A patient budget: on a loaded machine a call may need more than the default 3 s.
    const env = { WORMSPACE_CLUSTER: clusterFile, WORMSPACE_TIMEOUT_MS: '20000' };
    const json = async (...args: string[]) => {
      const r = await runCli([...args, '--json'], env);
      if (r.stdout.trim() === '') throw new Error(`wormspace ${args.join(' ')} --json printed nothing (exit ${r.code}): ${r.stderr}`);
      return { code: r.code, out: JSON.parse(r.stdout) as Record<string, unknown>, stderr: r.stderr };
    };
    expect(await json('read', '7', '0')).toEqual({ code: 3, out: { status: 'notAllocated' }, stderr: '' });
    expect(await json('alloc', '7', '--meta', 'cli test')).toMatchObject({ code: 0, out: { status: 'ok' } });
    expect(await json('check-seg', '7')).toMatchObject({ code: 0, out: { status: 'ok', value: 'cli test' } });
    const cap = await json('capture', '7', '1');
    expect(cap.out).toMatchObject({ status: 'ok', captureId: expect.stringMatching(/^\d+\.\d+\.[A-Za-z0-9_-]{43}$/) });
    expect(await json('write', '7', '1', 'one', '--capture', cap.out.captureId as string)).toMatchObject({ code: 0, out: { status: 'ok' } });
    expect(await json('write', '7', '1', 'two')).toMatchObject({ code: 3, out: { status: 'alreadyWritten', value: 'one' } });
    expect(await json('read', '7', '1')).toMatchObject({ code: 0, out: { status: 'ok', value: 'one' } });
    const segCap = await json('capture-segment', '7', '10', '20');
    expect(segCap.out).toMatchObject({ status: 'ok', captureId: expect.any(String), written: [] });
    expect(await json('write-segment', '7', '10', '20', 'many', '--capture', segCap.out.captureId as string)).toMatchObject({ code: 0, out: { status: 'ok' } });
    expect(await json('read', '7', '19')).toMatchObject({ out: { status: 'ok', value: 'many' } });
    // listen: the writes found so far, as JSON lines, stopping after --count of them.
    const listened = await runCli(['listen', '7', '--count', '3', '--interval', '10', '--batch', '32', '--json'], env);
    expect(listened.code).toBe(0);
    const lines = listened.stdout.trim().split('\n').map((l) => JSON.parse(l) as { off: number; value: string });
    expect(lines.map((l) => l.off).sort((a, b) => a - b)).toEqual([1, 10, 11]);
    expect(await json('trim', '7')).toMatchObject({ code: 0, out: { status: 'ok' } });
    expect(await json('read', '7', '1')).toMatchObject({ code: 3, out: { status: 'trimmed' } });

    // Readable output and one-line errors.
    expect(await runCli(['read', '8', '0'], env)).toMatchObject({ code: 3, stdout: 'notAllocated: the segment is not allocated\n' });
    expect(await json('write', '9', '0', 'durable')).toMatchObject({ code: 3, out: { status: 'notAllocated' } });
    expect(await json('alloc', '9')).toMatchObject({ code: 0 });
    expect(await json('write', '9', '0', 'durable')).toMatchObject({ code: 0, out: { status: 'ok' } });
    const bad = await runCli(['write', '7', '0', 'x', '--capture', 'nope'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const none = await runCli(['read', '1', '0']);
    expect(none).toMatchObject({ code: 1, stderr: expect.stringContaining('no servers') });

    cluster.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('cluster stopped on SIGTERM');
    // The servers are gone: a command now fails with a timeout and says why, on one line.
    const down = await runCli(['read', '7', '1', '--timeout', '1500'], env);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^wormspace: timeout: no quorum .*ECONNREFUSED/);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(path.join(root, 's1', 'acceptor.db'))).toBe(true);

    // A new cluster on the same folders and ports serves what the old one stored.
    const again = spawnTracked(['cluster', '--servers', '3', '--data', root, '--base-port', String(base)]);
    let out2 = '';
    again.stdout!.on('data', (d: Buffer) => (out2 += d.toString()));
    const exited2 = new Promise<number | null>((resolve) => again.once('exit', (code) => resolve(code)));
    const deadline2 = Date.now() + 20_000;
    while (!out2.includes('WORMSPACE_CLUSTER=') && Date.now() < deadline2) await new Promise((r) => setTimeout(r, 50));
    expect(await json('read', '9', '0')).toMatchObject({ code: 0, out: { status: 'ok', value: 'durable' } });
    expect(await json('read', '7', '0')).toMatchObject({ code: 3, out: { status: 'trimmed' } });
    again.kill('SIGINT');
    expect(await exited2).toBe(0);
    expect(out2).toContain('cluster stopped on SIGINT');
  }, 600_000);

  it('refuses a client command without the auth token, on one line, and serves it with the token', async () => {
    const tokenFile = path.join(root, 'token');
    fs.writeFileSync(tokenFile, 'let-me-in\n');
    const wrongFile = path.join(root, 'wrong');
    fs.writeFileSync(wrongFile, 'guess\n');
    const traceFile = path.join(root, 'trace.jsonl');
    const server = await spawnServer(path.join(root, 'auth'), 0, ['--auth-token-file', tokenFile, '--trace', traceFile]);
    const env = { WORMSPACE_SERVERS: server.address, WORMSPACE_TIMEOUT_MS: '20000' };
    const without = await runCli(['read', '1', '0'], env);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/^wormspace: .*requires an auth token\n$/);
    const wrong = await runCli(['read', '1', '0', '--auth-token-file', wrongFile], env);
    expect(wrong.stderr).toMatch(/^wormspace: .*wrong auth token\n$/);
    const right = await runCli(['alloc', '1', '--json'], { ...env, WORMSPACE_AUTH_TOKEN_FILE: tokenFile });
    expect(right).toMatchObject({ code: 0, stdout: '{"status":"ok"}\n' });
    server.child.kill('SIGTERM');
    await server.exited;
    // The server traced its acceptor's steps: alloc is Prepare then Accept on the metadata WOR.
    // It is an event log (src/trace/event-log.ts): a header, then {seq, t, action, vars}.
    const [header, ...events] = fs.readFileSync(traceFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; action: string; vars: Record<string, unknown> });
    expect(header).toMatchObject({ events: 'wormspace' });
    // (A slow reply may be resent and re-granted, so an action can repeat.)
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(events.every((e) => e.vars.off === -1)).toBe(true);
    expect(events.map((e) => e.action).filter((a, i, all) => a !== all[i - 1])).toEqual(['Promise', 'Accepted']);
    expect(events.at(-1)!.vars).toMatchObject({ acceptor: server.address, seg: 1, acceptedValue: '' });
  });

  it('takes its servers down with it when the cluster process is killed with SIGKILL', async () => {
    const base = await freePortRun(3);
    const cluster = spawnTracked(['cluster', '--servers', '3', '--data', path.join(root, 'killed'), '--base-port', String(base)]);
    let out = '';
    cluster.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    // A start deadline, not a speed check: the cluster took 55 s to list its servers at load 30.
    const deadline = Date.now() + 180_000;
    while (!out.includes('WORMSPACE_SERVERS=') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await listening(base)).toBe(true);
    cluster.kill('SIGKILL');
    // Each server sees its IPC channel to the cluster close, and stops.
    const gone = Date.now() + 10_000;
    let up = [true, true, true];
    while (up.some(Boolean) && Date.now() < gone) {
      await new Promise((r) => setTimeout(r, 100));
      up = await Promise.all([0, 1, 2].map((i) => listening(base + i)));
    }
    expect(up).toEqual([false, false, false]);
  }, 400_000);
});

/** listening says whether something accepts TCP connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
