/**
 * Helper of bench/traces.ts (no `run`: never imported by the harness): validates one trace file
 * in this process and prints one JSON line with the verdict, the time and the peak memory.
 *   node --import tsx bench/traces-worker.ts FILE [--tally] [--warm]
 * --warm: validate the file once first (the JIT's warm-up, its stepping CPU seconds reported as
 * `coldSteppingCpuSeconds`), then again for the numbers: the steady-state cost per event apart
 * from compiling and optimising the checker's code.
 */
import { registerDescriptor } from '../src/trace/registry.ts';
import { validateFile } from '../src/trace/stream-validate.ts';
import { tallyDescriptor } from '../test/trace/tally-descriptor.ts';

const [file, ...flags] = process.argv.slice(2);
const unknown = flags.filter((f) => f !== '--tally' && f !== '--warm');
if (file === undefined || unknown.length > 0) throw new Error(`usage: traces-worker.ts FILE [--tally] [--warm] (unknown: ${unknown.join(' ')})`);
if (flags.includes('--tally')) registerDescriptor(tallyDescriptor);
const cold = flags.includes('--warm') ? validateFile(file) : null;
if (cold !== null && !cold.accepted) throw new Error(`${file}: the warm-up pass rejected the trace`);
const cpu0 = process.cpuUsage();
const v = validateFile(file);
const cpu = process.cpuUsage(cpu0);
const heap = process.memoryUsage().heapUsed;
process.stdout.write(`${JSON.stringify({
  accepted: v.accepted, events: v.events, matched: v.matched, seconds: v.seconds, setupSeconds: v.setupSeconds,
  steppingCpuSeconds: v.steppingCpuSeconds, coldSteppingCpuSeconds: cold?.steppingCpuSeconds ?? null,
  cpuSeconds: (cpu.user + cpu.system) / 1e6, maxCandidates: v.maxCandidates, generated: v.generated, maxRssKiB: process.resourceUsage().maxRSS, heapUsed: heap,
})}\n`);
