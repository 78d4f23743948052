import { simulate } from './src/sim/run.ts';
import { traceSimConfig } from './src/trace/record.ts';
const [seed, off] = process.argv.slice(2).map(Number);
const cfg = { ...traceSimConfig(seed!, 10), workload: { segments: 1, offsets: 2, trimWeight: 0 } };
const all: any[] = [];
simulate({ ...cfg, bug: null, traceSink: (e) => all.push(e) });
// writes on off whose ballot was never answered as a captureId on off
const ids = new Set<string>();
for (const e of all) {
  const v = e.vars;
  if (v.client === undefined || typeof v.acceptor === 'string') continue;
  const r = v.result as any;
  if (r?.captureId) ids.add(`${v.off ?? 'range'}:${r.captureId}`);
  if (e.action === 'Write' && v.off === off && !v.quorum && v.ballot[0] !== 0) console.log(e.at, JSON.stringify(v), ids.has(`${off}:${v.ballot}`));
  if (e.action === 'WriteSegment') console.log(e.at, 'WS', JSON.stringify(v));
}
for (const e of all) if (e.vars.client !== undefined && typeof e.vars.acceptor !== 'string' && (e.action.startsWith('Invoke') || e.action.startsWith('Return')) && (e.vars.off === off || e.vars.start !== undefined)) console.log(e.at, e.action, JSON.stringify(e.vars).slice(0, 220));
