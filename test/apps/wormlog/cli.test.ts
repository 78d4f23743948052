/**
 * `wormspace log ...` and `wormspace sim --app wormlog` from the command line: help on every
 * subcommand, one-line errors for bad input (nothing started, no stack trace), and a short
 * simulation whose trace file is written and accepted.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, runCli } from '../../e2e/processes.ts';
import { tempDir } from '../../server/helpers.ts';

const root = tempDir('wormlog-cli');
afterAll(() => {
  killAll();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('wormspace log', () => {
  it.each(['sequencer', 'append', 'read', 'tail', 'trim'])('log %s --help', async (sub) => {
    const r = await runCli(['log', sub, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wormspace log ${sub}`);
    expect(r.stdout).toContain('--sequencer');
  }, 30_000);

  it.each([
    [['log', 'read', 'abc', '--servers', '127.0.0.1:1'], 'POS must be a non-negative integer'],
    [['log', 'trim', '-3', '--servers', '127.0.0.1:1'], 'UPTO must be a non-negative integer'],
    [['log', 'sequencer', '--listen', 'nowhere', '--servers', '127.0.0.1:1'], '--listen must be HOST:PORT'],
    [['log', 'append', 'x', '--servers', '127.0.0.1:1', '--sequencer', 'bad'], '--sequencer must be host:port'],
    [['log', 'tail'], 'no servers'],
  ])('%j: one line', async (args, text) => {
    const r = await runCli(args, { WORMSPACE_SERVERS: '' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(text);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  }, 30_000);

  it('sim --app wormlog writes a trace that the spec accepts', async () => {
    const file = `${root}/t.ndjson`;
    const r = await runCli(['sim', '--app', 'wormlog', '--seed', '2', '--steps', '15', '--faults', 'loss,crash', '--trace', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wormlog seed 2: ok/);
    expect(r.stdout).toMatch(/trace: accepted: \d+ events/);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!).trace).toBe('WormLog');
    expect(lines.length).toBeGreaterThan(20);
    // The generic trace tooling reads it through WormLog's descriptor: accepted, and a tampered
    // copy (a read reporting junk where an entry was) rejected at its line.
    const ok = await runCli(['trace', 'check', file, '--engine', 'embedded']);
    expect(ok.stdout).toMatch(/^accepted: \d+ events/);
    expect(ok.code).toBe(0);
    const i = lines.findIndex((l) => l.includes('"action":"Read"') && !l.includes('"value":"#'));
    expect(i).toBeGreaterThan(0);
    const e = JSON.parse(lines[i]!);
    lines[i] = JSON.stringify({ ...e, value: '#junk' });
    fs.writeFileSync(`${root}/bad.ndjson`, lines.join('\n') + '\n');
    const bad = await runCli(['trace', 'check', `${root}/bad.ndjson`, '--engine', 'embedded']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`(line ${i + 1}): Read `);
  }, 90_000);
});
