/**
 * Parses are shared by source text (src/checker/syntax.ts): the trace validator loads a wrapper
 * per register from fresh copies of the same specs. Sharing must keep each file's own name in
 * locations and errors, re-parse a changed file, and never remember a syntax error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../src/checker/errors.ts';
import { locOf, parseFile } from '../../src/checker/syntax.ts';

const dir = mkdtempSync(join(tmpdir(), 'parse-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (body: string) => `---- MODULE M ----\nVARIABLE x\n${body}\n====\n`;

describe('parses shared by text', () => {
  it('share the tree between copies, each with its own file name', () => {
    const a = join(dir, 'a', 'M.tla');
    const b = join(dir, 'b', 'M.tla');
    for (const f of [a, b]) {
      rmSync(join(f, '..'), { recursive: true, force: true });
      mkdirSync(join(f, '..'), { recursive: true });
      writeFileSync(f, spec('Init == x = 0'));
    }
    const pa = parseFile(a);
    const pb = parseFile(b);
    expect(pb.modules).toBe(pa.modules);
    expect(pa.file).toBe(a);
    expect(pb.file).toBe(b);
    expect(locOf(pb.modules[0]!, pb.file, 'M').file).toBe(b);
    // A changed file is parsed again.
    writeFileSync(a, spec('Init == x = 1'));
    const pa2 = parseFile(a);
    expect(pa2.modules).not.toBe(pa.modules);
    expect(pa2.modules[0]!.text).toContain('x = 1');
  });

  it('never remembers a syntax error: each file is reported under its own name', () => {
    const c = join(dir, 'C.tla');
    const d = join(dir, 'D.tla');
    writeFileSync(c, spec('Init == x = ('));
    writeFileSync(d, spec('Init == x = ('));
    expect(() => parseFile(c)).toThrow(ParseError);
    expect(() => parseFile(d)).toThrow(new RegExp(`^${d.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: syntax error`));
  });
});
