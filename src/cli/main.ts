/**
 * The `wormspace` command line. Each subcommand lives in its own module under `commands/` and
 * registers itself on the program; this file only wires them together and turns failures into
 * one line on stderr and a non-zero exit code.
 */
import { Command, CommanderError } from 'commander';
import { UserError, oneLine } from './errors.ts';
import { registerCheck } from './commands/check.ts';
import { registerTlc } from './commands/tlc.ts';
import { registerVerify } from './commands/verify.ts';
import { registerServer } from './commands/server.ts';
import { registerCluster } from './commands/cluster.ts';
import { registerClient } from './commands/client.ts';
import { registerTrace } from './commands/trace.ts';
import { registerSim } from './commands/sim.ts';
import { registerTorture } from './commands/torture.ts';
import { registerLog } from './commands/log.ts';
import { registerKv } from './commands/kv.ts';
import { registerTx } from './commands/tx.ts';
import { registerNewApp } from './commands/new-app.ts';
import { registerApp } from './commands/app.ts';

export function buildProgram(): Command {
  const program = new Command('wormspace')
    .description('WormSpace: write-once registers and segments, their TLA+ specs, and the tools that tie them together')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') });
  registerCheck(program);
  registerTlc(program);
  registerVerify(program);
  registerServer(program);
  registerCluster(program);
  registerClient(program);
  registerTrace(program);
  registerSim(program);
  registerTorture(program);
  registerLog(program);
  registerKv(program);
  registerTx(program);
  registerNewApp(program);
  registerApp(program);
  return program;
}

/** main runs the CLI on argv (without `node` and the script) and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed on one line.
      return err.exitCode;
    }
    if (err instanceof UserError) {
      process.stderr.write(`wormspace: ${oneLine(err)}\n`);
      return err.exitCode;
    }
    if (process.env.WORMSPACE_DEBUG) throw err;
    process.stderr.write(`wormspace: internal error: ${oneLine(err)} (set WORMSPACE_DEBUG=1 for a stack trace)\n`);
    return 1;
  }
}
