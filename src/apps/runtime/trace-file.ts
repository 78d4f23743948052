// writeTraceFile: an application's recorded trace as the NDJSON file `wormspace trace check` reads
// (header line first, one event per line), shared by every application's simulation.
import { writeFileSync } from 'node:fs';
import { fileError } from '../../cli/errors.ts';

/** writeTraceFile writes the trace; a file that cannot be written is a one-line user error. */
export function writeTraceFile(file: string, trace: { header: unknown; events: readonly unknown[] }): void {
  const lines = [JSON.stringify(trace.header), ...trace.events.map((e) => JSON.stringify(e))];
  try {
    writeFileSync(file, lines.join('\n') + '\n');
  } catch (err) {
    throw fileError(file, err, 'write the trace');
  }
}
