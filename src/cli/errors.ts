/**
 * UserError is a mistake or an operating condition the person at the terminal can act on: a
 * missing file, a bad flag, no TLC installed. The CLI prints its message on one line, with no
 * stack trace, and exits with `exitCode`. Anything else that escapes is a bug, and still gets one
 * line unless WORMSPACE_DEBUG is set.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** oneLine turns any thrown value into a single line fit for stderr. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
