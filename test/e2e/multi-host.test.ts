/**
 * The multi-host setup of docs/runtime.md ("A cluster on several hosts"), on 127.0.0.1: a CA and one
 * CA-signed certificate per server made with the openssl commands of the docs, one token file with
 * read/write/admin tokens, three `wormspace server` processes with TLS and tokens, and client
 * commands that find everything through a cluster file (`--cluster FILE`). A read token reads but
 * cannot write or trim; a write token writes but cannot trim; a client without the CA is refused.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../server/helpers.ts';
import { killAll, runCli, spawnServer } from './processes.ts';

const root = tempDir('multi-host');
afterAll(() => {
  killAll();
  fs.rmSync(root, { recursive: true, force: true });
});

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** The steps of the docs: CA, a signed certificate per server, the token file, one file per role. */
function setUp(): void {
  openssl('req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=WormSpace CA');
  for (const s of ['s1', 's2', 's3']) {
    openssl('req', ...EC, '-keyout', `${s}.key`, '-out', `${s}.csr`, '-subj', `/CN=${s}.local`);
    fs.writeFileSync(path.join(root, `${s}.ext`), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    openssl('x509', '-req', '-in', `${s}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', `${s}.ext`, '-out', `${s}.pem`);
  }
  const lines = ['read', 'write', 'admin'].map((r) => `${r} ${openssl('rand', '-hex', '32').toString().trim()}`);
  fs.writeFileSync(path.join(root, 'tokens'), `${lines.join('\n')}\n`, { mode: 0o600 });
  for (const line of lines) {
    const [role, token] = line.split(' ');
    fs.writeFileSync(path.join(root, `${role}.token`), `${token}\n`, { mode: 0o600 });
  }
}

function clusterFile(name: string, servers: string[], fields: Record<string, string>): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, JSON.stringify({ servers, ...fields }));
  return file;
}

describe('a TLS cluster with token roles, from a cluster file', () => {
  it('lets each role do what it may and nothing more', async () => {
    setUp();
    const servers = await Promise.all(
      ['s1', 's2', 's3'].map((s) =>
        spawnServer(path.join(root, `data-${s}`), 0, ['--tls-cert', path.join(root, `${s}.pem`), '--tls-key', path.join(root, `${s}.key`), '--auth-token-file', path.join(root, 'tokens')]),
      ),
    );
    const addrs = servers.map((s) => s.address);
    const admin = clusterFile('admin.json', addrs, { tlsCa: 'ca.pem', tokenFile: 'admin.token' });
    const writer = clusterFile('write.json', addrs, { tlsCa: 'ca.pem', tokenFile: 'write.token' });
    const reader = clusterFile('read.json', addrs, { tlsCa: 'ca.pem', tokenFile: 'read.token' });
    const noCa = clusterFile('no-ca.json', addrs, { tokenFile: 'admin.token' });

    const alloc = await runCli(['alloc', '5', '--meta', 'multi-host', '--cluster', admin]);
    expect(alloc.stdout).toBe('ok: segment 5 allocated\n');
    expect(alloc.code).toBe(0);
    const write = await runCli(['write', '5', '0', 'hello', '--cluster', writer]);
    expect(write.stdout).toBe('ok: written\n');
    const read = await runCli(['read', '5', '0', '--json', '--cluster', reader]);
    expect(JSON.parse(read.stdout)).toEqual({ status: 'ok', value: 'hello' });

    // A read token cannot write or trim; a write token cannot trim. One line each, exit 1.
    const readWrites = await runCli(['write', '5', '1', 'nope', '--cluster', reader]);
    expect(readWrites.stderr).toMatch(/^wormspace: 127\.0\.0\.1:\d+: this token has the role read; Prepare on a data register needs the role write\n$/);
    expect(readWrites.code).toBe(1);
    const readTrims = await runCli(['trim', '5', '--cluster', reader]);
    expect(readTrims.stderr).toMatch(/^wormspace: 127\.0\.0\.1:\d+: this token has the role read; Prepare on a trim register needs the role admin\n$/);
    const writeTrims = await runCli(['trim', '5', '--cluster', writer]);
    expect(writeTrims.stderr).toMatch(/^wormspace: 127\.0\.0\.1:\d+: this token has the role write; Prepare on a trim register needs the role admin\n$/);
    // Without the CA the client does not trust the servers and gets no answer.
    const untrusting = await runCli(['read', '5', '0', '--cluster', noCa, '--timeout', '1000']);
    expect(untrusting.code).toBe(1);
    expect(untrusting.stdout).toBe('');

    // Nothing the refused calls sent changed anything: register 1 unwritten, the segment not trimmed.
    const after = await runCli(['read', '5', '1', '--json', '--cluster', reader]);
    expect(JSON.parse(after.stdout)).toEqual({ status: 'unwritten' });
    const still = await runCli(['read', '5', '0', '--json', '--cluster', reader]);
    expect(JSON.parse(still.stdout)).toEqual({ status: 'ok', value: 'hello' });
  }, 600_000);
});
