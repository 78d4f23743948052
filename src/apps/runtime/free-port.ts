/**
 * Free ports, asked of the OS by listening on port 0 and closing again: for application nodes
 * told to listen on port 0 whose address must be known before they start (it goes into a
 * segment's metadata or a peer list). Briefly racy, like any such probe.
 */
import { createServer } from 'node:net';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** freePorts finds `count` distinct free ports. */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const out: number[] = [];
  while (out.length < count) {
    const port = await freePort(host);
    if (!out.includes(port)) out.push(port);
  }
  return out;
}
