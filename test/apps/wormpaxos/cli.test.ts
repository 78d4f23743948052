/**
 * `wormspace kv` and `wormspace sim --app wormpaxos` from the command line: --help works, bad
 * input gets one line on stderr and a non-zero exit, and a simulation prints its verdict.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../e2e/processes.ts';

describe('wormspace kv CLI', () => {
  it('--help of every kv command', async () => {
    for (const args of [['kv', '--help'], ['kv', 'serve', '--help'], ['kv', 'get', '--help']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: wormspace kv');
    }
  }, 60_000);

  it('bad input: one line, non-zero exit, no stack trace', async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [['kv', 'put', 'k', 'v'], { WORMSPACE_KV: '' }, 'no replica'],
      [['kv', 'get', 'k', '--replica', 'nohost'], {}, '--replica: expected HOST:PORT'],
      [['kv', 'status', '--replica', '127.0.0.1:1'], {}, 'no replica answered'],
      [['kv', 'serve', '--id', 'r 1', '--listen', '127.0.0.1:7101', '--servers', '127.0.0.1:1'], {}, '--id must be'],
      [['kv', 'serve', '--id', 'r1', '--listen', '127.0.0.1:7101', '--peers', 'r1=127.0.0.1:7102', '--servers', '127.0.0.1:1'], {}, "own id"],
      [['kv', 'serve', '--id', 'r1', '--listen', '127.0.0.1:7101', '--max-batch', '0', '--servers', '127.0.0.1:1'], {}, '--max-batch must be a positive integer'],
      [['kv', 'serve', '--id', 'r1', '--listen', '127.0.0.1:7101', '--max-inflight', '999', '--servers', '127.0.0.1:1'], {}, '--max-inflight must be at most 256'],
      [['sim', '--app', 'wormpaxos', '--faults', 'meteor'], {}, 'unknown fault'],
    ];
    for (const [args, env, text] of cases) {
      const r = await runCli(args, env);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toContain(text);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  }, 90_000);

  it('sim --app wormpaxos prints its verdict; the trace is not checked', async () => {
    const r = await runCli(['sim', '--app', 'wormpaxos', '--seed', '4', '--steps', '60', '--faults', 'all', '--json', '--no-check-trace']);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout) as { violations: string[]; stats: { ops: number }; trace: unknown };
    expect(rep.violations).toEqual([]);
    expect(rep.stats.ops).toBe(60);
    expect(rep.trace).toBeNull();
  }, 60_000);
});
