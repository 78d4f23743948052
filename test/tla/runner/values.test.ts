import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTlcValue } from '../../../src/tla/runner/values.ts';
import { formatTla } from '../../../src/tla/print.ts';
import type { JsonTla } from '../../../src/tla/result.ts';

describe('parseTlcValue', () => {
  it.each<[string, JsonTla]>([
    ['42', 42],
    ['-7', -7],
    ['TRUE', true],
    ['FALSE', false],
    ['"a \\"quoted\\" word"', 'a "quoted" word'],
    ['p1', { $model: 'p1' }],
    ['<<>>', []],
    ['<<1, "a", p1>>', [1, 'a', { $model: 'p1' }]],
    ['{}', { $set: [] }],
    ['{1, 2, 3}', { $set: [1, 2, 3] }],
    ['1..3', { $set: [1, 2, 3] }],
    ['[a |-> 1, b |-> <<>>]', { a: 1, b: [] }],
    ['(1 :> "x" @@ 2 :> "y")', ['x', 'y']],
    ['(p1 :> 0 @@ p2 :> 1)', { $function: [[{ $model: 'p1' }, 0], [{ $model: 'p2' }, 1]] }],
    ['(<<1, 2>> :> TRUE)', { $function: [[[1, 2], true]] }],
    // A function over strings is a record, whichever way TLC prints it (the JsonTla contract).
    ['("s0.0" :> TRUE @@ "s0.1" :> FALSE)', { 's0.0': true, 's0.1': false }],
    ['{<<1, [x |-> {}]>>}', { $set: [[1, { x: { $set: [] } }]] }],
  ])('%s', (text, value) => {
    expect(parseTlcValue(text)).toEqual(value);
  });

  it.each(['<<1, 2', '[a |-> ]', '{1 2}', '"open', '(1 :> 2', '<<1>> junk'])('rejects %s with a position', (text) => {
    expect(() => parseTlcValue(text)).toThrow(/at offset \d+ of TLC value/);
  });

  // Printing a value in TLA+ syntax and reading it back gives the same value.
  it('round-trips formatTla', () => {
    const leaf = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.boolean(),
      fc.string({ maxLength: 6 }),
      fc.constantFrom('p1', 'p2', 'n3').map((m) => ({ $model: m })),
    );
    const value = fc.letrec<{ v: JsonTla }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('v'), { maxLength: 3 }),
        fc.array(tie('v'), { maxLength: 3 }).map(($set) => ({ $set })),
        fc.dictionary(fc.constantFrom('a', 'b', 'type'), tie('v'), { minKeys: 1, maxKeys: 3 }),
      ),
    })).v;
    fc.assert(fc.property(value, (v) => {
        expect(parseTlcValue(formatTla(v))).toEqual(v);
      }), { numRuns: 300 });
  });
});
