/**
 * How a benchmark's results file is rewritten. The harness regenerates the table on every run,
 * but the notes engineers write by hand below it (optimisation records: what changed, before and
 * after, under what load) are the history of the numbers and must survive a re-run. Everything
 * from the HAND_WRITTEN_MARKER line on is kept as it is.
 */
export const HAND_WRITTEN_MARKER = '<!-- hand-written notes below: kept when the benchmark regenerates this file -->';

/** resultsFileText is the new file: the generated part, then the previous file's hand-written notes, if any. */
export function resultsFileText(generated: string, previous: string | undefined): string {
  const body = generated.endsWith('\n') ? generated : `${generated}\n`;
  const at = previous?.indexOf(HAND_WRITTEN_MARKER) ?? -1;
  if (previous === undefined || at < 0) return body;
  return `${body}\n${previous.slice(at)}`;
}
