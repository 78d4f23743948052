/**
 * A child process of data-lock.test.ts.
 * - `race DIR`: for each line `go K T` on stdin it waits until time T (ms since the epoch, the
 *   same for every racer), tries lockDataDir(DIR/rK) once, and prints `K won` or `K lost <why>`;
 *   a winner holds the lock until the line `release K`, which the test sends once every racer
 *   answered round K, so every loser tried while the lock was held, however slow the machine.
 * - `hold DIR N`: takes the locks of DIR/r0 .. DIR/r(N-1), prints `held` and waits for its SIGKILL,
 *   which leaves those locks stale.
 */
import path from 'node:path';
import readline from 'node:readline';
import { lockDataDir, type DataLock } from '../../src/server/data-lock.ts';

const [mode, dir, roundsText] = process.argv.slice(2);

if (mode === 'hold') {
  for (let k = 0; k < Number(roundsText); k++) lockDataDir(path.join(dir!, `r${k}`));
  process.stdout.write('held\n');
  setInterval(() => {}, 1000);
} else {
  const held = new Map<number, DataLock>();
  process.stdout.write('ready\n');
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const [verb, kText, atText] = line.split(' ');
    const k = Number(kText);
    if (verb === 'release') {
      held.get(k)?.release();
      held.delete(k);
      continue;
    }
    const at = Number(atText);
    while (Date.now() < at) {
      // spin: the racers leave the gate within a millisecond of each other
    }
    try {
      held.set(k, lockDataDir(path.join(dir!, `r${k}`)));
      process.stdout.write(`${k} won\n`);
    } catch (err) {
      process.stdout.write(`${k} lost ${(err as Error).message}\n`);
    }
  }
}
