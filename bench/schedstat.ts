/**
 * Scheduler accounting for benchmarks on a shared machine: how much CPU a set of processes got and
 * how long their threads waited in a run queue for it (Linux /proc/PID/task/TID/schedstat: time on
 * the CPU, time runnable but waiting, in ns). A system whose put latency is high while its CPU
 * use looks low is either waiting on something (low run-queue wait) or starved of CPU by other
 * load (high run-queue wait); per-process %CPU alone cannot tell the two apart.
 *
 * Note: with sched_autogroup on (most desktop and many server kernels), every session is one
 * scheduling group with an equal share, so other users' `nice` does not give a benchmark priority.
 */
import fs from 'node:fs';

export interface SchedSample {
  /** ns on the CPU, summed over every thread of the processes. */
  runNs: number;
  /** ns runnable but waiting for a CPU, summed likewise. */
  waitNs: number;
  at: number;
}

/** schedSample sums schedstat over all threads of `pids`; NaN fields where /proc has no schedstat. */
export function schedSample(pids: number[]): SchedSample {
  let runNs = 0;
  let waitNs = 0;
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      return { runNs: NaN, waitNs: NaN, at: performance.now() };
    }
    for (const tid of tids) {
      try {
        const [run, wait] = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
        runNs += run!;
        waitNs += wait!;
      } catch {
        // a thread that ended between the listing and the read
      }
    }
  }
  return { runNs, waitNs, at: performance.now() };
}

/** schedRates: cores used and threads waiting for a CPU (on average) between two samples. */
export function schedRates(a: SchedSample, b: SchedSample): { cores: number; waiting: number } {
  const ms = b.at - a.at;
  return { cores: (b.runNs - a.runNs) / 1e6 / ms, waiting: (b.waitNs - a.waitNs) / 1e6 / ms };
}

/** autogroupNote says whether sessions are scheduled as groups (nice then only ranks within one). */
export function autogroupNote(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1' ? 'sched_autogroup on' : 'sched_autogroup off';
  } catch {
    return 'sched_autogroup unknown';
  }
}
