/**
 * Scheduler: virtual time and a queue of events, ordered by (time, sequence number). Equal times
 * run in the order they were scheduled, so a run depends on nothing but its seed.
 */
export interface Scheduled {
  at: number;
  seq: number;
  run: () => void;
}

export class Scheduler {
  private heap: Scheduled[] = [];
  private seq = 0;
  private time = 0;
  /** Events run so far: a bound against runs that never settle. */
  steps = 0;

  get now(): number {
    return this.time;
  }

  get pending(): number {
    return this.heap.length;
  }

  /** at schedules `run` after `delay` units of virtual time (0 = after everything due now). */
  after(delay: number, run: () => void): void {
    if (!(delay >= 0)) throw new RangeError(`Scheduler.after: delay must be >= 0, got ${delay}`);
    this.push({ at: this.time + delay, seq: this.seq++, run });
  }

  /** runUntil runs events up to and including virtual time `until`, or until `maxSteps` events ran. */
  runUntil(until: number, maxSteps: number): void {
    while (this.heap.length > 0 && this.heap[0]!.at <= until && this.steps < maxSteps) {
      const e = this.pop();
      this.time = e.at;
      this.steps++;
      e.run();
    }
    if (this.time < until && (this.heap.length === 0 || this.heap[0]!.at > until)) this.time = until;
  }

  /** runWhile runs events while `cond()` holds and events remain, within maxSteps. */
  runWhile(cond: () => boolean, maxSteps: number): void {
    while (this.heap.length > 0 && cond() && this.steps < maxSteps) {
      const e = this.pop();
      this.time = e.at;
      this.steps++;
      e.run();
    }
  }

  private push(e: Scheduled): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Scheduled {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
