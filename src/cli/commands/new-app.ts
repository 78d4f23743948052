/**
 * `wormspace new-app NAME [--abstract-spec FILE]` adds an application to the repository it runs
 * in (the current directory): spec, models, trace wrapper, node, simulation, refinement mapping,
 * tests, registrations (src/new-app/generate.ts). It never overwrites; a bad name or a taken one
 * is a one-line error and nothing is written.
 */
import type { Command } from 'commander';
import { newApp } from '../../new-app/generate.ts';
import { NewAppError } from '../../new-app/names.ts';
import { UserError } from '../errors.ts';

export function registerNewApp(program: Command): void {
  program
    .command('new-app <name>')
    .description('generate a new WormSpace application (spec over WOSApi, models, trace wrapper, node, simulation, refinement mapping, tests) from templates/new-app; see docs/extending.md')
    .option('--abstract-spec <file>', 'a TLA+ module (VARIABLES count, at, ans) for the application to refine, instead of the generated NAMEAbstract.tla')
    .option('--json', 'print one JSON object')
    .action(async (name: string, flags: { abstractSpec?: string; json?: boolean }) => {
      let r;
      try {
        r = await newApp({ repo: process.cwd(), name, abstractSpec: flags.abstractSpec ?? null });
      } catch (err) {
        if (err instanceof NewAppError) throw new UserError(err.message);
        throw err;
      }
      if (flags.json) {
        process.stdout.write(JSON.stringify({ app: r.names.lower, module: r.names.pascal, files: r.files, models: r.models }) + '\n');
        return;
      }
      const out = (s: string): boolean => process.stdout.write(s + '\n');
      out(`new application ${r.names.pascal} (sim --app ${r.names.lower}):`);
      for (const f of r.files) out(`  ${f}`);
      for (const m of r.models) out(`  model ${m.config}: ${m.expect}${m.violated ? ` (${m.violated})` : ''}, ${m.distinct} distinct / ${m.generated} generated states, depth ${m.depth}`);
      out(`next: npx vitest run test/apps/${r.names.lower} && node bin/wormspace.js sim --app ${r.names.lower} --faults all (docs/extending.md)`);
    });
}
