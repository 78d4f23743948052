/**
 * `wormspace tx`: WormTX, the paper's non-blocking commit (E3), as a small bank.
 *
 *   wormspace tx rm --id R --listen HOST:PORT --peers rm0=H:P,... --seg-base B   run one RM
 *   wormspace tx demo --transfers N [--kill-rm] [--in-process]                  run 3 RMs and a bank
 *
 * Both reach the WormSpace cluster of --servers or $WORMSPACE_SERVERS. The demo prints commits,
 * aborts and latency and checks that every RM decided alike and the total balance is conserved;
 * it exits 0 only when the audit found nothing (1 otherwise, with the findings on stderr).
 */
import type { Command } from 'commander';
import { WormSpaceMisuseError } from '../../client/misuse.ts';
import { runDemo } from '../../apps/wormtx/demo.ts';
import { startRmHost } from '../../apps/wormtx/tcp.ts';
import { rmIndex, rmName, type TxConfig } from '../../apps/wormtx/types.ts';
import { UserError } from '../errors.ts';
import { common, connectFromFlags, type CommonFlags } from './client.ts';

interface TxFlags extends CommonFlags {
  rms: string;
  accounts: string;
  window: string;
  voteTimeout: string;
  poll: string;
  initial: string;
}

function nat(flag: string, text: string, min: number, max: number): number {
  if (!/^\d{1,12}$/.test(text) || Number(text) < min || Number(text) > max) throw new UserError(`${flag} must be an integer in ${min}..${max}, not ${JSON.stringify(text)}`);
  return Number(text);
}

function hostPort(flag: string, text: string): { host: string; port: number } {
  const m = /^([^:\s]+):(\d{1,5})$/.exec(text);
  if (!m || Number(m[2]) > 65535) throw new UserError(`${flag} must be host:port, not ${JSON.stringify(text)}`);
  return { host: m[1]!, port: Number(m[2]) };
}

function txConfig(f: TxFlags, segBase: number): TxConfig {
  const nRms = nat('--rms', f.rms, 1, 64);
  return {
    nRms,
    segBase,
    window: nat('--window', f.window, 1, 1 << 16),
    accounts: nat('--accounts', f.accounts, 2, 1_000_000),
    initialBalance: nat('--initial', f.initial, 0, 1e9),
    voteTimeout: nat('--vote-timeout', f.voteTimeout, 1, 600_000),
    pollInterval: nat('--poll', f.poll, 1, 600_000),
  };
}

function txOptions(cmd: Command): Command {
  return common(cmd)
    .option('--rms <n>', 'number of RMs (rm0 .. rm(n-1))', '3')
    .option('--accounts <n>', 'accounts a0 .. a(n-1); account i belongs to RM i mod rms', '9')
    .option('--window <n>', 'vote registers per vote segment (each RM pre-captures a window at a time)', '64')
    .option('--vote-timeout <ms>', 'how long an RM waits for a participant before writing no into its register', '1000')
    .option('--poll <ms>', 'how often an RM reads the vote registers it has not heard about', '25')
    .option('--initial <n>', 'initial balance of every account', '100');
}

function clusterArgs(f: CommonFlags): string[] {
  const out: string[] = [];
  const servers = f.servers ?? process.env.WORMSPACE_SERVERS;
  if (servers) out.push('--servers', servers);
  if (f.segmentSize) out.push('--segment-size', f.segmentSize);
  if (f.partitions) out.push('--partitions', f.partitions);
  if (f.authTokenFile) out.push('--auth-token-file', f.authTokenFile);
  if (f.timeout) out.push('--timeout', f.timeout);
  // The RMs are clients of the same cluster, reached the same way, and their WOR calls belong in
  // the same trace folder (without them, `trace merge` misses the RMs' half of every register).
  if (f.cluster) out.push('--cluster', f.cluster);
  if (f.tlsCa) out.push('--tls-ca', f.tlsCa);
  if (f.trace) out.push('--trace', f.trace);
  return out;
}

export function registerTx(program: Command): void {
  const tx = program.command('tx').description("WormTX: the paper's non-blocking commit (E3) as a bank over RMs; run one RM, or a demo");

  txOptions(tx.command('rm').description('run one resource manager: it votes into its pre-captured vote registers and decides from all of them'))
    .requiredOption('--id <n>', 'this RM\'s number (rm<n>)')
    .requiredOption('--listen <host:port>', 'where it takes requests and its peers\' vote messages (port 0: any)')
    .requiredOption('--peers <list>', 'every RM as rm0=host:port,rm1=host:port,...')
    .requiredOption('--seg-base <n>', 'the run\'s marker segment (vote segments follow it); every RM of a run uses the same')
    .addHelpText('after', '\nExample:\n  wormspace tx rm --id 0 --listen 127.0.0.1:7100 --peers rm0=127.0.0.1:7100,rm1=127.0.0.1:7101,rm2=127.0.0.1:7102 --seg-base 5000')
    .action(async (f: TxFlags & { id: string; listen: string; peers: string; segBase: string }) => {
      const cfg = txConfig(f, nat('--seg-base', f.segBase, 0, 2 ** 40));
      const rm = nat('--id', f.id, 0, cfg.nRms - 1);
      const listen = hostPort('--listen', f.listen);
      const peers: Record<string, string> = {};
      for (const part of f.peers.split(',').map((s) => s.trim()).filter(Boolean)) {
        const m = /^([^=]+)=(.+)$/.exec(part);
        if (!m || rmIndex(m[1]!) === null) throw new UserError(`--peers must be rm0=host:port,..., not ${JSON.stringify(part)}`);
        hostPort('--peers', m[2]!);
        peers[m[1]!] = m[2]!;
      }
      const ws = await connectFromFlags(f);
      let fatal: ((err: unknown) => void) | null = null;
      const host = await startRmHost({ rm, cfg, ws, listen, peers, onFatal: (err) => fatal?.(err) }).catch((err: Error) => {
        ws.close();
        throw new UserError(`${rmName(rm)}: cannot listen on ${f.listen}: ${err.message}`);
      });
      const line = f.json ? JSON.stringify({ rm: rmName(rm), listening: `${listen.host}:${host.listenPort}` }) : `${rmName(rm)} listening on ${listen.host}:${host.listenPort}`;
      process.stdout.write(line + '\n');
      await new Promise<void>((resolve, reject) => {
        fatal = (err) => reject(err instanceof WormSpaceMisuseError ? new UserError(err.message.replace(/^WormSpace: /, '')) : err);
        const stop = (): void => resolve();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        if (process.channel) process.once('disconnect', stop);
      }).finally(async () => {
        await host.close();
        ws.close();
        // A parent's IPC channel (the demo's) would keep this process alive.
        if (process.connected) process.disconnect();
      });
    });

  txOptions(tx.command('demo').description('run RMs and a bank of transfers against the cluster; check that all RMs decided alike and the total balance is conserved'))
    .option('--transfers <n>', 'transfers to run (an aborted one restarts as a new transaction, up to 5 attempts)', '100')
    .option('--concurrency <n>', 'transfers in flight at once', '4')
    .option('--kill-rm', 'kill -9 the last RM in the middle of a transaction (a third of the way in)')
    .option('--in-process', 'run the RMs in this process instead of as child processes')
    .option('--settle <ms>', 'how long to wait for the RMs to decide everything after the last transfer', '15000')
    .addHelpText('after', '\nExample:\n  wormspace cluster --servers 3 --data /tmp/ws --base-port 7000 &\n  WORMSPACE_SERVERS=127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002 wormspace tx demo --transfers 200 --kill-rm')
    .action(async (f: TxFlags & { transfers: string; concurrency: string; killRm?: boolean; inProcess?: boolean; settle: string }) => {
      const cfg = txConfig(f, 0);
      const transfers = nat('--transfers', f.transfers, 0, 1_000_000);
      const concurrency = nat('--concurrency', f.concurrency, 1, 1000);
      const settleMs = nat('--settle', f.settle, 0, 3_600_000);
      const ws = await connectFromFlags(f);
      const out = (line: string): void => void process.stdout.write(line + '\n');
      try {
        const { segBase: _b, ...rest } = cfg;
        const r = await runDemo({
          ws,
          newClient: () => connectFromFlags(f),
          clusterArgs: clusterArgs(f),
          transfers,
          concurrency,
          killRm: f.killRm === true,
          inProcess: f.inProcess === true,
          cfg: rest,
          settleMs,
          log: f.json ? undefined : out,
        }).catch((err: unknown) => {
          if (err instanceof UserError) throw err;
          throw new UserError(`tx demo: ${err instanceof Error ? err.message : String(err)}`);
        });
        if (f.json) out(JSON.stringify(r));
        else {
          out(`transfers: ${r.transfers}, committed ${r.committed}, gave up after 5 aborts ${r.gaveUp}, unknown ${r.unknown}`);
          out(`transactions: ${r.transactions} (${r.abortedTx} aborted: lock conflicts, funds, or a dead RM timed out)`);
          out(`commit latency: p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, mean ${r.latencyMs.mean.toFixed(2)} ms`);
          if (r.killed) out(`killed: ${r.killed}; the others wrote no into ${r.timedOutVotes} of its vote registers (timed out) and decided`);
          out(`all RMs decided alike: ${r.agreed ? 'yes' : 'NO'}; total balance ${r.total} (expected ${r.expectedTotal})`);
        }
        for (const v of r.violations) process.stderr.write(`wormspace: violation: ${v}\n`);
        process.exitCode = r.violations.length === 0 ? 0 : 1;
      } finally {
        ws.close();
      }
    });
}
