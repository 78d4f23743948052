// `wormspace trace record|check` as a user runs them (no TLC: the embedded engine), and the
// one-line errors for bad trace files.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrace } from '../../src/trace/format.ts';
import { envWithoutTlc, runCli } from '../helpers/cli.ts';

let dir: string;
let cache: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wormspace-trace-cli-'));
  cache = mkdtempSync(join(tmpdir(), 'wormspace-cache-'));
  env = envWithoutTlc(cache);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

const HEADER = JSON.stringify({ trace: 'WORPaxos', seed: null, seg: 0, off: -1, acceptors: ['a1', 'a2', 'a3'], clients: [1], values: ['v1'] });

function badFile(name: string, lines: string[]): string {
  const f = join(dir, name);
  writeFileSync(f, `${lines.join('\n')}\n`);
  return f;
}

describe('wormspace trace record + check', () => {
  it('records a seed and accepts its trace', () => {
    const out = join(dir, 'seed2.ndjson');
    const rec = runCli(['trace', 'record', '--seed', '2', '--out', out], { env });
    expect(rec.status).toBe(0);
    const n = readFileSync(out, 'utf8').trim().split('\n').length - 1;
    expect(rec.stderr).toContain(`${n} events written`);
    const chk = runCli(['trace', 'check', out, '--engine', 'embedded'], { env });
    expect(chk.status).toBe(0);
    expect(chk.stdout).toMatch(new RegExp(`^accepted: ${n} events \\(embedded engine`));
    // The default is the streaming validator.
    const fast = runCli(['trace', 'check', out], { env });
    expect(fast.status).toBe(0);
    expect(fast.stdout).toMatch(new RegExp(`^accepted: ${n} events \\(validator, .* events/s`));
  }, 240_000);

  it('records a register of a segment trimmed mid-run (--trims, --off trim) and accepts it', () => {
    const out = join(dir, 'trimmed.ndjson');
    const rec = runCli(['trace', 'record', '--seed', '3', '--ops', '8', '--trims', '--off', 'trim', '--out', out], { env });
    expect(rec.status).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ trace: 'WORPaxos', seg: 0, off: -2 });
    // The trim's drops are in it: acceptors crashed for good, ops that met them given up.
    expect(lines.filter((l) => l.includes('"action":"CrashAcceptor"')).length).toBeGreaterThanOrEqual(2);
    const chk = runCli(['trace', 'check', out], { env });
    expect(chk.stdout).toMatch(/^accepted: \d+ events/);
    expect(chk.status).toBe(0);
    const bad = runCli(['trace', 'record', '--seed', '3', '--off', 'trims'], { env });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('wormspace: --off must be a data offset (0, 1, ...), "meta" or "trim", not "trims"');
  }, 120_000);


  it('records a data register with an unsafe write, and one of careless and hostile clients (--share-ids), and accepts both', () => {
    // Seed 3's register 0 has a write at capture id 0: its header named client 0 (the unsafe
    // ballot's), which `trace check` refuses as not a positive client id.
    const unsafe = join(dir, 'unsafe.ndjson');
    expect(runCli(['trace', 'record', '--seed', '3', '--off', '0', '--out', unsafe], { env }).status).toBe(0);
    expect(readFileSync(unsafe, 'utf8')).toContain('"ballot":[0,0]');
    expect(JSON.parse(readFileSync(unsafe, 'utf8').split('\n')[0]!).clients).not.toContain(0);
    const one = runCli(['trace', 'check', unsafe], { env });
    expect(one.stdout, one.stderr).toMatch(/^accepted: \d+ events/);
    const forged = join(dir, 'forged.ndjson');
    expect(runCli(['trace', 'record', '--seed', '10', '--ops', '20', '--share-ids', '--off', '2', '--out', forged], { env }).status).toBe(0);
    expect(readFileSync(forged, 'utf8').split('\n').filter((l) => l.includes('"action":"ForgedWrite"')).length).toBeGreaterThan(10);
    const two = runCli(['trace', 'check', forged], { env });
    expect(two.stdout, two.stderr).toMatch(/^accepted: \d+ events/);
    expect(two.status).toBe(0);
  }, 120_000);
  it('says where a trace is rejected, and --json gives the same verdict', () => {
    const lines = readFileSync(join(dir, 'seed2.ndjson'), 'utf8').trim().split('\n');
    const k = lines.findIndex((l) => l.includes('"action":"Accepted"'));
    lines[k] = lines[k]!.replace(/"acceptedValue":"[^"]*"/, '"acceptedValue":null');
    const f = badFile('mutated.ndjson', lines);
    const chk = runCli(['trace', 'check', f], { env });
    expect(chk.status).toBe(1);
    const out = chk.stdout.trim().split('\n');
    expect(out[0]).toMatch(new RegExp(`^rejected at event ${k} \\(line ${k + 1}\\): Accepted acceptor=`));
    // The validator names the false conjunct, with its file:line in the repository.
    expect(out[1]).toMatch(/^ {2}no step takes it; the closest is false at tla\/wor\/\w+\.tla:\d+:\d+: /);
    const json = runCli(['trace', 'check', f, '--engine', 'embedded', '--json'], { env });
    expect(json.status).toBe(1);
    const v = JSON.parse(json.stdout);
    expect(v).toMatchObject({ accepted: false, firstUnmatched: { event: k, line: k + 1, action: 'Accepted' } });
  }, 240_000);
});

describe('bad input: one line naming the line, nothing written', () => {
  const cases: [string, string[], RegExp][] = [
    ['corrupt JSON', [HEADER, '{"action":"Read","client":1,"n":1}', '{"action": "Read", '], /bad\.ndjson:3: not JSON/],
    ['an unknown action', [HEADER, '{"action":"Teleport","client":1}'], /:2: unknown action "Teleport"/],
    ['a missing field', [HEADER, '{"action":"Promise","acceptor":"a1","ballot":[1,1],"promised":[1,1],"acceptedBallot":null}'], /:2: Promise: missing field "acceptedValue"/],
    ['a field of the wrong type', [HEADER, '{"action":"Capture","client":1,"ballot":[0,1]}'], /:2: Capture: field "ballot" must be a ballot/],
    ['an acceptor not in the header', [HEADER, '{"action":"CrashAcceptor","acceptor":"a9"}'], /:2: acceptor "a9" is not in the header/],
    ['no header', ['{"action":"Read","client":1,"n":1}'], /:1: the header must have "trace": "WORPaxos"/],
    [
      "one process's raw event log",
      ['{"events":"wormspace","process":"client 42"}', '{"seq":0,"t":1,"action":"Capture","vars":{"client":42,"rid":1,"seg":1,"off":0,"ballot":[1,42]}}'],
      /:1: this is one process's raw event log of client 42, not a trace; merge .*wormspace trace merge DIR --seg N/,
    ],
  ];
  it.each(cases)('%s', (_name, lines, message) => {
    const f = badFile('bad.ndjson', lines);
    const r = runCli(['trace', 'check', f], { env });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('a trace without events is an error, not an accepted trace', () => {
    const f = join(dir, 'header-only.ndjson');
    writeFileSync(f, `${readFileSync(join(dir, 'seed2.ndjson'), 'utf8').split('\n')[0]}\n`);
    const r = runCli(['trace', 'check', f], { env });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(/header-only\.ndjson: the trace has no events: nothing was checked$/);
  });

  it('a missing file, and bad record flags write nothing', () => {
    const missing = runCli(['trace', 'check', join(dir, 'nope.ndjson')], { env });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nope\.ndjson: no such file/);
    const out = join(dir, 'never.ndjson');
    const bad = runCli(['trace', 'record', '--seed', 'x', '--out', out], { env });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('a folder of event logs: one-line errors for an empty folder and an engine that takes one file', () => {
    const empty = join(dir, 'empty-logs');
    mkdirSync(empty);
    const none = runCli(['trace', 'check', empty], { env });
    expect(none.status).toBe(1);
    expect(none.stderr.trim()).toMatch(/empty-logs: no event logs \(\*\.ndjson/);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    // A register named only by events that are no step of it is not checked, so not accepted.
    const odd = join(dir, 'odd-logs');
    mkdirSync(odd);
    writeFileSync(join(odd, 'server-1.ndjson'), '{"events":"wormspace","process":"server a"}\n{"seq":0,"t":1,"action":"Nope","vars":{"seg":1,"off":0,"acceptor":"a"}}\n');
    const unchecked = runCli(['trace', 'check', odd], { env });
    expect(unchecked.stdout).toMatch(/^register \(1, 0\): not traceable, 0 events: no event of the logs is a WORPaxos step of this register: nothing to check$/m);
    expect(unchecked.stdout).toMatch(/^NOT accepted: 0 of 1 registers accepted, 0 rejected, 1 not traceable/m);
    expect(unchecked.status).toBe(1);
    // The WOS layer needs the clients' calls: logs without any are not traceable there, not accepted.
    const noCalls = runCli(['trace', 'check', odd, '--wos-only'], { env });
    expect(noCalls.stdout).toMatch(/^layer WOS \(tla\/wos\/WOS\.tla\): not traceable, 0 events, 0 calls .*: the logs hold no call of a client/m);
    expect(noCalls.stdout).toMatch(/^NOT accepted: 0 of 2 WOS-layer traces accepted/m);
    expect(noCalls.status).toBe(1);
    const wosFile = runCli(['trace', 'check', join(odd, 'server-1.ndjson'), '--wos'], { env });
    expect(wosFile.status).toBe(1);
    expect(wosFile.stderr.trim().split('\n')).toEqual([expect.stringMatching(/--wos takes a folder of event logs; .*server-1\.ndjson is a file/)]);
    const tlc = runCli(['trace', 'check', empty, '--engine', 'tlc'], { env });
    expect(tlc.status).toBe(1);
    expect(tlc.stderr.trim()).toMatch(/a folder of event logs is checked by the validator; --engine tlc takes one trace file/);
  });

  it('parseTrace keeps the file line of each event (blank lines included)', () => {
    const t = parseTrace(`${HEADER}\n\n{"action":"Read","client":1,"n":1}\n`);
    expect(t.events).toHaveLength(1);
    expect(t.events[0]!.line).toBe(3);
  });
});
