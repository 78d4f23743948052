/**
 * `wormspace torture` stopped by SIGTERM (a CI job cancelled, a user's kill): the current trial
 * ends, the server processes and spares stop, the temporary data folder is removed, and the
 * summary is written and says it stopped early. Before, SIGTERM killed the CLI at once and left
 * the servers' data folders behind.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torture-signal-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Processes whose command line names `text` (the servers name their data folder). */
function processesNaming(text: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', text], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe('wormspace torture under SIGTERM', () => {
  it('ends the current trial, cleans up and writes a summary that says it stopped early', async () => {
    const out = path.join(tmp, 'summary.md');
    // TMPDIR: the run's temporary data folder is made inside `tmp`, where the test can look for it.
    const child = spawn(process.execPath, [BIN, 'torture', '--servers', '3', '--minutes', '10', '--clients', '2', '--seed', '3', '--out', out], {
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no trial finished within 90 s: ${stderr}`)), 90_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (/^trial 0 /m.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const dataDirs = () => fs.readdirSync(tmp).filter((n) => n.startsWith('wormspace-torture-'));
    expect(dataDirs()).toHaveLength(1);
    const dataDir = path.join(tmp, dataDirs()[0]!);
    expect(processesNaming(dataDir).length).toBeGreaterThan(0);
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'late'>((r) => setTimeout(() => r('late'), 60_000))]);
    expect(code).toBe(143);
    expect(stderr).toMatch(/SIGTERM: stopping after the current trial and cleaning up/);
    expect(stdout).toMatch(/^torture: \d+ trials, .* 0 lost, 0 violations/m);
    expect(fs.readFileSync(out, 'utf8')).toContain('**stopped early** by a signal');
    expect(dataDirs()).toEqual([]);
    expect(processesNaming(dataDir)).toEqual([]);
  }, 180_000);
});
