/**
 * `wormspace kv`: WormPaxos, the replicated key-value store on WormSpace (src/apps/wormpaxos).
 *   kv serve --id R --listen HOST:PORT [--peers ID=HOST:PORT,...]   run a replica
 *   kv put K V | kv get K | kv status                               ask a replica
 * The WormSpace servers come from --servers or WORMSPACE_SERVERS (as for the client commands);
 * the replica to ask from --replica or WORMSPACE_KV (a comma-separated list: the client tries
 * them in turn and follows a non-leader's answer to the leader it names).
 * Output: one line, or one JSON object with --json. Exit 0 on success, 1 on failure.
 */
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { positiveInt } from '../options.ts';
import { connectFromFlags, type CommonFlags } from './client.ts';
import { parseHostPort } from './server-options.ts';
import { waitForStopSignal } from './server.ts';
import { KvClient, KvError, startReplica } from '../../apps/wormpaxos/tcp.ts';
import { DEFAULT_CONFIG, type KvReply } from '../../apps/wormpaxos/node.ts';

interface AskFlags {
  replica?: string;
  json?: boolean;
  timeout?: string;
}

function replicasOf(flags: AskFlags): string[] {
  const text = flags.replica ?? process.env.WORMSPACE_KV;
  if (!text || text.trim() === '') throw new UserError('no replica: pass --replica host:port[,host:port...] or set WORMSPACE_KV');
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const a of list) parseHostPort(a, '--replica');
  return list;
}

function parsePeers(text: string | undefined, self: string): Record<string, string> {
  const peers: Record<string, string> = {};
  if (!text) return peers;
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(part);
    if (!m) throw new UserError(`--peers: expected ID=HOST:PORT, not ${JSON.stringify(part)}`);
    parseHostPort(m[2]!, '--peers');
    if (m[1] === self) throw new UserError(`--peers: ${m[1]} is this replica's own id`);
    if (peers[m[1]!] !== undefined) throw new UserError(`--peers: ${m[1]} is named twice`);
    peers[m[1]!] = m[2]!;
  }
  return peers;
}

async function ask(flags: AskFlags, run: (c: KvClient) => Promise<{ reply: KvReply; replica: string }>, show: (r: KvReply) => string): Promise<void> {
  const timeout = flags.timeout === undefined ? 5000 : positiveInt('--timeout')(flags.timeout);
  const client = new KvClient(replicasOf(flags), timeout);
  try {
    const { reply, replica } = await run(client);
    if (flags.json) process.stdout.write(JSON.stringify({ ...reply, replica }) + '\n');
    else process.stdout.write(show(reply) + '\n');
    process.exitCode = reply.status === 'notLeader' ? 1 : 0;
  } catch (err) {
    if (err instanceof KvError) throw new UserError(err.message);
    throw err;
  } finally {
    client.close();
  }
}

function askOptions(cmd: Command): Command {
  return cmd
    .option('--replica <list>', 'host:port of a replica, or several comma-separated (default: $WORMSPACE_KV)')
    .option('--timeout <ms>', 'wait this long for each replica (default 5000)')
    .option('--json', 'print one JSON object');
}

export function registerKv(program: Command): void {
  const kv = program
    .command('kv')
    .description('WormPaxos: a replicated key-value store on WormSpace (serve a replica; put, get, status)')
    .addHelpText('after', '\nExample (a local cluster from `wormspace cluster`, WORMSPACE_SERVERS set):\n  wormspace kv serve --id r1 --listen 127.0.0.1:7101 --peers r2=127.0.0.1:7102 &\n  wormspace kv serve --id r2 --listen 127.0.0.1:7102 --peers r1=127.0.0.1:7101 &\n  export WORMSPACE_KV=127.0.0.1:7101,127.0.0.1:7102\n  wormspace kv put color blue\n  wormspace kv get color');

  kv.command('serve')
    .description('run a replica: a client port for puts and gets, the log on the WormSpace servers')
    .requiredOption('--id <id>', 'this replica\'s id (letters, digits, _ . -)')
    .requiredOption('--listen <host:port>', 'where users and peers reach this replica')
    .option('--peers <list>', 'the other replicas, ID=HOST:PORT,... (heartbeats, fail-over, trim)')
    .option('--servers <list>', 'host:port,... of every WormSpace server (default: $WORMSPACE_SERVERS)')
    .option('--segment-size <n>', 'WORs per segment (default: $WORMSPACE_SEGMENT_SIZE or 1024)')
    .option('--partitions <n>', 'partitions the servers form (default: $WORMSPACE_PARTITIONS or 1)')
    .option('--auth-token-file <file>', 'auth token to present (default: $WORMSPACE_AUTH_TOKEN_FILE)')
    .option('--first-seg <n>', 'the log starts at this segment (default 1)', '1')
    .option('--tick <ms>', 'heartbeat period (default 50)', '50')
    .option('--election-ticks <n>', 'ticks without progress or heartbeat before taking over (default 6)', '6')
    .option('--trim', 'trim segments every replica applied (a replica that restarts then needs a peer\'s snapshot)')
    .option('--max-batch <n>', `most puts the leader writes in one log position (default ${DEFAULT_CONFIG.maxBatch})`, String(DEFAULT_CONFIG.maxBatch))
    .option('--max-inflight <n>', `log positions the leader writes at once; puts arriving meanwhile form the next batch (default ${DEFAULT_CONFIG.maxInflight})`, String(DEFAULT_CONFIG.maxInflight))
    .option('--push-delay <ms>', `how long the leader gathers applied log positions before pushing them to the followers in one message; 0 pushes at once (default ${DEFAULT_CONFIG.pushDelay})`, String(DEFAULT_CONFIG.pushDelay))
    .action(async (flags: CommonFlags & { id: string; listen: string; peers?: string; firstSeg: string; tick: string; electionTicks: string; trim?: boolean; maxBatch: string; maxInflight: string; pushDelay: string }) => {
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(flags.id)) throw new UserError(`--id must be 1-64 letters, digits, _ . or -, not ${JSON.stringify(flags.id)}`);
      const listen = parseHostPort(flags.listen, '--listen');
      if (listen.port === 0) throw new UserError('--listen needs a fixed port: peers and the metadata name it');
      const peers = parsePeers(flags.peers, flags.id);
      const firstSeg = /^\d{1,9}$/.test(flags.firstSeg) ? Number(flags.firstSeg) : NaN;
      if (!Number.isSafeInteger(firstSeg)) throw new UserError(`--first-seg must be a non-negative integer, not ${JSON.stringify(flags.firstSeg)}`);
      const tick = positiveInt('--tick')(flags.tick);
      const electionTicks = positiveInt('--election-ticks')(flags.electionTicks);
      const maxBatch = positiveInt('--max-batch')(flags.maxBatch);
      const maxInflight = positiveInt('--max-inflight')(flags.maxInflight);
      // A batch is bounded by its bytes too (MAX_BATCH_BYTES); these bounds only catch typos.
      if (maxBatch > 65536) throw new UserError(`--max-batch must be at most 65536, not ${maxBatch}`);
      if (maxInflight > 256) throw new UserError(`--max-inflight must be at most 256, not ${maxInflight}`);
      const pushDelay = /^\d{1,4}$/.test(flags.pushDelay) ? Number(flags.pushDelay) : NaN;
      if (!(pushDelay <= 1000)) throw new UserError(`--push-delay must be an integer from 0 to 1000 (ms), not ${JSON.stringify(flags.pushDelay)}`);
      // Replicas wait out slow quorums by themselves: a longer budget than a person's.
      // Thrifty: each log write and read asks a quorum of the servers first (src/client/driver.ts),
      // a third less work for the servers per put; the others are asked if the quorum falls short.
      // Adaptive timer: under load, no resends before 4 round trips passed (docs/client-api.md).
      const ws = await connectFromFlags({ ...flags, timeout: flags.timeout ?? '10000' }, { thrifty: true, adaptiveTimeout: true });
      let fatal: unknown = null;
      let host;
      try {
        host = await startReplica({ id: flags.id, ws, listen, peers, config: { firstSeg, tick, electionTicks, trim: flags.trim === true, maxBatch, maxInflight, pushDelay }, onFatal: (e) => (fatal = e) });
      } catch (err) {
        ws.close();
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new UserError(`--listen ${flags.listen}: address in use`);
        throw err;
      }
      process.stdout.write(`kv replica ${flags.id} listening on ${listen.host}:${host.listenPort} (log from segment ${firstSeg}, ${Object.keys(peers).length} peers)\n`);
      const signal = await waitForStopSignal();
      await host.close();
      ws.close();
      if (fatal) process.stderr.write(`wormspace: ${String(fatal)}\n`);
      process.stdout.write(`stopped on ${signal}\n`);
      if (process.connected) process.disconnect();
    });

  askOptions(kv.command('put').description('set KEY to VALUE (acknowledged once it is in the log)').argument('<key>').argument('<value>'))
    .action(async (key: string, value: string, flags: AskFlags) => {
      await ask(flags, (c) => c.request({ op: 'put', id: c.newPutId(), key, value }), (r) => (r.status === 'ok' ? `ok${r.pos !== undefined ? ` (log position ${r.pos})` : ''}` : `not the leader`));
    });

  askOptions(kv.command('get').description('read KEY (linearizable: the replica reads the log to its tail first)').argument('<key>'))
    .action(async (key: string, flags: AskFlags) => {
      await ask(flags, (c) => c.request({ op: 'get', key }), (r) => (r.status === 'ok' ? (r.value === null || r.value === undefined ? '(no value)' : r.value) : 'not the leader'));
    });

  askOptions(kv.command('status').description('a replica\'s view: the leader, how far it applied, keys'))
    .action(async (flags: AskFlags) => {
      // status asks the first replica itself (never redirected).
      await ask(flags, (c) => c.request({ op: 'status' }, 1), (r) => (r.status === 'status' ? `replica ${r.id}: leader ${r.leader ?? '(unknown)'}${r.leaderAddr ? ` at ${r.leaderAddr}` : ''}${r.leading !== null ? ` (this replica leads segment ${r.leading})` : ''}; applied ${r.applied} log positions; ${r.keys} keys` : r.status));
    });
}
