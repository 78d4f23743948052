/**
 * A server that refuses a request's shape (`schema`: a field it does not know, a value beyond its
 * limits; in practice a client and server of different versions) answers that request alone,
 * naming its id, and the client library fails the call at once with the server's line. Before,
 * the refusal closed the connection without an id and the call retried into its timeout.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WormSpace } from '../../src/client/wormspace.ts';
import { WormSpaceRefusedError } from '../../src/client/misuse.ts';
import { startTcpServer } from '../../src/transport/tcp-server.ts';
import { SchemaError } from '../../src/transport/schema.ts';
import type { Reply, Request } from '../../src/core/messages.ts';

const closers: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c.close();
});

describe('a request the server schema refuses', () => {
  it('fails the call at once with the server\'s one line, long before the operation timeout', async () => {
    const refused: string[] = [];
    // Three servers of a "newer version" that does not know a field this client sends.
    const servers = await Promise.all(
      [0, 1, 2].map(() =>
        startTcpServer<Request, Reply>({
          host: '127.0.0.1',
          port: 0,
          requestSchema: (_value, path) => {
            throw new SchemaError(`${path}.body`, 'unknown field "legacy"');
          },
          onProtocolError: (code) => refused.push(code),
          onRequest: () => {
            throw new Error('a refused request must not reach the service');
          },
        }),
      ),
    );
    closers.push(...servers);
    const ws = await WormSpace.connect({
      servers: servers.map((s) => `${s.host}:${s.port}`),
      segmentSize: 8,
      retry: { firstTimeoutMs: 2000, backoffFactor: 2, maxTimeoutMs: 4000 },
    });
    closers.push(ws);
    const started = performance.now();
    const call = ws.read(1, 0);
    await expect(call).rejects.toThrow(WormSpaceRefusedError);
    await expect(call).rejects.toThrow(/the server refused the request: .*unknown field "legacy"/);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused)).toEqual(new Set(['schema']));
  });
});
