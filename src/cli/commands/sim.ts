/**
 * `wormspace sim --app NAME --seed N --steps K [--faults ...] [--trace FILE]` runs one
 * application's real code on the deterministic simulator (src/apps/<app>/sim.ts), checks the
 * application's invariants and the WOS layer's, and validates the application's trace against
 * its TLA+ spec. Exit 0 only when the run broke nothing and its trace was accepted; a run whose
 * trace was not checked says so and exits 1 unless --no-check-trace was given on purpose.
 */
import type { Command } from 'commander';
import { APP_SIMULATIONS, type AppSimReport } from '../../apps/registry.ts';
import { FaultSpecError, parseFaults, type FaultKind } from '../../apps/runtime/faults.ts';
import { UserError } from '../errors.ts';
import { positiveInt } from '../options.ts';

function seedOf(text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) > 0xffffffff) throw new UserError(`--seed must be an integer in 0..4294967295, not ${JSON.stringify(text)}`);
  return Number(text);
}

function faultsOf(text: string): FaultKind[] {
  try {
    return parseFaults(text);
  } catch (err) {
    if (err instanceof FaultSpecError) throw new UserError(`--faults: ${err.message}`);
    throw err;
  }
}

export function printReport(r: AppSimReport, write: (line: string) => void): void {
  const verdict = r.violations.length === 0 ? 'ok' : `${r.violations.length} violation(s)`;
  write(`${r.app} seed ${r.seed}: ${verdict}`);
  for (const v of r.violations.slice(0, 20)) write(`  violation: ${v}`);
  if (r.violations.length > 20) write(`  ... and ${r.violations.length - 20} more`);
  write(`  ${Object.entries(r.stats).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  if (r.trace) write(`  trace: ${r.trace.accepted ? 'accepted' : 'REJECTED'}: ${r.trace.events} events${r.trace.message ? `: ${r.trace.message}` : ''}`);
  else write(`  trace: NOT checked${r.traceNote ? `: ${r.traceNote}` : ''}`);
}

export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('run an application (WormPaxos, WormLog, WormTX) on the deterministic simulator with faults, check its invariants and validate its trace against its spec')
    .requiredOption('--app <name>', `the application: ${Object.keys(APP_SIMULATIONS).join(', ') || '(none registered)'}`)
    .option('--seed <n>', 'the seed that decides every delay, fault and workload choice', seedOf, 1)
    .option('--steps <k>', 'user operations the workload issues', positiveInt('--steps'), 200)
    .option('--faults <list>', 'comma-separated: loss, dup, reorder, crash, partition (or all, none)', faultsOf, [] as FaultKind[])
    .option('--trace <file>', 'also write the application trace here (NDJSON)')
    .option('--no-check-trace', 'do not validate the trace against the spec (the run then says so)')
    .option('--json', 'print one JSON object')
    .action(async (flags: { app: string; seed: number; steps: number; faults: FaultKind[]; trace?: string; checkTrace: boolean; json?: boolean }) => {
      const load = APP_SIMULATIONS[flags.app];
      if (!load) throw new UserError(`unknown application ${JSON.stringify(flags.app)}: expected one of ${Object.keys(APP_SIMULATIONS).join(', ') || '(none registered yet)'}`);
      const sim = await load();
      const report = await sim.simulate({ seed: flags.seed, steps: flags.steps, faults: flags.faults, traceFile: flags.trace ?? null, checkTrace: flags.checkTrace });
      if (flags.json) process.stdout.write(JSON.stringify(report) + '\n');
      else printReport(report, (line) => process.stdout.write(line + '\n'));
      const traceOk = report.trace ? report.trace.accepted : !flags.checkTrace;
      process.exitCode = report.violations.length === 0 && traceOk ? 0 : 1;
    });
}
