// `wormspace check` as a user runs it: exit codes, one-line errors, JSON shape, and (when TLC is
// available through TLA2TOOLS_JAR) reproducing every recorded TLC run of test/fixtures/tlc-output.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { interpretTlcOutput } from '../../src/tla/runner/interpret.ts';
import { envWithoutTlc, PROJECT_ROOT, runCli } from '../helpers/cli.ts';

const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'tlc-output');
let specs: string;
let noTlcEnv: NodeJS.ProcessEnv;

beforeAll(() => {
  // TLC and the checker read the specs; a copy keeps the fixtures untouched whatever they write.
  specs = mkdtempSync(join(tmpdir(), 'wormspace-check-'));
  cpSync(join(FIXTURES, 'specs'), specs, { recursive: true });
  noTlcEnv = envWithoutTlc(mkdtempSync(join(tmpdir(), 'wormspace-cache-')));
});

describe('wormspace check without TLC', () => {
  it('--engine tlc says in one line how to get TLC', () => {
    const r = runCli(['check', join(specs, 'Counter.tla'), '--config', join(specs, 'Ok.cfg'), '--engine', 'tlc'], { env: noTlcEnv });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('TLA2TOOLS_JAR');
    expect(r.stderr).toContain('wormspace tlc install');
  });

  it('a TLA2TOOLS_JAR that is not a file is named in the error', () => {
    const r = runCli(['check', join(specs, 'Counter.tla'), '--config', join(specs, 'Ok.cfg'), '--engine', 'tlc'], {
      env: { ...noTlcEnv, TLA2TOOLS_JAR: '/nowhere/tla2tools.jar' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('wormspace: TLA2TOOLS_JAR points at /nowhere/tla2tools.jar, which is not a file; set TLA2TOOLS_JAR to a tla2tools.jar, or run `wormspace tlc install`');
  });

  it('tlc status reports unavailability as data', () => {
    const r = runCli(['tlc', 'status', '--json'], { env: noTlcEnv });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ available: false, jar: null });
  });
});

describe('wormspace check: bad input gets one line and a non-zero exit', () => {
  it.each([
    [['check', 'missing.tla'], /missing\.tla: no such file/],
    [['check', 'README.md'], /expected a \.tla file/],
    [['check', 'SPEC.tla', '--engine', 'spin'], /--engine must be one of auto, tlc, embedded/],
    [['check', 'SPEC.tla', '--workers', 'two'], /--workers must be a positive integer/],
    // A folder is a cluster's event logs (trace check DIR); one without any says so.
    [['trace', 'check', 'test'], /^wormspace: test: no event logs \(\*\.ndjson with a \{"events":"wormspace"\} header\)$/m],
    [['trace', 'record', '--seed', '1', '--out', '/nonexistent/dir/x.ndjson'], /cannot write the trace: no such file or folder/],
  ])('%j', (args, message) => {
    const r = runCli(args as string[]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('a missing default config names the file it looked for', () => {
    const r = runCli(['check', join(specs, 'Counter.tla')], { env: noTlcEnv });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(specs, 'Counter.cfg')}: no such file (the default config; pass --config)`);
  });
});

describe('every subcommand has --help', () => {
  it.each([['check'], ['verify'], ['tlc'], ['tlc', 'status'], ['tlc', 'install'], ['trace'], ['trace', 'record'], ['trace', 'check'], ['server'], ['cluster'], ['alloc'], ['read'], ['write']])('%j', (...cmd) => {
    const r = runCli([...cmd, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: wormspace /);
  });
});

// The recorded runs: (case, spec, config). TLC must give the same result on this machine.
const CASES = [
  ['ok', 'Counter.tla', 'Ok.cfg'],
  ['invariant-violated', 'Counter.tla', 'InvariantViolated.cfg'],
  ['action-property-violated', 'Counter.tla', 'ActionPropertyViolated.cfg'],
  ['liveness-violated', 'Liveness.tla', 'Liveness.cfg'],
  ['deadlock', 'Deadlock.tla', 'Deadlock.cfg'],
  ['assume-fails', 'AssumeFails.tla', 'AssumeFails.cfg'],
  ['parse-error', 'ParseError.tla', 'ParseError.cfg'],
] as const;

const tlcJar = process.env.TLA2TOOLS_JAR;
if (!tlcJar) {
  console.warn('NOTICE: TLA2TOOLS_JAR is not set; skipping the runs of real TLC against test/fixtures/tlc-output.');
}

describe.skipIf(!tlcJar)('wormspace check --engine tlc --json reproduces the recorded TLC runs', () => {
  it.each(CASES)('%s', (name, spec, config) => {
    const r = runCli(['check', join(specs, spec), '--config', join(specs, config), '--engine', 'tlc', '--json']);
    const recordedExit = Number(readFileSync(join(FIXTURES, `${name}.exit`), 'utf8').trim().split('\n').pop());
    const recorded = interpretTlcOutput({ output: readFileSync(join(FIXTURES, `${name}.tool.txt`), 'utf8'), exitCode: recordedExit, spec, seconds: 0 });
    expect(r.status).toBe(recordedExit);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const got = JSON.parse(lines[0]!);
    expect(Object.keys(got).slice(0, 8)).toEqual(['engine', 'verdict', 'violated', 'distinct', 'generated', 'depth', 'seconds', 'trace']);
    const { seconds, ...rest } = got;
    expect(seconds).toBeGreaterThan(0);
    const { seconds: _ignored, ...expected } = recorded;
    expect(rest).toEqual(expected);
  });
});
