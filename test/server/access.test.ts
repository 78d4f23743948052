/**
 * Access control and TLS: tokens with roles enforced by the server (one-line `forbidden` errors,
 * nothing changed), the client failing at once on them, and TLS with a throwaway self-signed
 * certificate made by the openssl CLI at test time (no key is committed).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { parseTokens, type TokenEntry } from '../../src/server/access.ts';
import { WormSpace } from '../../src/client/wormspace.ts';
import { WormSpaceAccessError } from '../../src/client/misuse.ts';
import { TcpConnection } from '../../src/transport/tcp-client.ts';
import { replySchema } from '../../src/transport/message-schema.ts';
import type { Reply, Request } from '../../src/core/messages.ts';
import { ask, connection, tempDir } from './helpers.ts';

const running: RunningServer[] = [];
const dirs: string[] = [];
const closers: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c.close();
  for (const s of running.splice(0)) await s.close();
});
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const TOKENS: TokenEntry[] = [
  { role: 'read', token: 'reader-token-0123456789' },
  { role: 'write', token: 'writer-token-0123456789' },
  { role: 'admin', token: 'admin-token-0123456789' },
];

async function start(extra: Partial<Parameters<typeof startServer>[0]> = {}) {
  const dir = tempDir('access');
  dirs.push(dir);
  const s = await startServer({ host: '127.0.0.1', port: 0, dataDir: dir, tokens: TOKENS, ...extra });
  running.push(s);
  return s;
}
function conn(port: number, token: string) {
  const c = connection(port, token);
  closers.push(c);
  return c;
}

describe('token roles', () => {
  it('parses token files, old single-token ones as admin, and refuses bad ones on one line', () => {
    expect(parseTokens('# c\nread aaaa\n\nadmin bbbb\n', 'f')).toEqual([{ role: 'read', token: 'aaaa' }, { role: 'admin', token: 'bbbb' }]);
    expect(parseTokens('let-me-in\n', 'f')).toEqual([{ role: 'admin', token: 'let-me-in' }]);
    expect(() => parseTokens('root aaaa\n', 'f')).toThrow(/^f:1: unknown role "root" \(read, write or admin\)$/);
    expect(() => parseTokens('read a b\n', 'f')).toThrow(/^f:1: expected "ROLE TOKEN"/);
    expect(() => parseTokens('read a\nwrite a\n', 'f')).toThrow(/listed twice/);
    expect(() => parseTokens('\n# only comments\n', 'f')).toThrow(/holds no token/);
  });

  it('lets each role send what it may, refuses the rest per request with one line, and changes nothing', async () => {
    const s = await start();
    const reader = conn(s.port, TOKENS[0]!.token);
    const writer = conn(s.port, TOKENS[1]!.token);
    const admin = conn(s.port, TOKENS[2]!.token);
    const accept: Request = { type: 'Accept', rid: 1, seg: 3, off: 0, ballot: [0, 0], value: 'x' };
    const allocAccept: Request = { type: 'Accept', rid: 2, seg: 3, off: -1, ballot: [0, 0], value: 'meta' };
    const trimPrepare: Request = { type: 'Prepare', rid: 3, seg: 3, off: -2, ballot: [1, 1] };
    const trim: Request = { type: 'TrimSegment', rid: 4, seg: 3 };
    const range: Request = { type: 'PrepareRange', rid: 5, seg: 3, start: 0, end: 4, ballot: [1, 1] };

    expect(await reader.request(accept, 3000)).toEqual({ ok: false, reason: 'refused', code: 'forbidden', message: `127.0.0.1:${s.port}: this token has the role read; Accept on a data register needs the role write` });
    expect(await reader.request(range, 3000)).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringMatching(/PrepareRange needs the role write$/) });
    expect(await ask(reader, { type: 'ReadQuery', rid: 6, seg: 3, off: 0 })).toMatchObject({ type: 'ReadReply', acceptedValue: null });
    for (const r of [allocAccept, trimPrepare, trim]) {
      expect(await writer.request(r, 3000)).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringMatching(/needs the role admin$/) });
    }
    // Nothing the refused requests asked for happened.
    expect(await ask(reader, { type: 'ReadQuery', rid: 7, seg: 3, off: -1 })).toMatchObject({ type: 'ReadReply', promised: null, acceptedValue: null });
    expect(await ask(reader, { type: 'ReadQuery', rid: 8, seg: 3, off: -2 })).toMatchObject({ type: 'ReadReply', promised: null });
    // The connections stay usable, and each role can do its part.
    expect(await ask(writer, accept)).toMatchObject({ type: 'Accepted' });
    expect(await ask(admin, allocAccept)).toMatchObject({ type: 'Accepted' });
    // A segment is trimmed only where its trim register holds a value (trim is a decided operation).
    expect(await ask(admin, { type: 'Accept', rid: 10, seg: 3, off: -2, ballot: [0, 0], value: 'trim' })).toMatchObject({ type: 'Accepted' });
    expect(await ask(admin, trim)).toMatchObject({ type: 'Trimmed' });
    // A token nobody issued is refused at hello, as before.
    expect(await conn(s.port, 'guess-guess-guess').request({ type: 'ReadQuery', rid: 9, seg: 0, off: 0 }, 3000)).toMatchObject({ ok: false, code: 'unauthorized' });
  });

  it('makes a client call fail at once with the server\'s line when its role is not enough', async () => {
    const s = await start();
    const ws = await WormSpace.connect({ servers: [s.address], segmentSize: 16, authToken: TOKENS[1]!.token });
    closers.push(ws);
    const started = Date.now();
    await expect(ws.alloc(5, 'm')).rejects.toThrow(WormSpaceAccessError);
    await expect(ws.alloc(5, 'm')).rejects.toThrow(/this token has the role write; Prepare on a metadata register needs the role admin$/);
    expect(Date.now() - started).toBeLessThan(2000);
    const admin = await WormSpace.connect({ servers: [s.address], segmentSize: 16, authToken: TOKENS[2]!.token });
    closers.push(admin);
    expect(await admin.alloc(5, 'm')).toEqual({ status: 'ok' });
    expect(await ws.write(5, 0, 'by the writer')).toEqual({ status: 'ok' });
    const reader = await WormSpace.connect({ servers: [s.address], segmentSize: 16, authToken: TOKENS[0]!.token });
    closers.push(reader);
    expect(await reader.read(5, 0)).toEqual({ status: 'ok', value: 'by the writer' });
    await expect(reader.write(5, 1, 'no')).rejects.toThrow(/role read; .* needs the role write$/);
  });
});

describe('TLS', () => {
  const certDir = tempDir('tls');
  dirs.push(certDir);
  const cert = path.join(certDir, 'cert.pem');
  const key = path.join(certDir, 'key.pem');
  // A throwaway self-signed certificate for 127.0.0.1, made now and deleted after the tests.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });

  it('serves clients that trust the certificate, and refuses plain TCP and untrusting clients', async () => {
    const s = await start({ tokens: undefined, tls: { cert: fs.readFileSync(cert), key: fs.readFileSync(key) } });
    const ws = await WormSpace.connect({ servers: [s.address], segmentSize: 16, tls: { ca: fs.readFileSync(cert) } });
    closers.push(ws);
    expect(await ws.alloc(1, 'over tls')).toEqual({ status: 'ok' });
    expect(await ws.write(1, 0, 'secret')).toEqual({ status: 'ok' });
    expect(await ws.read(1, 0)).toEqual({ status: 'ok', value: 'secret' });

    const plain = new TcpConnection<Request, Reply>({ host: '127.0.0.1', port: s.port, responseSchema: replySchema, connectTimeoutMs: 1000 });
    closers.push(plain);
    expect(await plain.open(3000)).toMatchObject({ ok: false });
    const untrusting = new TcpConnection<Request, Reply>({ host: '127.0.0.1', port: s.port, responseSchema: replySchema, connectTimeoutMs: 1000, tls: {} });
    closers.push(untrusting);
    expect(await untrusting.open(3000)).toMatchObject({ ok: false, message: expect.stringMatching(/self-signed certificate/) });
  });
});
