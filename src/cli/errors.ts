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

/**
 * fileError turns a failed file operation into a UserError naming the file and the reason
 * (`x.ndjson: is a directory`), instead of an internal error with errno text.
 */
export function fileError(file: string, err: unknown, doing: string): UserError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EISDIR: 'is a directory',
    EACCES: 'permission denied',
    ENOTDIR: 'a part of the path is not a folder',
    ENOSPC: 'no space left on the device',
  };
  return new UserError(`${file}: cannot ${doing}: ${(code && why[code]) ?? (err instanceof Error ? err.message : String(err))}`);
}
