import { checkModel } from '../src/checker/index.ts';
const [spec, cfg] = process.argv.slice(2);
const c0 = process.cpuUsage();
const r = checkModel({ spec, config: cfg, workers: 1 });
const c = process.cpuUsage(c0);
const cpu = (c.user + c.system) / 1e6;
console.log(r.verdict, r.distinct, r.generated, 'wall', r.seconds.toFixed(2), 'cpu', cpu.toFixed(2), Math.round(r.distinct / cpu), 'distinct/cpu-s');
