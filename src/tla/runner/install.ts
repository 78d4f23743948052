/**
 * `wormspace tlc install`: download the pinned TLC release into the cache folder and check its
 * SHA-256 before keeping it. v1.7.4 is pinned because its asset is immutable (the v1.8.0
 * "release" is a rolling pre-release whose jar changes under the same URL).
 * `--from JAR` installs a copy of the pinned jar fetched elsewhere (a machine without internet),
 * with the same SHA-256 check.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../../cli/errors.ts';
import { cachedJarPath } from './locate.ts';

export const PINNED_TLC = {
  version: 'v1.7.4',
  url: 'https://github.com/tlaplus/tlaplus/releases/download/v1.7.4/tla2tools.jar',
  sha256: '936a262061c914694dfd669a543be24573c45d5aa0ff20a8b96b23d01e050e88',
} as const;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** verifyJar throws unless the downloaded bytes are exactly the pinned release. */
export function verifyJar(bytes: Uint8Array, expected: string = PINNED_TLC.sha256): void {
  const actual = sha256Hex(bytes);
  if (actual !== expected) {
    throw new UserError(`downloaded tla2tools.jar has SHA-256 ${actual}, expected ${expected}; not installed`);
  }
}

export interface InstallOptions {
  target?: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  /** A copy of the pinned jar fetched elsewhere: installed instead of downloading. */
  from?: string;
  /** The SHA-256 the jar must have (tests); the pinned release's by default. */
  sha256?: string;
}

/** offlineHint says, on one line, how to get the pinned release onto a machine without internet. */
export function offlineHint(): string {
  return `on a machine with internet, download ${PINNED_TLC.url} (SHA-256 ${PINNED_TLC.sha256}), copy it here and run \`wormspace tlc install --from <jar>\`, or set TLA2TOOLS_JAR to any tla2tools.jar`;
}

/** installTlc downloads (or reads `from`), verifies and atomically places the jar; it returns the jar's path. */
export async function installTlc(options: InstallOptions = {}): Promise<string> {
  const target = options.target ?? cachedJarPath();
  const bytes = options.from !== undefined ? readLocalJar(options.from) : await download(options);
  verifyJar(bytes, options.sha256);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  try {
    writeFileSync(partial, bytes);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return target;
}

async function download(options: InstallOptions): Promise<Uint8Array> {
  const fetchImpl = options.fetchImpl ?? fetch;
  try {
    const response = await fetchImpl(PINNED_TLC.url, { signal: AbortSignal.timeout(options.timeoutMs ?? 120_000), redirect: 'follow' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    const why = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new UserError(`could not download TLC ${PINNED_TLC.version} (${why}); ${offlineHint()}`);
  }
}

function readLocalJar(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? err);
    throw new UserError(`${path}: cannot read the jar to install: ${why}`);
  }
}
