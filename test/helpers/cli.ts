/** runCli runs the real `wormspace` binary in a child process, as a user would. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(PROJECT_ROOT, 'bin', 'wormspace.js');

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): CliRun {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
  });
  if (run.error) throw run.error;
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** envWithoutTlc hides any TLC from the CLI: no TLA2TOOLS_JAR, and an empty cache folder. */
export function envWithoutTlc(emptyCacheDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, WORMSPACE_CACHE_DIR: emptyCacheDir };
  delete env.TLA2TOOLS_JAR;
  return env;
}
