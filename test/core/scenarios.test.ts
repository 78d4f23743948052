/**
 * Scenario scripts under test/core/testdata/, in the style of etcd raft's testdata: each command
 * is followed by `----` and its expected output. After a deliberate change of behaviour,
 * regenerate the expected outputs with WORMSPACE_REWRITE=1 npx vitest run test/core/scenarios
 * and review the diff.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTestdata, renderTestdata, Scenario } from './scenario.ts';

const DIR = join(import.meta.dirname, 'testdata');
const REWRITE = process.env.WORMSPACE_REWRITE === '1';

describe('scenario scripts', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.txt'));
  it('exist', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    it(file, () => {
      const path = join(DIR, file);
      const cases = parseTestdata(readFileSync(path, 'utf8'));
      const s = new Scenario();
      const outputs = cases.map((c) => {
        try {
          return s.exec(c.command);
        } catch (err) {
          return `error: ${(err as Error).message}`;
        }
      });
      if (REWRITE) {
        writeFileSync(path, renderTestdata(cases, outputs));
        return;
      }
      cases.forEach((c, k) => expect(outputs[k], `${file}:${c.line}: ${c.command}`).toBe(c.expected));
    });
  }
});
