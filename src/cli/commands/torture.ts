/**
 * `wormspace torture`: a fault campaign on loopback (see src/torture/run.ts). It prints one line
 * per trial, writes its summary as markdown (bench/results/torture.md by default) and exits 0 when
 * no acknowledged write was lost and every register's history was linearizable, 1 otherwise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { positiveInt } from '../options.ts';
import { formatSummary, runTorture } from '../../torture/run.ts';

interface TortureFlags {
  servers: number;
  minutes?: string;
  trials?: number;
  clients: number;
  seed?: number;
  out: string;
}

export function registerTorture(program: Command): void {
  program
    .command('torture')
    .description('run kill -9 / restart / partition trials on a loopback cluster under concurrent clients; check that no acknowledged write is lost and every register is linearizable')
    .option('--servers <n>', 'number of server processes (odd, at least 3)', positiveInt('--servers'), 3)
    .option('--minutes <m>', 'start trials for this many minutes (decimals allowed)')
    .option('--trials <n>', 'stop after this many trials', positiveInt('--trials'))
    .option('--clients <n>', 'concurrent clients', positiveInt('--clients'), 4)
    .option('--seed <n>', 'seed of the fault and operation choices', positiveInt('--seed'))
    .option('--out <file>', 'where to write the summary (markdown)', 'bench/results/torture.md')
    .addHelpText('after', '\nExample:\n  wormspace torture --servers 3 --minutes 5\n\nExit code 0 when nothing acknowledged was lost and there was no violation, 1 otherwise. Ctrl-C (or SIGTERM) ends the current trial, cleans up and writes the summary (exit 130 / 143); a second one exits at once.')
    .action(async (flags: TortureFlags) => {
      if (flags.servers < 3 || flags.servers % 2 === 0) throw new UserError('--servers must be odd and at least 3');
      if (flags.servers > 9) throw new UserError('--servers must be at most 9');
      let minutes: number | undefined;
      if (flags.minutes !== undefined) {
        minutes = Number(flags.minutes);
        if (!/^\d+(\.\d+)?$/.test(flags.minutes) || minutes <= 0) throw new UserError(`--minutes must be a positive number, not ${JSON.stringify(flags.minutes)}`);
      }
      if (minutes === undefined && flags.trials === undefined) throw new UserError('give --minutes or --trials');
      const out = path.resolve(flags.out);
      if (!fs.existsSync(path.dirname(out))) throw new UserError(`the folder of --out does not exist: ${path.dirname(out)}`);
      // The first SIGINT/SIGTERM lets the current trial end and cleans up (servers, spares, the
      // temporary folder) before the summary is written; a second one exits at once.
      const stop = new AbortController();
      let signalled: NodeJS.Signals | undefined;
      const onSignal = (sig: NodeJS.Signals): void => {
        if (signalled) process.exit(128 + (os.constants.signals[sig] ?? 15));
        signalled = sig;
        stop.abort();
        process.stderr.write(`wormspace torture: ${sig}: stopping after the current trial and cleaning up (${sig} again to exit at once)\n`);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const summary = await runTorture({
        servers: flags.servers,
        minutes,
        trials: flags.trials,
        clients: flags.clients,
        seed: flags.seed,
        log: (line) => process.stdout.write(`${line}\n`),
        signal: stop.signal,
      }).finally(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      });
      const command = ['wormspace torture', `--servers ${flags.servers}`, minutes !== undefined ? `--minutes ${flags.minutes}` : '', flags.trials !== undefined ? `--trials ${flags.trials}` : '', `--clients ${flags.clients}`, `--seed ${summary.seed}`].filter(Boolean).join(' ');
      fs.writeFileSync(out, formatSummary(summary, command));
      process.stdout.write(
        `torture: ${summary.trials} trials, ${summary.kills} kill -9, ${summary.writes.ok} acknowledged writes, ${summary.acknowledgedLost} lost, ${summary.violations.length} violations; summary in ${flags.out}\n`,
      );
      for (const v of summary.violations.slice(0, 10)) process.stdout.write(`violation: ${v}\n`);
      if (summary.violations.length > 0) process.exitCode = 1;
      else if (summary.stoppedEarly && signalled) process.exitCode = 128 + (os.constants.signals[signalled] ?? 15);
    });
}
