/**
 * The write-once property through the whole runtime (TCP, group commit, SQLite), under concurrent
 * clients and a server restart: for every WOR, every answer that names a value names the same one,
 * and after the run the WOR reads back that value. fast-check draws the schedules.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { WormSpace } from '../../src/client/wormspace.ts';
import { tempDir } from '../server/helpers.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Step = { kind: 'propose' | 'captureWrite' | 'read'; off: number };
const step: fc.Arbitrary<Step> = fc.record({ kind: fc.constantFrom('propose', 'captureWrite', 'read', 'read'), off: fc.integer({ min: 0, max: 3 }) });

describe('write-once through the runtime', () => {
  it('never lets two values be seen for one WOR, across concurrent clients and a server restart', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(step, { minLength: 4, maxLength: 12 }), { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 30 }), async (plans, victim, restartAfterMs) => {
        const dirs = [0, 1, 2].map(() => tempDir('wo'));
        cleanups.push(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
        const servers: RunningServer[] = await Promise.all(dirs.map((dataDir) => startServer({ host: '127.0.0.1', port: 0, dataDir })));
        cleanups.push(() => Promise.all(servers.map((s) => s.close())).then(() => undefined));
        const addresses = servers.map((s) => s.address);
        // Short timers for the racing clients (timeouts are part of the schedule), patient ones
        // for the final reader, whose answers are asserted.
        const connect = (patient = false) =>
          WormSpace.connect({ servers: addresses, segmentSize: 4, retry: patient ? { firstTimeoutMs: 200, maxTimeoutMs: 1000 } : { firstTimeoutMs: 50, maxTimeoutMs: 100 }, maxTimeouts: patient ? 8 : 5 });
        const clients = await Promise.all(plans.map(() => connect()));
        cleanups.push(() => clients.forEach((c) => c.close()));
        const admin = await connect(true);
        cleanups.push(() => admin.close());
        expect((await admin.alloc(0, 'm')).status).toBe('ok');

        const seen = new Map<number, Set<string>>();
        const note = (off: number, value: string) => {
          if (!seen.has(off)) seen.set(off, new Set());
          seen.get(off)!.add(value);
        };
        const restart = (async () => {
          await new Promise((r) => setTimeout(r, restartAfterMs));
          const port = servers[victim]!.port;
          await servers[victim]!.close();
          servers[victim] = await startServer({ host: '127.0.0.1', port, dataDir: dirs[victim]! });
        })();
        await Promise.all(
          plans.map(async (plan, c) => {
            const ws = clients[c]!;
            for (const [i, s] of plan.entries()) {
              const mine = `c${c}-${i}`;
              if (s.kind === 'propose') {
                const r = await ws.write(0, s.off, mine);
                if (r.status === 'ok') note(s.off, mine);
                if (r.status === 'alreadyWritten') note(s.off, r.value);
              } else if (s.kind === 'captureWrite') {
                const cap = await ws.capture(0, s.off);
                if (cap.status !== 'ok') continue;
                // A capture of a written WOR completes and reports its value; the write is then refused.
                if (cap.written !== undefined) note(s.off, cap.written);
                const r = await ws.write(0, s.off, mine, cap.captureId);
                if (r.status === 'ok') note(s.off, mine);
                if (r.status === 'alreadyWritten') note(s.off, r.value);
              } else {
                const r = await ws.read(0, s.off);
                if (r.status === 'ok') note(s.off, r.value);
              }
            }
          }),
        );
        await restart;
        const reader = await connect(true);
        cleanups.push(() => reader.close());
        for (const [off, values] of seen) {
          expect([...values], `values seen at offset ${off}`).toHaveLength(1);
          expect(await reader.read(0, off)).toEqual({ status: 'ok', value: [...values][0] });
        }
      }),
      { numRuns: 12 },
    );
  });
});
