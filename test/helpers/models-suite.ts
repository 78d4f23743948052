// One vitest file per group of tla/models.json's CI models, so the two test workers check two
// groups side by side instead of one file running every model in a row (262 s in stop 17's CI).
import { expect, it } from 'vitest';
import { loadManifest, mismatches, type ModelEntry } from '../../src/tla/manifest.ts';
import { MODELS_MANIFEST } from '../../src/verify/paths.ts';
import type { CheckEngine } from '../../src/tla/engine.ts';
import { join } from 'node:path';

export const manifest = loadManifest(MODELS_MANIFEST);
export const ciModels = manifest.models.filter((m) => m.ci);

/** Registers one test per model: its recorded verdict and exact state counts. */
export function checkModels(engine: CheckEngine, entries: readonly ModelEntry[]): void {
  // A model's time bound grows with its recorded state count: MCWORPaxos_ReadWrite (1.2M states
  // generated) takes ~115 s alone and more under CI load, so one fixed 120 s bound failed CI.
  for (const entry of entries) {
    it(entry.config, { timeout: modelTimeoutMs(entry.generated) }, async () => {
      const result = await engine.check({ spec: join(manifest.root, entry.spec), config: join(manifest.root, entry.config), workers: 1 });
      expect(mismatches(entry, result)).toEqual([]);
      if (entry.expect !== 'ok') expect(result.trace.length).toBeGreaterThan(0);
    });
  }
}

/** 120 s plus 1 s per 2,500 generated states (ReadWrite: ~10 min), at most 20 min. */
function modelTimeoutMs(generated: number | null | undefined): number {
  return Math.min(1_200_000, 120_000 + Math.ceil((generated ?? 0) / 2_500) * 1_000);
}
