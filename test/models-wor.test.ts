// The WOR layer's CI models of tla/models.json (the rest are in test/models.test.ts): each gives
// its recorded verdict and exact state counts, on the engine `npm run verify` would pick.
import { describe } from 'vitest';
import { autoEngine } from './helpers/engine.ts';
import { checkModels, ciModels } from './helpers/models-suite.ts';

const engine = autoEngine(import.meta.url);

describe(`tla/models.json, WOR layer, with the ${engine.name} engine`, () => {
  checkModels(engine, ciModels.filter((m) => m.layer === 'wor'));
});
