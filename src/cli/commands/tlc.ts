/** `wormspace tlc ...`: where TLC is, and installing the pinned release into the cache. */
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { cachedJarPath, findJar, findJava, TLC_HINT } from '../../tla/runner/locate.ts';
import { installTlc, offlineHint, PINNED_TLC } from '../../tla/runner/install.ts';

export function registerTlc(program: Command): void {
  const tlc = program.command('tlc').description('find or install TLC (tla2tools.jar), the TLA+ model checker');

  tlc
    .command('status')
    .description('say which tla2tools.jar and Java would run, or why TLC cannot run here')
    .option('--json', 'print one JSON object {available, jar, source, java, javaMajor, reason}')
    .action((flags: { json?: boolean }) => {
      const jar = findJar();
      const java = findJava();
      const available = jar.jar !== null && java.java !== null;
      const reason = jar.jar === null ? jar.reason : java.java === null ? java.reason : null;
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({
            available,
            jar: jar.jar,
            source: jar.jar !== null ? jar.source : null,
            java: java.java,
            javaMajor: java.java !== null ? java.major : null,
            reason,
          })}\n`,
        );
      } else if (available) {
        process.stdout.write(`TLC: ${jar.jar} (from ${jar.jar !== null ? jar.source : ''}), Java ${java.java !== null ? java.major : ''}\n`);
      } else {
        process.stdout.write(`TLC is not available: ${reason}\n`);
      }
      if (!available) process.exitCode = 1;
    });

  tlc
    .command('install')
    .description(`download TLC ${PINNED_TLC.version} from the TLA+ project's GitHub releases into the cache folder, checking its SHA-256`)
    .option('--force', 'download again even if the cache already has a jar')
    .option('--from <jar>', `install a copy of the TLC ${PINNED_TLC.version} jar fetched elsewhere instead of downloading (same SHA-256 check)`)
    .addHelpText('after', `\nThe jar goes to ${cachedJarPath()} (set WORMSPACE_CACHE_DIR to change it).\nWithout internet: ${offlineHint()}.`)
    .action(async (flags: { force?: boolean; from?: string }) => {
      const existing = findJar({ ...process.env, TLA2TOOLS_JAR: '' });
      if (existing.jar !== null && !flags.force) {
        process.stdout.write(`TLC is already installed at ${existing.jar} (use --force to ${flags.from ? 'replace it' : 'download again'})\n`);
        return;
      }
      if (flags.from === undefined) process.stderr.write(`Downloading TLC ${PINNED_TLC.version} from ${PINNED_TLC.url} ...\n`);
      const path = await installTlc(flags.from !== undefined ? { from: flags.from } : {});
      process.stdout.write(`Installed TLC ${PINNED_TLC.version} at ${path} (SHA-256 ${PINNED_TLC.sha256})\n`);
    });

  tlc.action(() => {
    throw new UserError(`missing subcommand: use \`wormspace tlc status\` or \`wormspace tlc install\` (${TLC_HINT})`);
  });
}
