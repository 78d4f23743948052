/**
 * The data-folder lock under a race: many processes start at once on folders whose lock was left
 * behind by a process killed with SIGKILL. In every round exactly one of them must win.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../src/server/data-lock.ts';
import { tempDir } from './helpers.ts';

const RACER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lock-racer.ts');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function racer(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', RACER, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let onOut = (): void => {};
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    onOut();
  });
  return {
    child,
    /** answer resolves with the racer's line about round k. */
    answer: (k: number) =>
      new Promise<string>((resolve) => {
        const find = () => out.split('\n').find((l) => l.startsWith(`${k} `));
        onOut = () => {
          const l = find();
          if (l !== undefined) resolve(l);
        };
        onOut();
      }),
    /** printed resolves once the racer printed `word` on a line of its own. */
    printed: (word: string) =>
      new Promise<void>((resolve) => {
        onOut = () => out.split('\n').includes(word) && resolve();
        onOut();
      }),
    out: new Promise<string>((resolve) => child.once('close', () => resolve(out))),
    kill: () => child.kill('SIGKILL'),
  };
}

describe('data-folder lock', () => {
  it('lets exactly one of 12 racing processes win a stale lock, in each of 15 rounds', async () => {
    const dir = tempDir('lockrace');
    dirs.push(dir);
    const rounds = 15;
    // A process takes every round's lock and dies by SIGKILL, leaving them all stale.
    const holder = racer(['hold', dir, String(rounds)]);
    await holder.printed('held');
    holder.kill();
    await holder.out;

    const racers = Array.from({ length: 12 }, () => racer(['race', dir]));
    await Promise.all(racers.map((r) => r.printed('ready')));
    for (let k = 0; k < rounds; k++) {
      const at = Date.now() + 30;
      for (const r of racers) r.child.stdin!.write(`go ${k} ${at}\n`);
      const lines = await Promise.all(racers.map((r) => r.answer(k)));
      const winners = lines.filter((l) => l === `${k} won`);
      expect({ round: k, winners: winners.length }).toEqual({ round: k, winners: 1 });
      for (const l of lines.filter((l) => l !== `${k} won`)) expect(l).toMatch(new RegExp(`^${k} lost .* is in use by (server process \\d+|another server process)$`));
      for (const r of racers) r.child.stdin!.write(`release ${k}\n`);
    }
    for (const r of racers) r.child.stdin!.end();
    await Promise.all(racers.map((r) => r.out));
  }, 60_000);

  it('refuses a second lock in one process, and the released lock can be taken again', () => {
    const dir = tempDir('lockone');
    dirs.push(dir);
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(/in use by another server in this process/);
    lock.release();
    lockDataDir(dir).release();
  });
});
