import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/sim/prng.ts';
import { Scheduler } from '../../src/sim/scheduler.ts';

describe('Prng', () => {
  it('is a pure function of its seed', () => {
    const a = new Prng(123);
    const b = new Prng(123);
    const c = new Prng(124);
    const xs = Array.from({ length: 20 }, () => a.nextU32());
    expect(Array.from({ length: 20 }, () => b.nextU32())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.nextU32())).not.toEqual(xs);
    // Seeds that differ only above 2^32 differ too.
    expect(new Prng(2 ** 33 + 5).nextU32()).not.toBe(new Prng(5).nextU32());
  });

  it('draws integers in range, roughly uniformly', () => {
    const p = new Prng(9);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[p.int(6)]++;
    for (const n of counts) expect(n).toBeGreaterThan(850);
    for (let i = 0; i < 1000; i++) {
      const r = p.range(3, 5);
      expect(r >= 3 && r <= 5).toBe(true);
    }
    expect(() => p.int(0)).toThrow(/bound/);
  });

  it('chance honours its integer ratio at the edges', () => {
    const p = new Prng(1);
    for (let i = 0; i < 100; i++) {
      expect(p.chance(0, 100)).toBe(false);
      expect(p.chance(100, 100)).toBe(true);
    }
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (p.chance(1, 10)) hits++;
    expect(hits).toBeGreaterThan(800);
    expect(hits).toBeLessThan(1200);
  });
});

describe('Scheduler', () => {
  it('runs events by time, then in the order they were scheduled', () => {
    const s = new Scheduler();
    const order: string[] = [];
    s.after(5, () => order.push('b'));
    s.after(1, () => order.push('a'));
    s.after(5, () => order.push('c'));
    s.after(9, () => order.push('late'));
    s.runUntil(5, 100);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(s.now).toBe(5);
    s.runUntil(100, 100);
    expect(order.at(-1)).toBe('late');
    expect(s.now).toBe(100);
  });

  it('stops at the step bound', () => {
    const s = new Scheduler();
    const tick = (): void => s.after(1, tick);
    tick();
    s.runUntil(1_000_000, 50);
    expect(s.steps).toBe(50);
  });
});
