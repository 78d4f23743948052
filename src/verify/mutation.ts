/**
 * Mutation score per layer from Stryker's JSON report (bench/results/mutation/mutation.json,
 * written by `npm run mutation`; schema: mutation-testing-report-schema). Score as Stryker
 * computes it: detected (killed or timed out) over valid mutants (detected, survived, no
 * coverage); compile and runtime errors and ignored mutants are not counted.
 *
 * A report is of one version of the code: Stryker keeps each mutated file's source in it. A file
 * whose source differs from the project's now (or that is gone) is `stale`: its mutants are not
 * counted, and the layer says so instead of showing a score the code may no longer earn.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layerOfSource } from './layers.ts';

export interface MutationScore {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  /** Mutants not counted: compile or runtime errors, ignored, pending. */
  other: number;
  /** Percentage of valid mutants detected, or null when there is none. */
  score: number | null;
  /** Files of the layer whose source changed since the run: their mutants are not counted. */
  stale: string[];
}

const empty = (): MutationScore => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0, score: null, stale: [] });

/**
 * readMutationScores reads the report and sums per layer, comparing each file's source with the
 * one under `root` (when the report keeps it). Returns null when the file does not exist; throws
 * an Error with one line when it exists but is no Stryker report.
 */
export function readMutationScores(file: string, root?: string): Record<string, MutationScore> | null {
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const files = (json as { files?: unknown }).files;
  if (typeof files !== 'object' || files === null) throw new Error(`${file}: no "files" object (not a Stryker JSON report)`);
  const out: Record<string, MutationScore> = {};
  for (const [path, f] of Object.entries(files as Record<string, { mutants?: { status?: string }[]; source?: unknown }>)) {
    const s = (out[layerOfSource(path)] ??= empty());
    if (root !== undefined && typeof f.source === 'string' && !sameSource(join(root, path), f.source)) {
      s.stale.push(path);
      continue;
    }
    for (const m of f.mutants ?? []) {
      switch (m.status) {
        case 'Killed': s.killed++; break;
        case 'Timeout': s.timeout++; break;
        case 'Survived': s.survived++; break;
        case 'NoCoverage': s.noCoverage++; break;
        default: s.other++;
      }
    }
  }
  for (const s of Object.values(out)) {
    const valid = s.killed + s.timeout + s.survived + s.noCoverage;
    s.score = valid === 0 ? null : Math.round((1000 * (s.killed + s.timeout)) / valid) / 10;
  }
  return out;
}

function sameSource(file: string, source: string): boolean {
  try {
    return readFileSync(file, 'utf8') === source;
  } catch {
    return false;
  }
}

export function mutationLine(s: MutationScore): string {
  if (s.stale.length > 0 && s.score === null) return `mutation report stale: ${s.stale.join(', ')} changed since the run (no score shown; run \`npm run mutation\` again)`;
  const stale = s.stale.length > 0 ? `; stale, not counted: ${s.stale.join(', ')}` : '';
  return `mutation score ${s.score === null ? 'n/a' : `${s.score}%`} (${s.killed} killed, ${s.timeout} timed out, ${s.survived} survived, ${s.noCoverage} without coverage${s.other ? `, ${s.other} not counted` : ''}${stale})`;
}
