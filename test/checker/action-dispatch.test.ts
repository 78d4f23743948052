/**
 * The action compiler's dispatch (src/checker/actions.ts dispatchOf): a disjunction whose
 * disjuncts start with `e.action = "s"` evaluates e.action once and runs only the disjuncts of
 * its value and those that test no string. It must change nothing: Dispatched of
 * specs/dispatch/Dispatch.tla gives the same successors, in the same order, or fails alike, as
 * Plain, the same disjunction behind leading TRUEs (no dispatch), for random events, including
 * events whose action is a number (TLC's error comparing it with a string) or missing.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dispatchStats } from '../../src/checker/actions.ts';
import { loadModel, type Model } from '../../src/checker/model.ts';
import { RT } from '../../src/checker/compile.ts';
import { mkRcd, show, type Value } from '../../src/checker/values.ts';

const SPECS = join(dirname(fileURLToPath(import.meta.url)), 'specs', 'dispatch');

/** The successors of state s by every action of m, in order, or the error (without its location). */
function successors(m: Model, s: Value[]): string {
  const out: string[] = [];
  const n = m.varNames.length;
  const t: (Value | undefined)[] = new Array(n).fill(undefined);
  try {
    for (const a of m.actions) {
      t.fill(undefined);
      RT.na = 0;
      RT.nv = n;
      RT.s = s;
      RT.t = t;
      a.act(a.frame, () => {
        out.push(`x=${show(t[m.varNames.indexOf('x')]!)}`);
        RT.s = s;
        RT.t = t;
        RT.nv = n;
      });
    }
  } catch (e) {
    return `error: ${(e as Error).message.split('\n')[0]!.replace(/ line \d+, col \d+.*$/, '')}`;
  }
  return out.join(' ');
}

describe('the action dispatch on `e.action = "s"`', () => {
  const before = dispatchStats.compiled;
  const dispatched = loadModel(join(SPECS, 'Dispatch.tla'), join(SPECS, 'Dispatched.cfg'));
  const compiledWithDispatch = dispatchStats.compiled - before;
  const plain = loadModel(join(SPECS, 'Dispatch.tla'), join(SPECS, 'Plain.cfg'));
  const compiledPlain = dispatchStats.compiled - before - compiledWithDispatch;
  const state = (m: Model, ev: Value): Value[] => {
    const s: Value[] = [];
    s[m.varNames.indexOf('ev')] = ev;
    s[m.varNames.indexOf('x')] = 0;
    return s;
  };

  it('is compiled for Dispatched only', () => {
    expect(compiledWithDispatch).toBe(1);
    expect(compiledPlain).toBe(0);
  });

  const event = fc.record({
    action: fc.option(fc.oneof(fc.constantFrom('A', 'B', 'C', 'D', 'E'), fc.integer({ min: 0, max: 2 })), { nil: undefined, freq: 8 }),
    kind: fc.option(fc.constantFrom('A', 'B'), { nil: undefined, freq: 2 }),
    n: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined, freq: 2 }),
  });

  it('gives the successors of the plain disjunction, in its order, or its error', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(event, (r) => {
        const names = Object.keys(r).filter((k) => r[k as keyof typeof r] !== undefined);
        const ev = mkRcd(names, names.map((k) => r[k as keyof typeof r] as Value));
        const a = successors(dispatched, state(dispatched, ev));
        const b = successors(plain, state(plain, ev));
        expect(`${show(ev)}: ${a}`).toBe(`${show(ev)}: ${b}`);
        seen.add(a.startsWith('error') ? 'error' : (r.action as string));
      }),
      { numRuns: 300 },
    );
    // Each kind of event was met: every action string, a number or no action (errors).
    expect([...seen].sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'error']);
  });

  it('takes every disjunct of the value, in order, and those that test no string', () => {
    const ev = mkRcd(['action', 'kind'], ['A', 'A']);
    expect(successors(dispatched, state(dispatched, ev))).toBe('x=1 x=10 x=7 x=5');
    expect(successors(dispatched, state(dispatched, mkRcd(['action', 'kind'], ['E', 'B'])))).toBe('x=10');
    expect(successors(dispatched, state(dispatched, mkRcd(['action'], [1])))).toMatch(/^error: /);
  });
});
