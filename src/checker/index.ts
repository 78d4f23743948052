/**
 * The embedded TLA+ model checker (issue 3). Placeholder until the engine lands: it reports
 * clearly that it is not available rather than pretending to check anything.
 */
import type { CheckEngine, CheckOptions } from '../tla/engine.ts';
import type { CheckResult } from '../tla/result.ts';
import { UserError } from '../cli/errors.ts';

export const embeddedEngine: CheckEngine = {
  name: 'embedded',
  async check(_options: CheckOptions): Promise<CheckResult> {
    throw new UserError('the embedded checker is not built yet; use --engine tlc with TLA2TOOLS_JAR set');
  },
};
