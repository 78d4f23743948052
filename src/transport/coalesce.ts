/**
 * writeCoalesced writes one frame to a socket so that every frame written to it during the same
 * synchronous run of code leaves in one system call.
 *
 * A group-commit batch answers dozens of requests in one loop, and an application step sends a
 * request to each of several servers; with one `write` per frame each costs a syscall and, with
 * Nagle off, a TCP segment of its own. The first write of a run corks the socket and a microtask
 * (process.nextTick) queued behind the run uncorks it, so the frames go out together as one writev. Nothing waits
 * for a timer: the frames leave before the event loop does anything else, so latency is unchanged.
 */
import type { Writable } from 'node:stream';

const corked = new WeakSet<Writable>();

export function writeCoalesced(socket: Writable, bytes: Buffer | string): boolean {
  if (!corked.has(socket)) {
    corked.add(socket);
    socket.cork();
    process.nextTick(() => {
      corked.delete(socket);
      socket.uncork();
    });
  }
  return socket.write(bytes);
}
