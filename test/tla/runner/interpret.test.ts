// The TLC output parser against real TLC output (test/fixtures/tlc-output, recorded with TLC's
// -tool flag). Expected values are read off the plain-text runs (`NAME.txt`) by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpretTlcOutput, parseErrorMessage, parseStateText } from '../../../src/tla/runner/interpret.ts';
import type { CheckResult } from '../../../src/tla/result.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'tlc-output');

function recorded(name: string): CheckResult {
  const output = readFileSync(join(FIXTURES, `${name}.tool.txt`), 'utf8');
  // NAME.exit holds the exit codes of the plain run and of the -tool run, one per line.
  const exitCode = Number(readFileSync(join(FIXTURES, `${name}.exit`), 'utf8').trim().split('\n').pop());
  return interpretTlcOutput({ output, exitCode, spec: 'Spec.tla', seconds: 0 });
}

const p = (name: string) => ({ $model: name });
const INC = 'line 7, col 11 to line 7, col 56 of module Counter';

describe('interpretTlcOutput on recorded TLC runs', () => {
  it('ok: invariant and liveness hold', () => {
    const r = recorded('ok');
    expect(r).toMatchObject({ verdict: 'ok', violated: null, distinct: 15, generated: 31, depth: 4, trace: [] });
    expect(r.message).toBeUndefined();
  });

  it('invariant-violated: Small fails after 3 steps, with the whole trace', () => {
    const r = recorded('invariant-violated');
    expect(r).toMatchObject({ verdict: 'invariant', violated: 'Small', distinct: 8, generated: 8, depth: 4 });
    expect(r.trace).toEqual([
      { action: 'Initial predicate', state: { x: 0, log: [] } },
      { action: 'Inc(p1)', location: INC, state: { x: 1, log: [p('p1')] } },
      { action: 'Inc(p1)', location: INC, state: { x: 2, log: [p('p1'), p('p1')] } },
      { action: 'Inc(p1)', location: INC, state: { x: 3, log: [p('p1'), p('p1'), p('p1')] } },
    ]);
  });

  it('action-property-violated: [][x\' >= x]_x fails on Reset', () => {
    const r = recorded('action-property-violated');
    expect(r).toMatchObject({ verdict: 'property', violated: 'NeverDown', distinct: 3, generated: 4, depth: 3 });
    expect(r.trace.map((s) => s.action)).toEqual(['Initial predicate', 'Inc(p1)', 'Inc(p1)', 'Reset']);
    expect(r.trace[3]).toEqual({ action: 'Reset', location: 'line 8, col 10 to line 8, col 41 of module Counter', state: { x: 0, log: [] } });
  });

  it('liveness-violated: the trace ends in stuttering', () => {
    const r = recorded('liveness-violated');
    expect(r).toMatchObject({ verdict: 'property', violated: 'Reaches2', distinct: 3, generated: 7, depth: 3 });
    expect(r.trace).toEqual([
      { action: 'Initial predicate', state: { x: 0 } },
      { action: 'Next', location: 'line 5, col 9 to line 5, col 24 of module Liveness', state: { x: 1 } },
      { action: 'Stuttering', state: {} },
    ]);
  });

  it('a liveness cycle: `1: Back to state: <Wrap ...>` keeps the state number and the closing action', () => {
    // An excerpt of TLC's -tool output on test/corpus/LiveCycle with YNotInfOften.cfg (exit 13).
    const msg = (code: number, cls: number, text: string) => `@!@!@STARTMSG ${code}:${cls} @!@!@\n${text}\n@!@!@ENDMSG ${code} @!@!@\n`;
    const incX = 'line 9, col 9 to line 9, col 42 of module LiveCycle';
    const output = [
      msg(2116, 1, 'Temporal property YInfOften was violated.\n'),
      msg(2217, 4, '1: <Initial predicate>\n/\\ x = 0\n/\\ y = 0\n'),
      msg(2217, 4, `2: <IncX ${incX}>\n/\\ x = 1\n/\\ y = 0\n`),
      msg(2122, 4, '1: Back to state: <Wrap line 10, col 9 to line 10, col 38 of module LiveCycle>\n'),
    ].join('');
    const r = interpretTlcOutput({ output, exitCode: 13, spec: 'LiveCycle.tla', seconds: 0 });
    expect(r.violated).toBe('YInfOften');
    expect(r.trace).toEqual([
      { action: 'Initial predicate', state: { x: 0, y: 0 } },
      { action: 'IncX', location: incX, state: { x: 1, y: 0 } },
      { action: 'Back to state 1: Wrap', location: 'line 10, col 9 to line 10, col 38 of module LiveCycle', state: {} },
    ]);
  });

  it('deadlock: no successor at x = 2', () => {
    const r = recorded('deadlock');
    expect(r).toMatchObject({ verdict: 'deadlock', violated: null, distinct: 3, generated: 3, depth: 3 });
    expect(r.trace.map((s) => s.state.x)).toEqual([0, 1, 2]);
  });

  it('assume-fails: names the assumption by its location, as TLC does', () => {
    const r = recorded('assume-fails');
    expect(r).toMatchObject({ verdict: 'assume', violated: 'line 4, col 8 to line 4, col 12 of module AssumeFails', trace: [] });
  });

  it('parse-error: one line with file:line:col', () => {
    const r = recorded('parse-error');
    expect(r.verdict).toBe('parse-error');
    expect(r.message).toMatch(/^ParseError\.tla:5:20: Was expecting "==== or more Module body"; Encountered "1"/);
    expect(r.message).not.toContain('\n');
  });

  it('an unknown exit code is an error that keeps TLC\'s error text', () => {
    const output = '@!@!@STARTMSG 1000:1 @!@!@\nTLC threw an unexpected exception.\nJava heap space\n@!@!@ENDMSG 1000 @!@!@\n';
    const r = interpretTlcOutput({ output, exitCode: 255, spec: 'X.tla', seconds: 1 });
    expect(r.verdict).toBe('error');
    expect(r.message).toBe('TLC threw an unexpected exception. Java heap space');
  });

  it('an invariant violated by the initial state carries that state as the trace', () => {
    const output = [
      '@!@!@STARTMSG 2107:1 @!@!@',
      'Invariant Inv is violated by the initial state:',
      '/\\ x = 5',
      '/\\ y = [a |-> {1, 2}]',
      '@!@!@ENDMSG 2107 @!@!@',
      '@!@!@STARTMSG 2199:0 @!@!@',
      '1 states generated, 1 distinct states found, 0 states left on queue.',
      '@!@!@ENDMSG 2199 @!@!@',
    ].join('\n');
    const r = interpretTlcOutput({ output, exitCode: 12, spec: 'X.tla', seconds: 0 });
    expect(r).toMatchObject({ verdict: 'invariant', violated: 'Inv', distinct: 1, generated: 1 });
    expect(r.trace).toEqual([{ action: 'Initial predicate', state: { x: 5, y: { a: { $set: [1, 2] } } } }]);
  });
});

describe('names and locations TLC gives', () => {
  it('a property without a name is named by its location, as TLC prints it', () => {
    const output = [
      '@!@!@STARTMSG 2112:1 @!@!@',
      'Action property line 8, col 20 to line 8, col 37 of module Q is violated.',
      '@!@!@ENDMSG 2112 @!@!@',
    ].join('\n');
    const r = interpretTlcOutput({ output, exitCode: 13, spec: 'Q.tla', seconds: 0 });
    expect(r.violated).toBe('line 8, col 20 to line 8, col 37 of module Q');
  });

  // SANY's unframed report of a semantic error, as TLC 2026.11 prints it.
  it('a semantic error names the module, line and column of the offending name', () => {
    const unframed = [
      'Parsing file /tmp/uo/UnknownOp.tla',
      'Parsing file /tmp/tlc-592033521031747382/Naturals.tla (jar:file:/x/tla2tools.jar!/tla2sany/StandardModules/Naturals.tla)',
      'Semantic processing of module Naturals',
      'Semantic processing of module UnknownOp',
      'Semantic errors:',
      '',
      '*** Errors: 1',
      '',
      'line 6, col 9 to line 6, col 11 of module UnknownOp',
      '',
      "Unknown operator: `Len'.",
    ];
    expect(parseErrorMessage(unframed, 'UnknownOp.tla')).toBe("UnknownOp.tla:6:9: Unknown operator: `Len'.");
  });

  it('a syntax error in an extended module names that module, from either form of "Parsing file"', () => {
    const unframed = [
      'Parsing file /home/user/specs/Uses.tla',
      'Parsing file /tmp/tlc-1/Helper.tla (jar:file:/x.jar!/Helper.tla)',
      '***Parse Error***',
      'Was expecting "==== or more Module body"',
      'Encountered "====" at line 6, column 1 and token "2"',
    ];
    expect(parseErrorMessage(unframed, 'Uses.tla')).toBe('Helper.tla:6:1: Was expecting "==== or more Module body"; Encountered "====" at line 6, column 1 and token "2"');
  });
});

describe('evaluation errors', () => {
  // Real TLC output (test/fixtures/tlc-runner/EvalError.tla: x' = 7 % -2), exit code 255.
  it('give the cause at the innermost position TLC names', () => {
    const output = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'tlc-runner', 'eval-error.tool.txt'), 'utf8');
    const r = interpretTlcOutput({ output, exitCode: 255, spec: 'A.tla', seconds: 0 });
    expect(r).toMatchObject({ verdict: 'error', distinct: 1, generated: 1, depth: 1 });
    expect(r.message).toBe('A.tla:5:14: The second argument of % should be a positive number, but instead it is: -2');
    expect(r.trace).toEqual([{ action: 'Initial predicate', state: { x: 0 } }]);
  });

  it('fall back on the JVM\'s stderr when TLC framed nothing', () => {
    const r = interpretTlcOutput({ output: '', exitCode: 1, spec: 'X.tla', seconds: 0, stderr: 'Error: Unable to access jarfile x.jar\n' });
    expect(r).toMatchObject({ verdict: 'error', message: 'TLC exited with code 1: Error: Unable to access jarfile x.jar' });
  });

  it('keep a cause TLC nests inside its general error, once', () => {
    const output = [
      '@!@!@STARTMSG 1000:1 @!@!@',
      'TLC threw an unexpected exception.',
      '@!@!@STARTMSG 2169:1 @!@!@',
      'Overflow when computing 2147483647 + 1',
      '@!@!@ENDMSG 2169 @!@!@',
      '@!@!@ENDMSG 1000 @!@!@',
    ].join('\n');
    const r = interpretTlcOutput({ output, exitCode: 255, spec: 'X.tla', seconds: 0 });
    expect(r.message).toBe('TLC threw an unexpected exception. Overflow when computing 2147483647 + 1');
  });
});

describe('parseStateText', () => {
  it('reads values that TLC wraps over several lines', () => {
    const text = '/\\ msgs = { [type |-> "prepare", bal |-> 1],\n     [type |-> "promise", bal |-> 1] }\n/\\ n = -3';
    expect(parseStateText(text)).toEqual({
      msgs: { $set: [{ type: 'prepare', bal: 1 }, { type: 'promise', bal: 1 }] },
      n: -3,
    });
  });

  it('rejects a line that is no assignment', () => {
    expect(() => parseStateText('/\\ what is this')).toThrow(/cannot read TLC state line/);
  });
});
