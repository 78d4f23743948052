/**
 * State-level definitions are memoised by the variables they read (src/checker/memo.ts): the
 * value is reused while those variables keep their values, and computed again as soon as one
 * of them changes, whichever way the definition reads it (directly, LET, LAMBDA, operator
 * arguments, INSTANCE substitutions, .cfg overrides, recursion, ENABLED).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModel, type Model } from '../../src/checker/model.ts';
import { RT, ensureCompiled, type OpDef } from '../../src/checker/compile.ts';
import { show, type Value } from '../../src/checker/values.ts';

const SPECS = join(dirname(fileURLToPath(import.meta.url)), 'specs', 'memo');

function evaluator(m: Model, name: string): (state: Value[]) => Value {
  const d = m.root.defs.get(name) as OpDef;
  expect(d?.k).toBe('op');
  ensureCompiled(d);
  return (state) => {
    RT.s = state;
    RT.t = state;
    RT.nv = state.length;
    return d.fn!(new Array(d.fi!.size));
  };
}

describe('memoised state-level definitions', () => {
  const m = loadModel(join(SPECS, 'Memo.tla'), join(SPECS, 'Memo.cfg'));
  const X = m.varNames.indexOf('x');
  const Y = m.varNames.indexOf('y');
  const state = (x: number, y: number): Value[] => {
    const s: Value[] = [];
    s[X] = x;
    s[Y] = y;
    return s;
  };

  it('reuses the value while the variables it reads are unchanged', () => {
    const pair = evaluator(m, 'Pair');
    const a = pair(state(0, 0));
    // y differs, x does not: Pair reads x only, so this is the very same value.
    expect(pair(state(0, 5))).toBe(a);
    const b = pair(state(1, 5));
    expect(show(b)).toBe('{1, 10}');
    // Two entries: the current state's value survives an evaluation at the next state.
    expect(pair(state(0, 7))).toBe(a);
    expect(pair(state(1, 0))).toBe(b);
  });

  it('sees every way a definition reads y', () => {
    const cases: [string, string, string][] = [
      ['Direct', '{0}', '{0, 5}'],
      ['ViaEnabled', 'FALSE', 'TRUE'],
      ['ViaLet', '{0}', '{0, 5}'],
      ['ViaLambda', '{0}', '{0, 5}'],
      ['ViaArgument', '{0}', '{0, 5}'],
      ['ViaPoint', '{0, 1}', '{0, 6}'],
      ['ViaInstance', '{0, 100}', '{0, 105}'],
      ['ViaSubstExpr', '{0, 101}', '{0, 106}'],
      ['ViaOverride', '{0}', '{0, 5}'],
      ['ViaRecFcn', '{0}', '{0, 5}'],
      ['ViaRecOp', '{0}', '{0, 5}'],
      ['Both', '<<{0, 10}, {0}>>', '<<{0, 10}, {0, 5}>>'],
    ];
    for (const [name, at0, at5] of cases) {
      const ev = evaluator(m, name);
      expect(show(ev(state(0, 0))), name).toBe(at0);
      expect(show(ev(state(0, 5))), name).toBe(at5);
      expect(show(ev(state(0, 0))), name).toBe(at0);
    }
  });
});
