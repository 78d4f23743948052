// `wormspace check --timeout S`, Ctrl-C and SIGTERM: a search stopped part-way says "NOT complete"
// with the counts reached and exits 124 / 130 / 143, never 0. The spec below has infinitely many
// states, so only a stop can end its check.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { interpretTlcOutput } from '../../src/tla/runner/interpret.ts';
import { BIN, PROJECT_ROOT, runCli } from '../helpers/cli.ts';

const ENDLESS = `---- MODULE Endless ----
EXTENDS Naturals
VARIABLES x, y
Init == x = 0 /\\ y = 0
Next == \\/ x' = x + 1 /\\ y' = y
        \\/ y' = y + 1 /\\ x' = x
====
`;

let spec: string;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'wormspace-stop-'));
  spec = join(dir, 'Endless.tla');
  writeFileSync(spec, ENDLESS);
  writeFileSync(join(dir, 'Endless.cfg'), 'INIT Init\nNEXT Next\n');
});

/**
 * runUntilSignal starts a check, sends `signal` once stderr shows `trigger` (by default: the
 * search has reported progress) or, when `trigger` is a number, after that many milliseconds, and
 * waits for the exit.
 */
function runUntilSignal(args: string[], signal: NodeJS.Signals, trigger: string | number = 'Progress('): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
      // The first progress line: the search is running (not still loading the model).
      if (!sent && typeof trigger === 'string' && stderr.includes(trigger)) {
        sent = true;
        child.kill(signal);
      }
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const timed = typeof trigger === 'number' ? setTimeout(() => child.kill(signal), trigger) : undefined;
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(guard);
      clearTimeout(timed);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('wormspace check stopped part-way (embedded engine)', () => {
  it('--timeout 1: one NOT complete line with the counts so far, exit 124', () => {
    const r = runCli(['check', spec, '--engine', 'embedded', '--timeout', '1'], { timeoutMs: 60_000 });
    expect(r.status).toBe(124);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^NOT complete: stopped by --timeout after [\d.]+ s \(embedded engine\); [\d,]+ states generated, [\d,]+ distinct states found, [\d,]+ states left on queue, depth \d+; no error in the states explored so far \(exit 124\)\.$/);
    expect(r.stdout).not.toContain('No error has been found');
  });

  it('--timeout --json: stopped "timeout", the counts and the queue so far', () => {
    const r = runCli(['check', spec, '--engine', 'embedded', '--timeout', '1', '--json'], { timeoutMs: 60_000 });
    expect(r.status).toBe(124);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ engine: 'embedded', verdict: 'ok', stopped: 'timeout' });
    expect(out.distinct).toBeGreaterThan(100);
    // Breadth-first on a grid: a search stopped at depth d has generated more than it kept.
    expect(out.generated).toBeGreaterThan(out.distinct);
    expect(out.queue).toBeGreaterThan(0);
    expect(out.generated).toBe(2 * (out.distinct - out.queue) + 1);
    expect(out.seconds).toBeGreaterThanOrEqual(0.9);
  });

  it('a complete check says stopped: null', () => {
    const r = runCli(['check', join(PROJECT_ROOT, 'test/corpus/Counter/Counter.tla'), '--config', join(PROJECT_ROOT, 'test/corpus/Counter/Ok.cfg'), '--engine', 'embedded', '--json', '--timeout', '600']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'ok', distinct: 15, generated: 23, stopped: null });
  });

  it('Ctrl-C (SIGINT): NOT complete, exit 130', async () => {
    const r = await runUntilSignal(['check', spec, '--engine', 'embedded'], 'SIGINT');
    expect(r.status).toBe(130);
    expect(r.stdout).toMatch(/^NOT complete: stopped by Ctrl-C \(SIGINT\) after .* states left on queue, depth \d+; .*\(exit 130\)\.\n$/);
  }, 90_000);

  it('SIGTERM with --json: stopped "SIGTERM", exit 143', async () => {
    // --json prints no progress lines, so the signal goes after a fixed wait instead.
    const r = await new Promise<{ status: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'check', spec, '--engine', 'embedded', '--json'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      const timer = setTimeout(() => child.kill('SIGTERM'), 8_000);
      child.on('error', reject);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout });
      });
    });
    expect(r.status).toBe(143);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'ok', stopped: 'SIGTERM' });
  }, 90_000);

  it('--timeout with --workers 2: the coordinator stops the workers, NOT complete with their counts, exit 124', () => {
    const r = runCli(['check', spec, '--engine', 'embedded', '--workers', '2', '--timeout', '3', '--json'], { timeoutMs: 60_000 });
    expect(r.status).toBe(124);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ engine: 'embedded', verdict: 'ok', stopped: 'timeout' });
    expect(out.distinct).toBeGreaterThan(0);
    // Every distinct state is explored or queued, and each explored state has 2 successors: the
    // two workers' counts add up to one coherent search.
    expect(out.generated).toBe(2 * (out.distinct - out.queue) + 1);
    expect(out.seconds).toBeGreaterThanOrEqual(2.9);
    const text = runCli(['check', spec, '--engine', 'embedded', '--workers', '2', '--timeout', '2'], { timeoutMs: 60_000 });
    expect(text.status).toBe(124);
    expect(text.stdout.trim().split('\n')).toHaveLength(1);
    expect(text.stdout).toMatch(/^NOT complete: stopped by --timeout after [\d.]+ s \(embedded engine\); .* \(exit 124\)\.\n$/);
  }, 90_000);

  it('Ctrl-C with --workers 2: NOT complete, exit 130', async () => {
    // The parallel search reports progress at the end only: the signal goes after a fixed wait.
    const r = await runUntilSignal(['check', spec, '--engine', 'embedded', '--workers', '2'], 'SIGINT', 8_000);
    expect(r.status).toBe(130);
    expect(r.stdout).toMatch(/^NOT complete: stopped by Ctrl-C \(SIGINT\) after .*\(exit 130\)\.\n$/);
  }, 90_000);

  it.each([['0'], ['-3'], ['1.5'], ['soon']])('--timeout %s is refused', (value) => {
    const r = runCli(['check', spec, '--timeout', value]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--timeout must be a positive integer/);
  });
});

describe('wormspace check stopped in the liveness phase (embedded engine)', () => {
  // SlowLiveness: 2,000 states found in milliseconds, then tens of seconds of checking Prop on the
  // behaviour graph (test/checker/specs/liveness/SlowLiveness.tla).
  const slow = join(PROJECT_ROOT, 'test/checker/specs/liveness/SlowLiveness.tla');
  const complete = { distinct: 2000, generated: 2001, depth: 2000, queue: 0 };

  it('--timeout: NOT complete with the counts of the complete search, stoppedIn liveness, exit 124', () => {
    const r = runCli(['check', slow, '--engine', 'embedded', '--timeout', '6', '--json'], { timeoutMs: 90_000 });
    expect(r.status).toBe(124);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ engine: 'embedded', verdict: 'ok', violated: null, stopped: 'timeout', stoppedIn: 'liveness', ...complete });
    expect(out.seconds).toBeGreaterThanOrEqual(5.9);
    expect(out.seconds).toBeLessThan(30);
    const text = runCli(['check', slow, '--engine', 'embedded', '--timeout', '6'], { timeoutMs: 90_000 });
    expect(text.status).toBe(124);
    expect(text.stdout.trim().split('\n')).toHaveLength(1);
    expect(text.stdout).toMatch(/^NOT complete: stopped by --timeout after [\d.]+ s \(embedded engine\); 2,001 states generated, 2,000 distinct states found, 0 states left on queue, depth 2000; every state explored with no safety error, the temporal properties NOT checked to the end \(exit 124\)\.\n$/);
    expect(text.stdout).not.toContain('No error has been found');
  }, 120_000);

  it('SIGTERM while the temporal properties are checked: NOT complete, exit 143', async () => {
    const r = await runUntilSignal(['check', slow, '--engine', 'embedded'], 'SIGTERM', 'Checking temporal properties');
    expect(r.status).toBe(143);
    expect(r.stdout).toMatch(/^NOT complete: stopped by SIGTERM after .*0 states left on queue, depth 2000; .*NOT checked to the end \(exit 143\)\.\n$/);
  }, 90_000);

});

describe('TLC stopped by -Dtlc2.TLC.stopAfter', () => {
  // What TLC prints when its stopAfter timer ends the search: "No error has been found", exit 0,
  // and states left on the queue (recorded from TLC 2026.04.29 on tla/wor/MCWOR, abridged).
  const frame = (code: number, cls: number, text: string) => `@!@!@STARTMSG ${code}:${cls} @!@!@\n${text}\n@!@!@ENDMSG ${code} @!@!@\n`;
  const output =
    frame(2200, 0, 'Progress(11) at 2026-12-06 18:24:21: 56,203 states generated (56,203 s/min), 16,277 distinct states found (16,277 ds/min), 8,190 states left on queue.') +
    frame(2193, 0, 'Model checking completed. No error has been found.\n  Estimates of the probability that TLC did not check all reachable states\n  because two distinct states had the same fingerprint:\n  calculated (optimistic):  val = 3.5E-11') +
    frame(2200, 0, 'Progress(11) at 2026-12-06 18:24:21: 56,209 states generated (799,559 s/min), 16,278 distinct states found (231,550 ds/min), 8,191 states left on queue.') +
    frame(2199, 0, '56209 states generated, 16278 distinct states found, 8191 states left on queue.') +
    frame(2194, 0, 'The depth of the complete state graph search is 11.');

  it('is read as stopped by the timeout, with the final counts', () => {
    const r = interpretTlcOutput({ output, exitCode: 0, spec: 'MCWOR.tla', seconds: 4.2, timeBound: true });
    expect(r).toMatchObject({ verdict: 'ok', stopped: 'timeout', distinct: 16278, generated: 56209, queue: 8191, depth: 11 });
  });

  it('without the timer the same output is a complete run', () => {
    expect(interpretTlcOutput({ output, exitCode: 0, spec: 'MCWOR.tla', seconds: 4.2 }).stopped).toBeUndefined();
  });

  it('killed by the runner: the last progress report counts', () => {
    const killed = frame(2200, 0, 'Progress(10) at 2026-12-06 18:24:20: 41,863 states generated (1 s/min), 12,596 distinct states found (1 ds/min), 6,459 states left on queue.');
    const r = interpretTlcOutput({ output: killed, exitCode: 143, spec: 'MCWOR.tla', seconds: 5, killedFor: 'SIGINT' });
    expect(r).toMatchObject({ verdict: 'ok', stopped: 'SIGINT', distinct: 12596, generated: 41863, queue: 6459, depth: 10 });
  });
});

const tlcJar = process.env.TLA2TOOLS_JAR;
describe.skipIf(!tlcJar)('wormspace check --engine tlc --timeout (TLC from TLA2TOOLS_JAR)', () => {
  it('passes the timeout to TLC and reports NOT complete, exit 124', () => {
    const r = runCli(['check', spec, '--engine', 'tlc', '--timeout', '2', '--json'], { timeoutMs: 90_000 });
    expect(r.status).toBe(124);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ engine: 'tlc', verdict: 'ok', stopped: 'timeout' });
    expect(out.queue).toBeGreaterThan(0);
  });
});
