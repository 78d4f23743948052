/**
 * The trace tooling is generic over the traced spec: a toy descriptor (Tally, in
 * test/fixtures/trace-spec) goes through the same parser and checker as WORPaxos.
 */
import { describe, expect, it } from 'vitest';
import { pickEngine } from '../../src/tla/engines.ts';
import { parseAnyTrace } from '../../src/trace/format.ts';
import { mcConfig, mcModule } from '../../src/trace/model.ts';
import { registerDescriptor } from '../../src/trace/registry.ts';
import { checkTrace } from '../../src/trace/validate.ts';
import { tallyDescriptor } from './tally-descriptor.ts';

registerDescriptor(tallyDescriptor);
const engine = pickEngine('embedded');
const HEADER = '{"trace":"Tally","clients":[1,2],"limit":4}';
const good = [HEADER, '{"action":"Add","client":1,"amount":2,"total":2}', '{"action":"Add","client":2,"amount":3,"total":5}', '', '{"action":"Reset","client":1}', '{"action":"Add","client":1,"amount":3,"total":8}'];

describe('a descriptor of another spec', () => {
  it('builds the model from the descriptor: constants, cfg, events as records', () => {
    const t = parseAnyTrace(good.join('\n'), 't.ndjson');
    expect(t.events.map((e) => e.line)).toEqual([2, 3, 5, 6]);
    const mod = mcModule(t);
    expect(mod).toContain('EXTENDS TraceTally');
    expect(mod).toContain('ClientDef == {1, 2}');
    expect(mod).toContain('[action |-> "Add", client |-> 1, amount |-> 2, total |-> 2]');
    expect(mcConfig(t)).toContain('Limit = 4');
  });

  it('accepts a trace the spec allows and rejects one it does not, at the right line', async () => {
    expect((await checkTrace(parseAnyTrace(good.join('\n')), engine)).accepted).toBe(true);
    // client 1 gave 2, then 3 more: 5 > limit 4 (no Reset in between).
    const bad = [HEADER, '{"action":"Add","client":1,"amount":2,"total":2}', '{"action":"Add","client":2,"amount":1,"total":3}', '{"action":"Add","client":1,"amount":3,"total":6}'];
    const v = await checkTrace(parseAnyTrace(bad.join('\n')), engine);
    expect(v.accepted).toBe(false);
    expect(v.firstUnmatched).toMatchObject({ index: 2, line: 4 });
    expect(v.context).toContain('total = 3');
  }, 60_000);

  it('checks events against the descriptor\'s schema, naming the line', () => {
    expect(() => parseAnyTrace([HEADER, '{"action":"Add","client":1,"amount":0,"total":2}'].join('\n'), 'x.ndjson')).toThrow(/^x\.ndjson:2: Add: field "amount" must be a positive integer, got 0$/);
    expect(() => parseAnyTrace([HEADER, '{"action":"Reset","client":7}'].join('\n'), 'x.ndjson')).toThrow(/^x\.ndjson:2: client 7 is not in the header's clients$/);
    expect(() => parseAnyTrace([HEADER, '{"action":"Promise","acceptor":"a"}'].join('\n'), 'x.ndjson')).toThrow(/^x\.ndjson:2: unknown action "Promise"$/);
    expect(() => parseAnyTrace('{"trace":"Nope"}', 'x.ndjson')).toThrow(/^x\.ndjson:1: the header must have "trace": "WORPaxos" \| "Tally"$/);
    expect(() => parseAnyTrace('{"trace":"Tally","clients":[1]}', 'x.ndjson')).toThrow(/^x\.ndjson:1: the header needs "clients"/);
  });
});
