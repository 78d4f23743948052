/**
 * Misuse of the client API (a bad argument, a call after close) is the only thing it throws for:
 * operating conditions (no quorum, preempted, already written) are result values.
 */
export class WormSpaceMisuseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WormSpaceMisuseError';
  }
}

export function misuse(message: string): never {
  throw new WormSpaceMisuseError(`WormSpace: ${message}`);
}

/**
 * WormSpaceAccessError: a server refused a request because this client's token does not have the
 * role it needs (`forbidden`); the call failed without changing anything on that server.
 */
export class WormSpaceAccessError extends WormSpaceMisuseError {
  constructor(message: string) {
    super(message);
    this.name = 'WormSpaceAccessError';
  }
}

/**
 * WormSpaceRefusedError: a server refused a request's shape (`schema`: a field it does not know,
 * a value beyond its limits, usually a client and server of different versions). Retrying the
 * same request cannot help, so the call fails at once with the server's one line instead of
 * timing out; nothing changed on that server.
 */
export class WormSpaceRefusedError extends WormSpaceMisuseError {
  constructor(message: string) {
    super(message);
    this.name = 'WormSpaceRefusedError';
  }
}
