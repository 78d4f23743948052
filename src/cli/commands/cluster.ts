/**
 * `wormspace cluster`: a local cluster of N server processes on consecutive ports, one data folder
 * each (DIR/s1, DIR/s2, ...), kept across restarts. It prints the addresses once every server is
 * listening, and on Ctrl-C or SIGTERM stops every server and waits for them to exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { positiveInt } from '../options.ts';
import { parsePort, readAuthToken } from './server-options.ts';
import { waitForStopSignal } from './server.ts';

const BIN = fileURLToPath(new URL('../../../bin/wormspace.js', import.meta.url));

interface ClusterFlags {
  servers: number;
  data: string;
  basePort: number;
  host: string;
  authTokenFile?: string;
  trace?: string;
}

interface Member {
  index: number;
  address: string;
  dataDir: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** startMember spawns one server and resolves once it printed its "listening on" line. */
function startMember(index: number, host: string, port: number, dataDir: string, authTokenFile: string | undefined, traceDir?: string): Promise<Member> {
  const args = [BIN, 'server', '--listen', `${host}:${port}`, '--data', dataDir];
  if (traceDir !== undefined) args.push('--trace', path.join(traceDir, `server-${index}.ndjson`));
  if (authTokenFile !== undefined) args.push('--auth-token-file', authTokenFile);
  // The IPC channel is never used for messages: when this process dies, even by SIGKILL, the
  // channel closes and the server stops itself (see waitForStopSignal), so no server is orphaned.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const onOut = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        child.stdout!.off('data', onOut);
        child.stdout!.resume();
        resolve({ index, address: m[1]!, dataDir, child, exited });
      }
    };
    child.stdout!.on('data', onOut);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      // Servers log refused connections on stderr; pass them through, labelled.
      for (const line of d.toString().split('\n').filter(Boolean)) process.stderr.write(`[s${index}] ${line}\n`);
    });
    void exited.then((code) => reject(new UserError(`server ${index} (${host}:${port}) exited with code ${code} before listening${err ? `: ${err.trim().split('\n').at(-1)}` : ''}`)));
  });
}

async function stopAll(members: Member[]): Promise<void> {
  for (const m of members) if (m.child.exitCode === null && m.child.signalCode === null) m.child.kill('SIGTERM');
  await Promise.all(
    members.map((m) =>
      Promise.race([
        m.exited,
        // A server that does not stop within 5 s is killed, so Ctrl-C always ends the cluster.
        new Promise((r) => setTimeout(r, 5000).unref()).then(() => m.child.kill('SIGKILL')),
      ]),
    ),
  );
}

export function registerCluster(program: Command): void {
  program
    .command('cluster')
    .description('start a local cluster of N WormSpace servers on consecutive ports, until Ctrl-C or SIGTERM')
    .option('--servers <n>', 'number of servers (2F+1 tolerates F failures)', positiveInt('--servers'), 3)
    .requiredOption('--data <dir>', 'parent data folder; server i keeps its state in DIR/s<i>')
    .option('--base-port <port>', 'port of the first server; the others follow', parsePort('--base-port'), 7001)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--auth-token-file <file>', 'require clients to present the token in this file')
    .option('--trace <dir>', 'each server appends its event log to DIR/server-<i>.ndjson (merge with `wormspace trace merge DIR`)')
    .addHelpText('after', '\nExample:\n  wormspace cluster --servers 3 --data ./data --base-port 7001\n  export WORMSPACE_SERVERS=127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003')
    .action(async (flags: ClusterFlags) => {
      if (flags.servers > 99) throw new UserError('--servers must be at most 99');
      if (flags.basePort === 0 || flags.basePort + flags.servers - 1 > 65535) throw new UserError('--base-port leaves no room for the servers');
      // Check the token file here, so a typo gives one error instead of one per server.
      if (flags.authTokenFile !== undefined) readAuthToken(flags.authTokenFile);
      if (flags.trace !== undefined) {
        try {
          fs.mkdirSync(flags.trace, { recursive: true });
        } catch (err) {
          throw new UserError(`cannot create the trace folder ${flags.trace}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        }
      }
      const started = await Promise.allSettled(
        Array.from({ length: flags.servers }, (_, i) =>
          startMember(i + 1, flags.host, flags.basePort + i, path.join(flags.data, `s${i + 1}`), flags.authTokenFile, flags.trace),
        ),
      );
      const members = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) {
        await stopAll(members);
        throw failed.reason;
      }
      for (const m of members) process.stdout.write(`server ${m.index}: ${m.address} (data ${m.dataDir})\n`);
      process.stdout.write(`WORMSPACE_SERVERS=${members.map((m) => m.address).join(',')}\n`);
      if (flags.authTokenFile !== undefined) process.stdout.write(`WORMSPACE_AUTH_TOKEN_FILE=${path.resolve(flags.authTokenFile)}\n`);
      let stopping = false;
      for (const m of members) {
        void m.exited.then((code) => {
          if (!stopping) process.stderr.write(`server ${m.index} (${m.address}) exited with code ${code}; the others keep serving\n`);
        });
      }
      const signal = await waitForStopSignal();
      stopping = true;
      await stopAll(members);
      process.stdout.write(`cluster stopped on ${signal}\n`);
    });
}
