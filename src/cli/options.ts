/** Parsers for CLI option values, each failing with a one-line UserError that names the flag. */
import { UserError } from './errors.ts';

export function positiveInt(flag: string): (text: string) => number {
  return (text: string) => {
    if (!/^\d+$/.test(text) || Number(text) < 1) throw new UserError(`${flag} must be a positive integer, not ${JSON.stringify(text)}`);
    return Number(text);
  };
}
