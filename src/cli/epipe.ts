/**
 * A reader that stops early (`wormspace ... | head`) closes the pipe; the next write to stdout then
 * fails with EPIPE, which Node raises as an unhandled 'error' event and a stack trace. The reader
 * asked for no more, so the command stops quietly instead, as `cat` or `git` do.
 */
let installed = false;

export function quietOnEpipe(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      // Any other write error is a real failure: say so on the other stream, once.
      const other = stream === process.stdout ? process.stderr : process.stdout;
      try {
        other.write(`wormspace: cannot write output: ${err.code ?? err.message}\n`);
      } finally {
        process.exit(1);
      }
    });
  }
}
