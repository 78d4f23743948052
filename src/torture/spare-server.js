// A warm spare for `wormspace torture` (run.ts): a process that has already loaded the CLI
// through tsx (about 12 s of CPU at load 20 on 2 cores, most of a trial's cycle) and waits. On
// the first IPC message {argv} it runs `wormspace <argv>` (the same main as bin/wormspace.js),
// so a killed server comes back in the time it takes to open its data folder, as a server
// restarted by a supervisor with a warm cache would.
import { register } from 'tsx/esm/api';

register();
const { quietOnEpipe } = await import('../cli/epipe.ts');
quietOnEpipe();
const { main } = await import('../cli/main.ts');
// The server's own modules are imported lazily by the command: load them now too.
await import('../server/server.ts');
// A spare whose parent is gone (the campaign ended or was killed) has nothing to become: leave.
const orphaned = () => process.exit(0);
process.once('disconnect', orphaned);
process.once('message', (m) => {
  process.off('disconnect', orphaned);
  void main(m.argv).then((code) => {
    process.exitCode = code;
  });
});
process.send({ ready: true });
