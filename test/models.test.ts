// Every model of tla/models.json marked "ci": true gives its recorded verdict and exact state
// counts. The engine is the one `npm run verify` would pick: TLC where TLA2TOOLS_JAR (or the
// cache) has it, the embedded checker everywhere else, CI included.
import { describe, expect, it } from 'vitest';
import { loadManifest, mismatches } from '../src/tla/manifest.ts';
import { autoEngine } from './helpers/engine.ts';
import { MODELS_MANIFEST } from '../src/verify/paths.ts';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const { root, models } = loadManifest(MODELS_MANIFEST);
const engine = autoEngine(import.meta.url);
const ciModels = models.filter((m) => m.ci);

describe(`tla/models.json with the ${engine.name} engine`, () => {
  it('lists every .cfg under tla/, so no model escapes review', () => {
    const cfgs = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.cfg'));
    const listed = new Set(models.map((m) => relative(root, join(root, m.config))));
    expect(cfgs.filter((c) => !listed.has(c))).toEqual([]);
  });

  it('lists CI models for every layer', () => {
    const layers = new Set(ciModels.map((m) => m.layer));
    for (const layer of ['global', 'wor', 'wos', 'apps']) expect(layers).toContain(layer);
  });

  // A model's time bound grows with its recorded state count: MCWORPaxos_ReadWrite (1.2M states
  // generated) takes ~115 s alone and more under CI load, so one fixed 120 s bound failed CI.
  for (const entry of ciModels) {
    it(entry.config, { timeout: modelTimeoutMs(entry.generated) }, async () => {
      const result = await engine.check({ spec: join(root, entry.spec), config: join(root, entry.config), workers: 1 });
      expect(mismatches(entry, result)).toEqual([]);
      if (entry.expect !== 'ok') expect(result.trace.length).toBeGreaterThan(0);
    });
  }
});

/** 120 s plus 1 s per 2,500 generated states (ReadWrite: ~10 min), at most 20 min. */
function modelTimeoutMs(generated: number | null | undefined): number {
  return Math.min(1_200_000, 120_000 + Math.ceil((generated ?? 0) / 2_500) * 1_000);
}
