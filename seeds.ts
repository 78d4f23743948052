import { simulate, serverIds } from './src/sim/run.ts';
import { traceSimConfig, extractRegister, traceOf } from './src/trace/record.ts';
import { validateTrace } from './src/trace/stream-validate.ts';
const [ops, tw, ...seeds] = process.argv.slice(2).map(Number);
for (const seed of seeds) {
  const cfg = { ...traceSimConfig(seed!, ops!), workload: { segments: 1, offsets: 2, trimWeight: tw! } };
  const all: any[] = [];
  simulate({ ...cfg, bug: null, traceSink: (e) => all.push(e) });
  const acceptors = serverIds(cfg)[0]!;
  for (const off of [-1, -2, 0, 1]) {
    const x = extractRegister(all, acceptors, 0, off);
    if (x.problems.length) { console.log(seed, off, 'UNTRACEABLE', x.problems); continue; }
    const v = validateTrace(traceOf(x.events, { seg: 0, off, acceptors }));
    console.log(seed, off, v.accepted ? 'accepted' : `REJECT at ${v.firstUnmatched?.index} ${JSON.stringify(v.firstUnmatched?.event)}`);
  }
}
