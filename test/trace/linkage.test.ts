// Spec–code linkage (src/trace/linkage.ts): the real tables have no gap, and each kind of gap
// is caught, on the toy Tally spec (test/fixtures) and on a damaged copy of a real table.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checkAllLinkage, checkLinkage, CodeIndex, type SpecLinkage } from '../../src/trace/linkage.ts';
import { LINKAGE_TABLES, linkageOf } from '../../src/trace/linkage-tables/index.ts';
import { descriptorNames, descriptorOf } from '../../src/trace/registry.ts';
import { parseSpecActions } from '../../src/trace/spec-actions.ts';
import { PROJECT_ROOT } from '../../src/verify/paths.ts';
import { tallyDescriptor } from './tally-descriptor.ts';

const IMPL = 'test/fixtures/linkage/tally-impl.ts';
const tally = (): SpecLinkage => ({
  descriptor: 'Tally',
  layer: 'test',
  spec: 'test/fixtures/trace-spec/Tally.tla',
  events: {
    Add: { actions: ['Add'], impl: { file: IMPL, fn: 'Tally.add' }, emits: true },
    Reset: { actions: ['Reset'], impl: { file: IMPL, fn: 'Tally.reset' } },
  },
  unobserved: {},
});
const gapsOf = (l: SpecLinkage, d = tallyDescriptor as never) => checkLinkage(l, d, PROJECT_ROOT, new CodeIndex(PROJECT_ROOT)).gaps;

describe('spec actions', () => {
  it('splits Next into its actions, as TLC does', () => {
    expect(parseSpecActions(join(PROJECT_ROOT, 'test/fixtures/trace-spec/Tally.tla')).actions).toEqual([
      { name: 'Add', line: 16 },
      { name: 'Reset', line: 22 },
    ].map((a) => ({ ...a, line: expect.any(Number) })));
    const wor = parseSpecActions(join(PROJECT_ROOT, 'tla/wor/WORPaxos.tla')).actions.map((a) => a.name);
    expect(wor).toEqual(expect.arrayContaining(['Capture', 'Write', 'ReadDone', 'Promise', 'CrashAcceptor', 'LoseMessage']));
    expect(wor).not.toContain('Next');
  });

  it('says which file has no Next', () => {
    expect(() => parseSpecActions(join(PROJECT_ROOT, 'test/fixtures/trace-spec/Tally.tla'), 'Nope')).toThrow(/Tally.tla: no definition of Nope/);
  });
});

describe('linkage of the traced specs', () => {
  it('every registered trace descriptor has a table, and no table has a gap', () => {
    const reports = checkAllLinkage(LINKAGE_TABLES, descriptorNames(), descriptorOf, PROJECT_ROOT);
    expect(reports.flatMap((r) => r.gaps)).toEqual([]);
    expect(reports.map((r) => r.descriptor).sort()).toEqual(descriptorNames().slice().sort());
    for (const r of reports) expect(r.actions.length).toBeGreaterThan(0);
  }, 60_000);

  it('the toy table links', () => {
    expect(gapsOf(tally())).toEqual([]);
  }, 30_000);
});

describe('linkage gaps are caught', () => {
  it('an event naming no spec action', () => {
    const l = tally();
    l.events.Add!.actions = ['Increment'];
    const gaps = gapsOf(l);
    expect(gaps).toContain('Tally: event Add names Increment, which is no action of test/fixtures/trace-spec/Tally.tla (actions: Add, Reset)');
    expect(gaps).toContain('Tally: spec action Add (test/fixtures/trace-spec/Tally.tla) is neither traced nor declared unobserved');
  }, 30_000);

  it('a spec action neither traced nor declared unobserved, and an unobserved one without reason', () => {
    const l = tally();
    l.events.Reset!.actions = [];
    l.events.Reset!.stutter = 'changes nothing';
    expect(gapsOf(l)).toEqual(['Tally: spec action Reset (test/fixtures/trace-spec/Tally.tla) is neither traced nor declared unobserved']);
    l.unobserved.Reset = { reason: ' ' };
    expect(gapsOf(l)).toEqual(['Tally: unobserved Reset gives no reason']);
    l.events.Reset!.stutter = undefined;
    expect(gapsOf(l)).toContain('Tally: event Reset stands for no spec action and gives no reason (stutter)');
  }, 30_000);

  it('a stale unobserved action, and one both traced and unobserved', () => {
    const l = tally();
    l.unobserved.Gone = { reason: 'was renamed' };
    l.unobserved.Add = { reason: 'oops' };
    expect(gapsOf(l)).toEqual(['Tally: unobserved Gone is no action of test/fixtures/trace-spec/Tally.tla', 'Tally: Add is both traced and declared unobserved']);
  }, 30_000);

  it('a missing or misnamed implementing function, and one that does not emit its event', () => {
    const l = tally();
    l.events.Add!.impl = { file: IMPL, fn: 'Tally.increment' };
    l.events.Reset!.emits = true;
    l.unobserved = {};
    expect(gapsOf(l)).toEqual([
      `Tally: event Add: implementing function ${IMPL} Tally.increment not found: class Tally in ${IMPL} has no method increment`,
      // reset builds its event name at run time: no literal 'Reset' in it
      `Tally: event Reset: ${IMPL} Tally.reset is said to emit it but never names 'Reset'`,
    ]);
    l.events.Add!.impl = { file: IMPL, fn: 'add' };
    expect(gapsOf(l)[0]).toBe(`Tally: event Add: implementing function ${IMPL} add not found: ${IMPL} has no top-level function add`);
    l.events.Add!.impl = { file: 'test/fixtures/linkage/nowhere.ts', fn: 'add' };
    expect(gapsOf(l)[0]).toBe('Tally: event Add: implementing function test/fixtures/linkage/nowhere.ts add not found: test/fixtures/linkage/nowhere.ts does not exist');
    l.events.Add!.impl = { file: IMPL, fn: 'crash' };
    l.events.Add!.emits = false;
    expect(gapsOf(l)).toEqual([`Tally: event Reset: ${IMPL} Tally.reset is said to emit it but never names 'Reset'`]);
  }, 30_000);

  it('an event of the trace format without a row, a row for no event, and a wrapper that never takes an action', () => {
    const l = tally();
    delete l.events.Reset;
    l.events.Shout = { actions: ['Reset'], impl: { file: IMPL, fn: 'Tally.reset' } };
    expect(gapsOf(l)).toEqual([
      'Tally: traced event Reset has no linkage row (which spec action, which function)',
      'Tally: linkage row Shout is no event of the trace format',
      'Tally: the wrapper TraceTally never matches an event "Shout"',
    ]);
    const wrongWrapper = { ...tallyDescriptor, wrapper: 'TraceNone' };
    expect(gapsOf(tally(), wrongWrapper as never)).toEqual(['Tally: the wrapper TraceNone is not among the descriptor\'s spec files']);
  }, 30_000);

  it('a descriptor without a table, and a table of no descriptor', () => {
    const reports = checkAllLinkage([tally()], ['Tally', 'WOSImpl'], (n) => (n === 'Tally' ? (tallyDescriptor as never) : undefined), PROJECT_ROOT);
    expect(reports.flatMap((r) => r.gaps)).toEqual(['trace descriptor WOSImpl has no linkage table (src/trace/linkage-tables/)']);
    expect(checkLinkage(tally(), undefined, PROJECT_ROOT, new CodeIndex(PROJECT_ROOT)).gaps).toEqual(['Tally: no trace descriptor of that name is registered (src/trace/registry.ts)']);
  }, 30_000);

  it('a real table that lost a row or names a renamed function is caught', () => {
    const real = linkageOf('WORPaxos')!;
    const damaged: SpecLinkage = { ...real, events: { ...real.events }, unobserved: { ...real.unobserved } };
    delete damaged.events.Repair;
    delete damaged.unobserved.LoseMessage;
    damaged.events.Promise = { ...real.events.Promise!, impl: { file: 'src/core/acceptor.ts', fn: 'onPromise' } };
    const gaps = checkLinkage(damaged, descriptorOf('WORPaxos'), PROJECT_ROOT, new CodeIndex(PROJECT_ROOT)).gaps;
    expect(gaps).toEqual([
      'WORPaxos: traced event Repair has no linkage row (which spec action, which function)',
      'WORPaxos: event Promise: implementing function src/core/acceptor.ts onPromise not found: src/core/acceptor.ts has no top-level function onPromise',
      'WORPaxos: spec action LoseMessage (tla/wor/WORPaxos.tla) is neither traced nor declared unobserved',
    ]);
  }, 30_000);
});
