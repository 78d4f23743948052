/**
 * autoEngine is `pickEngine('auto')` for tests, saying which engine it picked: TLC when
 * TLA2TOOLS_JAR (or the cache) has a jar, the embedded checker otherwise. The choice is printed
 * once per test file and goes into the test titles, so a run's log shows what was checked by what.
 */
import { pickEngine } from '../../src/tla/engines.ts';
import { tlcAvailability } from '../../src/tla/runner/locate.ts';
import type { CheckEngine } from '../../src/tla/engine.ts';

export function autoEngine(file: string): CheckEngine {
  const engine = pickEngine('auto');
  const tlc = tlcAvailability();
  const why = 'reason' in tlc ? `TLC is not available: ${tlc.reason}` : `TLC found at ${tlc.jar}`;
  console.warn(`NOTICE: ${file.replace(/^.*\/test\//, 'test/')} uses the ${engine.name} engine (auto; ${why})`);
  return engine;
}
