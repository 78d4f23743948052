/** Helpers for server tests: temp data folders, raw sockets, a typed client connection. */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FrameDecoder, encodeFrame } from '../../src/transport/frame.ts';
import { PROTOCOL_VERSION } from '../../src/transport/envelope.ts';
import { TcpConnection } from '../../src/transport/tcp-client.ts';
import { replySchema } from '../../src/transport/message-schema.ts';
import type { Reply, Request } from '../../src/core/messages.ts';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `wormspace-${prefix}-`));
}

export const helloFrame = (token?: string) => encodeFrame(token === undefined ? { type: 'hello', version: PROTOCOL_VERSION } : { type: 'hello', version: PROTOCOL_VERSION, token });

/** rawExchange writes bytes, half-closes, and collects the frames the server sends until it closes. */
export function rawExchange(port: number, bytes: Buffer, timeoutMs = 3000): Promise<{ frames: unknown[]; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    const decoder = new FrameDecoder();
    const frames: unknown[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ frames, closed: false });
    }, timeoutMs);
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (d) => {
      try {
        frames.push(...decoder.push(d));
      } catch {
        frames.push('undecodable');
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ frames, closed: true });
    });
  });
}

export function connection(port: number, authToken?: string): TcpConnection<Request, Reply> {
  return new TcpConnection<Request, Reply>({ host: '127.0.0.1', port, responseSchema: replySchema, authToken, reconnectHoldOffMs: 20 });
}

/** ask sends one request and returns the reply, failing the test on any transport failure. */
export async function ask(conn: TcpConnection<Request, Reply>, request: Request): Promise<Reply> {
  const outcome = await conn.request(request, 5000);
  if (!outcome.ok) throw new Error(`request failed: ${outcome.reason}: ${outcome.message}`);
  return outcome.response;
}
