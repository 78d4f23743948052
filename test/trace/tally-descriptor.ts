/** A toy trace descriptor (test/fixtures/trace-spec/Tally.tla): the tooling's tests of genericity. */
import type { JsonTla } from '../../src/tla/result.ts';
import { positiveInt, naturalInt, type TraceDescriptor } from '../../src/trace/spec-descriptor.ts';

export const tallyDescriptor: TraceDescriptor<{ limit: number }> = {
  name: 'Tally',
  title: 'test/fixtures/trace-spec/Tally.tla',
  specFiles: ['test/fixtures/trace-spec/Tally.tla', 'test/fixtures/trace-spec/TraceTally.tla'],
  wrapper: 'TraceTally',
  checkHeader: (h) => (Array.isArray(h.clients) && h.clients.every((c) => Number.isSafeInteger(c)) && Number.isSafeInteger(h.limit) ? null : 'the header needs "clients" (integers) and "limit"'),
  events: {
    Add: { client: positiveInt, amount: positiveInt, total: naturalInt },
    Reset: { client: positiveInt },
  },
  checkAgainstHeader: (e, h) => ((h.clients as number[]).includes(e.client as number) ? null : `client ${String(e.client)} is not in the header's clients`),
  summary: { init: (h) => ({ limit: h.limit as number }), observe: () => {} },
  constants: (h, s) => ({ definitions: [`ClientDef == {${(h.clients as number[]).join(', ')}}`], cfg: ['Client <- ClientDef', `Limit = ${s.limit}`] }),
  eventValue: (e): JsonTla => (e.action === 'Add' ? { action: 'Add', client: e.client as number, amount: e.amount as number, total: e.total as number } : { action: 'Reset', client: e.client as number }),
  context: (e, state) => [`given = ${JSON.stringify(state.given)}`, `total = ${JSON.stringify(state.total)}`],
};
