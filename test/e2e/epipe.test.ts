/**
 * `wormspace <cmd> --help | head`: a reader that closes the pipe before the command writes must
 * not produce an EPIPE stack trace (src/cli/epipe.ts). The read end is closed right after the
 * spawn, long before the CLI (through tsx) gets to write, so every run meets a closed pipe.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.ts';

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout pipe', () => {
  it.each([['--help'], ['server', '--help'], ['log', '--help']])('wormspace %s stops quietly with exit code 0', async (...args: string[]) => {
    const run = await runWithClosedStdout(args);
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, 60_000);
});
