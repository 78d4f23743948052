import { describe, expect, it } from 'vitest';
import { HAND_WRITTEN_MARKER, resultsFileText } from '../../bench/results-file.ts';

describe('a regenerated benchmark results file', () => {
  const generated = '# Benchmark: x\n\n| a |\n|---|\n| 2 |\n';

  it('is the generated table alone when there was no file or no hand-written notes', () => {
    expect(resultsFileText(generated, undefined)).toBe(generated);
    expect(resultsFileText(generated, '# Benchmark: x\n\n| a |\n|---|\n| 1 |\n')).toBe(generated);
  });

  it('keeps the notes written by hand below the marker, replacing only the old table', () => {
    const notes = `${HAND_WRITTEN_MARKER}\n\n## Optimisation record 1\n\nbefore 1, after 2 (load 0.3)\n`;
    const previous = `# Benchmark: x\n\n| a |\n|---|\n| 1 |\n\n${notes}`;
    const text = resultsFileText(generated, previous);
    expect(text).toBe(`${generated}\n${notes}`);
    expect(text).not.toContain('| 1 |');
    // Regenerating again keeps the notes exactly once.
    expect(resultsFileText(generated, text)).toBe(text);
  });
});
