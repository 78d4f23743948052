/** `wormspace server`: run one WormSpace server (an acceptor with its durable store) until stopped. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { openEventLog } from '../../trace/event-log.ts';
import { UserError } from '../errors.ts';
import { startServer } from '../../server/server.ts';
import { parseHostPort, readPem, readTokens } from './server-options.ts';
import { addLimitOptions, parseLimits, type LimitFlags } from './limit-options.ts';

interface ServerFlags extends LimitFlags {
  listen: string;
  data: string;
  authTokenFile?: string;
  tlsCert?: string;
  tlsKey?: string;
  trace?: string;
}

/**
 * waitForStopSignal resolves on the first SIGINT or SIGTERM, or, for a process started with an
 * IPC channel (a server of `wormspace cluster`), when that channel closes: the parent is gone,
 * even if it was killed with SIGKILL and could not stop its children.
 */
export function waitForStopSignal(): Promise<NodeJS.Signals | 'parent exit'> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals | 'parent exit') => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      process.off('disconnect', onDisconnect);
      resolve(signal);
    };
    const onDisconnect = () => on('parent exit');
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
    if (process.channel) process.on('disconnect', onDisconnect);
  });
}

export function registerServer(program: Command): void {
  const cmd = program
    .command('server')
    .description('run a WormSpace server: an acceptor that persists its state in DIR and serves clients over TCP')
    .requiredOption('--listen <host:port>', 'address to listen on (port 0 picks a free port)')
    .requiredOption('--data <dir>', 'data folder (created if missing; holds acceptor.db, kept across restarts)')
    .option('--auth-token-file <file>', 'require clients to present a token of this file: lines "ROLE TOKEN" (read, write, admin), or one bare token (admin)')
    .option('--tls-cert <file>', 'serve TLS with this certificate (PEM); needs --tls-key')
    .option('--tls-key <file>', 'private key of --tls-cert (PEM)')
    .option('--trace <file>', 'append the acceptor\'s trace events to FILE (an event log: merge the cluster\'s logs with `wormspace trace merge`)')
    .addHelpText('after', '\nExample:\n  wormspace server --listen 127.0.0.1:7001 --data ./data/s1\n\nStops cleanly on Ctrl-C or SIGTERM; prints "listening on HOST:PORT" once ready, and its\ngroup-commit counters as a line "stats {...}" on SIGUSR2. Limits (docs/runtime.md): sizes take\nKiB/MiB/GiB, durations ms/s/min/h.');
  addLimitOptions(cmd).action(async (flags: ServerFlags) => {
      const { host, port } = parseHostPort(flags.listen, '--listen');
      const { limits, maxFrameBytes } = parseLimits(flags);
      const tokens = flags.authTokenFile === undefined ? undefined : readTokens(flags.authTokenFile);
      if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new UserError('--tls-cert and --tls-key go together');
      const tls = flags.tlsCert === undefined ? undefined : { cert: readPem(flags.tlsCert, 'TLS certificate'), key: readPem(flags.tlsKey!, 'TLS key') };
      const trace =
        flags.trace === undefined
          ? undefined
          : openEventLog(flags.trace, `server ${flags.listen}`, { server: true, onError: (m) => process.stderr.write(`wormspace server: ${m}\n`) });
      let server;
      try {
        server = await startServer({
          traceLog: trace ?? null,
          host,
          port,
          dataDir: flags.data,
          tokens,
          tls,
          limits,
          maxFrameBytes,
          onProtocolError: (code, message, remote) => process.stderr.write(`wormspace server: refused ${remote}: ${code}: ${message}\n`),
        });
      } catch (err) {
        throw new UserError(`cannot start the server: ${err instanceof Error ? err.message : String(err)}`);
      }
      const notes = [tokens ? `auth tokens required (${[...new Set(tokens.map((t) => t.role))].join(', ')})` : 'no auth', tls ? 'TLS' : 'plain TCP'];
      process.stdout.write(`listening on ${server.address} (data ${flags.data}, ${notes.join(', ')})\n`);
      if (!tokens && !/^(127\.|::1$|localhost$)/.test(server.host)) {
        process.stderr.write(`wormspace server: warning: ${server.address} is reachable from other hosts and needs no token; pass --auth-token-file\n`);
      }
      // SIGUSR2 prints the group-commit counters as one JSON line (benchmarks diff two of them).
      const printStats = () => process.stdout.write(`stats ${JSON.stringify(server.commitStats)}\n`);
      process.on('SIGUSR2', printStats);
      const signal = await waitForStopSignal();
      process.off('SIGUSR2', printStats);
      await server.close();
      trace?.close();
      process.stdout.write(`stopped on ${signal}\n`);
      // An open IPC channel would keep this process alive after the server stopped.
      if (process.connected) process.disconnect();
    });
}
