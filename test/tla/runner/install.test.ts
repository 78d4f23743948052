/**
 * `wormspace tlc install` without internet: the failed download says on one line how to get the
 * pinned release (its URL and SHA-256, and `--from`), and `--from JAR` installs a local copy
 * only if it is exactly the pinned jar. No test here touches the network: the download is a
 * fetch that fails, and the CLI runs only with `--from`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installTlc, PINNED_TLC, sha256Hex } from '../../../src/tla/runner/install.ts';
import { envWithoutTlc, runCli } from '../../helpers/cli.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlc-install-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('installTlc', () => {
  it('a failed download names the pinned release, its SHA-256 and the --from way, on one line', async () => {
    const target = join(dir, 'tla2tools.jar');
    const offline = (() => Promise.reject(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND github.com') }))) as typeof fetch;
    const err = await installTlc({ target, fetchImpl: offline }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain(`could not download TLC ${PINNED_TLC.version} (getaddrinfo ENOTFOUND github.com)`);
    expect(message).toContain(PINNED_TLC.url);
    expect(message).toContain(PINNED_TLC.sha256);
    expect(message).toContain('wormspace tlc install --from <jar>');
    expect(existsSync(target)).toBe(false);
  });

  it('--from installs a local copy whose SHA-256 is the expected one', async () => {
    const source = join(dir, 'copy.jar');
    const bytes = Buffer.from('a stand-in for tla2tools.jar');
    writeFileSync(source, bytes);
    const target = join(dir, 'cache', 'tla2tools.jar');
    const fetchImpl = (() => Promise.reject(new Error('must not download'))) as typeof fetch;
    expect(await installTlc({ target, from: source, sha256: sha256Hex(bytes), fetchImpl })).toBe(target);
    expect(readFileSync(target)).toEqual(bytes);
  });

  it('--from refuses a jar that is not the pinned release and installs nothing', async () => {
    const source = join(dir, 'other.jar');
    writeFileSync(source, 'some other build');
    const target = join(dir, 'cache', 'tla2tools.jar');
    await expect(installTlc({ target, from: source })).rejects.toThrow(`expected ${PINNED_TLC.sha256}; not installed`);
    expect(existsSync(target)).toBe(false);
  });
});

describe('wormspace tlc install --from', () => {
  it('a missing file is one line and changes nothing', () => {
    const cache = join(dir, 'cache');
    const r = runCli(['tlc', 'install', '--from', join(dir, 'nowhere.jar')], { env: envWithoutTlc(cache) });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`wormspace: ${join(dir, 'nowhere.jar')}: cannot read the jar to install: no such file`);
    expect(existsSync(join(cache, 'tla2tools.jar'))).toBe(false);
  });

  it('a jar with another SHA-256 is refused on one line', () => {
    const cache = join(dir, 'cache');
    const source = join(dir, 'other.jar');
    writeFileSync(source, 'some other build');
    const r = runCli(['tlc', 'install', '--from', source], { env: envWithoutTlc(cache) });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`has SHA-256 ${sha256Hex(Buffer.from('some other build'))}, expected ${PINNED_TLC.sha256}; not installed`);
    expect(existsSync(join(cache, 'tla2tools.jar'))).toBe(false);
  });
});
