/**
 * tla/models.json lists every model in the repository with its expected verdict and state
 * counts (after the manifest.json of the tlaplus/Examples repository), so that a change that
 * alters a state space shows in review. `npm run verify` and the models test read it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../cli/errors.ts';
import type { CheckResult } from './result.ts';

export type ExpectedVerdict = 'ok' | 'invariant' | 'property' | 'deadlock' | 'assume';

export interface ModelEntry {
  /** Paths relative to the folder of models.json. */
  spec: string;
  config: string;
  expect: ExpectedVerdict;
  violated?: string | null;
  distinct: number;
  generated: number;
  depth?: number;
  /** Whether the test suite runs this model (large ones run by hand or nightly). */
  ci: boolean;
  layer?: string;
  note?: string;
}

const EXPECTED: ExpectedVerdict[] = ['ok', 'invariant', 'property', 'deadlock', 'assume'];

/** loadManifest reads and validates a models.json; every error names the entry. */
export function loadManifest(path: string): { root: string; models: ModelEntry[] } {
  if (!existsSync(path)) throw new UserError(`${path}: no such manifest`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UserError(`${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!Array.isArray(data)) throw new UserError(`${path}: expected a JSON array of models`);
  const root = dirname(resolve(path));
  const models = data.map((raw, i): ModelEntry => {
    const where = `${path} entry ${i}`;
    if (typeof raw !== 'object' || raw === null) throw new UserError(`${where}: expected an object`);
    const e = raw as Record<string, unknown>;
    for (const key of ['spec', 'config'] as const) {
      if (typeof e[key] !== 'string') throw new UserError(`${where}: "${key}" must be a path string`);
      if (!existsSync(join(root, e[key] as string))) throw new UserError(`${where}: ${e[key]} does not exist`);
    }
    if (!EXPECTED.includes(e.expect as ExpectedVerdict)) throw new UserError(`${where}: "expect" must be one of ${EXPECTED.join(', ')}`);
    for (const key of ['distinct', 'generated'] as const) {
      if (!Number.isInteger(e[key]) || (e[key] as number) < 0) throw new UserError(`${where}: "${key}" must be a non-negative integer`);
    }
    if (typeof e.ci !== 'boolean') throw new UserError(`${where}: "ci" must be true or false`);
    return e as unknown as ModelEntry;
  });
  return { root, models };
}

/** mismatches lists how a result differs from its manifest entry; empty means it matches. */
export function mismatches(entry: ModelEntry, result: CheckResult): string[] {
  const out: string[] = [];
  if (result.verdict !== entry.expect) out.push(`verdict ${result.verdict}, expected ${entry.expect}${result.message ? ` (${result.message})` : ''}`);
  if (entry.violated != null && result.violated !== entry.violated) out.push(`violated ${result.violated}, expected ${entry.violated}`);
  if (result.distinct !== entry.distinct) out.push(`distinct ${result.distinct}, expected ${entry.distinct}`);
  if (result.generated !== entry.generated) out.push(`generated ${result.generated}, expected ${entry.generated}`);
  if (entry.depth !== undefined && result.depth !== entry.depth) out.push(`depth ${result.depth}, expected ${entry.depth}`);
  // A property the engine could not check is never a pass.
  if (result.skipped && result.skipped.length > 0) out.push(`not checked by the ${result.engine} engine: ${result.skipped.join(', ')}`);
  return out;
}
