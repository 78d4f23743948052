/**
 * `wormspace app NAME OP [--count N]`: run one node of an application registered in
 * APP_BINDINGS (src/apps/registry.ts: WormCounter, and every application `new-app` generated) on
 * the WormSpace servers, and call OP on it N times. The node lives in this process (its TcpHost
 * has no port: the nodes of these applications share nothing but WOS), so each invocation is a
 * fresh node, as after a kill. One line per call, or one JSON object per call with --json; exit 0
 * when every call succeeded, 1 otherwise.
 */
import type { Command } from 'commander';
import { APP_BINDINGS } from '../../apps/registry.ts';
import { UserError } from '../errors.ts';
import { positiveInt } from '../options.ts';
import { connectFromFlags, nonNegativeInt, type CommonFlags } from './client.ts';

interface AppFlags extends CommonFlags {
  base: string;
  count: number;
  deadline: number;
}

/** within: p, or a one-line error after ms (the nodes retry a WOS timeout for ever: a person wants an answer). */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (--deadline); is a quorum of the servers up?`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export function registerApp(program: Command): void {
  program
    .command('app <name> <op>')
    .description(`call OP on a fresh node of an application (${Object.keys(APP_BINDINGS).join(', ')}) running on the WormSpace servers`)
    .option('--servers <list>', "host:port,... of every server (default: $WORMSPACE_SERVERS, then the cluster file's)")
    .option('--cluster <file>', 'cluster file: JSON {servers, tokenFile?, tlsCa?} (default: $WORMSPACE_CLUSTER)')
    .option('--segment-size <n>', 'WORs per segment (default: $WORMSPACE_SEGMENT_SIZE or 1024)')
    .option('--auth-token-file <file>', 'auth token to present (default: $WORMSPACE_AUTH_TOKEN_FILE)')
    .option('--timeout <ms>', 'a WOS call answers timeout after about this long without a quorum (default 3000)')
    .option('--base <seg>', "the application's first segment: nodes with the same base share its state", '500')
    .option('--count <n>', 'call OP this many times', positiveInt('--count'), 1)
    .option('--deadline <ms>', 'give up on a call not answered within this long', positiveInt('--deadline'), 30_000)
    .option('--json', 'print one JSON object per call {ok, text, reply}')
    .action(async (name: string, op: string, flags: AppFlags) => {
      const load = APP_BINDINGS[name];
      if (!load) throw new UserError(`no application ${JSON.stringify(name)} with a TCP binding (have: ${Object.keys(APP_BINDINGS).join(', ')})`);
      const binding = await load();
      if (!Object.hasOwn(binding.ops, op)) throw new UserError(`${name} has no operation ${JSON.stringify(op)} (have: ${Object.entries(binding.ops).map(([k, d]) => `${k}: ${d}`).join('; ')})`);
      const base = nonNegativeInt('--base', flags.base);
      const ws = await connectFromFlags(flags);
      const session = binding.open(ws, base);
      let failed = false;
      try {
        for (let i = 0; i < flags.count; i++) {
          let r;
          try {
            r = await within(session.call(op), flags.deadline);
          } catch (err) {
            // No answer in time, or the node stopped: one line, not a stack.
            throw new UserError(`${name} ${op}: ${err instanceof Error ? err.message : String(err)}`);
          }
          process.stdout.write(`${flags.json ? JSON.stringify(r) : r.ok ? r.text : `failed: ${r.text}`}\n`);
          if (!r.ok) failed = true;
        }
      } finally {
        session.close();
        ws.close();
      }
      process.exitCode = failed ? 1 : 0;
    });
}
