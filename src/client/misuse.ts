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
