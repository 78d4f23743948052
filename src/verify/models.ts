/**
 * The model-checking phase of `npm run verify`: run every model of tla/models.json with one
 * engine and compare verdict, violated name and state counts with the manifest.
 */
import { join } from 'node:path';
import type { CheckEngine } from '../tla/engine.ts';
import { loadManifest, mismatches, type ModelEntry } from '../tla/manifest.ts';
import type { CheckResult } from '../tla/result.ts';

export interface ModelOutcome {
  entry: ModelEntry;
  result: CheckResult | null;
  problems: string[];
}

export interface RunModelsOptions {
  manifest: string;
  engine: CheckEngine;
  includeNonCi: boolean;
  filter?: string;
  /** Further narrows the models (after includeNonCi and filter), e.g. to one layer. */
  select?: (entry: ModelEntry) => boolean;
  workers?: number;
  onStart?: (entry: ModelEntry, index: number, total: number) => void;
  onDone?: (outcome: ModelOutcome) => void;
}

export function selectModels(models: ModelEntry[], includeNonCi: boolean, filter?: string): ModelEntry[] {
  return models.filter((m) => (includeNonCi || m.ci) && (!filter || m.config.includes(filter) || m.spec.includes(filter)));
}

export async function runModels(options: RunModelsOptions): Promise<ModelOutcome[]> {
  const { root, models } = loadManifest(options.manifest);
  const selected = selectModels(models, options.includeNonCi, options.filter).filter((m) => options.select?.(m) ?? true);
  const outcomes: ModelOutcome[] = [];
  for (const [i, entry] of selected.entries()) {
    options.onStart?.(entry, i, selected.length);
    let outcome: ModelOutcome;
    try {
      const result = await options.engine.check({ spec: join(root, entry.spec), config: join(root, entry.config), workers: options.workers ?? 1 });
      outcome = { entry, result, problems: mismatches(entry, result) };
    } catch (err) {
      outcome = { entry, result: null, problems: [err instanceof Error ? err.message : String(err)] };
    }
    outcomes.push(outcome);
    options.onDone?.(outcome);
  }
  return outcomes;
}
