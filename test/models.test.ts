// Every model of tla/models.json marked "ci": true gives its recorded verdict and exact state
// counts. The engine is the one `npm run verify` would pick: TLC where TLA2TOOLS_JAR (or the
// cache) has it, the embedded checker everywhere else, CI included. The WOR layer's models run
// in test/models-wor.test.ts, beside these, on the other test worker.
import { describe, expect, it } from 'vitest';
import { autoEngine } from './helpers/engine.ts';
import { checkModels, ciModels, manifest } from './helpers/models-suite.ts';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const engine = autoEngine(import.meta.url);

describe(`tla/models.json with the ${engine.name} engine`, () => {
  it('lists every .cfg under tla/, so no model escapes review', () => {
    const cfgs = (readdirSync(manifest.root, { recursive: true }) as string[]).filter((f) => f.endsWith('.cfg'));
    const listed = new Set(manifest.models.map((m) => relative(manifest.root, join(manifest.root, m.config))));
    expect(cfgs.filter((c) => !listed.has(c))).toEqual([]);
  });

  it('lists CI models for every layer', () => {
    const layers = new Set(ciModels.map((m) => m.layer));
    for (const layer of ['global', 'wor', 'wos', 'apps']) expect(layers).toContain(layer);
  });

  checkModels(engine, ciModels.filter((m) => m.layer !== 'wor'));
});
