/**
 * Helper of bench/traces.ts (no `run`: never imported by the harness): validates one trace file
 * in this process and prints one JSON line with the verdict, the time and the peak memory.
 *   node --import tsx bench/traces-worker.ts FILE [--tally]
 */
import { registerDescriptor } from '../src/trace/registry.ts';
import { validateFile } from '../src/trace/stream-validate.ts';
import { tallyDescriptor } from '../test/trace/tally-descriptor.ts';

const [file, flag] = process.argv.slice(2);
if (flag === '--tally') registerDescriptor(tallyDescriptor);
const cpu0 = process.cpuUsage();
const v = validateFile(file!);
const cpu = process.cpuUsage(cpu0);
const heap = process.memoryUsage().heapUsed;
process.stdout.write(`${JSON.stringify({
  accepted: v.accepted, events: v.events, matched: v.matched, seconds: v.seconds, setupSeconds: v.setupSeconds,
  steppingCpuSeconds: v.steppingCpuSeconds,
  cpuSeconds: (cpu.user + cpu.system) / 1e6, maxCandidates: v.maxCandidates, generated: v.generated, maxRssKiB: process.resourceUsage().maxRSS, heapUsed: heap,
})}\n`);
