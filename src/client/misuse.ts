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
