/**
 * pickEngine resolves `--engine`: `tlc` needs TLC (and says how to get it), `embedded` is always
 * there, and `auto` takes TLC when it can run here and the embedded checker otherwise.
 */
import { UserError } from '../cli/errors.ts';
import { embeddedEngine } from '../checker/index.ts';
import type { CheckEngine } from './engine.ts';
import { requireTlc, tlcAvailability } from './runner/locate.ts';
import { tlcEngine } from './runner/tlc.ts';

export type EngineChoice = 'auto' | 'tlc' | 'embedded';
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'tlc', 'embedded'];

export function parseEngineChoice(text: string): EngineChoice {
  if (!(ENGINE_CHOICES as readonly string[]).includes(text)) {
    throw new UserError(`--engine must be one of ${ENGINE_CHOICES.join(', ')}, not ${JSON.stringify(text)}`);
  }
  return text as EngineChoice;
}

export function pickEngine(choice: EngineChoice, env: NodeJS.ProcessEnv = process.env): CheckEngine {
  if (choice === 'embedded') return embeddedEngine;
  if (choice === 'tlc') {
    requireTlc(env);
    return tlcEngine;
  }
  return 'reason' in tlcAvailability(env) ? embeddedEngine : tlcEngine;
}
