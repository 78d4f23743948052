/** The .cfg parser: every statement the embedded checker reads, and one-line errors. */
import { describe, expect, it } from 'vitest';
import { parseCfg } from '../../src/checker/cfg.ts';

describe('parseCfg', () => {
  it('reads constants of every kind, substitutions and all statements', () => {
    const cfg = parseCfg(
      [
        '\\* a comment',
        'CONSTANTS N = 3  Neg = -2  S = {a, b}  T = <<1, "x">>  B = TRUE  Op <- MyOp',
        'CONSTANT Name = "hi"',
        'SPECIFICATION Spec',
        'INVARIANTS Inv1 Inv2',
        'INVARIANT Inv3',
        'PROPERTY P1 PROPERTIES P2',
        'CONSTRAINT C1 ACTION_CONSTRAINT A1',
        'SYMMETRY Sym VIEW V',
        'CHECK_DEADLOCK FALSE',
        '(* a block (* nested *) comment *)',
      ].join('\n'),
      'M.cfg',
    );
    expect(cfg.constants).toEqual([
      { kind: 'value', name: 'N', expr: { k: 'int', v: 3 } },
      { kind: 'value', name: 'Neg', expr: { k: 'int', v: -2 } },
      { kind: 'value', name: 'S', expr: { k: 'set', v: [{ k: 'id', v: 'a' }, { k: 'id', v: 'b' }] } },
      { kind: 'value', name: 'T', expr: { k: 'tuple', v: [{ k: 'int', v: 1 }, { k: 'str', v: 'x' }] } },
      { kind: 'value', name: 'B', expr: { k: 'bool', v: true } },
      { kind: 'subst', name: 'Op', target: 'MyOp' },
      { kind: 'value', name: 'Name', expr: { k: 'str', v: 'hi' } },
    ]);
    expect(cfg.specification).toBe('Spec');
    expect(cfg.invariants).toEqual(['Inv1', 'Inv2', 'Inv3']);
    expect(cfg.properties).toEqual(['P1', 'P2']);
    expect(cfg.constraints).toEqual(['C1']);
    expect(cfg.actionConstraints).toEqual(['A1']);
    expect([cfg.symmetry, cfg.view, cfg.checkDeadlock]).toEqual(['Sym', 'V', false]);
  });

  it('rejects bad input with file and line', () => {
    expect(() => parseCfg('INIT Init\nNEXT\n', 'Bad.cfg')).toThrow(/Bad\.cfg:2: expected a name/);
    expect(() => parseCfg('CONSTANT N 3', 'Bad.cfg')).toThrow(/Bad\.cfg:1: expected = or <-/);
    expect(() => parseCfg('FROB X', 'Bad.cfg')).toThrow(/Bad\.cfg:1: unexpected FROB/);
  });
});
