/**
 * A data folder belongs to one server process at a time: two acceptors writing one database
 * would each believe the other's promises are its own. The lock is a file holding the owner's pid;
 * a lock left by a killed process (kill -9 leaves it behind) is taken over, a live owner's is not.
 */
import fs from 'node:fs';
import path from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders locked by this process: its own pid in a lock file does not tell two servers apart. */
const heldHere = new Set<string>();

export interface DataLock {
  release(): void;
}

/** lockDataDir takes the folder's lock or throws an Error naming the live owner. */
export function lockDataDir(dataDir: string): DataLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const real = fs.realpathSync(dataDir);
  if (heldHere.has(real)) throw new Error(`${dataDir} is in use by another server in this process`);
  const file = path.join(dataDir, 'server.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(real);
      return {
        release: () => {
          heldHere.delete(real);
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new Error(`${dataDir} is in use by server process ${owner}`);
      }
      fs.rmSync(file, { force: true }); // stale: its owner died without releasing it
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}
